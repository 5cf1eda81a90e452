//! Serialisation. The output is always well-formed: names come from our own code, and every
//! character XML 1.0 cannot carry (most C0 controls) is replaced with U+FFFD, so a user typing
//! a stray control character cannot make us send something the server rejects as not-well-formed.

use super::{Element, Node};
use crate::ns;

impl Element {
    /// Appends this element as XML to `out`. The root declares its namespace; a child
    /// declares one only where it differs from its parent's.
    pub fn write_to(&self, out: &mut String) {
        write_element(self, None, out);
    }
}

fn write_element(element: &Element, parent_ns: Option<&str>, out: &mut String) {
    out.push('<');
    out.push_str(&element.name);
    let declare = match parent_ns {
        None => !element.ns.is_empty(),
        Some(parent) => parent != element.ns,
    };
    if declare {
        out.push_str(" xmlns=\"");
        escape_attr(&element.ns, out);
        out.push('"');
    }
    let mut prefixes: Vec<&str> = Vec::new();
    for (name, value) in &element.attrs {
        if name == "xmlns" || name.starts_with("xmlns:") {
            continue;
        }
        out.push(' ');
        match split_clark(name) {
            Some((attr_ns, local)) if attr_ns == ns::XML => {
                out.push_str("xml:");
                out.push_str(local);
            }
            Some((attr_ns, local)) => {
                let index = match prefixes.iter().position(|known| *known == attr_ns) {
                    Some(index) => index,
                    None => {
                        prefixes.push(attr_ns);
                        let index = prefixes.len() - 1;
                        out.push_str(&format!("xmlns:ns{index}=\""));
                        escape_attr(attr_ns, out);
                        out.push_str("\" ");
                        index
                    }
                };
                out.push_str(&format!("ns{index}:{local}"));
            }
            None => out.push_str(name),
        }
        out.push_str("=\"");
        escape_attr(value, out);
        out.push('"');
    }
    if element.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in &element.children {
        match child {
            Node::Element(child) => write_element(child, Some(&element.ns), out),
            Node::Text(text) => escape_text(text, out),
        }
    }
    out.push_str("</");
    out.push_str(&element.name);
    out.push('>');
}

/// `{namespace}local` → `(namespace, local)`.
fn split_clark(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix('{')?;
    let (attr_ns, local) = rest.split_once('}')?;
    (!attr_ns.is_empty() && !local.is_empty()).then_some((attr_ns, local))
}

/// Whether XML 1.0 can carry `c` at all (the `Char` production).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A literal CR would be turned into LF by the reader's end-of-line handling.
            '\r' => out.push_str("&#xD;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

fn escape_attr(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Literal whitespace other than space is normalised to a space by readers.
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_namespace_only_where_it_changes() {
        let element = Element::builder("message", ns::CLIENT)
            .attr("to", "a@b")
            .append(Element::builder("body", ns::CLIENT).text("hi").build())
            .append(
                Element::builder("origin-id", ns::SID)
                    .attr("id", "x")
                    .build(),
            )
            .build();
        assert_eq!(
            element.to_xml(),
            r#"<message xmlns="jabber:client" to="a@b"><body>hi</body><origin-id xmlns="urn:xmpp:sid:0" id="x"/></message>"#
        );
    }

    #[test]
    fn child_without_namespace_resets_the_default() {
        let element = Element::builder("a", "urn:a")
            .append(Element::new("b", ""))
            .build();
        assert_eq!(element.to_xml(), r#"<a xmlns="urn:a"><b xmlns=""/></a>"#);
    }

    #[test]
    fn escapes_text_and_attributes() {
        let element = Element::builder("x", "")
            .attr("v", "\"<&>\t\n'")
            .text("a<b&c>d\r")
            .build();
        assert_eq!(
            element.to_xml(),
            "<x v=\"&quot;&lt;&amp;&gt;&#x9;&#xA;'\">a&lt;b&amp;c&gt;d&#xD;</x>"
        );
    }

    #[test]
    fn replaces_characters_xml_cannot_carry() {
        let element = Element::builder("x", "")
            .attr("v", "a\u{1}")
            .text("b\u{0}\u{FFFF}")
            .build();
        assert_eq!(element.to_xml(), "<x v=\"a\u{FFFD}\">b\u{FFFD}\u{FFFD}</x>");
    }

    #[test]
    fn writes_namespaced_attributes_with_declared_prefixes() {
        let element = Element::builder("x", "urn:x")
            .attr("xml:lang", "en")
            .attr(format!("{{{}}}space", ns::XML), "preserve")
            .attr("{urn:other}flag", "1")
            .attr("{urn:other}second", "2")
            .attr("xmlns:stale", "urn:ignored")
            .build();
        assert_eq!(
            element.to_xml(),
            r#"<x xmlns="urn:x" xml:lang="en" xml:space="preserve" xmlns:ns0="urn:other" ns0:flag="1" ns0:second="2"/>"#
        );
    }
}

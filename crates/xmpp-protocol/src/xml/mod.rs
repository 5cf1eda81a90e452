//! A small owned XML tree: what every typed payload is parsed from and serialised to.
//!
//! Names are local names with their namespace resolved, so code compares `(name, ns)` and
//! never cares which prefix a sender used. Attributes keep their qualified name for `xml:`
//! (`xml:lang`); any other namespaced attribute is stored as `{namespace}local`. Everything a
//! sender put in is kept (unknown children, whitespace) so a stanza can be passed on or stored
//! and later features can still read what earlier code did not understand.

mod error;
mod parse;
mod write;

pub use error::XmlError;
pub use parse::{parse_element, parse_element_with_limits, XmlLimits};

/// An element with its resolved namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Local name, without prefix.
    pub name: String,
    /// Resolved namespace URI; empty when the element is in no namespace.
    pub ns: String,
    /// Attributes in document order, without namespace declarations.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element. Adjacent text (including CDATA and references) is one `Text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn new(name: impl Into<String>, ns: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ns: ns.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn builder(name: impl Into<String>, ns: impl Into<String>) -> ElementBuilder {
        ElementBuilder {
            element: Self::new(name, ns),
        }
    }

    /// Whether this is `<name xmlns=ns>`.
    pub fn is(&self, name: &str, ns: &str) -> bool {
        self.name == name && self.ns == ns
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Sets an attribute, replacing an existing one of the same name.
    pub fn set_attr(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.attrs.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name, value)),
        }
    }

    pub fn remove_attr(&mut self, name: &str) -> Option<String> {
        let index = self.attrs.iter().position(|(key, _)| key == name)?;
        Some(self.attrs.remove(index).1)
    }

    /// Child elements, skipping text.
    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// Consumes the element and returns its child elements, dropping text.
    pub fn into_child_elements(self) -> impl Iterator<Item = Element> {
        self.children.into_iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    pub fn children_named<'a>(
        &'a self,
        name: &'a str,
        ns: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.child_elements()
            .filter(move |child| child.is(name, ns))
    }

    /// The first child `<name xmlns=ns>`.
    pub fn get_child(&self, name: &str, ns: &str) -> Option<&Element> {
        self.child_elements().find(|child| child.is(name, ns))
    }

    pub fn get_child_mut(&mut self, name: &str, ns: &str) -> Option<&mut Element> {
        self.children.iter_mut().find_map(|node| match node {
            Node::Element(element) if element.is(name, ns) => Some(element),
            _ => None,
        })
    }

    pub fn has_child(&self, name: &str, ns: &str) -> bool {
        self.get_child(name, ns).is_some()
    }

    /// The concatenated text directly inside this element (not inside its children).
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|node| match node {
                Node::Text(text) => Some(text.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// The text of the first child `<name xmlns=ns>`.
    pub fn child_text(&self, name: &str, ns: &str) -> Option<String> {
        self.get_child(name, ns).map(Element::text)
    }

    pub fn append_child(&mut self, child: Element) -> &mut Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Appends text, merging it with a text node already at the end.
    pub fn append_text(&mut self, text: impl Into<String>) -> &mut Self {
        let text = text.into();
        if text.is_empty() {
            return self;
        }
        match self.children.last_mut() {
            Some(Node::Text(last)) => last.push_str(&text),
            _ => self.children.push(Node::Text(text)),
        }
        self
    }

    /// Serialises the element; see [`Element::write_to`].
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }
}

/// Builds an element in one expression: `Element::builder("body", ns).text("hi").build()`.
#[derive(Debug, Clone)]
#[must_use]
pub struct ElementBuilder {
    element: Element,
}

impl ElementBuilder {
    pub fn attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.element.set_attr(name, value);
        self
    }

    /// Sets the attribute only when there is a value.
    pub fn attr_opt(self, name: impl Into<String>, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    pub fn append(mut self, child: Element) -> Self {
        self.element.append_child(child);
        self
    }

    pub fn append_all(mut self, children: impl IntoIterator<Item = Element>) -> Self {
        for child in children {
            self.element.append_child(child);
        }
        self
    }

    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.element.append_text(text);
        self
    }

    pub fn build(self) -> Element {
        self.element
    }
}

impl From<ElementBuilder> for Element {
    fn from(builder: ElementBuilder) -> Self {
        builder.build()
    }
}

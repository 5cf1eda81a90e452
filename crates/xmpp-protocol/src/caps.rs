//! XEP-0115 entity capabilities: a hash of our disco#info in every presence, so contacts
//! (and the server's PEP service) learn our features once per version instead of asking.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha1::{Digest, Sha1};

use crate::dataforms::{DataForm, FieldKind};
use crate::disco::DiscoInfo;
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

/// `<c xmlns='http://jabber.org/protocol/caps' hash node ver/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caps {
    pub hash: String,
    pub node: String,
    pub ver: String,
}

impl Caps {
    /// Our own caps element for `info` (sha-1, the algorithm every implementation knows).
    pub fn for_info(node: &str, info: &DiscoInfo) -> Self {
        Self {
            hash: "sha-1".into(),
            node: node.to_owned(),
            ver: verification_hash(info),
        }
    }

    /// Whether `info` (as fetched from `node#ver`) really has this hash; a mismatch must not
    /// be cached (XEP-0115 §5.4 step 3.7).
    pub fn matches(&self, info: &DiscoInfo) -> bool {
        self.hash == "sha-1" && verification_hash(info) == self.ver
    }

    /// The node to ask disco#info about.
    pub fn disco_node(&self) -> String {
        format!("{}#{}", self.node, self.ver)
    }
}

/// XEP-0115 §5.1: identities, features and extension forms, sorted, joined with '<'.
pub fn verification_string(info: &DiscoInfo) -> String {
    let mut out = String::new();
    let mut identities: Vec<String> = info
        .identities
        .iter()
        .map(|i| {
            format!(
                "{}/{}/{}/{}",
                i.category,
                i.kind,
                i.lang.as_deref().unwrap_or(""),
                i.name.as_deref().unwrap_or("")
            )
        })
        .collect();
    identities.sort();
    let mut features = info.features.clone();
    features.sort();
    for item in identities.iter().chain(features.iter()) {
        out.push_str(item);
        out.push('<');
    }
    let mut forms: Vec<&DataForm> = info
        .extensions
        .iter()
        .filter(|form| form.form_type().is_some())
        .collect();
    forms.sort_by_key(|form| form.form_type());
    for form in forms {
        out.push_str(form.form_type().unwrap_or_default());
        out.push('<');
        let mut fields: Vec<_> = form
            .fields
            .iter()
            .filter(|f| f.var != "FORM_TYPE" && f.kind != FieldKind::Fixed)
            .collect();
        fields.sort_by(|a, b| a.var.cmp(&b.var));
        for field in fields {
            out.push_str(&field.var);
            out.push('<');
            let mut values = field.values.clone();
            values.sort();
            for value in values {
                out.push_str(&value);
                out.push('<');
            }
        }
    }
    out
}

pub fn verification_hash(info: &DiscoInfo) -> String {
    BASE64.encode(Sha1::digest(verification_string(info).as_bytes()))
}

impl TryFrom<&Element> for Caps {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "c", ns::CAPS)?;
        Ok(Self {
            hash: required_attr(element, "c", "hash")?.to_owned(),
            node: required_attr(element, "c", "node")?.to_owned(),
            ver: required_attr(element, "c", "ver")?.to_owned(),
        })
    }
}

impl From<&Caps> for Element {
    fn from(caps: &Caps) -> Self {
        Element::builder("c", ns::CAPS)
            .attr("hash", caps.hash.clone())
            .attr("node", caps.node.clone())
            .attr("ver", caps.ver.clone())
            .build()
    }
}

impl From<Caps> for Element {
    fn from(caps: Caps) -> Self {
        Element::from(&caps)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::disco::Identity;
    use crate::xml::parse_element;

    /// XEP-0115 §5.2, the simple example.
    #[test]
    fn reproduces_the_simple_example_of_xep_0115() {
        let info = DiscoInfo {
            identities: vec![Identity {
                category: "client".into(),
                kind: "pc".into(),
                lang: None,
                name: Some("Exodus 0.9.1".into()),
            }],
            features: [
                "http://jabber.org/protocol/disco#info",
                "http://jabber.org/protocol/disco#items",
                "http://jabber.org/protocol/muc",
                "http://jabber.org/protocol/caps",
            ]
            .map(String::from)
            .to_vec(),
            ..DiscoInfo::default()
        };
        assert_eq!(verification_hash(&info), "QgayPKawpkPSDYmwT/WM94uAlu0=");
        let caps = Caps::for_info("https://jibber.example", &info);
        assert!(caps.matches(&info));
        assert_eq!(Caps::try_from(&Element::from(&caps)).unwrap(), caps);
    }

    /// XEP-0115 §5.3, the complex example with languages and an extension form.
    #[test]
    fn reproduces_the_complex_example_of_xep_0115() {
        let xml = r#"<query xmlns="http://jabber.org/protocol/disco#info" node="http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w=">
            <identity xml:lang="en" category="client" name="Psi 0.11" type="pc"/>
            <identity xml:lang="el" category="client" name="Ψ 0.11" type="pc"/>
            <feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/>
            <feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/>
            <x xmlns="jabber:x:data" type="result">
              <field var="FORM_TYPE" type="hidden"><value>urn:xmpp:dataforms:softwareinfo</value></field>
              <field var="ip_version"><value>ipv4</value><value>ipv6</value></field>
              <field var="os"><value>Mac</value></field><field var="os_version"><value>10.5.1</value></field>
              <field var="software"><value>Psi</value></field><field var="software_version"><value>0.11</value></field>
            </x></query>"#;
        let info = DiscoInfo::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(verification_hash(&info), "q07IKJEyjvHSyhy//CH0CxmKi8w=");
    }
}

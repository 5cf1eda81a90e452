//! XEP-0030 service discovery: what an entity is and which features it has (`disco#info`),
//! and which entities it lists (`disco#items`: a server's services, a MUC service's rooms).

use crate::dataforms::DataForm;
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

pub const DISCO_ITEMS: &str = "http://jabber.org/protocol/disco#items";

/// One `<item jid/>` of a disco#items answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoItem {
    pub jid: String,
    pub node: Option<String>,
    /// The entity's name as the lister gives it (a room's title); someone else's text.
    pub name: Option<String>,
}

/// The payload of a disco#items request.
pub fn disco_items_request() -> Element {
    Element::new("query", DISCO_ITEMS)
}

/// The items of a disco#items answer (at most `limit`: a hostile server could list thousands).
pub fn disco_items(element: &Element, limit: usize) -> Result<Vec<DiscoItem>, ParseError> {
    expect_element(element, "query", DISCO_ITEMS)?;
    element
        .children_named("item", DISCO_ITEMS)
        .take(limit)
        .map(|item| {
            Ok(DiscoItem {
                jid: required_attr(item, "item", "jid")?.to_owned(),
                node: item.attr("node").map(str::to_owned),
                name: item.attr("name").map(str::to_owned),
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Identity {
    pub category: String,
    pub kind: String,
    pub lang: Option<String>,
    pub name: Option<String>,
}

/// `<query xmlns='http://jabber.org/protocol/disco#info'>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscoInfo {
    /// The node asked about (for caps, `node#ver`).
    pub node: Option<String>,
    pub identities: Vec<Identity>,
    pub features: Vec<String>,
    /// XEP-0128 extended information.
    pub extensions: Vec<DataForm>,
}

impl DiscoInfo {
    /// The payload of a `disco#info` request, about `node` if given.
    pub fn request(node: Option<String>) -> Element {
        Element::builder("query", ns::DISCO_INFO)
            .attr_opt("node", node)
            .build()
    }

    pub fn has_feature(&self, feature: &str) -> bool {
        self.features.iter().any(|known| known == feature)
    }
}

impl TryFrom<&Element> for DiscoInfo {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "query", ns::DISCO_INFO)?;
        let identities = element
            .children_named("identity", ns::DISCO_INFO)
            .map(|identity| {
                Ok(Identity {
                    category: required_attr(identity, "identity", "category")?.to_owned(),
                    kind: required_attr(identity, "identity", "type")?.to_owned(),
                    lang: identity.attr("xml:lang").map(str::to_owned),
                    name: identity.attr("name").map(str::to_owned),
                })
            })
            .collect::<Result<_, ParseError>>()?;
        let features = element
            .children_named("feature", ns::DISCO_INFO)
            .map(|feature| required_attr(feature, "feature", "var").map(str::to_owned))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            node: element.attr("node").map(str::to_owned),
            identities,
            features,
            extensions: element
                .children_named("x", ns::DATA_FORMS)
                .map(DataForm::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<&DiscoInfo> for Element {
    fn from(info: &DiscoInfo) -> Self {
        Element::builder("query", ns::DISCO_INFO)
            .attr_opt("node", info.node.clone())
            .append_all(info.identities.iter().map(|identity| {
                Element::builder("identity", ns::DISCO_INFO)
                    .attr("category", identity.category.clone())
                    .attr("type", identity.kind.clone())
                    .attr_opt("xml:lang", identity.lang.clone())
                    .attr_opt("name", identity.name.clone())
                    .build()
            }))
            .append_all(info.features.iter().map(|feature| {
                Element::builder("feature", ns::DISCO_INFO)
                    .attr("var", feature.clone())
                    .build()
            }))
            .append_all(info.extensions.iter().map(Element::from))
            .build()
    }
}

impl From<DiscoInfo> for Element {
    fn from(info: DiscoInfo) -> Self {
        Element::from(&info)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn reads_prosodys_account_disco_info() {
        let element =
            parse_element(include_str!("../tests/fixtures/disco-info.account.xml")).unwrap();
        let query = element
            .child_elements()
            .find(|c| c.is("query", ns::DISCO_INFO))
            .unwrap_or(&element);
        let info = DiscoInfo::try_from(query).unwrap();
        assert!(!info.identities.is_empty());
        assert_eq!(DiscoInfo::try_from(&Element::from(&info)).unwrap(), info);
    }

    #[test]
    fn features_need_a_var() {
        let bad = parse_element(
            r#"<query xmlns="http://jabber.org/protocol/disco#info"><feature/></query>"#,
        )
        .unwrap();
        assert!(DiscoInfo::try_from(&bad)
            .unwrap_err()
            .to_string()
            .contains("var"));
    }
}

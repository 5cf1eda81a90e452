//! The roster (RFC 6121 §2): `<query xmlns='jabber:iq:roster'>` in requests, results and pushes.

use crate::jid::BareJid;
use crate::ns;
use crate::payload::{expect_element, optional_parsed, required_jid, ParseError};
use crate::xml::Element;

closed_enum! {
    /// RFC 6121 §2.1.2.5; `Remove` only appears in pushes and removal requests.
    #[derive(Default)]
    pub enum Subscription {
        #[default]
        None => "none",
        To => "to",
        From => "from",
        Both => "both",
        Remove => "remove",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterItem {
    pub jid: BareJid,
    pub name: Option<String>,
    pub subscription: Subscription,
    /// A subscription request from us is pending (`ask='subscribe'`).
    pub ask: bool,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterQuery {
    /// Roster version (RFC 6121 §2.6), when the server supports versioning.
    pub ver: Option<String>,
    pub items: Vec<RosterItem>,
}

impl RosterItem {
    pub fn new(jid: BareJid) -> Self {
        Self {
            jid,
            name: None,
            subscription: Subscription::None,
            ask: false,
            groups: Vec::new(),
        }
    }
}

impl RosterQuery {
    /// The payload of a roster get: `ver` asks for only the changes since that version.
    pub fn request(ver: Option<String>) -> Element {
        Element::builder("query", ns::ROSTER)
            .attr_opt("ver", ver)
            .build()
    }
}

impl TryFrom<&Element> for RosterItem {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "item", ns::ROSTER)?;
        let ask = match element.attr("ask") {
            None => false,
            Some("subscribe") => true,
            Some(other) => {
                return Err(ParseError::InvalidAttribute {
                    element: "item",
                    attribute: "ask",
                    value: other.to_owned(),
                    reason: "the only defined value is 'subscribe'".into(),
                })
            }
        };
        Ok(Self {
            jid: required_jid(element, "item", "jid")?,
            name: element.attr("name").map(str::to_owned),
            subscription: optional_parsed(element, "item", "subscription")?.unwrap_or_default(),
            ask,
            groups: element
                .children_named("group", ns::ROSTER)
                .map(Element::text)
                .collect(),
        })
    }
}

impl From<&RosterItem> for Element {
    fn from(item: &RosterItem) -> Self {
        let subscription =
            (item.subscription != Subscription::None).then_some(item.subscription.as_str());
        Element::builder("item", ns::ROSTER)
            .attr("jid", item.jid.to_string())
            .attr_opt("name", item.name.clone())
            .attr_opt("subscription", subscription)
            .attr_opt("ask", item.ask.then_some("subscribe"))
            .append_all(item.groups.iter().map(|group| {
                Element::builder("group", ns::ROSTER)
                    .text(group.clone())
                    .build()
            }))
            .build()
    }
}

impl From<RosterItem> for Element {
    fn from(item: RosterItem) -> Self {
        Element::from(&item)
    }
}

impl TryFrom<&Element> for RosterQuery {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "query", ns::ROSTER)?;
        Ok(Self {
            ver: element.attr("ver").map(str::to_owned),
            items: element
                .children_named("item", ns::ROSTER)
                .map(RosterItem::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<&RosterQuery> for Element {
    fn from(query: &RosterQuery) -> Self {
        Element::builder("query", ns::ROSTER)
            .attr_opt("ver", query.ver.clone())
            .append_all(query.items.iter().map(Element::from))
            .build()
    }
}

impl From<RosterQuery> for Element {
    fn from(query: RosterQuery) -> Self {
        Element::from(&query)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn parses_rfc_6121_roster_result() {
        let xml = r#"<query xmlns="jabber:iq:roster" ver="ver11">
            <item jid="romeo@example.net" name="Romeo" subscription="both"><group>Friends</group></item>
            <item jid="mercutio@example.com" name="Mercutio" subscription="from"/>
            <item jid="benvolio@example.net" ask="subscribe"/>
        </query>"#;
        let query = RosterQuery::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(query.ver.as_deref(), Some("ver11"));
        assert_eq!(query.items.len(), 3);
        let romeo = &query.items[0];
        assert_eq!(romeo.jid.to_string(), "romeo@example.net");
        assert_eq!(romeo.name.as_deref(), Some("Romeo"));
        assert_eq!(romeo.subscription, Subscription::Both);
        assert_eq!(romeo.groups, vec!["Friends".to_owned()]);
        assert_eq!(query.items[1].subscription, Subscription::From);
        assert!(query.items[2].ask);
        assert_eq!(query.items[2].subscription, Subscription::None);
        assert_eq!(
            RosterQuery::try_from(&Element::from(&query)).unwrap(),
            query
        );
    }

    #[test]
    fn reports_malformed_items() {
        let cases = [
            (
                r#"<query xmlns="jabber:iq:roster"><item name="x"/></query>"#,
                "jid",
            ),
            (
                r#"<query xmlns="jabber:iq:roster"><item jid="a@b/c"/></query>"#,
                "jid",
            ),
            (
                r#"<query xmlns="jabber:iq:roster"><item jid="a@b" subscription="all"/></query>"#,
                "subscription",
            ),
            (
                r#"<query xmlns="jabber:iq:roster"><item jid="a@b" ask="yes"/></query>"#,
                "ask",
            ),
        ];
        for (xml, attribute) in cases {
            let error = RosterQuery::try_from(&parse_element(xml).unwrap()).unwrap_err();
            assert!(!error.is_wrong_element(), "{xml}");
            assert!(error.to_string().contains(attribute), "{xml}: {error}");
        }
        let other = parse_element(r#"<query xmlns="jabber:iq:private"/>"#).unwrap();
        assert!(RosterQuery::try_from(&other)
            .unwrap_err()
            .is_wrong_element());
    }
}

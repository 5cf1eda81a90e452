//! XEP-0045 `muc#admin` queries: affiliation and role changes and affiliation lists.
//!
//! Every change request carries exactly one item: some servers (Prosody 0.12) apply only the
//! first item of a batch and still answer `result`, so a batch would fail silently.

use super::{Affiliation, MucItem, Role};
use crate::jid::BareJid;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// One change (by real JID for affiliations, by nick for roles) or a list request/answer.
pub type AdminItem = MucItem;

/// `<query xmlns='muc#admin'>` with its items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdminQuery {
    pub items: Vec<AdminItem>,
}

impl AdminQuery {
    /// Sets `jid`'s affiliation (member, admin, owner, outcast = ban, none = revoke).
    pub fn set_affiliation(
        jid: &BareJid,
        affiliation: Affiliation,
        reason: Option<&str>,
    ) -> Element {
        let item = Element::builder("item", ns::MUC_ADMIN)
            .attr("affiliation", affiliation.as_str())
            .attr("jid", jid.to_string())
            .append_all(reason.map(|r| Element::builder("reason", ns::MUC_ADMIN).text(r).build()))
            .build();
        Element::builder("query", ns::MUC_ADMIN)
            .append(item)
            .build()
    }

    /// Sets occupant `nick`'s role (voice = participant, revoke voice = visitor, kick = none).
    pub fn set_role(nick: &str, role: Role, reason: Option<&str>) -> Element {
        let item = Element::builder("item", ns::MUC_ADMIN)
            .attr("nick", nick)
            .attr("role", role.as_str())
            .append_all(reason.map(|r| Element::builder("reason", ns::MUC_ADMIN).text(r).build()))
            .build();
        Element::builder("query", ns::MUC_ADMIN)
            .append(item)
            .build()
    }

    /// Asks for everyone with `affiliation` (the member list, the admins...).
    pub fn list(affiliation: Affiliation) -> Element {
        let item = Element::builder("item", ns::MUC_ADMIN)
            .attr("affiliation", affiliation.as_str())
            .build();
        Element::builder("query", ns::MUC_ADMIN)
            .append(item)
            .build()
    }
}

impl TryFrom<&Element> for AdminQuery {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "query", ns::MUC_ADMIN)?;
        Ok(AdminQuery {
            items: element
                .children_named("item", ns::MUC_ADMIN)
                .map(MucItem::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<&AdminQuery> for Element {
    fn from(query: &AdminQuery) -> Self {
        Element::builder("query", ns::MUC_ADMIN)
            .append_all(query.items.iter().map(|i| i.to_element(ns::MUC_ADMIN)))
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn one_item_per_change() {
        let bob: BareJid = "bob@localhost".parse().unwrap();
        let query = AdminQuery::try_from(&AdminQuery::set_affiliation(
            &bob,
            Affiliation::Member,
            None,
        ))
        .unwrap();
        assert_eq!(query.items.len(), 1);
        assert_eq!(query.items[0].affiliation, Affiliation::Member);
        assert_eq!(
            query.items[0].jid.as_ref().unwrap().to_string(),
            "bob@localhost"
        );
        let kick =
            AdminQuery::try_from(&AdminQuery::set_role("troll", Role::None, Some("bye"))).unwrap();
        assert_eq!(kick.items[0].nick.as_deref(), Some("troll"));
        assert_eq!(kick.items[0].reason.as_deref(), Some("bye"));
    }

    #[test]
    fn reads_a_member_list_xep_0045_example_129() {
        let xml = r#"<query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="member" jid="hag66@shakespeare.lit" nick="thirdwitch" role="participant"/><item affiliation="member" jid="crone1@shakespeare.lit"/></query>"#;
        let query = AdminQuery::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(query.items.len(), 2);
        assert_eq!(AdminQuery::try_from(&Element::from(&query)).unwrap(), query);
        let bad = r#"<query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="king"/></query>"#;
        assert!(AdminQuery::try_from(&parse_element(bad).unwrap()).is_err());
    }
}

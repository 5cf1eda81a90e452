//! What the room says about an occupant: `<x xmlns='muc#user'>` in presence (item, status
//! codes, destruction) and the XEP-0421 occupant id.

use super::{Affiliation, Role};
use crate::jid::{BareJid, Jid};
use crate::ns;
use crate::payload::{expect_element, optional_jid, optional_parsed, required_attr, ParseError};
use crate::xml::Element;

/// A XEP-0045 status code (§15.6). Unknown codes are kept; the constants name the ones a
/// client acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatusCode(pub u16);

impl StatusCode {
    /// Anyone can see occupants' real JIDs.
    pub const NON_ANONYMOUS: StatusCode = StatusCode(100);
    /// The room's configuration changed (sent to occupants in a message, §10.2.1).
    pub const CONFIG_CHANGED: StatusCode = StatusCode(104);
    /// This presence is about ourselves.
    pub const SELF_PRESENCE: StatusCode = StatusCode(110);
    /// The room archives its messages.
    pub const LOGGING_ENABLED: StatusCode = StatusCode(170);
    /// The join created the room; it waits for its configuration.
    pub const ROOM_CREATED: StatusCode = StatusCode(201);
    pub const BANNED: StatusCode = StatusCode(301);
    pub const NICK_CHANGED: StatusCode = StatusCode(303);
    pub const KICKED: StatusCode = StatusCode(307);
    /// The service changed our nick (e.g. normalised it).
    pub const NICK_ASSIGNED: StatusCode = StatusCode(210);
    /// Removed because the affiliation changed (room became members-only...).
    pub const REMOVED_AFFILIATION: StatusCode = StatusCode(321);
    pub const REMOVED_MEMBERS_ONLY: StatusCode = StatusCode(322);
    pub const REMOVED_SHUTDOWN: StatusCode = StatusCode(332);
}

/// `<item/>` of `muc#user` (and the same shape in `muc#admin`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MucItem {
    pub affiliation: Affiliation,
    pub role: Role,
    /// The real JID, when the room shows it to us (non-anonymous rooms, or to moderators).
    pub jid: Option<Jid>,
    pub nick: Option<String>,
    pub reason: Option<String>,
    /// The actor of a kick or ban, by nick.
    pub actor: Option<String>,
}

/// `<x xmlns='http://jabber.org/protocol/muc#user'>` in an occupant's presence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MucUser {
    pub item: Option<MucItem>,
    pub status: Vec<StatusCode>,
    /// Set when the room was destroyed (§10.9): where to go instead, and why.
    pub destroy: Option<Destroy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Destroy {
    pub alternate: Option<BareJid>,
    pub reason: Option<String>,
}

impl MucUser {
    pub fn has(&self, code: StatusCode) -> bool {
        self.status.contains(&code)
    }
}

impl TryFrom<&Element> for MucItem {
    type Error = ParseError;

    fn try_from(item: &Element) -> Result<Self, ParseError> {
        if item.name != "item" {
            return Err(crate::payload::wrong_element(item, "item", ns::MUC_USER));
        }
        let ns = item.ns.as_str();
        Ok(MucItem {
            affiliation: optional_parsed(item, "item", "affiliation")?.unwrap_or_default(),
            role: optional_parsed(item, "item", "role")?.unwrap_or_default(),
            jid: optional_jid(item, "item", "jid")?,
            nick: item.attr("nick").map(str::to_owned),
            reason: item.child_text("reason", ns),
            actor: item
                .get_child("actor", ns)
                .and_then(|actor| actor.attr("nick"))
                .map(str::to_owned),
        })
    }
}

impl MucItem {
    /// The item in namespace `namespace` (`muc#user` or `muc#admin`).
    pub fn to_element(&self, namespace: &str) -> Element {
        Element::builder("item", namespace)
            .attr("affiliation", self.affiliation.as_str())
            .attr("role", self.role.as_str())
            .attr_opt("jid", self.jid.as_ref().map(Jid::to_string))
            .attr_opt("nick", self.nick.clone())
            .append_all(self.reason.as_ref().map(|r| {
                Element::builder("reason", namespace)
                    .text(r.clone())
                    .build()
            }))
            .build()
    }
}

impl TryFrom<&Element> for MucUser {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::MUC_USER)?;
        let item = element
            .get_child("item", ns::MUC_USER)
            .map(MucItem::try_from)
            .transpose()?;
        let status = element
            .children_named("status", ns::MUC_USER)
            .map(|status| {
                let code = required_attr(status, "status", "code")?;
                code.parse::<u16>()
                    .map(StatusCode)
                    .map_err(|_| ParseError::InvalidAttribute {
                        element: "status",
                        attribute: "code",
                        value: code.to_owned(),
                        reason: "not a status code".into(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let destroy = element
            .get_child("destroy", ns::MUC_USER)
            .map(|destroy| -> Result<Destroy, ParseError> {
                Ok(Destroy {
                    alternate: optional_jid(destroy, "destroy", "jid")?,
                    reason: destroy.child_text("reason", ns::MUC_USER),
                })
            })
            .transpose()?;
        Ok(MucUser {
            item,
            status,
            destroy,
        })
    }
}

impl From<&MucUser> for Element {
    fn from(user: &MucUser) -> Self {
        Element::builder("x", ns::MUC_USER)
            .append_all(user.item.as_ref().map(|i| i.to_element(ns::MUC_USER)))
            .append_all(user.status.iter().map(|code| {
                Element::builder("status", ns::MUC_USER)
                    .attr("code", code.0.to_string())
                    .build()
            }))
            .append_all(user.destroy.as_ref().map(|d| {
                Element::builder("destroy", ns::MUC_USER)
                    .attr_opt("jid", d.alternate.as_ref().map(BareJid::to_string))
                    .append_all(d.reason.as_ref().map(|r| {
                        Element::builder("reason", ns::MUC_USER)
                            .text(r.clone())
                            .build()
                    }))
                    .build()
            }))
            .build()
    }
}

/// XEP-0421 `<occupant-id id/>`: stable per occupant across nick changes. Only trustworthy
/// when the room announces the feature (it strips forged ones then).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OccupantId(pub String);

impl TryFrom<&Element> for OccupantId {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "occupant-id", ns::OCCUPANT_ID)?;
        let id = required_attr(element, "occupant-id", "id")?;
        if id.is_empty() || id.len() > 256 {
            return Err(ParseError::InvalidAttribute {
                element: "occupant-id",
                attribute: "id",
                value: id.chars().take(64).collect(),
                reason: "empty or too long".into(),
            });
        }
        Ok(OccupantId(id.to_owned()))
    }
}

impl From<&OccupantId> for Element {
    fn from(id: &OccupantId) -> Self {
        Element::builder("occupant-id", ns::OCCUPANT_ID)
            .attr("id", id.0.clone())
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::stanza::{Presence, Stanza};
    use crate::xml::parse_element;

    fn fixture(name: &str) -> Presence {
        let xml = match name {
            "alice" => include_str!("../../tests/fixtures/muc/self-presence.alice.xml"),
            _ => include_str!("../../tests/fixtures/muc/self-presence.bob.xml"),
        };
        let element = parse_element(xml.trim()).unwrap();
        match Stanza::try_from(&element).unwrap() {
            Stanza::Presence(p) => p,
            other => panic!("not a presence: {other:?}"),
        }
    }

    #[test]
    fn reads_prosody_self_presences() {
        let alice = fixture("alice");
        let user = alice.find_payload::<MucUser>().unwrap().unwrap();
        assert!(user.has(StatusCode::SELF_PRESENCE));
        assert!(user.has(StatusCode::NON_ANONYMOUS));
        let item = user.item.clone().unwrap();
        assert_eq!(item.affiliation, Affiliation::Owner);
        assert_eq!(item.role, Role::Moderator);
        assert_eq!(item.jid.unwrap().to_string(), "alice@localhost/muc-test");
        let id = alice.find_payload::<OccupantId>().unwrap().unwrap();
        assert!(id.0.starts_with("SIhLfma"));
        assert_eq!(MucUser::try_from(&Element::from(&user)).unwrap(), user);
        let bob = fixture("bob").find_payload::<MucUser>().unwrap().unwrap();
        assert_eq!(bob.item.unwrap().affiliation, Affiliation::Member);
    }

    #[test]
    fn hostile_items_are_errors_not_panics() {
        for xml in [
            r#"<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="god"/></x>"#,
            r#"<x xmlns="http://jabber.org/protocol/muc#user"><item role="x"/></x>"#,
            r#"<x xmlns="http://jabber.org/protocol/muc#user"><item jid="@@"/></x>"#,
            r#"<x xmlns="http://jabber.org/protocol/muc#user"><status code="99999999"/></x>"#,
            r#"<x xmlns="http://jabber.org/protocol/muc#user"><status/></x>"#,
            r#"<x xmlns="http://jabber.org/protocol/muc#user"><destroy jid="a@@b"/></x>"#,
        ] {
            let error = MucUser::try_from(&parse_element(xml).unwrap()).unwrap_err();
            assert!(!error.is_wrong_element(), "{xml}");
        }
        let empty =
            parse_element(r#"<occupant-id xmlns="urn:xmpp:occupant-id:0" id=""/>"#).unwrap();
        assert!(OccupantId::try_from(&empty).is_err());
    }

    #[test]
    fn destruction_names_the_alternate_room() {
        let xml = r#"<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="none"/><destroy jid="new@conference.localhost"><reason>moved</reason></destroy></x>"#;
        let user = MucUser::try_from(&parse_element(xml).unwrap()).unwrap();
        let destroy = user.destroy.unwrap();
        assert_eq!(destroy.reason.as_deref(), Some("moved"));
        assert_eq!(
            destroy.alternate.unwrap().to_string(),
            "new@conference.localhost"
        );
    }
}

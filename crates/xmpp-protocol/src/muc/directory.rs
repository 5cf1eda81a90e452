//! Browsing a MUC service's rooms (XEP-0045 §6.3 and §6.4): the service's disco#items are the
//! rooms it lists, a room's disco#info (with the `muc#roominfo` form) says how many are in it.

use crate::disco::{DiscoInfo, DiscoItem};
use crate::jid::BareJid;

/// The `FORM_TYPE` of a room's extended information.
pub const ROOM_INFO: &str = "http://jabber.org/protocol/muc#roominfo";

/// One room a service lists: its address and the name the service gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRoom {
    pub jid: BareJid,
    pub name: Option<String>,
}

/// What a room's disco#info tells a browser: its name and how many are in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomSummary {
    pub name: Option<String>,
    pub description: Option<String>,
    pub occupants: Option<u32>,
}

/// The rooms among a service's items: entries that are not `room@service` are skipped.
pub fn listed_rooms(items: Vec<DiscoItem>) -> Vec<ListedRoom> {
    items
        .into_iter()
        .filter(|item| item.node.is_none())
        .filter_map(|item| {
            let jid: BareJid = item.jid.parse().ok()?;
            jid.node()?;
            let name = item.name.filter(|n| !n.trim().is_empty());
            Some(ListedRoom { jid, name })
        })
        .collect()
}

/// Whether `info` describes a MUC service (a `conference` identity with the MUC feature).
pub fn is_muc_service(info: &DiscoInfo) -> bool {
    info.identities.iter().any(|i| i.category == "conference") && info.has_feature(crate::ns::MUC)
}

/// The summary of a room's disco#info: the identity's name, the `muc#roominfo` description
/// and occupant count (a count that is not a number is left out rather than guessed).
pub fn room_summary(info: &DiscoInfo) -> RoomSummary {
    let form = info
        .extensions
        .iter()
        .find(|form| form.form_type() == Some(ROOM_INFO));
    let field = |var: &str| {
        form.and_then(|form| form.field(var))
            .and_then(|field| field.value())
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    RoomSummary {
        name: info
            .identities
            .iter()
            .find(|i| i.category == "conference")
            .and_then(|i| i.name.clone())
            .filter(|n| !n.trim().is_empty()),
        description: field("muc#roominfo_description").map(str::to_owned),
        occupants: field("muc#roominfo_occupants").and_then(|v| v.parse().ok()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::disco::disco_items;
    use crate::xml::parse_element;

    #[test]
    fn rooms_are_the_services_room_items() {
        let xml = r#"<query xmlns="http://jabber.org/protocol/disco#items"><item jid="heath@chat.shakespeare.lit" name="A Lonely Heath"/><item jid="chat.shakespeare.lit" name="the service itself"/><item jid="x@chat.shakespeare.lit" node="n"/><item jid="not a jid@@"/><item jid="darkcave@chat.shakespeare.lit" name="  "/></query>"#;
        let items = disco_items(&parse_element(xml).unwrap(), 100).unwrap();
        let rooms = listed_rooms(items);
        assert_eq!(rooms.len(), 2);
        assert_eq!(rooms[0].jid.to_string(), "heath@chat.shakespeare.lit");
        assert_eq!(rooms[0].name.as_deref(), Some("A Lonely Heath"));
        assert_eq!(rooms[1].name, None);
    }

    #[test]
    fn a_rooms_summary_comes_from_its_roominfo_form_xep_0045_example_10() {
        let xml = r#"<query xmlns="http://jabber.org/protocol/disco#info"><identity category="conference" name="The Castle" type="text"/><feature var="http://jabber.org/protocol/muc"/><x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#roominfo</value></field><field var="muc#roominfo_description" label="Description"><value>The place for all good witches!</value></field><field var="muc#roominfo_occupants" label="Number of occupants"><value>3</value></field></x></query>"#;
        let info = DiscoInfo::try_from(&parse_element(xml).unwrap()).unwrap();
        let summary = room_summary(&info);
        assert_eq!(summary.name.as_deref(), Some("The Castle"));
        assert_eq!(summary.occupants, Some(3));
        assert_eq!(
            summary.description.as_deref(),
            Some("The place for all good witches!")
        );
        let odd = xml.replace("<value>3</value>", "<value>lots</value>");
        let info = DiscoInfo::try_from(&parse_element(&odd).unwrap()).unwrap();
        assert_eq!(room_summary(&info).occupants, None);
    }

    #[test]
    fn a_muc_service_has_the_conference_identity_and_feature() {
        let xml = r#"<query xmlns="http://jabber.org/protocol/disco#info"><identity category="conference" type="text" name="Chatrooms"/><feature var="http://jabber.org/protocol/muc"/></query>"#;
        let info = DiscoInfo::try_from(&parse_element(xml).unwrap()).unwrap();
        assert!(is_muc_service(&info));
        let upload = r#"<query xmlns="http://jabber.org/protocol/disco#info"><identity category="store" type="file"/></query>"#;
        let info = DiscoInfo::try_from(&parse_element(upload).unwrap()).unwrap();
        assert!(!is_muc_service(&info));
    }
}

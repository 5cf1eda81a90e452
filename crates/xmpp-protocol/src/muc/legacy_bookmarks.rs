//! XEP-0048 bookmarks, the older format some clients and servers still keep: one
//! `<storage xmlns='storage:bookmarks'>` document with a `<conference/>` per room, in private
//! XML storage (XEP-0049, `jabber:iq:private`) or on the PEP node `storage:bookmarks`. Read into
//! the same [`Bookmark`] as XEP-0402's; entries that are not a room address are skipped.

use super::Bookmark;
use crate::jid::BareJid;
use crate::xml::Element;

pub const STORAGE_BOOKMARKS: &str = "storage:bookmarks";
pub const PRIVATE: &str = "jabber:iq:private";
/// Most rooms read from one document (a hostile one could list more).
const MAX_ROOMS: usize = 1000;
const MAX_TEXT_CHARS: usize = 256;

/// The `jabber:iq:private` query asking for the stored bookmarks.
pub fn private_request() -> Element {
    Element::builder("query", PRIVATE)
        .append(Element::new("storage", STORAGE_BOOKMARKS))
        .build()
}

fn bounded(text: &str) -> Option<String> {
    let text: String = text.chars().take(MAX_TEXT_CHARS).collect();
    (!text.trim().is_empty()).then_some(text)
}

/// The rooms of a `<storage/>` document, found directly or inside a private query's answer.
pub fn read_storage(element: &Element) -> Vec<Bookmark> {
    let storage = if element.is("storage", STORAGE_BOOKMARKS) {
        Some(element)
    } else {
        element.get_child("storage", STORAGE_BOOKMARKS)
    };
    let Some(storage) = storage else {
        return Vec::new();
    };
    storage
        .children_named("conference", STORAGE_BOOKMARKS)
        .take(MAX_ROOMS)
        .filter_map(|conference| {
            let room: BareJid = conference.attr("jid")?.parse().ok()?;
            room.node()?;
            let autojoin = matches!(conference.attr("autojoin"), Some("true" | "1"));
            Some(Bookmark {
                room,
                name: conference.attr("name").and_then(bounded),
                nick: conference
                    .child_text("nick", STORAGE_BOOKMARKS)
                    .as_deref()
                    .and_then(bounded),
                password: conference
                    .child_text("password", STORAGE_BOOKMARKS)
                    .as_deref()
                    .and_then(bounded),
                autojoin,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn reads_xep_0048_example_3_and_skips_what_is_not_a_room() {
        let xml = r#"<query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"><conference name="Council of Oberon" autojoin="true" jid="council@conference.underhill.org"><nick>Puck</nick><password>titania</password></conference><conference jid="conference.underhill.org"/><conference jid="x@@"/><conference jid="quiet@conference.underhill.org" autojoin="0"/><url name="site" url="https://example.org"/></storage></query>"#;
        let rooms = read_storage(&parse_element(xml).unwrap());
        assert_eq!(rooms.len(), 2);
        assert_eq!(
            rooms[0].room.to_string(),
            "council@conference.underhill.org"
        );
        assert_eq!(rooms[0].name.as_deref(), Some("Council of Oberon"));
        assert_eq!(rooms[0].nick.as_deref(), Some("Puck"));
        assert_eq!(rooms[0].password.as_deref(), Some("titania"));
        assert!(rooms[0].autojoin);
        assert!(!rooms[1].autojoin);
        let empty = parse_element(r#"<query xmlns="jabber:iq:private"/>"#).unwrap();
        assert!(read_storage(&empty).is_empty());
        assert!(private_request()
            .get_child("storage", STORAGE_BOOKMARKS)
            .is_some());
    }
}

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

/// The rooms of the PEP node `storage:bookmarks` (a pubsub items answer whose item holds the
/// whole `<storage/>` document).
pub fn read_pep_storage(pubsub: &Element) -> Vec<Bookmark> {
    pubsub
        .get_child("items", crate::ns::PUBSUB)
        .into_iter()
        .flat_map(|items| items.children_named("item", crate::ns::PUBSUB))
        .filter_map(|item| item.get_child("storage", STORAGE_BOOKMARKS))
        .flat_map(read_storage)
        .take(MAX_ROOMS)
        .collect()
}

/// The `jabber:iq:private` query replacing the stored document with `bookmarks`.
pub fn private_write(bookmarks: &[Bookmark]) -> Element {
    let storage = Element::builder("storage", STORAGE_BOOKMARKS)
        .append_all(bookmarks.iter().map(|bookmark| {
            let text = |name: &str, value: &str| {
                Element::builder(name, STORAGE_BOOKMARKS)
                    .text(value)
                    .build()
            };
            Element::builder("conference", STORAGE_BOOKMARKS)
                .attr("jid", bookmark.room.to_string())
                .attr("autojoin", if bookmark.autojoin { "true" } else { "false" })
                .attr_opt("name", bookmark.name.clone())
                .append_all(bookmark.nick.as_deref().map(|nick| text("nick", nick)))
                .append_all(bookmark.password.as_deref().map(|p| text("password", p)))
                .build()
        }))
        .build();
    Element::builder("query", PRIVATE).append(storage).build()
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
    fn reads_the_pep_node_and_writes_what_it_reads() {
        let xml = r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="storage:bookmarks"><item id="current"><storage xmlns="storage:bookmarks"><conference jid="team@conference.example.org" autojoin="true" name="Team"><nick>puck</nick></conference></storage></item></items></pubsub>"#;
        let rooms = read_pep_storage(&parse_element(xml).unwrap());
        assert_eq!(rooms.len(), 1);
        assert_eq!(rooms[0].name.as_deref(), Some("Team"));
        let written = private_write(&rooms);
        assert!(written.is("query", PRIVATE));
        assert_eq!(read_storage(&written), rooms, "a write reads back the same");
        assert!(read_pep_storage(&private_request()).is_empty());
    }

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

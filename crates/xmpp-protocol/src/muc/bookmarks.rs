//! XEP-0402 PEP native bookmarks: one item per room on `urn:xmpp:bookmarks:1`, the item id
//! being the room's JID. Published with `persist_items` and `access_model=whitelist` so the
//! list survives and stays private.

use crate::jid::BareJid;
use crate::ns;
use crate::omemo::{DataForm, PubSubItem, PublishRequest};
use crate::payload::{expect_element, ParseError};
use crate::pubsub::Item;
use crate::xml::Element;

/// Longest nick or name kept from a bookmark; longer ones are cut (they are remote strings).
const MAX_TEXT_CHARS: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub room: BareJid,
    pub name: Option<String>,
    pub nick: Option<String>,
    pub password: Option<String>,
    pub autojoin: bool,
}

/// The `<conference/>` payload; the room comes from the item id.
fn conference(bookmark: &Bookmark) -> Element {
    Element::builder("conference", ns::BOOKMARKS2)
        .attr_opt("name", bookmark.name.clone())
        .attr("autojoin", if bookmark.autojoin { "true" } else { "false" })
        .append_all(bookmark.nick.as_ref().map(|n| {
            Element::builder("nick", ns::BOOKMARKS2)
                .text(n.clone())
                .build()
        }))
        .append_all(bookmark.password.as_ref().map(|p| {
            Element::builder("password", ns::BOOKMARKS2)
                .text(p.clone())
                .build()
        }))
        .build()
}

fn bounded(text: String) -> String {
    text.chars().take(MAX_TEXT_CHARS).collect()
}

impl Bookmark {
    /// Reads one PEP item: its id is the room, its payload the `<conference/>`.
    pub fn from_item(item: &Item) -> Result<Bookmark, ParseError> {
        let id = item.id.as_deref().ok_or(ParseError::MissingAttribute {
            element: "item",
            attribute: "id",
        })?;
        let room: BareJid = id.parse().map_err(|source| ParseError::InvalidJid {
            element: "item",
            attribute: "id",
            value: id.chars().take(64).collect(),
            source,
        })?;
        let payload = item.payload.as_ref().ok_or(ParseError::MissingChild {
            element: "item",
            child: "conference",
        })?;
        expect_element(payload, "conference", ns::BOOKMARKS2)?;
        Ok(Bookmark {
            room,
            name: payload.attr("name").map(|n| bounded(n.to_owned())),
            nick: payload.child_text("nick", ns::BOOKMARKS2).map(bounded),
            password: payload.child_text("password", ns::BOOKMARKS2),
            autojoin: matches!(payload.attr("autojoin"), Some("true" | "1")),
        })
    }

    /// The publish with its publish-options; a server that refuses one of them is answered
    /// with [`PublishRequest::recovery`] (ejabberd 23.01 refuses `pubsub#max_items`).
    pub fn publish_request(&self) -> PublishRequest {
        PublishRequest {
            node: ns::BOOKMARKS2.to_owned(),
            item: PubSubItem::new(Some(self.room.to_string()), conference(self)),
            options: Some(publish_options()),
        }
    }

    /// The `<pubsub/>` publish request with its publish-options.
    pub fn publish(&self) -> Element {
        Element::from(&self.publish_request())
    }

    /// The `<pubsub/>` retract request (XEP-0402 §5.4), notifying our other devices.
    pub fn retract(room: &BareJid) -> Element {
        let item = Element::builder("item", ns::PUBSUB)
            .attr("id", room.to_string())
            .build();
        let retract = Element::builder("retract", ns::PUBSUB)
            .attr("node", ns::BOOKMARKS2)
            .attr("notify", "true")
            .append(item)
            .build();
        Element::builder("pubsub", ns::PUBSUB)
            .append(retract)
            .build()
    }

    /// Fetches every bookmark.
    pub fn fetch() -> Element {
        crate::pubsub::items_request(ns::BOOKMARKS2, None)
    }
}

/// XEP-0402 §5.3: items persist, only the owner may read them, as many as there are rooms.
fn publish_options() -> DataForm {
    DataForm::submit(
        ns::PUBSUB_PUBLISH_OPTIONS,
        [
            ("pubsub#persist_items", "true"),
            ("pubsub#max_items", "max"),
            ("pubsub#send_last_published_item", "never"),
            ("pubsub#access_model", "whitelist"),
        ],
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::pubsub::Items;
    use crate::xml::parse_element;

    #[test]
    fn reads_the_xep_0402_example() {
        let xml = r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:bookmarks:1"><item id="theplay@conference.shakespeare.lit"><conference xmlns="urn:xmpp:bookmarks:1" name="The Play&apos;s the Thing" autojoin="true"><nick>JC</nick></conference></item><item id="@@"><conference xmlns="urn:xmpp:bookmarks:1"/></item></items></pubsub>"#;
        let items = Items::from_result(&parse_element(xml).unwrap()).unwrap();
        let first = Bookmark::from_item(&items.items[0]).unwrap();
        assert!(first.autojoin);
        assert_eq!(first.nick.as_deref(), Some("JC"));
        assert_eq!(first.name.as_deref(), Some("The Play's the Thing"));
        assert!(
            Bookmark::from_item(&items.items[1]).is_err(),
            "a broken item is skipped, not fatal"
        );
    }

    #[test]
    fn publishes_with_whitelist_and_persistence() {
        let bookmark = Bookmark {
            room: "room@conference.localhost".parse().unwrap(),
            name: Some("Room".into()),
            nick: Some("alice".into()),
            password: None,
            autojoin: true,
        };
        let publish = bookmark.publish();
        let xml = publish.to_xml();
        assert!(xml.contains("whitelist") && xml.contains("persist_items"));
        let publish_el = publish.get_child("publish", ns::PUBSUB).unwrap();
        let item = publish_el.get_child("item", ns::PUBSUB).unwrap();
        let read = Bookmark::from_item(&Item {
            id: item.attr("id").map(str::to_owned),
            payload: item.child_elements().next().cloned(),
        })
        .unwrap();
        assert_eq!(read, bookmark);
        let long = Item {
            id: Some("r@c".into()),
            payload: Some(
                parse_element(&format!(
                    r#"<conference xmlns="urn:xmpp:bookmarks:1"><nick>{}</nick></conference>"#,
                    "n".repeat(10_000)
                ))
                .unwrap(),
            ),
        };
        assert_eq!(
            Bookmark::from_item(&long)
                .unwrap()
                .nick
                .unwrap()
                .chars()
                .count(),
            256
        );
    }
}

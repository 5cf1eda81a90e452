//! XEP-0490 Message Displayed Synchronization: the user's devices share, per chat, the newest
//! message read, on the private PEP node `urn:xmpp:mds:displayed:0`. One item per chat, its id
//! the chat's bare JID, holding `<displayed><stanza-id by id/></displayed>`: the archive's id of
//! that message (our own archive in 1:1 chats, the room's in groups).

use crate::jid::BareJid;
use crate::ns;
use crate::omemo::publish::{ACCESS_MODEL, MAX_ITEMS_FIELD, PERSIST_ITEMS};
use crate::omemo::{DataForm, PubSubItem, PublishRequest};
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

pub const NODE: &str = "urn:xmpp:mds:displayed:0";
/// Announced in caps so the server pushes other devices' updates.
pub const NOTIFY: &str = "urn:xmpp:mds:displayed:0+notify";

pub const SEND_LAST_PUBLISHED: &str = "pubsub#send_last_published_item";
/// The options some servers refuse as publish-options ("Unknown field": ejabberd 23.01 knows
/// only the access model and persistence there); they then go into the node configuration.
pub const OPTIONS_OFTEN_REFUSED: [&str; 2] = [MAX_ITEMS_FIELD, SEND_LAST_PUBLISHED];

/// Archive ids are short tokens; anything longer is not one.
const MAX_ID_LEN: usize = 256;

/// The newest message read in the chat `chat`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Displayed {
    pub chat: BareJid,
    /// The archive id (XEP-0359 stanza-id) of the message read.
    pub stanza_id: String,
    /// Who assigned it: our own bare JID for 1:1 chats, the room for groups.
    pub by: BareJid,
}

fn invalid(attribute: &'static str, value: &str, reason: &str) -> ParseError {
    ParseError::InvalidAttribute {
        element: "stanza-id",
        attribute,
        value: value.chars().take(64).collect(),
        reason: reason.into(),
    }
}

impl Displayed {
    /// Reads one item of the node (a fetch result's or a notification's).
    pub fn from_item(id: Option<&str>, payload: Option<&Element>) -> Result<Self, ParseError> {
        let chat_attr = id.unwrap_or_default();
        let chat: BareJid = chat_attr
            .parse()
            .map_err(|_| invalid("item", chat_attr, "not a bare JID"))?;
        let displayed = payload.ok_or(ParseError::MissingChild {
            element: "item",
            child: "displayed",
        })?;
        expect_element(displayed, "displayed", NODE)?;
        let stanza_id =
            displayed
                .get_child("stanza-id", ns::SID)
                .ok_or(ParseError::MissingChild {
                    element: "displayed",
                    child: "stanza-id",
                })?;
        let id = required_attr(stanza_id, "stanza-id", "id")?;
        if id.trim().is_empty() || id.len() > MAX_ID_LEN {
            return Err(invalid("id", id, "empty or too long"));
        }
        let by_attr = required_attr(stanza_id, "stanza-id", "by")?;
        let by: BareJid = by_attr
            .parse()
            .map_err(|_| invalid("by", by_attr, "not a bare JID"))?;
        Ok(Displayed {
            chat,
            stanza_id: id.to_owned(),
            by,
        })
    }

    pub fn payload(&self) -> Element {
        Element::builder("displayed", NODE)
            .append(
                Element::builder("stanza-id", ns::SID)
                    .attr("by", self.by.to_string())
                    .attr("id", self.stanza_id.clone())
                    .build(),
            )
            .build()
    }

    /// The publish, with the options XEP-0490 asks for: persistent, as many items as chats,
    /// never pushed on presence, readable only by the account.
    pub fn publish_request(&self) -> PublishRequest {
        PublishRequest {
            node: NODE.to_owned(),
            item: PubSubItem::new(Some(self.chat.to_string()), self.payload()),
            options: Some(publish_options()),
        }
    }
}

pub fn publish_options() -> DataForm {
    DataForm::submit(
        ns::PUBSUB_PUBLISH_OPTIONS,
        [
            (PERSIST_ITEMS, "true"),
            (MAX_ITEMS_FIELD, "max"),
            (SEND_LAST_PUBLISHED, "never"),
            (ACCESS_MODEL, "whitelist"),
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
    fn reads_the_xep_example_and_round_trips() {
        let xml = "<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:mds:displayed:0'><item id='romeo@montague.lit'><displayed xmlns='urn:xmpp:mds:displayed:0'><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@capulet.lit' id='0f710f2b-52ed-4d52-b928-784dad74a52b'/></displayed></item></items></event>";
        let items = Items::from_event(&parse_element(xml).unwrap()).unwrap();
        let item = &items.items[0];
        let displayed = Displayed::from_item(item.id.as_deref(), item.payload.as_ref()).unwrap();
        assert_eq!(displayed.chat.to_string(), "romeo@montague.lit");
        assert_eq!(displayed.by.to_string(), "juliet@capulet.lit");
        assert_eq!(displayed.stanza_id, "0f710f2b-52ed-4d52-b928-784dad74a52b");
        let published =
            parse_element(&Element::from(&displayed.publish_request()).to_xml()).unwrap();
        let item = published
            .get_child("publish", ns::PUBSUB)
            .unwrap()
            .get_child("item", ns::PUBSUB)
            .unwrap();
        assert_eq!(item.attr("id"), Some("romeo@montague.lit"));
        let again = Displayed::from_item(item.attr("id"), item.child_elements().next()).unwrap();
        assert_eq!(again, displayed);
        let options = published
            .get_child("publish-options", ns::PUBSUB)
            .unwrap()
            .to_xml();
        assert!(options.contains("whitelist") && options.contains("pubsub#max_items"));
    }

    #[test]
    fn hostile_items_are_refused() {
        let good = "<stanza-id xmlns='urn:xmpp:sid:0' by='a@b' id='x'/>";
        let cases = [
            (Some("not a jid@@"), good.to_owned()),
            (Some("a@b/res"), good.to_owned()),
            (None, good.to_owned()),
            (
                Some("a@b"),
                "<stanza-id xmlns='urn:xmpp:sid:0' by='a@b' id=''/>".to_owned(),
            ),
            (
                Some("a@b"),
                "<stanza-id xmlns='urn:xmpp:sid:0' id='x'/>".to_owned(),
            ),
            (
                Some("a@b"),
                format!(
                    "<stanza-id xmlns='urn:xmpp:sid:0' by='a@b' id='{}'/>",
                    "i".repeat(300)
                ),
            ),
            (Some("a@b"), "<other xmlns='urn:xmpp:sid:0'/>".to_owned()),
        ];
        for (id, inner) in cases {
            let payload = parse_element(&format!(
                "<displayed xmlns='urn:xmpp:mds:displayed:0'>{inner}</displayed>"
            ))
            .unwrap();
            assert!(
                Displayed::from_item(id, Some(&payload)).is_err(),
                "{id:?} {inner}"
            );
        }
        assert!(Displayed::from_item(Some("a@b"), None).is_err());
        let wrong =
            parse_element(&format!("<displayed xmlns='urn:other'>{good}</displayed>")).unwrap();
        assert!(Displayed::from_item(Some("a@b"), Some(&wrong)).is_err());
    }
}

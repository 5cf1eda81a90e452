//! The slice of XEP-0060 publish-subscribe that PEP (XEP-0163) features use: publishing an
//! item, fetching items, and reading the notifications that arrive in messages.

use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

/// One `<item id>` with its payload (absent in retractions and id-only answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: Option<String>,
    pub payload: Option<Element>,
}

/// `<items node>` as found in notifications (`pubsub#event`) and in fetch results (`pubsub`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Items {
    pub node: String,
    pub items: Vec<Item>,
    /// Ids of retracted items (notifications only).
    pub retracted: Vec<String>,
}

/// `<publish node><item id>payload</item></publish>` in a `<pubsub/>` set.
pub fn publish(node: &str, id: &str, payload: Element) -> Element {
    let item = Element::builder("item", ns::PUBSUB)
        .attr("id", id)
        .append(payload)
        .build();
    Element::builder("pubsub", ns::PUBSUB)
        .append(
            Element::builder("publish", ns::PUBSUB)
                .attr("node", node)
                .append(item)
                .build(),
        )
        .build()
}

/// Asks for the item `id` of `node`, or for the latest items when `id` is `None`.
pub fn items_request(node: &str, id: Option<&str>) -> Element {
    let items = Element::builder("items", ns::PUBSUB)
        .attr("node", node)
        .append_all(id.map(|id| Element::builder("item", ns::PUBSUB).attr("id", id).build()))
        .build();
    Element::builder("pubsub", ns::PUBSUB).append(items).build()
}

fn read_items(items: &Element, namespace: &'static str) -> Result<Items, ParseError> {
    Ok(Items {
        node: required_attr(items, "items", "node")?.to_owned(),
        items: items
            .children_named("item", namespace)
            .map(|item| Item {
                id: item.attr("id").map(str::to_owned),
                payload: item.child_elements().next().cloned(),
            })
            .collect(),
        retracted: items
            .children_named("retract", namespace)
            .filter_map(|r| r.attr("id").map(str::to_owned))
            .collect(),
    })
}

impl Items {
    /// The `<items/>` of a notification: `<event xmlns='...pubsub#event'>`.
    pub fn from_event(event: &Element) -> Result<Self, ParseError> {
        expect_element(event, "event", ns::PUBSUB_EVENT)?;
        let items = event
            .get_child("items", ns::PUBSUB_EVENT)
            .ok_or(ParseError::MissingChild {
                element: "event",
                child: "items",
            })?;
        read_items(items, ns::PUBSUB_EVENT)
    }

    /// The `<items/>` of a fetch result: `<pubsub xmlns='...pubsub'>`.
    pub fn from_result(pubsub: &Element) -> Result<Self, ParseError> {
        expect_element(pubsub, "pubsub", ns::PUBSUB)?;
        let items = pubsub
            .get_child("items", ns::PUBSUB)
            .ok_or(ParseError::MissingChild {
                element: "pubsub",
                child: "items",
            })?;
        read_items(items, ns::PUBSUB)
    }

    /// The notification element carrying these items, for servers written with this crate.
    pub fn to_event(&self) -> Element {
        let items = Element::builder("items", ns::PUBSUB_EVENT)
            .attr("node", self.node.clone())
            .append_all(self.items.iter().map(|item| {
                Element::builder("item", ns::PUBSUB_EVENT)
                    .attr_opt("id", item.id.clone())
                    .append_all(item.payload.clone())
                    .build()
            }))
            .append_all(self.retracted.iter().map(|id| {
                Element::builder("retract", ns::PUBSUB_EVENT)
                    .attr("id", id.clone())
                    .build()
            }))
            .build();
        Element::builder("event", ns::PUBSUB_EVENT)
            .append(items)
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn reads_prosodys_pep_notification_and_round_trips() {
        let message = parse_element(include_str!(
            "../tests/fixtures/pep-event-oldmemo-devicelist.headline.xml"
        ))
        .unwrap();
        let event = message.get_child("event", ns::PUBSUB_EVENT).unwrap();
        let items = Items::from_event(event).unwrap();
        assert_eq!(items.node, "eu.siacs.conversations.axolotl.devicelist");
        assert_eq!(items.items.len(), 1);
        assert_eq!(Items::from_event(&items.to_event()).unwrap(), items);
    }

    #[test]
    fn builds_publish_and_fetch_requests() {
        let published = publish(
            "urn:xmpp:avatar:data",
            "abc",
            Element::builder("data", "urn:xmpp:avatar:data")
                .text("AAAA")
                .build(),
        );
        let reparsed = parse_element(&published.to_xml()).unwrap();
        assert_eq!(
            reparsed
                .get_child("publish", ns::PUBSUB)
                .unwrap()
                .attr("node"),
            Some("urn:xmpp:avatar:data")
        );
        let request = items_request("urn:xmpp:avatar:data", Some("abc"));
        let asked = request.get_child("items", ns::PUBSUB).unwrap();
        assert_eq!(
            asked.get_child("item", ns::PUBSUB).unwrap().attr("id"),
            Some("abc")
        );
        assert!(Items::from_result(&Element::new("pubsub", ns::PUBSUB)).is_err());
    }
}

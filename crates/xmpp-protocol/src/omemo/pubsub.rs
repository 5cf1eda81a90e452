//! The XEP-0060 requests and results OMEMO uses on PEP nodes: publish with publish-options,
//! fetch items, the `<items>` of a result or `+notify` event, and node configuration.

use super::codec::{fill_once, too_many, unexpected_child};
use super::form::DataForm;
use super::MAX_ITEMS;
use crate::jid::Jid;
use crate::ns;
use crate::payload::{expect_element, optional_jid, optional_parsed, required_attr, ParseError};
use crate::xml::Element;

/// One `<item>`: its id, who published it (events carry this) and its payload.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PubSubItem {
    pub id: Option<String>,
    pub publisher: Option<Jid>,
    pub payload: Option<Element>,
}

/// `<pubsub><items node>…</items></pubsub>`: the result of fetching a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemsResult {
    pub node: String,
    pub items: Vec<PubSubItem>,
}

/// `<event xmlns='…pubsub#event'><items node>…</items></event>`: a notification, usually in a
/// headline message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemsEvent {
    pub node: String,
    pub items: Vec<PubSubItem>,
    /// Ids of `<retract>`ed items.
    pub retracted: Vec<String>,
}

/// `<pubsub><items node max_items><item id/>…</items></pubsub>`: a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemsRequest {
    pub node: String,
    pub max_items: Option<u32>,
    /// Fetch only these items; empty means all.
    pub item_ids: Vec<String>,
}

/// `<pubsub><publish node><item/></publish><publish-options/></pubsub>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishRequest {
    pub node: String,
    pub item: PubSubItem,
    /// The node configuration the publish requires (XEP-0060 §7.1.5).
    pub options: Option<DataForm>,
}

/// `<pubsub xmlns='…pubsub#owner'><configure node><x/></configure></pubsub>`: without a form it
/// asks for the current configuration, with a submitted form it changes it, and a result
/// carries the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeConfiguration {
    pub node: String,
    pub form: Option<DataForm>,
}

impl PubSubItem {
    pub fn new(id: Option<String>, payload: Element) -> Self {
        Self {
            id,
            publisher: None,
            payload: Some(payload),
        }
    }

    /// Parses an `<item>` of a request/result or of an event.
    fn parse(element: &Element, namespace: &'static str) -> Result<Self, ParseError> {
        expect_element(element, "item", namespace)?;
        Ok(Self {
            id: element.attr("id").map(str::to_owned),
            publisher: optional_jid(element, "item", "publisher")?,
            payload: element.child_elements().next().cloned(),
        })
    }

    fn to_element_in(&self, namespace: &str) -> Element {
        Element::builder("item", namespace)
            .attr_opt("id", self.id.clone())
            .attr_opt("publisher", self.publisher.as_ref().map(Jid::to_string))
            .append_all(self.payload.clone())
            .build()
    }
}

impl TryFrom<&Element> for PubSubItem {
    type Error = ParseError;

    /// Accepts an `<item>` in either the PubSub or the event namespace.
    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.ns == ns::PUBSUB_EVENT {
            Self::parse(element, ns::PUBSUB_EVENT)
        } else {
            Self::parse(element, ns::PUBSUB)
        }
    }
}

impl From<&PubSubItem> for Element {
    fn from(item: &PubSubItem) -> Self {
        item.to_element_in(ns::PUBSUB)
    }
}

impl From<PubSubItem> for Element {
    fn from(item: PubSubItem) -> Self {
        Element::from(&item)
    }
}

/// The single `<name>` child of a `<pubsub>`-like wrapper.
fn only_child<'a>(
    wrapper: &'a Element,
    name: &'static str,
    namespace: &str,
    context: &'static str,
) -> Result<&'a Element, ParseError> {
    let mut found = None;
    for child in wrapper.child_elements() {
        if child.is(name, namespace) {
            fill_once(&mut found, child, context)?;
        }
    }
    found.ok_or(ParseError::MissingChild {
        element: context,
        child: name,
    })
}

fn parse_items(items: &Element, namespace: &'static str) -> Result<Vec<PubSubItem>, ParseError> {
    let mut parsed = Vec::new();
    for child in items.children_named("item", namespace) {
        if parsed.len() >= MAX_ITEMS {
            return Err(too_many("items", "items", MAX_ITEMS));
        }
        parsed.push(PubSubItem::parse(child, namespace)?);
    }
    Ok(parsed)
}

impl TryFrom<&Element> for ItemsResult {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "pubsub", ns::PUBSUB)?;
        let items = only_child(element, "items", ns::PUBSUB, "pubsub")?;
        Ok(Self {
            node: required_attr(items, "items", "node")?.to_owned(),
            items: parse_items(items, ns::PUBSUB)?,
        })
    }
}

impl From<&ItemsResult> for Element {
    fn from(result: &ItemsResult) -> Self {
        let items = Element::builder("items", ns::PUBSUB)
            .attr("node", result.node.clone())
            .append_all(
                result
                    .items
                    .iter()
                    .map(|item| item.to_element_in(ns::PUBSUB)),
            );
        Element::builder("pubsub", ns::PUBSUB)
            .append(items.build())
            .build()
    }
}

impl From<ItemsResult> for Element {
    fn from(result: ItemsResult) -> Self {
        Element::from(&result)
    }
}

impl TryFrom<&Element> for ItemsEvent {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "event", ns::PUBSUB_EVENT)?;
        let items = only_child(element, "items", ns::PUBSUB_EVENT, "event")?;
        let mut retracted = Vec::new();
        for retract in items.children_named("retract", ns::PUBSUB_EVENT) {
            if retracted.len() >= MAX_ITEMS {
                return Err(too_many("items", "retractions", MAX_ITEMS));
            }
            retracted.push(required_attr(retract, "retract", "id")?.to_owned());
        }
        Ok(Self {
            node: required_attr(items, "items", "node")?.to_owned(),
            items: parse_items(items, ns::PUBSUB_EVENT)?,
            retracted,
        })
    }
}

impl From<&ItemsEvent> for Element {
    fn from(event: &ItemsEvent) -> Self {
        let retractions = event.retracted.iter().map(|id| {
            Element::builder("retract", ns::PUBSUB_EVENT)
                .attr("id", id.clone())
                .build()
        });
        let items = Element::builder("items", ns::PUBSUB_EVENT)
            .attr("node", event.node.clone())
            .append_all(
                event
                    .items
                    .iter()
                    .map(|item| item.to_element_in(ns::PUBSUB_EVENT)),
            )
            .append_all(retractions);
        Element::builder("event", ns::PUBSUB_EVENT)
            .append(items.build())
            .build()
    }
}

impl From<ItemsEvent> for Element {
    fn from(event: ItemsEvent) -> Self {
        Element::from(&event)
    }
}

impl ItemsRequest {
    pub fn new(node: impl Into<String>) -> Self {
        Self {
            node: node.into(),
            max_items: None,
            item_ids: Vec::new(),
        }
    }
}

impl TryFrom<&Element> for ItemsRequest {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "pubsub", ns::PUBSUB)?;
        let items = only_child(element, "items", ns::PUBSUB, "pubsub")?;
        let item_ids = parse_items(items, ns::PUBSUB)?
            .into_iter()
            .map(|item| {
                item.id.ok_or(ParseError::MissingAttribute {
                    element: "item",
                    attribute: "id",
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            node: required_attr(items, "items", "node")?.to_owned(),
            max_items: optional_parsed(items, "items", "max_items")?,
            item_ids,
        })
    }
}

impl From<&ItemsRequest> for Element {
    fn from(request: &ItemsRequest) -> Self {
        let items = Element::builder("items", ns::PUBSUB)
            .attr("node", request.node.clone())
            .attr_opt("max_items", request.max_items.map(|max| max.to_string()))
            .append_all(request.item_ids.iter().map(|id| {
                Element::builder("item", ns::PUBSUB)
                    .attr("id", id.clone())
                    .build()
            }));
        Element::builder("pubsub", ns::PUBSUB)
            .append(items.build())
            .build()
    }
}

impl From<ItemsRequest> for Element {
    fn from(request: ItemsRequest) -> Self {
        Element::from(&request)
    }
}

impl TryFrom<&Element> for PublishRequest {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "pubsub", ns::PUBSUB)?;
        let (mut publish, mut options) = (None, None);
        for child in element.child_elements() {
            match (child.name.as_str(), child.ns == ns::PUBSUB) {
                ("publish", true) => fill_once(&mut publish, child, "pubsub")?,
                ("publish-options", true) => fill_once(&mut options, child, "pubsub")?,
                _ => return Err(unexpected_child("pubsub", child)),
            }
        }
        let publish = publish.ok_or(ParseError::MissingChild {
            element: "pubsub",
            child: "publish",
        })?;
        let item = only_child(publish, "item", ns::PUBSUB, "publish")?;
        let options = options
            .map(|options| {
                let form = only_child(options, "x", ns::DATA_FORMS, "publish-options")?;
                DataForm::try_from(form)
            })
            .transpose()?;
        Ok(Self {
            node: required_attr(publish, "publish", "node")?.to_owned(),
            item: PubSubItem::parse(item, ns::PUBSUB)?,
            options,
        })
    }
}

impl From<&PublishRequest> for Element {
    fn from(request: &PublishRequest) -> Self {
        let publish = Element::builder("publish", ns::PUBSUB)
            .attr("node", request.node.clone())
            .append(Element::from(&request.item));
        let options = request.options.as_ref().map(|form| {
            Element::builder("publish-options", ns::PUBSUB)
                .append(Element::from(form))
                .build()
        });
        Element::builder("pubsub", ns::PUBSUB)
            .append(publish.build())
            .append_all(options)
            .build()
    }
}

impl From<PublishRequest> for Element {
    fn from(request: PublishRequest) -> Self {
        Element::from(&request)
    }
}

impl NodeConfiguration {
    /// Asks for the node's configuration form.
    pub fn request(node: impl Into<String>) -> Self {
        Self {
            node: node.into(),
            form: None,
        }
    }
}

impl TryFrom<&Element> for NodeConfiguration {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "pubsub", ns::PUBSUB_OWNER)?;
        let configure = only_child(element, "configure", ns::PUBSUB_OWNER, "pubsub")?;
        let mut form = None;
        for child in configure.children_named("x", ns::DATA_FORMS) {
            fill_once(&mut form, child, "configure")?;
        }
        Ok(Self {
            node: required_attr(configure, "configure", "node")?.to_owned(),
            form: form.map(DataForm::try_from).transpose()?,
        })
    }
}

impl From<&NodeConfiguration> for Element {
    fn from(configuration: &NodeConfiguration) -> Self {
        let configure = Element::builder("configure", ns::PUBSUB_OWNER)
            .attr("node", configuration.node.clone())
            .append_all(configuration.form.as_ref().map(Element::from));
        Element::builder("pubsub", ns::PUBSUB_OWNER)
            .append(configure.build())
            .build()
    }
}

impl From<NodeConfiguration> for Element {
    fn from(configuration: NodeConfiguration) -> Self {
        Element::from(&configuration)
    }
}

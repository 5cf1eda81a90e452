//! The fake server's PEP (XEP-0163) for OMEMO: publishing items to the user's own nodes,
//! fetching anyone's, and `+notify` pushes of device lists to the owner's and their contacts'
//! online resources. Nodes keep one item, except the OMEMO 2 bundles node, which keeps one
//! per device as its publish-options ask, bookmarks and XEP-0490 read state (one per chat,
//! pushed to the owner only). With `ejabberd_publish_options` it behaves as
//! ejabberd 23.01: publish-options other than access model and persistence are refused with
//! `resource-constraint`, a node keeps one item unless its owner configured more, and only
//! an existing node can be configured.

use std::collections::HashMap;

use super::{ConnId, FakeServer, CLIENT};
use xmpp_protocol::xml::Element;

const PUBSUB: &str = "http://jabber.org/protocol/pubsub";
const PUBSUB_EVENT: &str = "http://jabber.org/protocol/pubsub#event";
const PUBSUB_OWNER: &str = "http://jabber.org/protocol/pubsub#owner";
const DATA_FORMS: &str = "jabber:x:data";
const MAX_ITEMS: &str = "pubsub#max_items";
const MDS: &str = "urn:xmpp:mds:displayed:0";
const MULTI_ITEM_NODES: [&str; 3] = ["urn:xmpp:omemo:2:bundles", "urn:xmpp:bookmarks:1", MDS];
const NOTIFIED_NODES: [&str; 3] = [
    "eu.siacs.conversations.axolotl.devicelist",
    "urn:xmpp:omemo:2:devices",
    MDS,
];
/// Nodes only their owner may see (`whitelist`): pushed to the owner's resources alone.
const PRIVATE_NODES: [&str; 1] = [MDS];

/// Items by `(owner bare JID, node)`, in publish order.
#[derive(Default)]
pub struct Pep {
    nodes: HashMap<(String, String), Vec<(String, Element)>>,
    /// Every publish, for assertions: (owner, node).
    pub publishes: Vec<(String, String)>,
    /// Behave as ejabberd 23.01 (see the module's documentation).
    pub ejabberd_publish_options: bool,
    /// `pubsub#max_items` configured per `(owner, node)` through `pubsub#owner`.
    configured_max_items: HashMap<(String, String), String>,
    /// The node of every publish refused for its publish-options, for assertions.
    pub refused_publishes: Vec<String>,
    /// Every node configuration submitted: (owner, node).
    pub configured: Vec<(String, String)>,
}

/// The fields of the data form under `parent`.
fn form_fields(parent: &Element) -> Vec<Element> {
    parent
        .child_elements()
        .find(|c| c.is("x", DATA_FORMS))
        .map(|x| x.child_elements().cloned().collect())
        .unwrap_or_default()
}

/// The value of field `var` in the data form under `parent`.
fn form_value(parent: &Element, var: &str) -> Option<String> {
    form_fields(parent)
        .into_iter()
        .find(|f| f.attr("var") == Some(var))?
        .child_text("value", DATA_FORMS)
}

/// What ejabberd 23.01 accepts in publish-options.
const EJABBERD_PUBLISH_OPTIONS: [&str; 3] =
    ["FORM_TYPE", "pubsub#access_model", "pubsub#persist_items"];

impl FakeServer {
    /// Handles the PubSub IQs of this module; returns whether it did.
    pub(super) fn pep_iq(&mut self, id: ConnId, iq: &Element) -> bool {
        let Some(user) = self.user_of(id) else {
            return false;
        };
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        if let Some(configure) = iq
            .child_elements()
            .find(|c| c.is("pubsub", PUBSUB_OWNER))
            .and_then(|p| p.child_elements().find(|c| c.name == "configure"))
        {
            let node = configure.attr("node").unwrap_or_default().to_owned();
            let key = (self.bare(&user), node);
            if self.pep.ejabberd_publish_options && !self.pep.nodes.contains_key(&key) {
                self.send(id, format!("<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
                return true;
            }
            if let Some(max) = form_value(configure, MAX_ITEMS) {
                self.pep.configured_max_items.insert(key.clone(), max);
            }
            self.pep.configured.push(key);
            self.send(
                id,
                format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
            );
            return true;
        }
        let Some(pubsub) = iq
            .child_elements()
            .find(|c| c.is("pubsub", PUBSUB))
            .cloned()
        else {
            return false;
        };
        let owner = iq
            .attr("to")
            .map(|to| to.split('/').next().unwrap_or_default().to_owned())
            .unwrap_or_else(|| self.bare(&user));
        let from = iq
            .attr("to")
            .map(|to| format!(" from='{to}'"))
            .unwrap_or_default();
        if let Some(publish) = pubsub
            .child_elements()
            .find(|c| c.name == "publish")
            .cloned()
        {
            let node = publish.attr("node").unwrap_or_default().to_owned();
            let Some(item) = publish.child_elements().find(|c| c.name == "item").cloned() else {
                return false;
            };
            let item_id = item.attr("id").unwrap_or("current").to_owned();
            let Some(payload) = item.child_elements().next().cloned() else {
                return false;
            };
            let owner = self.bare(&user);
            let options = pubsub
                .child_elements()
                .find(|c| c.name == "publish-options");
            let unknown_option = options.is_some_and(|o| {
                form_fields(o)
                    .iter()
                    .any(|f| !EJABBERD_PUBLISH_OPTIONS.contains(&f.attr("var").unwrap_or_default()))
            });
            if self.pep.ejabberd_publish_options && unknown_option {
                self.pep.refused_publishes.push(node.clone());
                self.send(id, format!(
                    "<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Unknown field of type publish-options</text></error></iq>"
                ));
                return true;
            }
            let multi_item = if self.pep.ejabberd_publish_options {
                self.pep
                    .configured_max_items
                    .get(&(owner.clone(), node.clone()))
                    .is_some_and(|max| max != "1")
            } else {
                MULTI_ITEM_NODES.contains(&node.as_str())
            };
            let items = self
                .pep
                .nodes
                .entry((owner.clone(), node.clone()))
                .or_default();
            if multi_item {
                items.retain(|(existing, _)| existing != &item_id);
            } else {
                items.clear();
            }
            items.push((item_id.clone(), payload.clone()));
            self.pep.publishes.push((owner.clone(), node.clone()));
            self.send(
                id,
                format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
            );
            if NOTIFIED_NODES.contains(&node.as_str()) {
                self.notify(&owner, &node, &item_id, &payload);
            }
            return true;
        }
        if let Some(retract) = pubsub
            .child_elements()
            .find(|c| c.name == "retract")
            .cloned()
        {
            let node = retract.attr("node").unwrap_or_default().to_owned();
            let ids: Vec<String> = retract
                .child_elements()
                .filter_map(|c| c.attr("id").map(str::to_owned))
                .collect();
            let owner = self.bare(&user);
            if let Some(items) = self.pep.nodes.get_mut(&(owner, node)) {
                items.retain(|(item_id, _)| !ids.contains(item_id));
            }
            self.send(
                id,
                format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
            );
            return true;
        }
        let Some(request) = pubsub.child_elements().find(|c| c.name == "items").cloned() else {
            return false;
        };
        let node = request.attr("node").unwrap_or_default().to_owned();
        let wanted: Vec<String> = request
            .child_elements()
            .filter_map(|c| c.attr("id").map(str::to_owned))
            .collect();
        let reply = match self.pep.nodes.get(&(owner, node.clone())) {
            None => format!("<iq xmlns='{CLIENT}' type='error' id='{iq_id}'{from}><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"),
            Some(items) => {
                let items: String = items
                    .iter()
                    .filter(|(item_id, _)| wanted.is_empty() || wanted.contains(item_id))
                    .map(|(item_id, payload)| format!("<item id='{item_id}'>{}</item>", payload.to_xml()))
                    .collect();
                format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'{from}><pubsub xmlns='{PUBSUB}'><items node='{node}'>{items}</items></pubsub></iq>")
            }
        };
        self.send(id, reply);
        true
    }

    fn notify(&mut self, owner: &str, node: &str, item_id: &str, payload: &Element) {
        let owner_user = owner.split('@').next().unwrap_or_default().to_owned();
        let mut watchers = vec![owner.to_owned()];
        if !PRIVATE_NODES.contains(&node) {
            watchers.extend(
                self.rosters
                    .get(&owner_user)
                    .into_iter()
                    .flatten()
                    .map(|(jid, _)| jid.clone()),
            );
        }
        let event = format!(
            "<message xmlns='{CLIENT}' from='{owner}' type='headline'><event xmlns='{PUBSUB_EVENT}'><items node='{node}'><item id='{item_id}'>{}</item></items></event></message>",
            payload.to_xml()
        );
        for watcher in watchers {
            for conn in self.available_conns_of(&watcher) {
                self.send(conn, event.clone());
            }
        }
    }

    /// Makes the server's PEP answer like ejabberd 23.01 (see the module's documentation).
    pub fn refuse_options_like_ejabberd(&mut self) {
        self.pep.ejabberd_publish_options = true;
    }

    /// The node configurations submitted, as (owner, node).
    pub fn configured_nodes(&self) -> &[(String, String)] {
        &self.pep.configured
    }

    /// The items of `owner`'s `node`, for assertions.
    pub fn pep_items(&self, owner: &str, node: &str) -> Vec<Element> {
        self.pep
            .nodes
            .get(&(owner.to_owned(), node.to_owned()))
            .map(|items| items.iter().map(|(_, p)| p.clone()).collect())
            .unwrap_or_default()
    }
}

//! The fake server's PEP (XEP-0163) for Jibber's private retention node: publish (refused
//! without the XEP-0223 publish-options, as a server that cannot honour them would), fetch,
//! and `+notify` events to every available resource of the owner, as Prosody sends them.

use std::collections::HashMap;

use super::{ConnId, FakeServer, CLIENT};
use xmpp_protocol::xml::Element;

const PUBSUB: &str = "http://jabber.org/protocol/pubsub";
const PUBSUB_EVENT: &str = "http://jabber.org/protocol/pubsub#event";
const DATA_FORMS: &str = "jabber:x:data";
const NODE: &str = "urn:jibber:retention:0";

/// Items by (user, node).
#[derive(Default)]
pub(super) struct RetentionPep {
    items: HashMap<(String, String), Element>,
}

fn option(publish_options: Option<&Element>, var: &str) -> Option<String> {
    publish_options?
        .get_child("x", DATA_FORMS)?
        .children_named("field", DATA_FORMS)
        .find(|f| f.attr("var") == Some(var))?
        .child_text("value", DATA_FORMS)
}

impl FakeServer {
    /// Handles the IQs of this module; returns whether it did.
    pub(super) fn retention_pep_iq(&mut self, id: ConnId, iq: &Element) -> bool {
        let Some(user) = self.user_of(id) else {
            return false;
        };
        let Some(pubsub) = iq.get_child("pubsub", PUBSUB) else {
            return false;
        };
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let key = (user.clone(), NODE.to_owned());
        match iq.attr("type") {
            Some("set") => {
                let Some(publish) = pubsub
                    .get_child("publish", PUBSUB)
                    .filter(|p| p.attr("node") == Some(NODE))
                else {
                    return false;
                };
                let options = pubsub.get_child("publish-options", PUBSUB);
                let private = option(options, "pubsub#access_model").as_deref()
                    == Some("whitelist")
                    && option(options, "pubsub#persist_items").as_deref() == Some("true");
                let Some(item) = publish
                    .get_child("item", PUBSUB)
                    .cloned()
                    .filter(|_| private)
                else {
                    self.send(id, format!(
                        "<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><precondition-not-met xmlns='{PUBSUB}#errors'/></error></iq>"
                    ));
                    return true;
                };
                self.retention_pep.items.insert(key, item.clone());
                self.send(
                    id,
                    format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
                );
                let bare = self.bare(&user);
                let payload: String = item.child_elements().map(Element::to_xml).collect();
                let item_id = item.attr("id").unwrap_or("current").to_owned();
                for conn in self.available_conns_of(&bare) {
                    let Some(full) = self.conns.get(&conn).and_then(|c| c.full_jid.clone()) else {
                        continue;
                    };
                    self.send(conn, format!(
                        "<message xmlns='{CLIENT}' from='{bare}' to='{full}' type='headline'><event xmlns='{PUBSUB_EVENT}'><items node='{NODE}'><item id='{item_id}'>{payload}</item></items></event></message>"
                    ));
                }
            }
            Some("get") => {
                if pubsub
                    .get_child("items", PUBSUB)
                    .and_then(|i| i.attr("node"))
                    != Some(NODE)
                {
                    return false;
                }
                let reply = match self.retention_pep.items.get(&key) {
                    Some(item) => format!(
                        "<iq xmlns='{CLIENT}' type='result' id='{iq_id}'><pubsub xmlns='{PUBSUB}'><items node='{NODE}'>{}</items></pubsub></iq>",
                        item.to_xml()
                    ),
                    None => format!(
                        "<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
                    ),
                };
                self.send(id, reply);
            }
            _ => return false,
        }
        true
    }
}

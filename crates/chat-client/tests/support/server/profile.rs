//! The fake server's vcard-temp storage (XEP-0054: get anyone's, set our own) and last activity
//! (XEP-0012) the way Prosody's mod_lastactivity answers it: the time and status of the user's
//! last logout, only to contacts the user shares presence with, else `forbidden`.

use std::collections::HashMap;

use super::{ConnId, FakeServer, CLIENT};
use xmpp_protocol::xml::Element;

const VCARD: &str = "vcard-temp";
const LAST: &str = "jabber:iq:last";

#[derive(Default)]
pub(super) struct Profiles {
    vcards: HashMap<String, Element>,
    /// By user: the server clock (ms) and status of their last logout.
    logouts: HashMap<String, (u64, String)>,
}

impl FakeServer {
    /// Handles the IQs of this module; returns whether it did.
    pub(super) fn profile_iq(&mut self, id: ConnId, iq: &Element) -> bool {
        let Some(user) = self.user_of(id) else {
            return false;
        };
        let Some(child) = iq.child_elements().next().cloned() else {
            return false;
        };
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let kind = iq.attr("type").unwrap_or_default();
        let target = iq
            .attr("to")
            .map(|to| to.split('@').next().unwrap_or_default().to_owned())
            .unwrap_or_else(|| user.clone());
        // Answers come from the address asked, or the session's own checks drop them.
        let from = iq
            .attr("to")
            .map(|to| format!(" from='{to}'"))
            .unwrap_or_default();
        let reply = match (kind, child.name.as_str(), child.ns.as_str()) {
            ("get", "vCard", VCARD) => {
                let vcard = self.profiles.vcards.get(&target).map(Element::to_xml).unwrap_or_else(|| format!("<vCard xmlns='{VCARD}'/>"));
                format!("<iq xmlns='{CLIENT}' type='result'{from} id='{iq_id}'>{vcard}</iq>")
            }
            ("set", "vCard", VCARD) if target == user => {
                self.profiles.vcards.insert(user, child);
                format!("<iq xmlns='{CLIENT}' type='result'{from} id='{iq_id}'/>")
            }
            ("get", "query", LAST) if target == user || self.contacts_with(&target, &["from", "both"]).contains(&self.bare(&user)) => {
                let (seconds, status) = match self.profiles.logouts.get(&target) {
                    Some((at, status)) => (self.clock.saturating_sub(*at) / 1000, xml_escape(status)),
                    None => (0, String::new()),
                };
                format!("<iq xmlns='{CLIENT}' type='result'{from} id='{iq_id}'><query xmlns='{LAST}' seconds='{seconds}'>{status}</query></iq>")
            }
            ("get", "query", LAST) => format!(
                "<iq xmlns='{CLIENT}' type='error'{from} id='{iq_id}'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
            ),
            _ => return false,
        };
        self.send(id, reply);
        true
    }

    pub(super) fn note_logout(&mut self, user: &str, presence: &Element) {
        let status = presence.child_text("status", CLIENT).unwrap_or_default();
        self.profiles
            .logouts
            .insert(user.to_owned(), (self.clock, status));
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

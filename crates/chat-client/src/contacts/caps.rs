//! Contacts' capabilities (XEP-0115): each caps version is asked once with disco#info,
//! checked against its hash, and cached for good (the hash names the exact feature set).

use chat_store::{Changes, Store};
use xmpp_protocol::caps::Caps;
use xmpp_protocol::disco::DiscoInfo;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{Iq, Jid, Millis, Presence};

use super::{read_json, write_json, PendingRequest};
use crate::client::Client;
use crate::error::ClientError;

fn caps_key(ver: &str) -> String {
    format!("caps:{ver}")
}

impl<S: Store> Client<S> {
    pub(crate) async fn on_caps(
        &mut self,
        presence: &Presence,
        now: Millis,
    ) -> Result<(), ClientError> {
        let (Some(Jid::Full(from)), Some(Ok(caps))) =
            (presence.from.as_ref(), presence.find_payload::<Caps>())
        else {
            return Ok(());
        };
        // Only sha-1 is verifiable here; other hashes are not worth a round trip.
        if caps.hash != "sha-1" {
            return Ok(());
        }
        self.contacts
            .resource_caps
            .insert(from.to_string(), caps.ver.clone());
        if self.contacts.caps.contains_key(&caps.ver) {
            return Ok(());
        }
        if let Some(features) =
            read_json::<Vec<String>>(self.store.setting(&caps_key(&caps.ver)).await?)
        {
            self.contacts.caps.insert(caps.ver.clone(), features);
            return Ok(());
        }
        let asked = self
            .contacts
            .pending
            .values()
            .any(|p| matches!(p, PendingRequest::Caps { caps: c } if c.ver == caps.ver));
        if !asked {
            let request = Iq::get(
                Some(Jid::Full(from.clone())),
                "",
                DiscoInfo::request(Some(caps.disco_node())),
            );
            self.send_tracked(request, PendingRequest::Caps { caps }, now);
        }
        Ok(())
    }

    pub(crate) fn on_caps_answer(
        &mut self,
        caps: &Caps,
        payload: Option<Element>,
        changes: &mut Changes,
    ) {
        let Some(Ok(info)) = payload.as_ref().map(DiscoInfo::try_from) else {
            return;
        };
        // A forged or buggy answer must not poison the cache for everyone using this hash.
        if !caps.matches(&info) {
            return;
        }
        write_json(changes, &caps_key(&caps.ver), &info.features);
        self.contacts.caps.insert(caps.ver.clone(), info.features);
    }

    /// Whether the client behind `full_jid` announced `feature` (known once its caps were checked).
    pub fn contact_supports(&self, full_jid: &str, feature: &str) -> bool {
        self.contacts
            .resource_caps
            .get(full_jid)
            .and_then(|ver| self.contacts.caps.get(ver))
            .is_some_and(|features| features.iter().any(|known| known == feature))
    }
}

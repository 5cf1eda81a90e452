//! Device lists and bundles over PEP: fetching (and `+notify` pushes), and publishing with
//! publish-options, repairing a node whose configuration refuses them.

use chat_store::{Changes, DeviceTrouble, Millis, Store};
use omemo::{DeviceAddress, SessionAddress, Version};
use xmpp_protocol::omemo::{
    DeviceId, ItemsEvent, ItemsRequest, ItemsResult, LegacyDeviceList, NodeConfiguration,
    Omemo2Device, Omemo2DeviceList, OmemoNodeContent, PublishRecovery, PublishRequest,
};
use xmpp_protocol::stanza::ErrorCondition;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{ns, BareJid, Iq, Jid, StanzaError};

use super::{wire, BundleFetch, OmemoIq};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;

/// Publishing gives up after configuring the node this often.
const MAX_PUBLISH_ATTEMPTS: u8 = 2;

type Answer<'a> = Result<Option<&'a Element>, Option<&'a StanzaError>>;

impl<S: Store> Client<S> {
    fn send_omemo_iq(&mut self, iq: Iq, purpose: OmemoIq, now: Millis) {
        if let Some(session) = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)
        {
            let id = session.send_iq(iq, now);
            self.omemo.iqs.insert(id, purpose);
        }
    }

    /// Asks for `jid`'s device list unless it is known or asked for on this stream.
    pub(crate) fn fetch_device_list(&mut self, jid: &str, version: Version, now: Millis) {
        let key = (jid.to_owned(), version);
        if self.omemo.lists.contains_key(&key) {
            return;
        }
        let Ok(bare) = jid.parse::<BareJid>() else {
            return;
        };
        let request = match version {
            Version::Legacy => ItemsRequest::legacy_device_list(),
            Version::Omemo2 => ItemsRequest::omemo2_device_list(),
        };
        let to = (Some(&bare) != self.own_bare().as_ref()).then_some(Jid::Bare(bare));
        self.omemo.lists.insert(key, false);
        self.send_omemo_iq(
            Iq::get(to, "", request.into()),
            OmemoIq::DeviceList {
                jid: jid.to_owned(),
                version,
            },
            now,
        );
    }

    /// Whether `jid`'s device lists of both versions were answered on this stream.
    pub(crate) fn device_lists_known(&self, jid: &str) -> bool {
        [Version::Legacy, Version::Omemo2]
            .iter()
            .all(|v| self.omemo.lists.get(&(jid.to_owned(), *v)) == Some(&true))
    }

    pub(super) async fn on_device_list_answer(
        &mut self,
        jid: String,
        version: Version,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        self.omemo.lists.insert((jid.clone(), version), true);
        let ids = match answer {
            Ok(payload) => payload
                .and_then(|p| ItemsResult::try_from(p).ok())
                .map(|result| device_ids(&result.node, &result.items))
                .unwrap_or_default(),
            // No node: no devices in this version. Other errors leave the known list alone.
            Err(Some(error)) if error.condition == ErrorCondition::ItemNotFound => Vec::new(),
            Err(_) => return self.omemo_progress(now, changes).await,
        };
        self.receive_device_list(&jid, version, &ids, now, changes)
            .await
    }

    async fn receive_device_list(
        &mut self,
        jid: &str,
        version: Version,
        ids: &[u32],
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        self.omemo
            .listed
            .insert((jid.to_owned(), version), !ids.is_empty());
        let Some(machine) = self.omemo.machine.as_mut() else {
            return self.omemo_progress(now, changes).await;
        };
        let update = machine.receive_device_list(jid, version, ids, now);
        self.persist_omemo(&update.changes, changes);
        self.run_follow_ups(update.follow_ups, now, changes).await?;
        self.emit_omemo_devices(jid);
        self.omemo_progress(now, changes).await
    }

    /// A device list pushed by PEP (`+notify`). Returns whether the message was one.
    pub(crate) async fn on_omemo_pep_event(
        &mut self,
        message: &xmpp_protocol::Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(event) = message
            .payloads
            .iter()
            .find(|p| p.is("event", ns::PUBSUB_EVENT))
        else {
            return Ok(false);
        };
        let Ok(items) = ItemsEvent::try_from(event) else {
            return Ok(false);
        };
        let version = match items.node.as_str() {
            xmpp_protocol::omemo::publish::LEGACY_DEVICE_LIST_NODE => Version::Legacy,
            xmpp_protocol::omemo::publish::OMEMO2_DEVICES_NODE => Version::Omemo2,
            _ => return Ok(false),
        };
        // Our own server sends our own notifications without a `from`.
        let Some(jid) = message
            .from
            .as_ref()
            .map(|f| f.to_bare().to_string())
            .or_else(|| self.own_bare().map(|j| j.to_string()))
        else {
            return Ok(true);
        };
        let ids = device_ids(&items.node, &items.items);
        self.omemo.lists.insert((jid.clone(), version), true);
        self.receive_device_list(&jid, version, &ids, now, changes)
            .await?;
        Ok(true)
    }

    pub(crate) fn fetch_bundle(&mut self, device: &DeviceAddress, version: Version, now: Millis) {
        let key = (device.clone(), version);
        if self.omemo.bundles.contains_key(&key) {
            return;
        }
        let (Ok(bare), Ok(id)) = (
            device.jid.parse::<BareJid>(),
            DeviceId::new(device.device_id),
        ) else {
            self.omemo
                .bundles
                .insert(key, BundleFetch::Failed(DeviceTrouble::InvalidAddress));
            return;
        };
        let request = match version {
            Version::Legacy => ItemsRequest::legacy_bundle(id),
            Version::Omemo2 => ItemsRequest::omemo2_bundle(id),
        };
        let to = (Some(&bare) != self.own_bare().as_ref()).then_some(Jid::Bare(bare));
        self.omemo.bundles.insert(key, BundleFetch::Waiting);
        self.send_omemo_iq(
            Iq::get(to, "", request.into()),
            OmemoIq::Bundle {
                device: device.clone(),
                version,
            },
            now,
        );
    }

    pub(super) async fn on_bundle_answer(
        &mut self,
        device: DeviceAddress,
        version: Version,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let fetched = match answer {
            Ok(payload) => payload
                .and_then(|p| ItemsResult::try_from(p).ok())
                .ok_or(DeviceTrouble::NoBundle)
                .and_then(|result| bundle_of(&result, device.device_id)),
            Err(error) => Err(DeviceTrouble::FetchFailed {
                condition: error.map(|e| e.condition.to_string()),
            }),
        };
        let state = match fetched {
            Ok(bundle) => BundleFetch::Ready(bundle),
            Err(reason) => BundleFetch::Failed(reason),
        };
        let address = SessionAddress {
            device: device.clone(),
            version,
        };
        if let (BundleFetch::Ready(bundle), true) = (&state, self.omemo.rebuilds.remove(&address)) {
            let bundle = bundle.clone();
            self.send_empty(&address, Some(&bundle), now, changes);
        }
        self.omemo.bundles.insert((device, version), state);
        self.omemo_progress(now, changes).await
    }

    pub(crate) fn publish_bundle(&mut self, version: Version, now: Millis) {
        let Some(machine) = self.omemo.machine.as_ref() else {
            return;
        };
        let Ok(id) = DeviceId::new(machine.device_id()) else {
            return;
        };
        let bundle = machine.bundle(version);
        let request = match version {
            Version::Legacy => PublishRequest::legacy_bundle(id, &wire::legacy_bundle_out(&bundle)),
            Version::Omemo2 => PublishRequest::omemo2_bundle(id, &wire::omemo2_bundle_out(&bundle)),
        };
        self.publish(request, 0, now);
    }

    pub(crate) fn publish_device_list(&mut self, version: Version, now: Millis) {
        let Some(machine) = self.omemo.machine.as_ref() else {
            return;
        };
        let ids: Vec<DeviceId> = machine
            .own_device_list(version)
            .into_iter()
            .filter_map(|id| DeviceId::new(id).ok())
            .collect();
        let request = match version {
            Version::Legacy => PublishRequest::legacy_device_list(&LegacyDeviceList::new(ids)),
            Version::Omemo2 => PublishRequest::omemo2_device_list(&Omemo2DeviceList::new(
                ids.into_iter().map(Omemo2Device::new).collect(),
            )),
        };
        self.publish(request, 0, now);
    }

    /// `then_configure`: the original request of a reduced publish, whose options the node
    /// is configured with once the reduced publish created it.
    fn publish_then(
        &mut self,
        request: PublishRequest,
        attempt: u8,
        then_configure: Option<PublishRequest>,
        now: Millis,
    ) {
        let iq = Iq::set(None, "", Element::from(&request));
        self.send_omemo_iq(
            iq,
            OmemoIq::Publish {
                request: Box::new(request),
                attempt,
                then_configure: then_configure.map(Box::new),
            },
            now,
        );
    }

    fn publish(&mut self, request: PublishRequest, attempt: u8, now: Millis) {
        self.publish_then(request, attempt, None, now);
    }

    pub(super) fn on_publish_answer(
        &mut self,
        request: PublishRequest,
        attempt: u8,
        then_configure: Option<PublishRequest>,
        error: Option<Option<&StanzaError>>,
        now: Millis,
    ) {
        let Some(error) = error else {
            if let Some(original) = then_configure {
                self.configure(original, attempt, false, now);
            }
            return;
        };
        if attempt >= MAX_PUBLISH_ATTEMPTS {
            return self.publish_failed(&request, error);
        }
        match request.recovery(error) {
            PublishRecovery::ConfigureThenRepublish => {
                self.configure(request, attempt + 1, true, now);
            }
            PublishRecovery::PublishReducedThenConfigure(reduced) => {
                self.publish_then(*reduced, attempt + 1, Some(request), now);
            }
            PublishRecovery::GiveUp => self.publish_failed(&request, error),
        }
    }

    /// `republish`: publish `request` again once the node is configured (not after a
    /// reduced publish, which already stored the item).
    fn configure(&mut self, request: PublishRequest, attempt: u8, republish: bool, now: Millis) {
        let iq = Iq::set(None, "", NodeConfiguration::matching(&request).into());
        self.send_omemo_iq(
            iq,
            OmemoIq::Configure {
                request: Box::new(request),
                attempt,
                republish,
            },
            now,
        );
    }

    pub(super) fn on_configure_answer(
        &mut self,
        request: PublishRequest,
        attempt: u8,
        republish: bool,
        error: Option<Option<&StanzaError>>,
        now: Millis,
    ) {
        match error {
            None if republish => self.publish(request, attempt, now),
            None => {}
            Some(error) => self.publish_failed(&request, error),
        }
    }

    fn publish_failed(&mut self, request: &PublishRequest, error: Option<&StanzaError>) {
        self.events.push_back(ClientEvent::OmemoKeysNotPublished {
            node: request.node.clone(),
            reason: crate::Refusal::from_error(error),
        });
    }
}

fn device_ids(node: &str, items: &[xmpp_protocol::omemo::PubSubItem]) -> Vec<u32> {
    match OmemoNodeContent::from_items(node, items) {
        Some(Ok(OmemoNodeContent::LegacyDeviceList(list))) => {
            list.devices.iter().map(|id| id.get()).collect()
        }
        Some(Ok(OmemoNodeContent::Omemo2DeviceList(list))) => {
            list.ids().map(DeviceId::get).collect()
        }
        _ => Vec::new(),
    }
}

fn bundle_of(result: &ItemsResult, device_id: u32) -> Result<omemo::Bundle, DeviceTrouble> {
    let unusable = |error: wire::BundleError| DeviceTrouble::Unusable {
        detail: error.to_string(),
    };
    match OmemoNodeContent::from_items(&result.node, &result.items) {
        Some(Ok(OmemoNodeContent::LegacyBundle { bundle, .. })) => {
            wire::legacy_bundle_in(&bundle).map_err(unusable)
        }
        Some(Ok(OmemoNodeContent::Omemo2Bundles(bundles))) => bundles
            .iter()
            .find(|(id, _)| id.get() == device_id)
            .ok_or(DeviceTrouble::NoBundle)
            .and_then(|(_, bundle)| wire::omemo2_bundle_in(bundle).map_err(unusable)),
        Some(Err(error)) => Err(DeviceTrouble::Unusable {
            detail: error.to_string(),
        }),
        _ => Err(DeviceTrouble::NoBundle),
    }
}

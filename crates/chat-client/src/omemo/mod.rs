//! OMEMO in the client: the `omemo` session manager fed from stanzas, its state kept through
//! the store, its device lists and bundles published and fetched over PEP.
//!
//! Every machine call's changes go into the same store batch as the stanza that caused them,
//! and the batch is saved before the driver sends anything, so a ratchet never advances on the
//! wire without also advancing on disk.

mod devices;
mod group;
mod pep;
mod receive;
pub use devices::{OmemoDevice, Trust};
pub(crate) use group::KeysRoute;
pub use group::ReaderStatus;
pub(crate) use receive::{carries_content, is_encrypted, Opened};
pub(crate) mod records;
mod rng;
mod send;
pub(crate) use send::{record_encrypted, Content, Encrypted};
mod wire;

use std::collections::{HashMap, HashSet};

use chat_store::{Changes, DeviceTrouble, Millis, OmemoUnavailable, Store};
use omemo::{Bundle, Config, DeviceAddress, FollowUp, OmemoMachine, SessionAddress, Version};

use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;

/// What an OMEMO IQ in flight was for.
#[derive(Debug, Clone)]
enum OmemoIq {
    DeviceList {
        jid: String,
        version: Version,
    },
    Bundle {
        device: DeviceAddress,
        version: Version,
    },
    Publish {
        request: Box<xmpp_protocol::omemo::PublishRequest>,
        attempt: u8,
        then_configure: Option<Box<xmpp_protocol::omemo::PublishRequest>>,
    },
    Configure {
        request: Box<xmpp_protocol::omemo::PublishRequest>,
        attempt: u8,
        republish: bool,
    },
}

/// A bundle asked for on this stream.
#[derive(Debug, Clone)]
enum BundleFetch {
    Waiting,
    Ready(Bundle),
    Failed(DeviceTrouble),
}

#[derive(Default)]
pub(crate) struct OmemoState {
    pub(crate) machine: Option<OmemoMachine>,
    /// Why this device cannot use OMEMO (its saved keys are unreadable), shown when sending.
    pub(crate) unavailable: Option<OmemoUnavailable>,
    iqs: HashMap<String, OmemoIq>,
    /// Device lists fetched on this stream: `false` while the answer is outstanding.
    lists: HashMap<(String, Version), bool>,
    bundles: HashMap<(DeviceAddress, Version), BundleFetch>,
    /// Devices whose session must be rebuilt once their bundle is here.
    rebuilds: HashSet<SessionAddress>,
    /// Pending messages of encrypted chats waiting for device lists or bundles.
    waiting: Vec<chat_store::Message>,
    /// Whether each fetched device list named any device, for deciding without a machine.
    listed: HashMap<(String, Version), bool>,
    /// Another tab of this browser holds the keys (the driver takes a Web Lock): this client
    /// must not touch them, or two tabs would advance the same ratchets.
    pub(crate) held_elsewhere: bool,
}

impl OmemoState {
    /// A new stream: what was fetched on the old one may be stale.
    pub(crate) fn stream_ended(&mut self) {
        self.iqs.clear();
        self.lists.clear();
        self.bundles.clear();
        self.rebuilds.clear();
        // Still pending in the store: the next stream's outbox flush sends them.
        self.waiting.clear();
    }
}

impl<S: Store> Client<S> {
    /// Loads this device's OMEMO identity, or creates one on first use.
    pub(crate) async fn load_omemo(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if self.omemo.machine.is_some()
            || self.omemo.unavailable.is_some()
            || self.omemo.held_elsewhere
        {
            return Ok(());
        }
        let Some(own) = self.own_bare() else {
            return Ok(());
        };
        let loaded = records::from_store(&self.store.omemo_records().await?);
        let mut rng = match rng::crypto_rng() {
            Ok(rng) => rng,
            Err(_) => {
                self.omemo.unavailable = Some(OmemoUnavailable::NoRandomness);
                return Ok(());
            }
        };
        match loaded {
            Ok(Some(state)) => {
                let machine = OmemoMachine::from_state(state, Config::default());
                if machine.own_jid() == own.to_string() {
                    self.omemo.machine = Some(machine);
                } else {
                    // Keys of another account (a different login on this device) are never used.
                    self.omemo.unavailable = Some(OmemoUnavailable::OtherAccount);
                }
            }
            Ok(None) => {
                let (machine, update) =
                    OmemoMachine::create(&own.to_string(), &[], Config::default(), now, &mut rng);
                self.omemo.machine = Some(machine);
                self.persist_omemo(&update.changes, changes);
            }
            Err(error) => {
                let detail = error.to_string();
                self.events.push_back(ClientEvent::StorageError(
                    crate::StorageProblem::OmemoKeysUnreadable {
                        detail: detail.clone(),
                    },
                ));
                self.omemo.unavailable = Some(OmemoUnavailable::KeysUnreadable { detail });
            }
        }
        if let (Some(device), Some(verification_uri)) =
            (self.own_omemo_device(), self.own_verification_uri())
        {
            self.events.push_back(ClientEvent::OwnOmemoDevice {
                device,
                verification_uri,
            });
        }
        Ok(())
    }

    /// Whether this client may use the OMEMO keys: the browser driver allows it once it holds
    /// the tab lock, and loads them at once when online.
    pub async fn set_omemo_allowed(
        &mut self,
        allowed: bool,
        now: Millis,
    ) -> Result<(), ClientError> {
        self.omemo.held_elsewhere = !allowed;
        if !allowed {
            self.omemo.machine = None;
            return Ok(());
        }
        let mut changes = Changes::default();
        if self
            .session
            .as_ref()
            .is_some_and(|s| s.state() == xmpp_protocol::SessionState::Online)
        {
            self.omemo_online(now, &mut changes).await?;
        }
        self.save(changes).await
    }

    /// Why encrypted messages cannot be handled right now, if they cannot.
    pub(crate) fn omemo_unavailable_reason(&self) -> Option<OmemoUnavailable> {
        if self.omemo.held_elsewhere {
            return Some(OmemoUnavailable::OtherTab);
        }
        self.omemo.unavailable.clone()
    }

    /// A fresh stream is online: keys topped up, own device lists fetched (publishing follows
    /// when this device is missing from them) and bundles published.
    pub(crate) async fn omemo_online(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        self.omemo.stream_ended();
        self.load_omemo(now, changes).await?;
        let Some(own) = self.own_bare().map(|jid| jid.to_string()) else {
            return Ok(());
        };
        let Ok(mut rng) = rng::crypto_rng() else {
            return Ok(());
        };
        let Some(machine) = self.omemo.machine.as_mut() else {
            return Ok(());
        };
        let mut update = machine.maintain_keys(now, &mut rng);
        update.follow_ups.extend([
            FollowUp::PublishBundle {
                version: Version::Legacy,
            },
            FollowUp::PublishBundle {
                version: Version::Omemo2,
            },
        ]);
        update.changes_merge(machine.begin_catch_up());
        self.persist_omemo(&update.changes, changes);
        for version in [Version::Legacy, Version::Omemo2] {
            self.fetch_device_list(&own, version, now);
        }
        self.run_follow_ups(update.follow_ups, now, changes).await
    }

    /// The catch-up is over: prekeys it used go, held-back answers go out.
    pub(crate) async fn omemo_caught_up(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Ok(mut rng) = rng::crypto_rng() else {
            return Ok(());
        };
        let Some(machine) = self.omemo.machine.as_mut() else {
            return Ok(());
        };
        let update = machine.end_catch_up(&mut rng);
        self.persist_omemo(&update.changes, changes);
        self.run_follow_ups(update.follow_ups, now, changes).await
    }

    pub(crate) fn persist_omemo(&mut self, omemo_changes: &omemo::Changes, changes: &mut Changes) {
        if omemo_changes.is_empty() {
            return;
        }
        let mut records = Changes::default();
        match records::to_store(omemo_changes, &mut records) {
            // Merged, not appended: a batch applies removals before upserts, so a record written
            // by one call and removed by the next must not come back.
            Ok(()) => changes.merge(records),
            Err(error) => self.events.push_back(ClientEvent::StorageError(
                crate::StorageProblem::OmemoKeysNotSaved {
                    detail: error.to_string(),
                },
            )),
        }
    }

    /// Does what the machine asked for after a call.
    pub(crate) async fn run_follow_ups(
        &mut self,
        follow_ups: Vec<FollowUp>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        for follow_up in follow_ups {
            match follow_up {
                FollowUp::PublishBundle { version } => self.publish_bundle(version, now),
                FollowUp::PublishDeviceList { version } => self.publish_device_list(version, now),
                FollowUp::RefetchDeviceList { jid, version } => {
                    self.omemo.lists.remove(&(jid.clone(), version));
                    self.fetch_device_list(&jid, version, now);
                }
                FollowUp::SendEmptyMessage {
                    device, version, ..
                } => {
                    self.send_empty(&SessionAddress { device, version }, None, now, changes);
                }
                FollowUp::RebuildSession { device, version } => {
                    self.omemo.rebuilds.insert(SessionAddress {
                        device: device.clone(),
                        version,
                    });
                    self.omemo.bundles.remove(&(device.clone(), version));
                    self.fetch_bundle(&device, version, now);
                }
            }
        }
        Ok(())
    }

    /// Routes an IQ answer to OMEMO; returns false if it was not OMEMO's.
    pub(crate) async fn on_omemo_iq_answer(
        &mut self,
        id: &str,
        answer: Result<Option<&xmpp_protocol::xml::Element>, Option<&xmpp_protocol::StanzaError>>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(iq) = self.omemo.iqs.remove(id) else {
            return Ok(false);
        };
        match iq {
            OmemoIq::DeviceList { jid, version } => {
                self.on_device_list_answer(jid, version, answer, now, changes)
                    .await?
            }
            OmemoIq::Bundle { device, version } => {
                self.on_bundle_answer(device, version, answer, now, changes)
                    .await?
            }
            OmemoIq::Publish {
                request,
                attempt,
                then_configure,
            } => self.on_publish_answer(
                *request,
                attempt,
                then_configure.map(|b| *b),
                answer.err(),
                now,
            ),
            OmemoIq::Configure {
                request,
                attempt,
                republish,
            } => self.on_configure_answer(*request, attempt, republish, answer.err(), now),
        }
        Ok(true)
    }
}

/// Merging the changes of two machine calls made in a row.
trait MergeChanges {
    fn changes_merge(&mut self, later: omemo::Changes);
}

impl MergeChanges for omemo::Update {
    fn changes_merge(&mut self, later: omemo::Changes) {
        merge_omemo_changes(&mut self.changes, later);
    }
}

pub(crate) fn merge_omemo_changes(into: &mut omemo::Changes, later: omemo::Changes) {
    if later.own_device.is_some() {
        into.own_device = later.own_device;
    }
    into.prekeys
        .retain(|p| !later.removed_prekeys.contains(&p.id()));
    into.removed_prekeys
        .retain(|id| !later.prekeys.iter().any(|p| p.id() == *id));
    into.prekeys.extend(later.prekeys);
    into.removed_prekeys.extend(later.removed_prekeys);
    into.sessions
        .retain(|s| !later.removed_sessions.contains(&s.address));
    into.sessions.extend(later.sessions);
    into.removed_sessions.extend(later.removed_sessions);
    into.device_lists.extend(later.device_lists);
    into.trust.extend(later.trust);
}

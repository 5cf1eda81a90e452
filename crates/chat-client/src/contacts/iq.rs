//! IQs this module sends, and the requests addressed to us that it answers.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::blocking::Blocking;
use xmpp_protocol::disco::DiscoInfo;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{ns, Iq, IqKind, Jid, StanzaError};

use crate::client::Client;
use crate::error::ClientError;
use crate::notices::Notice;

/// What an IQ we sent was for, so its answer can be put to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingRequest {
    BlockList,
    /// A block (or unblock) of `jid` the user asked for.
    BlockChange {
        jid: String,
        block: bool,
        change: Blocking,
    },
    RosterChange {
        jid: String,
    },
    AvatarData {
        jid: String,
        hash: String,
    },
    VCardPhoto {
        jid: String,
        hash: String,
    },
    PublishAvatar,
    PublishNick,
    Caps {
        caps: xmpp_protocol::caps::Caps,
    },
    ChangePassword,
    DeleteAccount,
    Profile {
        jid: String,
    },
    LastActivity {
        jid: String,
        asked_at: Millis,
    },
    /// Our vCard, read before saving `profile` into it.
    ReadOwnVCard {
        profile: xmpp_protocol::profile::Profile,
    },
    PublishProfile {
        profile: xmpp_protocol::profile::Profile,
    },
}

impl<S: Store> Client<S> {
    /// Sends `iq` if a session exists and remembers why; returns whether it was sent.
    pub(crate) fn send_tracked(&mut self, iq: Iq, purpose: PendingRequest, now: Millis) -> bool {
        let Some(session) = self.session.as_mut() else {
            return false;
        };
        let id = session.send_iq(iq, now);
        self.contacts.pending.insert(id, purpose);
        true
    }

    pub(crate) async fn on_contacts_iq_answer(
        &mut self,
        id: &str,
        answer: Result<Option<Element>, crate::Refusal>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(purpose) = self.contacts.pending.remove(id) else {
            return Ok(());
        };
        match (purpose, answer) {
            (PendingRequest::BlockList, Ok(payload)) => {
                if let Some(Ok(Blocking::List(jids))) = payload.as_ref().map(Blocking::try_from) {
                    self.replace_blocklist(jids.iter().map(Jid::to_string).collect(), changes);
                }
            }
            (PendingRequest::BlockList, Err(_)) => {}
            // The server also pushes the change to every resource; applying it twice is harmless.
            (PendingRequest::BlockChange { change, .. }, Ok(_)) => {
                self.apply_block_push(&change, changes)
            }
            (PendingRequest::BlockChange { jid, block, .. }, Err(reason)) => {
                self.notice(Notice::BlockFailed { jid, block, reason })
            }
            (PendingRequest::RosterChange { .. }, Ok(_)) => {}
            (PendingRequest::RosterChange { jid }, Err(reason)) => {
                self.notice(Notice::ContactNotChanged { jid, reason })
            }
            (PendingRequest::AvatarData { jid, hash }, Ok(payload)) => {
                self.on_avatar_data(&jid, &hash, payload, changes).await?
            }
            (PendingRequest::VCardPhoto { jid, hash }, Ok(payload)) => {
                self.on_vcard_photo(&jid, &hash, payload, changes).await?
            }
            // A contact without a readable avatar keeps their initials.
            (PendingRequest::AvatarData { .. } | PendingRequest::VCardPhoto { .. }, Err(_)) => {}
            (PendingRequest::Caps { caps }, Ok(payload)) => {
                self.on_caps_answer(&caps, payload, changes)
            }
            (PendingRequest::Caps { .. }, Err(_)) => {}
            (PendingRequest::PublishAvatar | PendingRequest::PublishNick, Ok(_)) => {}
            (PendingRequest::PublishNick, Err(reason)) => {
                self.notice(Notice::NickNotPublished { reason })
            }
            (PendingRequest::PublishAvatar, Err(reason)) => {
                self.notice(Notice::AvatarNotPublished { reason })
            }
            (PendingRequest::ChangePassword, answer) => self.on_password_changed(answer),
            (PendingRequest::DeleteAccount, answer) => self.on_account_deleted(answer, now).await?,
            (PendingRequest::Profile { jid }, answer) => self.on_profile_answer(jid, answer),
            (PendingRequest::LastActivity { jid, asked_at }, answer) => {
                self.on_last_activity_answer(jid, asked_at, answer)
            }
            (PendingRequest::ReadOwnVCard { profile }, answer) => {
                self.on_own_vcard_read(profile, answer, now)
            }
            (PendingRequest::PublishProfile { profile }, answer) => {
                self.on_profile_published(profile, answer)
            }
        }
        Ok(())
    }

    pub(crate) fn on_incoming_iq(
        &mut self,
        iq: Iq,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let own = self.own_jid().unwrap_or_default();
        // Pushes about our own account may only come from our own server (RFC 6120 §8.1.2.1).
        let from_own_server = match &iq.from {
            None => true,
            Some(from) => from.as_bare().to_string() == own && from.resource().is_none(),
        };
        let reply = match (iq.kind, iq.payload.as_ref()) {
            (IqKind::Set, Some(payload)) if payload.ns == ns::BLOCKING && from_own_server => {
                match Blocking::try_from(payload) {
                    Ok(push) => {
                        self.apply_block_push(&push, changes);
                        Iq::result_for(&iq, None)
                    }
                    Err(_) => Iq::error_for(
                        &iq,
                        StanzaError::new(
                            xmpp_protocol::ErrorType::Modify,
                            xmpp_protocol::ErrorCondition::BadRequest,
                        ),
                    ),
                }
            }
            (IqKind::Get, Some(payload)) if payload.is("query", ns::DISCO_INFO) => {
                let node = payload.attr("node").map(str::to_owned);
                match self.own_disco_info(node) {
                    Some(info) => Iq::result_for(&iq, Some(Element::from(info))),
                    None => Iq::error_for(
                        &iq,
                        StanzaError::new(
                            xmpp_protocol::ErrorType::Cancel,
                            xmpp_protocol::ErrorCondition::ItemNotFound,
                        ),
                    ),
                }
            }
            _ => Iq::error_for(&iq, StanzaError::service_unavailable()),
        };
        if let Some(session) = self.session.as_mut() {
            session.send_iq(reply, 0);
        }
        Ok(())
    }

    /// Our disco#info for `node` (none, or our caps node with the current version).
    fn own_disco_info(&self, node: Option<String>) -> Option<DiscoInfo> {
        let info = super::own_presence::jibber_disco_info();
        match node {
            None => Some(info),
            Some(node) if node == super::own_presence::jibber_caps().disco_node() => {
                Some(DiscoInfo {
                    node: Some(node),
                    ..info
                })
            }
            Some(_) => None,
        }
    }
}

//! Contacts' profiles (vCard basic fields) and last activity (XEP-0012), both asked only when
//! the user opens a contact's details, never at login; and editing our own profile.

use chat_store::{Millis, Store};
use xmpp_protocol::last::LastActivity;
use xmpp_protocol::profile::Profile;
use xmpp_protocol::vcard::VCard;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{Iq, Jid};

use super::PendingRequest;
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::notices::Notice;

/// When a contact was last online, as their server reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSeen {
    /// Milliseconds since the epoch (our clock minus the seconds the server reported).
    pub at: Millis,
    pub status: Option<String>,
}

impl<S: Store> Client<S> {
    /// Asks for `jid`'s profile and last activity; answered with `ClientEvent::ContactProfile`
    /// and `ClientEvent::LastActivity`.
    pub fn request_contact_details(&mut self, jid: &str, now: Millis) -> Result<(), ClientError> {
        let target: Jid = jid
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        if self.session.is_none() {
            return Err(ClientError::NotConnected);
        }
        let to = Jid::from(target.as_bare().clone());
        let bare = to.to_string();
        self.send_tracked(
            Iq::get(Some(to.clone()), "", VCard::request()),
            PendingRequest::Profile { jid: bare.clone() },
            now,
        );
        // Our own last activity means nothing to us (and Prosody refuses it).
        if self.own_jid().as_deref() != Some(bare.as_str()) {
            self.send_tracked(
                Iq::get(Some(to), "", LastActivity::request()),
                PendingRequest::LastActivity {
                    jid: bare,
                    asked_at: now,
                },
                now,
            );
        }
        Ok(())
    }

    /// Saves our basic profile fields. Our vCard is read first so that what the profile does
    /// not cover (the photo, addresses) is written back unchanged.
    pub fn set_profile(&mut self, profile: Profile, now: Millis) -> Result<(), ClientError> {
        if self.session.is_none() {
            return Err(ClientError::NotConnected);
        }
        let profile = profile.cleaned();
        self.send_tracked(
            Iq::get(None, "", VCard::request()),
            PendingRequest::ReadOwnVCard { profile },
            now,
        );
        Ok(())
    }

    pub(crate) fn on_profile_answer(
        &mut self,
        jid: String,
        answer: Result<Option<Element>, crate::Refusal>,
    ) {
        // No vCard at all is an empty profile; an error leaves the profile unknown.
        let profile = match answer {
            Ok(None) => Some(Profile::default()),
            Ok(Some(payload)) => Profile::try_from(&payload).ok(),
            Err(_) => None,
        };
        self.events
            .push_back(ClientEvent::ContactProfile { jid, profile });
    }

    pub(crate) fn on_last_activity_answer(
        &mut self,
        jid: String,
        asked_at: Millis,
        answer: Result<Option<Element>, crate::Refusal>,
    ) {
        let seen = match answer {
            Ok(Some(payload)) => LastActivity::try_from(&payload).ok().map(|last| LastSeen {
                at: asked_at.saturating_sub(last.seconds.saturating_mul(1000)),
                status: last.status,
            }),
            // forbidden, service-unavailable, no answer: unknown.
            _ => None,
        };
        self.events
            .push_back(ClientEvent::LastActivity { jid, seen });
    }

    pub(crate) fn on_own_vcard_read(
        &mut self,
        profile: Profile,
        answer: Result<Option<Element>, crate::Refusal>,
        now: Millis,
    ) {
        match answer {
            Ok(current) => {
                let vcard = profile.apply_to_vcard(current.as_ref());
                self.send_tracked(
                    Iq::set(None, "", vcard),
                    PendingRequest::PublishProfile { profile },
                    now,
                );
            }
            Err(reason) => self.notice(Notice::ProfileNotSaved { reason }),
        }
    }

    pub(crate) fn on_profile_published(
        &mut self,
        profile: Profile,
        answer: Result<Option<Element>, crate::Refusal>,
    ) {
        match answer {
            Ok(_) => {
                if let Some(jid) = self.own_jid() {
                    self.events.push_back(ClientEvent::ContactProfile {
                        jid,
                        profile: Some(profile),
                    });
                }
                self.notice(Notice::ProfileSaved);
            }
            Err(reason) => self.notice(Notice::ProfileNotSaved { reason }),
        }
    }
}

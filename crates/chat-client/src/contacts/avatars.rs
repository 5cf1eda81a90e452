//! Avatars: XEP-0084 (PEP notifications, then the data node) and XEP-0153 (a hash in presence,
//! then the vCard). Every image is checked (size, real type, hash) before it is stored or
//! shown; images are cached by hash, so a contact's avatar is fetched once.

use chat_store::{Changes, Store};
use xmpp_protocol::avatar::{
    avatar_hash, data_element, AvatarInfo, AvatarMetadata, VerifiedAvatar,
};
use xmpp_protocol::pubsub::{items_request, publish, Items};
use xmpp_protocol::vcard::{PhotoUpdate, VCard};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{ns, BareJid, Iq, Jid, Millis, Presence};

use super::{write_json, PendingRequest, AVATAR_INDEX_KEY};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;

fn data_key(hash: &str) -> String {
    format!("avatar:{hash}")
}

impl<S: Store> Client<S> {
    pub(crate) async fn emit_cached_avatars(&mut self) -> Result<(), ClientError> {
        let index: Vec<(String, String)> = self
            .contacts
            .avatars
            .iter()
            .map(|(j, h)| (j.clone(), h.clone()))
            .collect();
        for (jid, hash) in index {
            if let Some(data_url) = self.store.setting(&data_key(&hash)).await? {
                self.events.push_back(ClientEvent::Avatar {
                    jid,
                    data_url: Some(data_url),
                });
            }
        }
        Ok(())
    }

    /// Presence details: the XEP-0153 photo hash, idle time, and when a contact left.
    pub(crate) async fn on_contact_details(
        &mut self,
        presence: &Presence,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(from) = presence.from.as_ref() else {
            return Ok(());
        };
        let jid = from.to_bare().to_string();
        if presence.kind == xmpp_protocol::PresenceKind::Unavailable {
            self.events.push_back(ClientEvent::ContactActivity {
                jid,
                idle_since: None,
                last_seen: Some(now),
            });
            return Ok(());
        }
        let idle_since = match presence.find_payload::<xmpp_protocol::idle::Idle>() {
            Some(Ok(idle)) => Some(idle.since.min(now)),
            _ => None,
        };
        self.events.push_back(ClientEvent::ContactActivity {
            jid: jid.clone(),
            idle_since,
            last_seen: None,
        });
        match presence.find_payload::<PhotoUpdate>() {
            Some(Ok(PhotoUpdate::Hash(hash))) => {
                self.want_avatar(&jid, &hash, AvatarSource::VCard, now, changes)
                    .await
            }
            Some(Ok(PhotoUpdate::NoPhoto)) => {
                self.forget_avatar(&jid, changes);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A PEP notification in a message: avatar metadata or nickname changes.
    pub(crate) async fn on_pep_event(
        &mut self,
        message: &xmpp_protocol::Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(event) = message
            .payloads
            .iter()
            .find(|p| p.is("event", ns::PUBSUB_EVENT))
        else {
            return Ok(());
        };
        let Ok(items) = Items::from_event(event) else {
            return Ok(());
        };
        // Our own server sends our own notifications without a `from`.
        let Some(jid) = message
            .from
            .as_ref()
            .map(|from| from.to_bare().to_string())
            .or_else(|| self.own_jid())
        else {
            return Ok(());
        };
        if items.node == ns::JIBBER_RETENTION {
            let from = message.from.as_ref().map(|from| from.as_bare().clone());
            return self
                .on_retention_event(from.as_ref(), &items, changes)
                .await;
        }
        if items.node == xmpp_protocol::mds::NODE {
            let from = message.from.as_ref().map(|from| from.as_bare().clone());
            return self
                .on_read_sync_event(from.as_ref(), &items, changes)
                .await;
        }
        if items.node == ns::NICK {
            self.on_nick_event(&jid, &items, changes);
            return Ok(());
        }
        if items.node != ns::AVATAR_METADATA {
            return Ok(());
        }
        let Some(payload) = items.items.last().and_then(|item| item.payload.as_ref()) else {
            return Ok(());
        };
        match AvatarMetadata::try_from(payload) {
            Ok(metadata) => match metadata.in_data_node() {
                Some(info) => {
                    self.want_avatar(
                        &jid,
                        &info.id.to_ascii_lowercase(),
                        AvatarSource::Pep,
                        now,
                        changes,
                    )
                    .await
                }
                None => {
                    self.forget_avatar(&jid, changes);
                    Ok(())
                }
            },
            Err(_) => Ok(()),
        }
    }

    async fn want_avatar(
        &mut self,
        jid: &str,
        hash: &str,
        source: AvatarSource,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if self.contacts.avatars.get(jid).map(String::as_str) == Some(hash) {
            return Ok(());
        }
        if let Some(data_url) = self.store.setting(&data_key(hash)).await? {
            self.show_avatar(jid, hash, data_url, None, changes);
            return Ok(());
        }
        let already_asked = self.contacts.pending.values().any(|p| {
            matches!(p, PendingRequest::AvatarData { jid: j, hash: h } | PendingRequest::VCardPhoto { jid: j, hash: h } if j == jid && h == hash)
        });
        let Ok(bare) = jid.parse::<BareJid>() else {
            return Ok(());
        };
        if already_asked {
            return Ok(());
        }
        let (payload, purpose) = match source {
            AvatarSource::Pep => (
                items_request(ns::AVATAR_DATA, Some(hash)),
                PendingRequest::AvatarData {
                    jid: jid.into(),
                    hash: hash.into(),
                },
            ),
            AvatarSource::VCard => (
                VCard::request(),
                PendingRequest::VCardPhoto {
                    jid: jid.into(),
                    hash: hash.into(),
                },
            ),
        };
        self.send_tracked(Iq::get(Some(Jid::Bare(bare)), "", payload), purpose, now);
        Ok(())
    }

    pub(crate) async fn on_avatar_data(
        &mut self,
        jid: &str,
        hash: &str,
        payload: Option<Element>,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(Ok(items)) = payload.as_ref().map(Items::from_result) else {
            return Ok(());
        };
        let data = items
            .items
            .iter()
            .find(|item| item.id.as_deref() == Some(hash))
            .and_then(|item| item.payload.as_ref());
        let Some(data) = data.filter(|d| d.is("data", ns::AVATAR_DATA)) else {
            return Ok(());
        };
        // Anything that is not the image it claims to be is dropped: initials stay.
        if let Ok(avatar) = VerifiedAvatar::from_base64(&data.text(), Some(hash)) {
            self.show_avatar(
                jid,
                hash,
                avatar.data_url(),
                Some(avatar.data_url()),
                changes,
            );
        }
        Ok(())
    }

    pub(crate) async fn on_vcard_photo(
        &mut self,
        jid: &str,
        hash: &str,
        payload: Option<Element>,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(Ok(vcard)) = payload.as_ref().map(VCard::try_from) else {
            return Ok(());
        };
        if let Some(Ok(avatar)) = vcard.verified_photo(hash) {
            self.show_avatar(
                jid,
                hash,
                avatar.data_url(),
                Some(avatar.data_url()),
                changes,
            );
        }
        Ok(())
    }

    /// Records `jid` → `hash` (and the image, when new) and tells the UI.
    fn show_avatar(
        &mut self,
        jid: &str,
        hash: &str,
        data_url: String,
        new_data: Option<String>,
        changes: &mut Changes,
    ) {
        if let Some(data) = new_data {
            changes.settings.push((data_key(hash), Some(data)));
        }
        self.contacts
            .avatars
            .insert(jid.to_owned(), hash.to_owned());
        write_json(changes, AVATAR_INDEX_KEY, &self.contacts.avatars);
        self.events.push_back(ClientEvent::Avatar {
            jid: jid.to_owned(),
            data_url: Some(data_url),
        });
    }

    fn forget_avatar(&mut self, jid: &str, changes: &mut Changes) {
        if self.contacts.avatars.remove(jid).is_some() {
            write_json(changes, AVATAR_INDEX_KEY, &self.contacts.avatars);
            self.events.push_back(ClientEvent::Avatar {
                jid: jid.to_owned(),
                data_url: None,
            });
        }
    }

    /// Publishes our avatar (already resized by the UI) to PEP: data first, then metadata,
    /// which is what contacts are notified of.
    pub async fn set_avatar(
        &mut self,
        bytes: Vec<u8>,
        width: u16,
        height: u16,
        now: Millis,
    ) -> Result<(), ClientError> {
        let avatar = VerifiedAvatar::check(bytes, None).map_err(|e| {
            ClientError::Input(crate::InputProblem::Unacceptable {
                detail: e.to_string(),
            })
        })?;
        if self.session.is_none() {
            return Err(ClientError::NotConnected);
        }
        let hash = avatar_hash(&avatar.bytes);
        let info = AvatarInfo {
            id: hash.clone(),
            bytes: avatar.bytes.len() as u64,
            mime: avatar.mime.to_owned(),
            width: Some(width),
            height: Some(height),
            url: None,
        };
        let data = publish(ns::AVATAR_DATA, &hash, data_element(&avatar.bytes));
        let metadata = publish(
            ns::AVATAR_METADATA,
            &hash,
            AvatarMetadata { infos: vec![info] }.into(),
        );
        self.send_tracked(Iq::set(None, "", data), PendingRequest::PublishAvatar, now);
        self.send_tracked(
            Iq::set(None, "", metadata),
            PendingRequest::PublishAvatar,
            now,
        );
        // A fresh presence carries the new XEP-0153 hash (added by the server) to vCard-only clients.
        if self.contacts.own.show != super::OwnShow::Invisible {
            self.send_own_presence();
        }
        let mut changes = Changes::default();
        if let Some(own) = self.own_jid() {
            self.show_avatar(
                &own,
                &hash,
                avatar.data_url(),
                Some(avatar.data_url()),
                &mut changes,
            );
        }
        self.save(changes).await
    }
}

#[derive(Clone, Copy)]
enum AvatarSource {
    Pep,
    VCard,
}

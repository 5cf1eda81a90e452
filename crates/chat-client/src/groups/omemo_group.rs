//! OMEMO in private groups (members-only and non-anonymous rooms, where everyone sees
//! everyone's address): messages are encrypted once for the devices of every member, admin and
//! owner (from the room's affiliation lists and the present occupants' real JIDs) and the
//! account's other devices, and decrypted by mapping the sender's nick or occupant-id to the
//! real JID the room's presences (or its archive) revealed.
//!
//! A message in such a room never leaves in plaintext unless the user switched encryption off
//! for the group; until the room's features and member lists are known it waits.

use std::collections::{BTreeSet, HashMap};

use chat_store::{
    Changes, ConversationId, EncryptionPreference, Message, MessageEncryption, Millis, SendFailure,
    Store,
};
use omemo::Version;
use xmpp_protocol::muc::admin::AdminQuery;
use xmpp_protocol::muc::{self, Affiliation, MucUser};
use xmpp_protocol::{BareJid, Iq, Jid};

use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;
use crate::omemo::{record_encrypted, Content, Encrypted, KeysRoute, Opened, ReaderStatus};

/// The affiliations whose holders may read a private group (one list request each).
const READING_AFFILIATIONS: [Affiliation; 3] =
    [Affiliation::Member, Affiliation::Admin, Affiliation::Owner];

/// Who is in a private group, as far as OMEMO needs to know.
#[derive(Default)]
pub(crate) struct GroupMembers {
    /// Real bare JIDs of members, admins and owners from the affiliation lists.
    pub listed: BTreeSet<String>,
    /// Affiliation lists asked for and not answered yet.
    pub lists_pending: u8,
    /// Real bare JIDs seen in the room's presences, by nick and by occupant-id, kept after
    /// they leave so their messages in the room's history can still be decrypted.
    pub by_nick: HashMap<String, String>,
    pub by_occupant_id: HashMap<String, String>,
    /// Real bare JIDs present in the room at the last presence.
    pub present: BTreeSet<String>,
}

/// One member of a private group and whether they can read what is sent there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupReader {
    pub jid: String,
    pub status: ReaderStatus,
}

/// Shown instead of a message whose sender's address the room did not reveal.
impl<S: Store> Client<S> {
    /// Members-only and non-anonymous, as the room's disco#info says.
    pub(crate) fn is_private_room(&self, room: &BareJid) -> bool {
        self.groups.rooms.get(room).is_some_and(|entry| {
            entry.features.known && entry.features.members_only && entry.features.non_anonymous
        })
    }

    /// The room's features are known: a private group asks for its member lists (the
    /// outbox goes once they are in), any other room sends what waited for them.
    pub(crate) async fn on_room_features(
        &mut self,
        room: &BareJid,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if !self.is_private_room(room) {
            return self.flush_room_outbox(room, now, changes).await;
        }
        let mut asked = 0;
        for affiliation in READING_AFFILIATIONS {
            let iq = Iq::get(
                Some(Jid::Bare(room.clone())),
                random_id(),
                AdminQuery::list(affiliation),
            );
            let purpose = GroupRequest::MemberList { room: room.clone() };
            if self.send_group_iq(iq, purpose, now) {
                asked += 1;
            }
        }
        self.groups
            .members
            .entry(room.clone())
            .or_default()
            .lists_pending = asked;
        Ok(())
    }

    /// One affiliation list arrived (or was refused: the present occupants still count).
    pub(crate) async fn on_member_list(
        &mut self,
        room: &BareJid,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let members = self.groups.members.entry(room.clone()).or_default();
        members.lists_pending = members.lists_pending.saturating_sub(1);
        if let Some(Ok(query)) = answer.ok().flatten().map(AdminQuery::try_from) {
            for item in query.items {
                if let (Some(jid), true) = (item.jid, is_reading(item.affiliation)) {
                    members.listed.insert(jid.to_bare().to_string());
                }
            }
        }
        if members.lists_pending == 0 {
            self.flush_room_outbox(room, now, changes).await?;
            self.emit_group_readers(room, now);
        }
        Ok(())
    }

    /// Someone was made a member (by us): they read what is sent from now on.
    pub(crate) fn add_group_member(&mut self, room: &BareJid, jid: &BareJid, now: Millis) {
        self.groups
            .members
            .entry(room.clone())
            .or_default()
            .listed
            .insert(jid.to_string());
        self.emit_group_readers(room, now);
    }

    /// Remembers the real JIDs the room's presences revealed, and who holds which affiliation;
    /// in a private group, who can read may have changed.
    pub(crate) fn remember_occupants(&mut self, room: &BareJid, now: Millis) {
        let Some(entry) = self.groups.rooms.get(room) else {
            return;
        };
        let members = self.groups.members.entry(room.clone()).or_default();
        let mut present = BTreeSet::new();
        for occupant in entry.room.occupants.values() {
            let Some(jid) = occupant.jid.as_ref().map(|j| j.to_bare().to_string()) else {
                continue;
            };
            present.insert(jid.clone());
            members.by_nick.insert(occupant.nick.clone(), jid.clone());
            if let Some(id) = &occupant.occupant_id {
                members.by_occupant_id.insert(id.clone(), jid.clone());
            }
            if is_reading(occupant.affiliation) {
                members.listed.insert(jid);
            } else if matches!(occupant.affiliation, Affiliation::Outcast) {
                members.listed.remove(&jid);
            }
        }
        // Someone who just came in may have a new client (and keys) since their device
        // lists were fetched, and nothing tells non-contacts about new devices.
        let arrived: Vec<String> = present.difference(&members.present).cloned().collect();
        // Status changes and nick changes of people already here change nothing for OMEMO.
        let changed = !arrived.is_empty() || present.len() != members.present.len();
        members.present = present;
        for jid in arrived {
            self.refetch_device_lists(&jid);
        }
        if changed {
            self.emit_group_readers(room, now);
        }
    }

    /// Everyone a message in `room` is encrypted for: the listed members and the present
    /// occupants' real JIDs, without this account.
    pub(crate) fn group_members(&self, room: &BareJid) -> Vec<String> {
        let own = self.own_bare().map(|j| j.to_string()).unwrap_or_default();
        let mut all: BTreeSet<String> = self
            .groups
            .members
            .get(room)
            .map(|m| m.listed.clone())
            .unwrap_or_default();
        if let Some(entry) = self.groups.rooms.get(room) {
            all.extend(
                entry
                    .room
                    .occupants
                    .values()
                    .filter_map(|o| o.jid.as_ref().map(|j| j.to_bare().to_string())),
            );
        }
        all.remove(&own);
        all.into_iter().collect()
    }

    /// Sends a pending group message: encrypted in a private group (unless switched off), in
    /// plaintext elsewhere; it waits while the room's features, members or keys are unknown.
    pub(crate) async fn send_group(
        &mut self,
        message: Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Message, ClientError> {
        let mut message = message;
        let Some(room) = self.writable_room(&mut message, changes) else {
            return Ok(message);
        };
        let features_known = self
            .groups
            .rooms
            .get(&room)
            .is_some_and(|e| e.features.known);
        if !features_known {
            // Sent once disco#info says whether the group is private.
            return Ok(message);
        }
        let preference = self
            .conversation_for_update(&message.conversation, changes)
            .await?
            .encryption;
        if !self.is_private_room(&room) || preference == EncryptionPreference::Off {
            return Ok(self.send_group_plain(&room, message));
        }
        if self
            .groups
            .members
            .get(&room)
            .is_some_and(|m| m.lists_pending > 0)
        {
            return Ok(message);
        }
        let peers = self.group_members(&room);
        match self.prepare_keys_for(&peers, now) {
            KeysRoute::Wait => {
                self.wait_for_keys(message.clone());
                Ok(message)
            }
            KeysRoute::Unavailable(why) => {
                Ok(self.fail(message, SendFailure::GroupCannotEncrypt { why }, changes))
            }
            KeysRoute::Ready(version) => {
                self.send_group_encrypted(&room, message, &peers, version, now, changes)
            }
        }
    }

    /// Encrypts `text` (a correction) for a group's members right now: `None` where the group
    /// is not encrypted, the reason when it cannot be encrypted yet (it never goes in plaintext).
    pub(crate) async fn encrypt_group_text_now(
        &mut self,
        room: &BareJid,
        text: &str,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Option<xmpp_protocol::omemo::OmemoEncrypted>, ClientError> {
        let preference = self
            .conversation_for_update(&ConversationId::group(room.to_string()), changes)
            .await
            .map(|c| c.encryption)
            .unwrap_or_default();
        if !self.is_private_room(room) || preference == EncryptionPreference::Off {
            return Ok(None);
        }
        let peers = self.group_members(room);
        let version = match self.prepare_keys_for(&peers, now) {
            KeysRoute::Ready(version) => version,
            KeysRoute::Wait => return Err(ClientError::KeysPending),
            KeysRoute::Unavailable(why) => {
                return Err(ClientError::NotSent(SendFailure::GroupCannotEncrypt {
                    why,
                }))
            }
        };
        let content = Content {
            text,
            extra: Vec::new(),
            envelope_to: room,
            version,
        };
        let outcome = self
            .encrypt_for(&peers, content, now, changes)
            .map_err(ClientError::NotSent)?;
        let nobody = !peers.is_empty() && outcome.left_out.len() >= peers.len();
        match outcome.encrypted.filter(|_| !nobody) {
            Some(encrypted) => Ok(Some(encrypted)),
            None => Err(ClientError::NotSent(SendFailure::GroupNobodyCanRead {
                devices: outcome.reasons,
            })),
        }
    }

    fn send_group_encrypted(
        &mut self,
        room: &BareJid,
        mut message: Message,
        peers: &[String],
        version: Version,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Message, ClientError> {
        let (text, extra) = Self::encrypted_text(&message, version);
        let content = Content {
            text: &text,
            extra,
            envelope_to: room,
            version,
        };
        let outcome = match self.encrypt_for(peers, content, now, changes) {
            Ok(outcome) => outcome,
            Err(why) => return Ok(self.fail(message, why, changes)),
        };
        let Encrypted {
            encrypted,
            device_id,
            left_out,
            reasons,
        } = outcome;
        let nobody = !peers.is_empty() && left_out.len() >= peers.len();
        let Some(encrypted) = encrypted.filter(|_| !nobody) else {
            let why = if peers.is_empty() {
                SendFailure::GroupAlone
            } else {
                SendFailure::GroupNobodyCanRead { devices: reasons }
            };
            return Ok(self.fail(message, why, changes));
        };
        let mut stanza = muc::groupchat_message(room, "", &message.id);
        // Only the standard "this message is encrypted" hint goes in plaintext.
        stanza.body = None;
        encrypted.attach_to(&mut stanza);
        record_encrypted(&mut message, device_id, changes);
        self.hand_to_room(&message, stanza);
        self.emit_group_readers(room, now);
        Ok(message)
    }

    /// Opens a group message that may be OMEMO encrypted. `ours` when it came from this
    /// account (another device, or this one's history); `archived` when it came from the
    /// room's archive, whose `<x/>` item names the sender's real JID in non-anonymous rooms.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn open_group_message(
        &mut self,
        message: &xmpp_protocol::Message,
        room: &BareJid,
        nick: &str,
        occupant_id: Option<&str>,
        ours: bool,
        archived: bool,
        stamp: Option<Millis>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Opened, ClientError> {
        if !crate::omemo::is_encrypted(message) {
            return Ok(Opened::Plain);
        }
        let sender = if ours {
            self.own_bare()
        } else {
            self.real_jid_of(room, nick, occupant_id)
                .or_else(|| archived.then(|| archived_sender(message)).flatten())
        };
        let Some(sender) = sender else {
            return Ok(Opened::Content {
                body: String::new(),
                encryption: MessageEncryption::Undecryptable {
                    reason: chat_store::Unreadable::UnknownGroupSender.into(),
                },
                payloads: Vec::new(),
            });
        };
        self.open_omemo(message, &sender, room, stamp, now, changes)
            .await
    }

    /// The real JID behind an occupant: its occupant-id first (stable across nick changes),
    /// then its nick, as present now or as seen earlier.
    fn real_jid_of(
        &self,
        room: &BareJid,
        nick: &str,
        occupant_id: Option<&str>,
    ) -> Option<BareJid> {
        let entry = self.groups.rooms.get(room)?;
        let present = entry.room.occupants.values().find(|o| match occupant_id {
            Some(id) => o.occupant_id.as_deref() == Some(id),
            None => o.nick == nick,
        });
        let remembered = self
            .groups
            .members
            .get(room)
            .and_then(|m| match occupant_id {
                Some(id) => m.by_occupant_id.get(id),
                None => m.by_nick.get(nick),
            });
        present
            .and_then(|o| o.jid.as_ref().map(|j| j.to_bare().to_string()))
            .or_else(|| remembered.cloned())
            .and_then(|jid| jid.parse().ok())
    }

    /// Tells the UI who can read a private group's messages.
    pub(crate) fn emit_group_readers(&mut self, room: &BareJid, now: Millis) {
        if !self.is_private_room(room) {
            return;
        }
        let peers = self.group_members(room);
        // Asking is what fetches the device lists and bundles of members not seen yet.
        let _ = self.prepare_keys_for(&peers, now);
        let readers = peers
            .into_iter()
            .map(|jid| GroupReader {
                status: self.reader_status(&jid),
                jid,
            })
            .collect();
        self.events.push_back(ClientEvent::GroupReaders {
            room: room.to_string(),
            readers,
        });
    }

    /// Keys arrived: every private group's list of readers may have changed.
    pub(crate) fn emit_private_group_readers(&mut self, now: Millis) {
        let rooms: Vec<BareJid> = self
            .groups
            .rooms
            .keys()
            .filter(|room| self.is_private_room(room))
            .cloned()
            .collect();
        for room in rooms {
            self.emit_group_readers(&room, now);
        }
    }

    /// The UI shows a group: who can read what is sent there.
    pub fn show_group_readers(&mut self, room: &str, now: Millis) {
        if let Ok(room) = room.parse::<BareJid>() {
            self.emit_group_readers(&room, now);
        }
    }

    /// The members of a private group and whether each can read encrypted messages now.
    pub fn group_readers(&self, room: &str) -> Vec<GroupReader> {
        let Ok(room) = room.parse::<BareJid>() else {
            return Vec::new();
        };
        self.group_members(&room)
            .into_iter()
            .map(|jid| GroupReader {
                status: self.reader_status(&jid),
                jid,
            })
            .collect()
    }
}

fn is_reading(affiliation: Affiliation) -> bool {
    matches!(
        affiliation,
        Affiliation::Member | Affiliation::Admin | Affiliation::Owner
    )
}

/// The real JID a non-anonymous room's archive adds to a message (`<x><item jid/></x>`).
fn archived_sender(message: &xmpp_protocol::Message) -> Option<BareJid> {
    message
        .find_payload::<MucUser>()
        .and_then(Result::ok)
        .and_then(|x| x.item.and_then(|item| item.jid))
        .map(|jid| jid.to_bare())
}

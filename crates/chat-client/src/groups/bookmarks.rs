//! XEP-0402 bookmarks: the rooms this account takes part in, on every device. Joining a room
//! bookmarks it with autojoin; leaving removes the bookmark; after a login every autojoin
//! bookmark is joined.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::muc::room::{Room, RoomState};
use xmpp_protocol::muc::Bookmark;
use xmpp_protocol::pubsub::Items;
use xmpp_protocol::{BareJid, Iq};

use super::iq::{Answer, GroupRequest};
use super::{KnownRoom, RoomEntry, RoomFeatures};
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;

impl<S: Store> Client<S> {
    pub(crate) fn fetch_bookmarks(&mut self, now: Millis) {
        let iq = Iq::get(None, random_id(), Bookmark::fetch());
        self.send_group_iq(iq, GroupRequest::Bookmarks, now);
    }

    pub(crate) fn bookmark_for(&self, room: &BareJid) -> Option<Bookmark> {
        let entry = self.groups.rooms.get(room)?;
        Some(Bookmark {
            room: room.clone(),
            name: entry.known.name.clone(),
            nick: Some(entry.known.nick.clone()),
            password: entry.known.password.clone(),
            autojoin: true,
        })
    }

    pub(crate) fn publish_bookmark(&mut self, bookmark: &Bookmark, now: Millis) {
        let iq = Iq::set(None, random_id(), bookmark.publish());
        self.send_group_iq(iq, GroupRequest::BookmarkChange, now);
    }

    pub(crate) fn retract_bookmark(&mut self, room: &BareJid, now: Millis) {
        let iq = Iq::set(None, random_id(), Bookmark::retract(room));
        self.send_group_iq(iq, GroupRequest::BookmarkChange, now);
    }

    /// The bookmark list: join every autojoin room we are not in yet. A missing node
    /// (`item-not-found`) just means no bookmarks.
    pub(crate) async fn on_bookmarks(
        &mut self,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Ok(Some(payload)) = answer else {
            return Ok(());
        };
        let Ok(items) = Items::from_result(payload) else {
            return Ok(());
        };
        let mut joined_any = false;
        for item in &items.items {
            let Ok(bookmark) = Bookmark::from_item(item) else {
                continue;
            };
            if !bookmark.autojoin || self.groups.rooms.contains_key(&bookmark.room) {
                continue;
            }
            let nick = bookmark
                .nick
                .clone()
                .filter(|n| !n.trim().is_empty())
                .or_else(|| self.own_bare().and_then(|o| o.node().map(str::to_owned)))
                .unwrap_or_else(|| "me".into());
            let mut room = Room::new(bookmark.room.clone(), nick.clone());
            room.state = RoomState::Left;
            self.groups.rooms.insert(
                bookmark.room.clone(),
                RoomEntry {
                    room,
                    known: KnownRoom {
                        jid: bookmark.room.to_string(),
                        nick,
                        name: bookmark.name.clone(),
                        password: bookmark.password.clone(),
                    },
                    features: RoomFeatures::default(),
                    create: None,
                    problem: None,
                },
            );
            self.ensure_group_conversation(&bookmark.room, changes)
                .await?;
            self.send_join(&bookmark.room, now);
            joined_any = true;
        }
        if joined_any {
            self.persist_rooms(changes);
            self.emit_rooms();
        }
        Ok(())
    }
}

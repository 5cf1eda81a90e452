//! XEP-0402 bookmarks: the rooms this account takes part in, on every device. Joining a room
//! bookmarks it with autojoin; leaving removes the bookmark; after a login every autojoin
//! bookmark is joined.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::muc::room::{Room, RoomState};
use xmpp_protocol::muc::Bookmark;
use xmpp_protocol::omemo::{NodeConfiguration, PublishRecovery, PublishRequest};
use xmpp_protocol::pubsub::Items;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Iq, StanzaError};

use super::iq::{Answer, GroupRequest};
use super::{KnownRoom, RoomEntry};
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
        self.send_bookmark(bookmark.publish_request(), 0, None, now);
        self.mirror_legacy_bookmark(&bookmark.room, Some(bookmark), now);
    }

    pub(super) fn send_bookmark(
        &mut self,
        request: PublishRequest,
        attempt: u8,
        then_configure: Option<PublishRequest>,
        now: Millis,
    ) {
        let iq = Iq::set(None, random_id(), Element::from(&request));
        let purpose = GroupRequest::BookmarkPublish {
            request: Box::new(request),
            attempt,
            then_configure: then_configure.map(Box::new),
        };
        self.send_group_iq(iq, purpose, now);
    }

    /// A refused bookmark publish, repaired once as OMEMO's publishes are: configure the node
    /// and publish again, or publish with fewer options and configure the node after.
    pub(super) fn on_bookmark_refused(
        &mut self,
        request: PublishRequest,
        attempt: u8,
        error: Option<&StanzaError>,
        now: Millis,
    ) {
        let recovery = if attempt == 0 {
            request.recovery(error)
        } else {
            PublishRecovery::GiveUp
        };
        match recovery {
            PublishRecovery::ConfigureThenRepublish => {
                self.configure_bookmarks(request, attempt + 1, true, now);
            }
            PublishRecovery::PublishReducedThenConfigure(reduced) => {
                self.send_bookmark(*reduced, attempt + 1, Some(request), now);
            }
            PublishRecovery::GiveUp => self.bookmark_change_failed(error),
        }
    }

    pub(super) fn configure_bookmarks(
        &mut self,
        request: PublishRequest,
        attempt: u8,
        republish: bool,
        now: Millis,
    ) {
        let iq = Iq::set(
            None,
            random_id(),
            NodeConfiguration::matching(&request).into(),
        );
        let purpose = GroupRequest::BookmarkConfigure {
            request: Box::new(request),
            attempt,
            republish,
        };
        self.send_group_iq(iq, purpose, now);
    }

    pub(super) fn bookmark_change_failed(&mut self, error: Option<&StanzaError>) {
        self.notice(crate::Notice::BookmarksNotSynced {
            reason: crate::Refusal::from_error(error),
        });
    }

    pub(crate) fn retract_bookmark(&mut self, room: &BareJid, now: Millis) {
        let iq = Iq::set(None, random_id(), Bookmark::retract(room));
        self.send_group_iq(iq, GroupRequest::BookmarkRetract, now);
        self.mirror_legacy_bookmark(room, None, now);
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
        let bookmarks = items
            .items
            .iter()
            .filter_map(|item| Bookmark::from_item(item).ok())
            .collect();
        self.join_bookmarks(bookmarks, now, changes).await
    }

    /// Joins every autojoin bookmark's room we are not in yet (XEP-0402 or XEP-0048 ones).
    pub(crate) async fn join_bookmarks(
        &mut self,
        bookmarks: Vec<Bookmark>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let mut joined_any = false;
        for bookmark in bookmarks {
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
                RoomEntry::new(
                    room,
                    KnownRoom {
                        jid: bookmark.room.to_string(),
                        nick,
                        name: bookmark.name.clone(),
                        password: bookmark.password.clone(),
                    },
                ),
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

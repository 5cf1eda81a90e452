//! XEP-0048 compatibility: at every login the bookmarks other clients kept in private XML
//! storage (`jabber:iq:private`, `storage:bookmarks`) and on the PEP node `storage:bookmarks`
//! are read too, and their autojoin rooms joined like XEP-0402 ones. When private storage held
//! bookmarks, joins and leaves rewrite it, so clients that only read it follow along.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::muc::legacy_bookmarks::{
    private_request, private_write, read_pep_storage, read_storage, STORAGE_BOOKMARKS,
};
use xmpp_protocol::muc::Bookmark;
use xmpp_protocol::pubsub::items_request;
use xmpp_protocol::{BareJid, Iq};

use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;

impl<S: Store> Client<S> {
    pub(crate) fn fetch_legacy_bookmarks(&mut self, now: Millis) {
        let iq = Iq::get(None, random_id(), private_request());
        self.send_group_iq(iq, GroupRequest::LegacyBookmarks, now);
        let iq = Iq::get(None, random_id(), items_request(STORAGE_BOOKMARKS, None));
        self.send_group_iq(iq, GroupRequest::LegacyPepBookmarks, now);
    }

    /// Private storage without bookmarks (or a server without it) just means none.
    pub(crate) async fn on_legacy_bookmarks(
        &mut self,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Ok(Some(payload)) = answer else {
            return Ok(());
        };
        let bookmarks = read_storage(payload);
        if !bookmarks.is_empty() {
            self.groups.legacy_bookmarks = Some(bookmarks.clone());
        }
        self.join_bookmarks(bookmarks, now, changes).await
    }

    /// A missing node (`item-not-found`) or no PEP just means none.
    pub(crate) async fn on_legacy_pep_bookmarks(
        &mut self,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Ok(Some(payload)) = answer else {
            return Ok(());
        };
        self.join_bookmarks(read_pep_storage(payload), now, changes)
            .await
    }

    /// Puts `bookmark` (or, when `None`, removes `room`) in the private-storage copy and
    /// writes it back when it changed; nothing when the account never had one.
    pub(crate) fn mirror_legacy_bookmark(
        &mut self,
        room: &BareJid,
        bookmark: Option<&Bookmark>,
        now: Millis,
    ) {
        let Some(stored) = self.groups.legacy_bookmarks.as_mut() else {
            return;
        };
        let before = stored.clone();
        stored.retain(|b| &b.room != room);
        if let Some(bookmark) = bookmark {
            stored.push(bookmark.clone());
        }
        stored.sort_by_key(|b| b.room.to_string());
        let mut before_sorted = before;
        before_sorted.sort_by_key(|b| b.room.to_string());
        if *stored == before_sorted {
            return;
        }
        let iq = Iq::set(None, random_id(), private_write(stored));
        self.send_group_iq(iq, GroupRequest::LegacyBookmarksWrite, now);
    }
}

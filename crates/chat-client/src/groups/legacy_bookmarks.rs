//! XEP-0048 compatibility: at every login the bookmarks other clients kept in private XML
//! storage (`jabber:iq:private`, `storage:bookmarks`) are read too, and their autojoin rooms
//! joined like XEP-0402 ones. Writing the old storage back is not done: Jibber publishes
//! XEP-0402, which servers with XEP-0402/0048 sync (Prosody's mod_bookmarks) mirror.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::muc::legacy_bookmarks::{private_request, read_storage};
use xmpp_protocol::Iq;

use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;

impl<S: Store> Client<S> {
    pub(crate) fn fetch_legacy_bookmarks(&mut self, now: Millis) {
        let iq = Iq::get(None, random_id(), private_request());
        self.send_group_iq(iq, GroupRequest::LegacyBookmarks, now);
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
        self.join_bookmarks(read_storage(payload), now, changes)
            .await
    }
}

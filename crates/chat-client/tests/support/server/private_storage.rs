//! The fake server's private XML storage (XEP-0049), as far as XEP-0048 bookmarks need it:
//! a test stores a user's `<storage xmlns='storage:bookmarks'>` and a `get` returns it.

use std::collections::HashMap;

use xmpp_protocol::xml::Element;

use super::{ConnId, FakeServer, CLIENT};

const PRIVATE: &str = "jabber:iq:private";

#[derive(Default)]
pub(super) struct PrivateStorage {
    /// By bare user JID: the stored `<storage/>` element's XML.
    bookmarks: HashMap<String, String>,
}

impl FakeServer {
    /// Stores `storage` (a `<storage xmlns='storage:bookmarks'>` document) for `user`.
    pub fn set_legacy_bookmarks(&mut self, user: &str, storage: &str) {
        self.private_storage
            .bookmarks
            .insert(user.to_owned(), storage.to_owned());
    }

    /// The user's stored `<storage/>` document, as last written.
    pub fn legacy_bookmarks(&self, user: &str) -> Option<String> {
        self.private_storage.bookmarks.get(user).cloned()
    }

    pub(super) fn private_storage_iq(&mut self, id: ConnId, iq: &Element) -> bool {
        let Some(query) = iq.get_child("query", PRIVATE) else {
            return false;
        };
        let Some(storage) = query.get_child("storage", "storage:bookmarks") else {
            return false;
        };
        let Some(user) = self.conns.get(&id).and_then(|c| c.full_jid.clone()) else {
            return true;
        };
        let bare = user.split('/').next().unwrap_or_default().to_owned();
        if iq.attr("type") == Some("set") {
            self.private_storage
                .bookmarks
                .insert(bare, storage.to_xml());
            let iq_id = iq.attr("id").unwrap_or_default();
            self.send(
                id,
                format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
            );
            return true;
        }
        let stored = self
            .private_storage
            .bookmarks
            .get(&bare)
            .cloned()
            .unwrap_or_else(|| "<storage xmlns='storage:bookmarks'/>".to_owned());
        let iq_id = iq.attr("id").unwrap_or_default();
        self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'><query xmlns='{PRIVATE}'>{stored}</query></iq>"));
        true
    }
}

//! The tab's `sessionStorage`, which survives a reload of the tab and nothing else, as the
//! place of the stream resumption's copy (`resume_copy`).

use web_sys::Storage;

use crate::resume_copy::KeyValue;

pub(crate) struct SessionStorage(Storage);

impl SessionStorage {
    pub(crate) fn get() -> Option<Self> {
        web_sys::window()?
            .session_storage()
            .ok()
            .flatten()
            .map(Self)
    }
}

impl KeyValue for SessionStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        self.0.set_item(key, value).is_ok()
    }

    fn remove(&mut self, key: &str) {
        let _ = self.0.remove_item(key);
    }
}

//! Keeps this tab's stream resumption in `sessionStorage`, which survives a reload of the tab
//! and nothing else, so the reloaded page resumes the stream (see `Client::saved_resume`).

use web_sys::Storage;

const KEY: &str = "jibber.resume";

fn storage() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// What the previous page of this tab left, once (it is taken).
pub(crate) fn take() -> Option<String> {
    let storage = storage()?;
    let saved = storage.get_item(KEY).ok().flatten();
    let _ = storage.remove_item(KEY);
    saved
}

/// Saves the current resumption (or forgets it, with `None`).
pub(crate) fn save(saved: Option<&str>) {
    let Some(storage) = storage() else { return };
    // Best effort: without it a reload falls back to a fresh session and the archive.
    let _ = match saved {
        Some(value) => storage.set_item(KEY, value),
        None => storage.remove_item(KEY),
    };
}

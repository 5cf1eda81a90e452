//! Which language the page speaks: `?lang=` in the address, else the one chosen in settings
//! (kept in `localStorage`), else the first of `navigator.languages` we have, else English.
//! `<html lang>` follows, so screen readers pronounce the page right.

use std::cell::Cell;

use leptos::prelude::*;

use super::{set_lang, Lang};

const STORAGE_KEY: &str = "jibber.lang";

thread_local! {
    // Created by `init` before anything is mounted, so no view owns (and disposes) it.
    static SIGNAL: RwSignal<Lang> = RwSignal::new(Lang::En);
    // Set by a switch in settings, so the rebuilt settings open again where the user was.
    static SWITCHED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the screen is being rebuilt after a switch in settings (asked once).
pub fn take_switched() -> bool {
    SWITCHED.with(|switched| switched.replace(false))
}

/// The reactive language: reading it in a view re-renders that view on a switch.
pub fn lang_signal() -> RwSignal<Lang> {
    SIGNAL.with(|signal| *signal)
}

/// Picks the language at start-up.
pub fn init() {
    let lang = from_query()
        .or_else(from_storage)
        .or_else(from_browser)
        .unwrap_or_default();
    apply(lang);
}

/// Picks the widget's language: its `lang` option, else the stored choice, else the browser's.
/// The host page's query string and `<html lang>` belong to the host and are left alone.
pub fn init_widget(option: Option<&str>) {
    let lang = option
        .and_then(Lang::from_tag)
        .or_else(from_storage)
        .or_else(from_browser)
        .unwrap_or_default();
    set_lang(lang);
    lang_signal().set(lang);
}

/// The user's choice in settings: kept for the next visits and applied at once.
pub fn choose(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.tag());
    }
    SWITCHED.with(|switched| switched.set(true));
    apply(lang);
}

fn apply(lang: Lang) {
    set_lang(lang);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
    lang_signal().set(lang);
}

/// `lang` from the page's query string (`?lang=it`).
pub fn from_query() -> Option<Lang> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "lang")
        .and_then(|(_, value)| Lang::from_tag(value))
}

fn from_storage() -> Option<Lang> {
    Lang::from_tag(&local_storage()?.get_item(STORAGE_KEY).ok()??)
}

fn from_browser() -> Option<Lang> {
    let languages = web_sys::window()?.navigator().languages();
    languages
        .iter()
        .filter_map(|value| value.as_string())
        .find_map(|tag| Lang::from_tag(&tag))
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

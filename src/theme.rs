//! Light or dark: the stylesheet follows the system unless `data-theme` says otherwise. The
//! `theme` option sets the start; a choice made in the app is remembered on this device and
//! wins over it.

use std::cell::RefCell;

use chat_client::app_options::{AppOptions, Theme};

use crate::embedding::Embedding;

thread_local! {
    /// The element carrying `data-theme` (the page's root, or the widget's) and the storage
    /// key for the user's choice.
    static TARGET: RefCell<Option<(web_sys::Element, &'static str)>> = const { RefCell::new(None) };
}

pub fn install(root: &web_sys::HtmlElement, embedding: Embedding, options: &AppOptions) {
    let (target, key) = match embedding {
        Embedding::Hosted => (
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element()),
            "jibber.theme",
        ),
        Embedding::Widget => (Some(root.clone().into()), "jibber-widget.theme"),
    };
    let Some(target) = target else {
        return;
    };
    if let Some(lang) = &options.lang {
        let _ = target.set_attribute("lang", lang);
    }
    let theme = stored(key).unwrap_or(options.theme);
    let _ = target.set_attribute("data-theme", theme.as_str());
    TARGET.with(|cell| *cell.borrow_mut() = Some((target, key)));
}

/// The theme in force now.
pub fn current() -> Theme {
    TARGET.with(|cell| {
        cell.borrow()
            .as_ref()
            .and_then(|(target, _)| target.get_attribute("data-theme"))
            .and_then(|value| Theme::parse(&value))
            .unwrap_or_default()
    })
}

/// Applies and remembers the user's choice.
pub fn choose(theme: Theme) {
    TARGET.with(|cell| {
        if let Some((target, key)) = cell.borrow().as_ref() {
            let _ = target.set_attribute("data-theme", theme.as_str());
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(key, theme.as_str());
            }
        }
    });
}

fn stored(key: &str) -> Option<Theme> {
    Theme::parse(&local_storage()?.get_item(key).ok().flatten()?)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

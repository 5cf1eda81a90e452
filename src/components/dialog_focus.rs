//! Focus for dialogs (confirmations and the inline ones: new group, invite, room browser,
//! member list, room settings): focus moves into a dialog when it opens, Tab and
//! Shift+Tab stay inside it, Escape closes it, and closing returns focus to the button that
//! opened it (found by id, since that button may be rebuilt while the dialog is shown).

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

fn focusables(container: &Element) -> Vec<HtmlElement> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focuses the dialog's `autofocus` control (the safe choice, e.g. Cancel), else its first,
/// each time it is put in the page.
pub fn focus_on_open<E>(dialog: NodeRef<E>)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(element) = dialog
            .get()
            .and_then(|node| node.dyn_into::<Element>().ok())
        {
            request_animation_frame(move || {
                let preferred = element
                    .query_selector("[autofocus]")
                    .ok()
                    .flatten()
                    .and_then(|found| found.dyn_into::<HtmlElement>().ok());
                if let Some(target) = preferred.or_else(|| focusables(&element).into_iter().next())
                {
                    let _ = target.focus();
                }
            });
        }
    });
}

/// The dialog's keydown handler: Tab cycles through its controls, Escape calls `close`.
pub fn on_keydown(event: &KeyboardEvent, close: impl Fn()) {
    if event.key() == "Escape" {
        event.prevent_default();
        close();
        return;
    }
    if event.key() != "Tab" {
        return;
    }
    let Some(dialog) = event
        .current_target()
        .and_then(|target| target.dyn_into::<Element>().ok())
    else {
        return;
    };
    let controls = focusables(&dialog);
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = document().active_element();
    let wrap_to = if event.shift_key() && active.as_ref() == Some(first.as_ref()) {
        Some(last)
    } else if !event.shift_key() && active.as_ref() == Some(last.as_ref()) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to {
        event.prevent_default();
        let _ = target.focus();
    }
}

/// Gives focus back to the element with `id` (the dialog's opener) after the next render.
pub fn return_focus(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

//! Keyboard shortcuts (listed in the help dialog, `?` or the Preferences button):
//! Alt+↓ / Alt+↑ next / previous chat, Ctrl+K (⌘K) search contacts, Escape closes the open
//! dialog or panel, `?` shows the list.

use chat_client::web::ClientHandle;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::show_conversation;
use crate::embedding::Embedding;
use crate::i18n::{t, Msg};
use crate::state::AppState;

/// Whether the shortcuts dialog is open (a context value).
#[derive(Clone, Copy)]
pub struct ShortcutsHelp(pub RwSignal<bool>);

/// The shortcuts and what they do, as the dialog lists them.
const SHORTCUTS: &[(&str, Msg)] = &[
    ("Alt + ↓", Msg::ShortcutNextChat),
    ("Alt + ↑", Msg::ShortcutPreviousChat),
    ("Ctrl + K", Msg::SearchContacts),
    ("Escape", Msg::ShortcutClose),
    ("?", Msg::ShortcutHelp),
];

/// Listens on the whole page (hosted) or on the widget's root only (never the host's keys).
pub fn install(
    root: &web_sys::HtmlElement,
    state: AppState,
    handle: ClientHandle,
    embedding: Embedding,
) {
    let help = ShortcutsHelp(RwSignal::new(false));
    provide_context(help);
    let search_root = root.clone();
    let listener =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
            let typing = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            let key = event.key();
            let handled = match key.as_str() {
                "ArrowDown" | "ArrowUp" if event.alt_key() => {
                    step_chat(
                        state,
                        handle.clone(),
                        if key == "ArrowDown" { 1 } else { -1 },
                    );
                    true
                }
                "k" | "K" if event.ctrl_key() || event.meta_key() => focus_search(&search_root),
                "Escape" if !typing => close_open(&search_root, help),
                "?" if !typing => {
                    help.0.set(true);
                    true
                }
                _ => false,
            };
            if handled {
                event.prevent_default();
            }
        });
    let target: Option<web_sys::EventTarget> = match embedding {
        Embedding::Hosted => web_sys::window().map(Into::into),
        Embedding::Widget => Some(root.clone().into()),
    };
    if let Some(target) = target {
        let _ =
            target.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// Opens the chat `offset` places away from the open one in the chat list (wrapping around).
fn step_chat(state: AppState, handle: ClientHandle, offset: isize) {
    let ids: Vec<_> = state
        .conversations
        .with_untracked(|list| list.iter().map(|c| c.id.clone()).collect());
    if ids.is_empty() {
        return;
    }
    let len = ids.len() as isize;
    let current = state.active.with_untracked(|active| {
        active
            .as_ref()
            .and_then(|a| ids.iter().position(|id| id == a))
    });
    let next = match current {
        Some(index) => (index as isize + offset).rem_euclid(len),
        None if offset > 0 => 0,
        None => len - 1,
    };
    if let Some(id) = usize::try_from(next).ok().and_then(|i| ids.get(i)) {
        show_conversation(state, handle, id.clone());
    }
}

fn focus_search(root: &web_sys::HtmlElement) -> bool {
    let Ok(Some(search)) = root.query_selector("[data-testid=roster-search]") else {
        return false;
    };
    search
        .dyn_into::<web_sys::HtmlElement>()
        .is_ok_and(|input| input.focus().is_ok())
}

/// Escape closes the shortcuts dialog, else the innermost open `<details>` panel.
fn close_open(root: &web_sys::HtmlElement, help: ShortcutsHelp) -> bool {
    if help.0.get_untracked() {
        help.0.set(false);
        return true;
    }
    let Ok(open) = root.query_selector_all("details[open]") else {
        return false;
    };
    match open.item(open.length().saturating_sub(1)) {
        Some(details) => details
            .dyn_into::<web_sys::Element>()
            .is_ok_and(|el| el.remove_attribute("open").is_ok()),
        None => false,
    }
}

#[component]
pub fn ShortcutsDialog() -> impl IntoView {
    let help = use_context::<ShortcutsHelp>().map(|h| h.0);
    let open = move || help.is_some_and(|h| h.get());
    let close = move |_| {
        if let Some(h) = help {
            h.set(false);
        }
    };
    view! {
        <Show when=open>
            <div class="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts-dialog">
                <h2 id="shortcuts-title">{t(Msg::KeyboardShortcuts)}</h2>
                <dl>
                    {SHORTCUTS.iter().map(|(keys, what)| view! {
                        <div class="shortcut"><dt><kbd>{*keys}</kbd></dt><dd>{t(*what)}</dd></div>
                    }).collect_view()}
                </dl>
                <button class="ghost" data-testid="shortcuts-close" on:click=close>{t(Msg::Close)}</button>
            </div>
        </Show>
    }
}

//! Start-up: read the deployment config, open storage, start the client driver, mount.

use std::rc::Rc;

use chat_client::web::{load_config, spawn, ClientHandle};
use chat_client::ClientEvent;
use chat_store::{MemoryStore, StoreError};
use chat_store_indexeddb::IndexedDbStore;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use crate::app::App;
use crate::state::AppState;

const DATABASE: &str = "jibber";
/// How often a blocked schema upgrade is tried again while another tab holds the old schema.
const BLOCKED_RETRY_MS: u32 = 1_000;

pub fn start() {
    let state = AppState::new();
    wasm_bindgen_futures::spawn_local(async move {
        let config = load_config("config.json").await;
        let on_event: Rc<dyn Fn(ClientEvent)> = Rc::new(move |event| state.apply(event));
        let handle = match open_store_waiting_for_other_tabs().await {
            Ok(store) => spawn(store, config, on_event),
            Err(error) => {
                // Private windows and full disks refuse IndexedDB: chat anyway, and say that
                // nothing will be kept.
                state.storage_error.set(Some(format!(
                    "This browser refused local storage ({error}). Jibber works, but forgets everything when the page closes."
                )));
                spawn(MemoryStore::new(), config, on_event)
            }
        };
        mount(state, handle);
    });
}

/// Opens the database. A tab of an older release holding the old schema blocks the upgrade:
/// the page says so and tries again until that tab lets go, instead of starting without
/// storage (which would hide the stored chats and lose what arrives meanwhile).
async fn open_store_waiting_for_other_tabs() -> Result<IndexedDbStore, StoreError> {
    let mut told = false;
    loop {
        match IndexedDbStore::open(DATABASE).await {
            Err(StoreError::Blocked(_)) => {
                if !told {
                    show_before_mount(
                        "storage-blocked",
                        "Jibber was updated, but another Jibber tab still uses the previous version. \
                         Close or reload that tab to continue; nothing stored is lost.",
                    );
                    told = true;
                }
                TimeoutFuture::new(BLOCKED_RETRY_MS).await;
            }
            other => return other,
        }
    }
}

/// Replaces the loading text with `text` (as text) until the app is mounted.
fn show_before_mount(testid: &str, text: &str) {
    let document = document();
    let (Some(root), Ok(message)) = (
        document.get_element_by_id("app"),
        document.create_element("p"),
    ) else {
        return;
    };
    message.set_text_content(Some(text));
    let _ = message.set_attribute("class", "loading warning");
    let _ = message.set_attribute("role", "alert");
    let _ = message.set_attribute("data-testid", testid);
    root.set_inner_html("");
    let _ = root.append_child(&message);
}

/// "Forget this device": the client has already wiped the store; the database itself goes too.
/// The deletion waits for this page's connection, which the reload closes, and the next
/// page's open waits for the deletion, so it starts from an empty database.
pub fn delete_database_and_reload() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(factory)) = window.indexed_db() {
        let _ = factory.delete_database(DATABASE);
    }
    let _ = window.location().reload();
}

fn mount(state: AppState, handle: ClientHandle) {
    let Some(root) = document().get_element_by_id("app") else {
        return;
    };
    root.set_inner_html("");
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else {
        return;
    };
    crate::components::activity::install(handle.clone());
    let unmount = leptos::mount::mount_to(root, move || {
        provide_context(state);
        provide_context(handle.clone());
        view! { <App/> }
    });
    // The app lives as long as the page.
    unmount.forget();
}

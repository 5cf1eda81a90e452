//! Start-up: read the deployment config, open storage, start the client driver, mount.

use std::rc::Rc;

use chat_client::web::{load_config, spawn, ClientHandle};
use chat_client::ClientEvent;
use chat_store::MemoryStore;
use chat_store_indexeddb::IndexedDbStore;
use leptos::prelude::*;

use crate::app::App;
use crate::i18n::{tf, Msg};
use crate::state::AppState;

const DATABASE: &str = "jibber";

pub fn start() {
    crate::i18n::browser::init();
    let state = AppState::new();
    wasm_bindgen_futures::spawn_local(async move {
        let config = load_config("config.json").await;
        let on_event: Rc<dyn Fn(ClientEvent)> = Rc::new(move |event| state.apply(event));
        let handle = match IndexedDbStore::open(DATABASE).await {
            Ok(store) => spawn(store, config, on_event),
            Err(error) => {
                // Private windows and full disks refuse IndexedDB: chat anyway, and say that
                // nothing will be kept.
                state.storage_error.set(Some(tf(
                    Msg::StorageRefused,
                    &[("error", &error.to_string())],
                )));
                spawn(MemoryStore::new(), config, on_event)
            }
        };
        mount(state, handle);
    });
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

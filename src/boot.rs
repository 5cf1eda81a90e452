//! Start-up: gather the options, open storage, start the client driver, mount. The hosted page
//! mounts into `#app`; the widget (`widget.js`) calls [`start_widget`] with an element inside
//! its shadow root.

use std::rc::Rc;

use chat_client::app_options::{AppOptions, OptionLayer};
use chat_client::web::{load_config, spawn, ClientHandle, DriverConfig};
use chat_client::ClientEvent;
use chat_store::{MemoryStore, StoreError};
use chat_store_indexeddb::IndexedDbStore;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::app::App;
use crate::embedding::{Embedding, WidgetHandle};
use crate::i18n::{t, tf, Msg};
use crate::routing::Router;
use crate::state::AppState;

/// The hosted page's database.
const DATABASE: &str = "jibber";
/// The widget's: it runs on the host site's origin, where a hosted Jibber may also live (with
/// its own account and tab lock); a separate database keeps the two from sharing one account.
const WIDGET_DATABASE: &str = "jibber-widget";
/// How often a blocked schema upgrade is tried again while another tab holds the old schema.
const BLOCKED_RETRY_MS: u32 = 1_000;

thread_local! {
    /// The database this page opened, for "Forget this device".
    static OPENED: std::cell::Cell<&'static str> = const { std::cell::Cell::new(DATABASE) };
}

/// The hosted page: options from the query string, then `config.json` beside index.html.
pub fn start() {
    // widget.js loads this same module; it mounts through `start_widget` instead.
    let embedded = js_sys::Reflect::get(&js_sys::global(), &"__jibberEmbedded".into())
        .is_ok_and(|flag| flag.is_truthy());
    if embedded {
        return;
    }
    let Some(root) = document().get_element_by_id("app") else {
        return;
    };
    let query = window().location().search().unwrap_or_default();
    crate::i18n::browser::init();
    let state = AppState::new();
    let router = Router::new();
    crate::pwa::register();
    wasm_bindgen_futures::spawn_local(async move {
        let config = load_config("config.json").await;
        let options = AppOptions::resolve(&[OptionLayer::from_query(&query), config]);
        launch(root, state, router, options, Embedding::Hosted, DATABASE).await;
    });
}

/// The widget's entry point: mounts the app into `root` (inside the widget's shadow root),
/// sends events to `host` (the page's mount element). `options` is the JSON of the
/// `Jibber.init` options; `base` is where widget.js (and so `config.json`) lives.
#[wasm_bindgen]
pub fn start_widget(
    root: web_sys::Element,
    host: web_sys::Element,
    options: String,
    base: String,
) -> WidgetHandle {
    let state = AppState::new();
    let router = Router::new();
    let init = OptionLayer::from_json(&options);
    wasm_bindgen_futures::spawn_local(async move {
        let config = load_config(&format!("{base}config.json")).await;
        let options = AppOptions::resolve(&[init, config]);
        crate::i18n::browser::init_widget(options.lang.as_deref());
        launch(
            root,
            state,
            router,
            options,
            Embedding::widget(host),
            WIDGET_DATABASE,
        )
        .await;
    });
    WidgetHandle::new(router)
}

async fn launch(
    root: web_sys::Element,
    state: AppState,
    router: Router,
    options: AppOptions,
    embedding: Embedding,
    database: &'static str,
) {
    OPENED.with(|opened| opened.set(database));
    let config = DriverConfig {
        websocket_url: options.websocket_url.clone(),
        domain: options.domain.clone(),
    };
    // The login form starts with the configured address (a stored account replaces it).
    if let Some(jid) = &options.jid {
        state.own_jid.set(jid.clone());
    }
    let on_event: Rc<dyn Fn(ClientEvent)> = Rc::new(move |event| {
        embedding.observe(state, &event);
        state.apply(event);
    });
    let handle = match open_store_waiting_for_other_tabs(database, &root).await {
        Ok(store) => spawn(store, config, on_event),
        Err(error) => {
            // Private windows and full disks refuse IndexedDB: chat anyway, and say that
            // nothing will be kept.
            state.storage_error.set(Some(tf(
                Msg::StorageRefused,
                &[("error", &crate::reasons::store_error_text(&error))],
            )));
            spawn(MemoryStore::new(), config, on_event)
        }
    };
    mount(root, state, handle, router, options, embedding);
}

/// Opens the database. A tab of an older release holding the old schema blocks the upgrade:
/// the page says so and tries again until that tab lets go, instead of starting without
/// storage (which would hide the stored chats and lose what arrives meanwhile).
async fn open_store_waiting_for_other_tabs(
    database: &str,
    root: &web_sys::Element,
) -> Result<IndexedDbStore, StoreError> {
    let mut told = false;
    loop {
        match IndexedDbStore::open(database).await {
            Err(StoreError::Blocked(_)) => {
                if !told {
                    show_before_mount(root, "storage-blocked", t(Msg::StorageBlocked));
                    told = true;
                }
                TimeoutFuture::new(BLOCKED_RETRY_MS).await;
            }
            other => return other,
        }
    }
}

/// Replaces the loading text in `root` with `text` (as text) until the app is mounted.
fn show_before_mount(root: &web_sys::Element, testid: &str, text: &str) {
    let Ok(message) = document().create_element("p") else {
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
        let _ = factory.delete_database(OPENED.with(std::cell::Cell::get));
    }
    let _ = window.location().reload();
}

fn mount(
    root: web_sys::Element,
    state: AppState,
    handle: ClientHandle,
    router: Router,
    options: AppOptions,
    embedding: Embedding,
) {
    // The login shell's form stays until the app knows which screen to show (see login_shell).
    if !crate::login_shell::adopt(&root) {
        root.set_inner_html("");
    }
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else {
        return;
    };
    crate::embedding::set_app_root(root.clone().into());
    crate::components::activity::install(handle.clone());
    crate::theme::install(&root, embedding, &options);
    let app_root = root.clone();
    let unmount = leptos::mount::mount_to(root, move || {
        provide_context(state);
        provide_context(handle.clone());
        provide_context(embedding);
        provide_context(options.clone());
        // Inside the mount, so their effects belong to the app.
        crate::routing::install(
            &app_root,
            state,
            handle.clone(),
            router,
            &options,
            embedding,
        );
        crate::shortcuts::install(&app_root, state, handle.clone(), embedding);
        view! { <App/> }
    });
    // The app lives as long as the page.
    unmount.forget();
}

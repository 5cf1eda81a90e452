//! How the app is embedded: the hosted page, or the widget on someone else's page. The widget
//! tells its host what happens through CustomEvents on the host's mount element
//! (`jibber:connected`, `jibber:unread`, `jibber:message`) and takes requests through the
//! [`WidgetHandle`] that `start_widget` returns.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use chat_client::deep_link::Route;
use chat_client::{ClientEvent, ConnectionState};
use chat_store::{ConversationKind, Direction};
use leptos::prelude::GetUntracked;
use wasm_bindgen::prelude::*;

use crate::routing::{Request, Router};
use crate::state::AppState;

/// Where the app runs (a context value; the host element itself stays in this module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embedding {
    Hosted,
    Widget,
}

/// Most message ids remembered to announce each message once; older ones are forgotten.
const SEEN_LIMIT: usize = 2_000;

#[derive(Default)]
struct HostEvents {
    host: Option<web_sys::Element>,
    unread: Cell<Option<u32>>,
    seen: RefCell<HashSet<String>>,
}

thread_local! {
    static HOST: RefCell<HostEvents> = RefCell::new(HostEvents::default());
}

thread_local! {
    /// The element the app is mounted in (`#app`, or the widget's root in its shadow root).
    static APP_ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Remembers where the app is mounted, for [`element_by_id`].
pub fn set_app_root(root: web_sys::Element) {
    APP_ROOT.with(|cell| *cell.borrow_mut() = Some(root));
}

/// The app's element with this DOM id: inside a shadow root `document.getElementById` finds
/// nothing, so look below the app's root.
pub fn element_by_id(id: &str) -> Option<web_sys::Element> {
    APP_ROOT.with(|cell| {
        let root = cell.borrow();
        let root = root.as_ref()?;
        let id = id.replace('"', "");
        root.query_selector(&format!("[id=\"{id}\"]"))
            .ok()
            .flatten()
    })
}

impl Embedding {
    /// The widget, announcing its events on `host`.
    pub fn widget(host: web_sys::Element) -> Self {
        HOST.with(|events| events.borrow_mut().host = Some(host));
        Self::Widget
    }

    /// Looks at each client event before the UI applies it, for the host page's events.
    pub fn observe(self, state: AppState, event: &ClientEvent) {
        if self == Self::Hosted {
            return;
        }
        HOST.with(|events| events.borrow().observe(state, event));
    }
}

impl HostEvents {
    fn observe(&self, state: AppState, event: &ClientEvent) {
        match event {
            ClientEvent::Connection(ConnectionState::Online) => {
                self.emit(
                    "jibber:connected",
                    &[("jid", state.own_jid.get_untracked().into())],
                );
            }
            ClientEvent::Conversations(list) => {
                let count: u32 = list.iter().map(|c| c.unread).sum();
                if self.unread.replace(Some(count)) != Some(count) {
                    self.emit("jibber:unread", &[("count", count.into())]);
                }
            }
            ClientEvent::Message(message) => {
                let mut seen = self.seen.borrow_mut();
                if seen.contains(&message.id) {
                    return;
                }
                if seen.len() == SEEN_LIMIT {
                    seen.clear();
                }
                seen.insert(message.id.clone());
                let kind = match message.conversation.kind {
                    ConversationKind::Group => "group",
                    ConversationKind::Direct => "direct",
                };
                let direction = match message.direction {
                    Direction::In => "in",
                    Direction::Out => "out",
                };
                // Addresses and ids only: the text stays inside Jibber (it may be end-to-end
                // encrypted, and the host page needs no copy to show a badge).
                self.emit(
                    "jibber:message",
                    &[
                        ("conversation", message.conversation.jid.clone().into()),
                        ("kind", kind.into()),
                        ("direction", direction.into()),
                        ("id", message.id.clone().into()),
                    ],
                );
            }
            _ => {}
        }
    }

    fn emit(&self, name: &str, detail: &[(&str, JsValue)]) {
        let Some(host) = &self.host else {
            return;
        };
        let object = js_sys::Object::new();
        for (key, value) in detail {
            let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
        }
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&object);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&event);
        }
    }
}

/// What `Jibber.init` hands the host page (wrapped by widget.js as `openChat` / `logout`).
#[wasm_bindgen]
pub struct WidgetHandle {
    router: Router,
}

impl WidgetHandle {
    pub fn new(router: Router) -> Self {
        Self { router }
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Opens the 1:1 chat with `jid` once logged in; an invalid address is ignored.
    pub fn open_chat(&self, jid: String) {
        if let Ok(jid) = jid.trim().parse() {
            self.router.request(Request::Open(Route::Chat(jid)));
        }
    }

    pub fn logout(&self) {
        self.router.request(Request::Logout);
    }
}

//! Deep links and `xmpp:` links: `#/chat/JID`, `#/room/JID` and `#/uri/…` in the address (read at
//! start and on every `hashchange`), `xmpp:` links clicked inside the app, and the widget's
//! `openChat`. Each becomes a [`Request`] that waits until the user is logged in.

use chat_client::app_options::AppOptions;
use chat_client::deep_link::Route;
use chat_client::web::ClientHandle;
use chat_client::{ConnectionState, NewContact};
use chat_store::ConversationId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use xmpp_protocol::uri::{UriAction, XmppUri};

use crate::components::{open_direct_chat, show_conversation};
use crate::embedding::Embedding;
use crate::i18n::{tf, Msg};
use crate::state::{AppState, Screen};

/// Something asked of the app from outside its own UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Open(Route),
    Logout,
}

/// The request waiting for the main view (the latest one wins).
#[derive(Clone, Copy)]
pub struct Router {
    pending: RwSignal<Option<Request>>,
}

impl Router {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(None),
        }
    }

    pub fn request(&self, request: Request) {
        self.pending.set(Some(request));
    }
}

/// A draft from a `?message;body=` link: (chat address, text), until that chat's composer takes it.
#[derive(Clone, Copy)]
struct Drafts(RwSignal<Option<(String, String)>>);

/// Puts the draft for `jid` into the composer's `text` (now or when a link brings one).
pub fn follow_drafts(jid: String, text: RwSignal<String>) {
    let Some(Drafts(drafts)) = use_context::<Drafts>() else {
        return;
    };
    Effect::new(move |_| {
        let Some((draft_jid, body)) = drafts.get() else {
            return;
        };
        if draft_jid == jid {
            drafts.set(None);
            text.set(body);
        }
    });
}

/// Wires the sources of requests and acts on them once logged in; `auto_join` rooms are
/// joined at the first connection.
pub fn install(
    root: &web_sys::HtmlElement,
    state: AppState,
    handle: ClientHandle,
    router: Router,
    options: &AppOptions,
    embedding: Embedding,
) {
    // The widget lives on someone else's page: their address bar is not ours to read.
    if embedding == Embedding::Hosted {
        follow_location_hash(router);
    }
    catch_xmpp_links(root, state, router);
    let drafts = Drafts(RwSignal::new(None));
    provide_context(drafts);
    let act_handle = handle.clone();
    Effect::new(move |_| {
        if state.screen.get() != Screen::Main {
            return;
        }
        if let Some(request) = router.pending.get() {
            router.pending.set(None);
            act(state, act_handle.clone(), drafts, request);
        }
    });
    let rooms = options.auto_join.clone();
    Effect::new(move |joined: Option<bool>| {
        if joined == Some(true) {
            return true;
        }
        if state.connection.get() != ConnectionState::Online || rooms.is_empty() {
            return false;
        }
        for room in rooms.clone() {
            let handle = handle.clone();
            spawn_local(async move {
                if let Err(reason) = handle.join_room(room.clone(), None, None).await {
                    state.notice.set(Some(tf(
                        Msg::JoinFailed,
                        &[
                            ("room", &room),
                            ("reason", &crate::reasons::client_error_text(&reason)),
                        ],
                    )));
                }
            });
        }
        true
    });
}

fn follow_location_hash(router: Router) {
    let read = move || {
        let location = window().location();
        let Ok(Ok(route)) = location.hash().map(|hash| Route::parse(&hash)) else {
            return;
        };
        router.request(Request::Open(route));
        // Taken: without the fragment, following the same link again is a new hashchange.
        if let (Ok(history), Ok(path), Ok(search)) =
            (window().history(), location.pathname(), location.search())
        {
            let _ = history.replace_state_with_url(
                &JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    };
    read();
    let listener = Closure::<dyn Fn()>::new(read);
    let _ =
        window().add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    // Listens as long as the page lives.
    listener.forget();
}

/// `xmpp:` links in messages open in Jibber instead of leaving for another app.
fn catch_xmpp_links(root: &web_sys::HtmlElement, state: AppState, router: Router) {
    let listener =
        Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
            let Some(link) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a[href]").ok().flatten())
            else {
                return;
            };
            let href = link.get_attribute("href").unwrap_or_default();
            if !href
                .get(..5)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("xmpp:"))
            {
                return;
            }
            event.prevent_default();
            match XmppUri::parse(&href) {
                Ok(uri) => router.request(Request::Open(Route::Uri(uri))),
                Err(reason) => state.notice.set(Some(tf(
                    Msg::LinkFailed,
                    &[("reason", &crate::reasons::uri_error_text(&reason))],
                ))),
            }
        });
    let _ = root.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    listener.forget();
}

fn act(state: AppState, handle: ClientHandle, drafts: Drafts, request: Request) {
    let notice = move |text: String| state.notice.set(Some(text));
    match request {
        Request::Logout => handle.logout(false),
        Request::Open(Route::Chat(jid)) => open_direct_chat(state, handle, jid.to_string(), notice),
        Request::Open(Route::Room(room)) => join_and_show(state, handle, room.to_string(), None),
        Request::Open(Route::Uri(uri)) => open_uri(state, handle, drafts, uri),
    }
}

fn open_uri(state: AppState, handle: ClientHandle, drafts: Drafts, uri: XmppUri) {
    let notice = move |text: String| state.notice.set(Some(text));
    let jid = uri.jid.to_string();
    match uri.action {
        UriAction::Join { password } => return join_and_show(state, handle, jid, password),
        UriAction::AddContact { name, group } => {
            let contact = NewContact {
                jid: jid.clone(),
                name,
                groups: group.into_iter().collect(),
                share_my_status: true,
            };
            let handle = handle.clone();
            let who = jid.clone();
            spawn_local(async move {
                match handle.add_contact(contact).await {
                    Ok(()) => notice(tf(Msg::AddContactAsked, &[("jid", &who)])),
                    Err(reason) => notice(tf(
                        Msg::AddContactFailed,
                        &[("reason", &crate::reasons::client_error_text(&reason))],
                    )),
                }
            });
        }
        UriAction::Message { body: Some(body) } => drafts.0.set(Some((jid.clone(), body))),
        UriAction::Message { body: None } => {}
    }
    open_direct_chat(state, handle.clone(), jid.clone(), notice);
    if !uri.fingerprints.is_empty() {
        // The link vouches for these devices: mark them verified where the keys match.
        let link = verification_link(&jid, &uri.fingerprints);
        spawn_local(async move {
            match handle.verify_with_uri(link).await {
                Ok(()) => notice(tf(Msg::LinkVerified, &[("jid", &jid)])),
                Err(reason) => notice(tf(
                    Msg::LinkVerifyFailed,
                    &[("reason", &crate::reasons::client_error_text(&reason))],
                )),
            }
        });
    }
}

fn verification_link(jid: &str, fingerprints: &[(u32, String)]) -> String {
    let parameters: Vec<String> = fingerprints
        .iter()
        .map(|(id, hex)| format!("omemo-sid-{id}={hex}"))
        .collect();
    format!("xmpp:{jid}?{}", parameters.join(";"))
}

fn join_and_show(state: AppState, handle: ClientHandle, room: String, password: Option<String>) {
    spawn_local(async move {
        match handle.join_room(room.clone(), None, password).await {
            Ok(()) => show_conversation(state, handle, ConversationId::group(room)),
            Err(reason) => state.notice.set(Some(tf(
                Msg::JoinFailed,
                &[
                    ("room", &room),
                    ("reason", &crate::reasons::client_error_text(&reason)),
                ],
            ))),
        }
    });
}

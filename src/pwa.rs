//! The installable app: registers the service worker (`sw.js`, written at build time) on the
//! hosted page, and offers "Update available — Reload" while a newer build's worker waits.
//! The widget never registers one: it runs on the host site's origin.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use crate::i18n::{t, Msg};

thread_local! {
    static WAITING: RefCell<Option<ServiceWorker>> = const { RefCell::new(None) };
    static UPDATE_READY: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
    static RELOAD_ASKED: Cell<bool> = const { Cell::new(false) };
}

pub fn register() {
    let ready = RwSignal::new(false);
    UPDATE_READY.with(|cell| cell.set(Some(ready)));
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    // Absent outside secure contexts (plain http on another host than localhost).
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let on_controller_change = Closure::<dyn Fn()>::new(|| {
        if RELOAD_ASKED.with(Cell::get) {
            let _ = window().location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();
    let registered = container.register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(registered).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(waiting) = registration.waiting() {
            offer(waiting);
        }
        let watched = registration.clone();
        let on_update = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = watched.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed {
                    offer(worker.clone());
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}

/// A new worker is installed; it is an update only if an older one controls this page (the
/// first visit's worker just takes over).
fn offer(worker: ServiceWorker) {
    let controlled = web_sys::window()
        .map(|w| w.navigator().service_worker())
        .and_then(|container| container.controller())
        .is_some();
    if !controlled {
        return;
    }
    WAITING.with(|waiting| *waiting.borrow_mut() = Some(worker));
    if let Some(ready) = UPDATE_READY.with(Cell::get) {
        ready.set(true);
    }
}

/// Lets the waiting worker take over; the page reloads once it controls the page.
fn apply_update() {
    RELOAD_ASKED.with(|asked| asked.set(true));
    WAITING.with(|waiting| {
        if let Some(worker) = waiting.borrow().as_ref() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            let _ = worker.post_message(&message);
        }
    });
}

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let ready = UPDATE_READY.with(Cell::get);
    let shown = move || ready.is_some_and(|ready| ready.get());
    view! {
        <Show when=shown>
            <div class="banner update-banner" role="status" data-testid="update-banner">
                {t(Msg::UpdateAvailable)}" "
                <button data-testid="update-reload" on:click=move |_| apply_update()>{t(Msg::Reload)}</button>
            </div>
        </Show>
    }
}

//! Tells the client when the tab is hidden (XEP-0352) and when the user has been idle
//! (XEP-0319), from page events; renders nothing.

use chat_client::web::ClientHandle;
use wasm_bindgen::{closure::Closure, JsCast};

/// Without keyboard or pointer input for this long, the user counts as idle.
const IDLE_AFTER_MS: f64 = 5.0 * 60_000.0;
const CHECK_EVERY_MS: i32 = 30_000;

/// Installs the listeners once for the page's lifetime (the handle lives as long).
pub fn install(handle: ClientHandle) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let last_input = std::rc::Rc::new(std::cell::Cell::new(js_sys::Date::now()));
    let idle = std::rc::Rc::new(std::cell::Cell::new(false));

    let on_visibility = {
        let (handle, document) = (handle.clone(), document.clone());
        Closure::<dyn FnMut()>::new(move || handle.set_visible(!document.hidden()))
    };
    let on_input = {
        let (handle, last_input, idle) = (handle.clone(), last_input.clone(), idle.clone());
        Closure::<dyn FnMut()>::new(move || {
            last_input.set(js_sys::Date::now());
            if idle.replace(false) {
                handle.set_idle(None);
            }
        })
    };
    let check = Closure::<dyn FnMut()>::new(move || {
        let since = last_input.get();
        if !idle.get() && js_sys::Date::now() - since > IDLE_AFTER_MS {
            idle.set(true);
            handle.set_idle(Some(since as u64));
        }
    });
    let _ = document.add_event_listener_with_callback(
        "visibilitychange",
        on_visibility.as_ref().unchecked_ref(),
    );
    for name in ["keydown", "pointerdown"] {
        let _ = window.add_event_listener_with_callback(name, on_input.as_ref().unchecked_ref());
    }
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        check.as_ref().unchecked_ref(),
        CHECK_EVERY_MS,
    );
    // They live as long as the page.
    on_visibility.forget();
    on_input.forget();
    check.forget();
}

//! One tab at a time uses the OMEMO keys, or two tabs would advance the same ratchets from
//! the same stored state. The Web Locks API grants an exclusive lock held until the tab
//! closes; other tabs queue for it and take over then.

use futures::channel::mpsc::UnboundedSender;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::driver::Input;

const LOCK_NAME: &str = "jibber-omemo-keys";

/// Queues for the lock; `Input::OmemoKeysGranted` arrives once this tab holds it. Returns
/// false where the browser has no Web Locks (then this tab is assumed to be the only one).
pub(crate) fn request_omemo_lock(inputs: &UnboundedSender<Input>) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(navigator) = Reflect::get(&window, &JsValue::from_str("navigator")) else {
        return false;
    };
    let Ok(locks) = Reflect::get(&navigator, &JsValue::from_str("locks")) else {
        return false;
    };
    if locks.is_undefined() || locks.is_null() {
        return false;
    }
    let Some(request) = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let granted = inputs.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = granted.unbounded_send(Input::OmemoKeysGranted);
        // Never settles: the lock is held for the life of the tab.
        Promise::new(&mut |_, _| {}).into()
    });
    request
        .call2(&locks, &JsValue::from_str(LOCK_NAME), &callback)
        .is_ok()
}

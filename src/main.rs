//! Jibber's browser entry point: only mounts the app.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod boot;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod embedding;
#[cfg(target_arch = "wasm32")]
mod format;
// The catalogues are checked by native tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod i18n;
// Pure, so its tests run natively too.
#[cfg(target_arch = "wasm32")]
mod login_shell;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod message_window;
// Wording of the client's typed reasons: pure, so its table tests run natively.
#[cfg(any(target_arch = "wasm32", test))]
mod message_reasons;
#[cfg(any(target_arch = "wasm32", test))]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod notices;
#[cfg(target_arch = "wasm32")]
mod notify;
#[cfg(target_arch = "wasm32")]
mod pwa;
#[cfg(any(target_arch = "wasm32", test))]
mod reasons;
#[cfg(target_arch = "wasm32")]
mod routing;
#[cfg(target_arch = "wasm32")]
mod shortcuts;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod state_groups;
#[cfg(target_arch = "wasm32")]
mod theme;
#[cfg(target_arch = "wasm32")]
mod views;

fn main() {
    #[cfg(target_arch = "wasm32")]
    boot::start();
}

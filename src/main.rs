//! Jibber's browser entry point: only mounts the app.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod boot;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod format;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod state_groups;
#[cfg(target_arch = "wasm32")]
mod views;

fn main() {
    #[cfg(target_arch = "wasm32")]
    boot::start();
}

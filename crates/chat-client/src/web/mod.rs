//! The thin browser driver: owns a [`Client`](crate::Client) in one task, feeds it from a
//! WebSocket, arms its timers and reconnects. Everything here is glue; decisions live in the
//! client and the protocol crate, where they are tested natively.

mod contacts;
mod discovery;
mod driver;
mod files;
mod groups;
mod handle;
mod handle_contacts;
mod handle_edits;
mod handle_files;
mod handle_groups;
mod handle_omemo;
mod http;
mod retention;
mod socket;
mod tab_lock;
mod tab_resume;

pub use discovery::{discover_websocket, load_config};
pub use driver::{spawn, DriverConfig};
pub use handle::ClientHandle;
pub use http::Cancel;

/// Wall-clock time for the sans-IO layers.
pub(crate) fn now() -> u64 {
    js_sys::Date::now() as u64
}

//! Fuzz target bodies. Each harness file is also included (`#[path]`) by the replay test of
//! the crate it exercises, so `cargo test` runs the committed corpora through the same code.

pub mod discovery_harness;
pub mod omemo_harness;
pub mod xmpp_protocol_harness;

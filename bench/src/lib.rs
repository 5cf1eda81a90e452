//! Inputs shared by the native benchmarks: captured stanzas and OMEMO devices.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod devices;
pub mod stanzas;

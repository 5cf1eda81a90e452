//! The behaviour every [`crate::Store`] backend must show. Filled in by the conformance suite.

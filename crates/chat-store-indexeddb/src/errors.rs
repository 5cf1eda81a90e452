//! Turning IndexedDB failures into [`StoreError`]s the UI can explain.

use chat_store::StoreError;
use indexed_db_futures::error::{Error, OpenDbError};

/// The DOM exception's name and message, when the failure is one.
fn dom_exception(error: &Error) -> Option<(String, String)> {
    match error {
        Error::DomException(exception) => {
            let raw = web_sys::DomException::from(exception.clone());
            Some((raw.name(), raw.message()))
        }
        _ => None,
    }
}

/// Maps a failure of `operation` by the DOM exception's name: a full disk, a connection that
/// is gone, or anything else the backend reports.
pub(crate) fn operation_failed(operation: &str, error: &Error) -> StoreError {
    match dom_exception(error) {
        Some((name, message)) => from_dom_exception(operation, &name, &message),
        None => StoreError::Backend(format!("{operation}: {error}")),
    }
}

pub(crate) fn from_dom_exception(operation: &str, name: &str, message: &str) -> StoreError {
    match name {
        "QuotaExceededError" => StoreError::QuotaExceeded(format!("{operation}: {message}")),
        // The connection was closed (another tab upgraded the schema, or the browser is
        // shutting storage down): nothing works until the app reopens the store.
        "InvalidStateError" | "UnknownError" => {
            StoreError::Unavailable(format!("{operation}: {name}: {message}"))
        }
        _ => StoreError::Backend(format!("{operation}: {name}: {message}")),
    }
}

/// Maps a failure to open `db_name`.
pub(crate) fn open_failed(db_name: &str, error: &OpenDbError) -> StoreError {
    match error {
        OpenDbError::Base(base) => match dom_exception(base) {
            Some((name, message)) if name == "QuotaExceededError" => {
                StoreError::QuotaExceeded(format!("opening {db_name}: {message}"))
            }
            Some((name, message)) if name == "VersionError" => StoreError::Unavailable(format!(
                "database {db_name} was written by a newer version of the app: {message}"
            )),
            Some((name, message)) => {
                StoreError::Unavailable(format!("opening {db_name}: {name}: {message}"))
            }
            None => StoreError::Unavailable(format!("opening {db_name}: {base}")),
        },
        other => StoreError::Unavailable(format!("opening {db_name}: {other}")),
    }
}

/// A record that cannot be decoded.
pub(crate) fn corrupt(store: &str, key: &str, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: format!("{store} record {key:?}"),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn dom_error(name: &str) -> Error {
        let exception =
            web_sys::DomException::new_with_message_and_name("it failed", name).unwrap();
        Error::from(JsValue::from(exception))
    }

    #[wasm_bindgen_test]
    fn quota_exceeded_is_reported_as_full_storage() {
        assert_eq!(
            operation_failed("saving changes", &dom_error("QuotaExceededError")),
            StoreError::QuotaExceeded("saving changes: it failed".to_owned())
        );
        assert_eq!(
            open_failed(
                "jibber",
                &OpenDbError::Base(dom_error("QuotaExceededError"))
            ),
            StoreError::QuotaExceeded("opening jibber: it failed".to_owned())
        );
    }

    #[wasm_bindgen_test]
    fn closed_connection_is_unavailable_and_other_failures_are_backend_errors() {
        assert!(matches!(
            operation_failed("reading", &dom_error("InvalidStateError")),
            StoreError::Unavailable(_)
        ));
        assert_eq!(
            operation_failed("reading", &dom_error("ConstraintError")),
            StoreError::Backend("reading: ConstraintError: it failed".to_owned())
        );
    }

    #[wasm_bindgen_test]
    fn open_failures_are_unavailable() {
        let newer = open_failed("jibber", &OpenDbError::Base(dom_error("VersionError")));
        assert!(
            matches!(&newer, StoreError::Unavailable(m) if m.contains("newer version")),
            "{newer:?}"
        );
        assert!(matches!(
            open_failed("jibber", &OpenDbError::NullFactory),
            StoreError::Unavailable(_)
        ));
    }
}

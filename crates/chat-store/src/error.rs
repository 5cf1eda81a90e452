use thiserror::Error;

/// What can go wrong when reading or writing the store. Variants carry the backend's words so
/// the UI can explain (e.g. "storage is full") instead of failing silently.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StoreError {
    #[error("storage is not available: {0}")]
    Unavailable(String),
    #[error(
        "this device's storage is full: free some space or clear old chats, then reload; \
         what was already stored is kept ({0})"
    )]
    QuotaExceeded(String),
    #[error("stored data could not be read ({what}): {reason}")]
    Corrupt { what: String, reason: String },
    #[error("storage is being upgraded by another tab: {0}")]
    Blocked(String),
    #[error("storage operation failed: {0}")]
    Backend(String),
}

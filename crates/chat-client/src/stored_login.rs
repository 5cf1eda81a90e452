//! Why the SCRAM keys kept instead of the password stopped working, in words a user can act
//! on. Keys derived at a password login and never used since are "unproven": if the server
//! already has a new salt at their first use, it draws one at every login (ejabberd storing
//! plain passwords does), so no stored keys can ever work there and only the password helps.

use xmpp_protocol::sasl::SaslError;
use xmpp_protocol::SessionError;

use crate::error::PasswordPrompt;

/// Present (any value) while the stored keys have not logged in once.
pub(crate) const UNPROVEN_KEYS_SETTING: &str = "auth.keys_unproven";

/// Why the password prompt comes back after the stored keys were refused.
pub(crate) fn stale_login_reason(error: &SessionError, keys_unproven: bool) -> PasswordPrompt {
    let stale_salt = matches!(
        error,
        SessionError::Sasl(SaslError::StoredKeysStale {
            salt_changed: true,
            ..
        })
    );
    if stale_salt && keys_unproven {
        PasswordPrompt::ServerDrawsNewSalt
    } else {
        PasswordPrompt::MayHaveChanged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stale(salt_changed: bool) -> SessionError {
        SessionError::Sasl(SaslError::StoredKeysStale {
            stored_iterations: 4096,
            server_iterations: 4096,
            salt_changed,
        })
    }

    #[test]
    fn only_a_new_salt_at_the_first_use_of_fresh_keys_blames_the_server() {
        assert_eq!(
            stale_login_reason(&stale(true), true),
            PasswordPrompt::ServerDrawsNewSalt
        );
        for (error, unproven) in [
            (stale(true), false),
            (stale(false), true),
            (
                SessionError::Sasl(SaslError::NotAuthorized { text: None }),
                true,
            ),
        ] {
            assert_eq!(
                stale_login_reason(&error, unproven),
                PasswordPrompt::MayHaveChanged,
                "{error:?} {unproven}"
            );
        }
    }
}

//! XEP-0245: a body starting with `/me ` describes an action ("* Alice waves").

const PREFIX: &str = "/me ";

/// The action text of a `/me` message, or `None` for an ordinary body.
pub fn me_action(body: &str) -> Option<&str> {
    body.strip_prefix(PREFIX)
        .filter(|action| !action.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_a_leading_me_command() {
        assert_eq!(me_action("/me waves"), Some("waves"));
        assert_eq!(me_action("/me  waves twice"), Some(" waves twice"));
        assert_eq!(me_action("/me"), None);
        assert_eq!(me_action("/me "), None);
        assert_eq!(me_action("/meow"), None);
        assert_eq!(me_action(" /me waves"), None);
        assert_eq!(me_action("say /me waves"), None);
    }
}

//! The parts of SASLprep (RFC 4013) that matter for real credentials: mapping and prohibited
//! characters. NFKC normalisation and the bidi rule are left out; they would need Unicode tables
//! and change nothing for the ASCII and common non-ASCII passwords users type.

use super::SaslError;

/// Prepares a username or password, or says which field holds a prohibited character.
pub fn saslprep(input: &str, field: &'static str) -> Result<String, SaslError> {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if is_mapped_to_nothing(c) {
            continue;
        }
        if is_non_ascii_space(c) {
            out.push(' ');
            continue;
        }
        if is_prohibited(c) {
            return Err(SaslError::ProhibitedCharacter { field });
        }
        out.push(c);
    }
    if out.is_empty() {
        return Err(SaslError::EmptyCredential { field });
    }
    Ok(out)
}

/// RFC 5802 §5.1: `,` and `=` in a username are sent as `=2C` and `=3D`.
pub fn escape_username(username: &str) -> String {
    username.replace('=', "=3D").replace(',', "=2C")
}

/// RFC 3454 table C.1.2.
fn is_non_ascii_space(c: char) -> bool {
    matches!(
        c,
        '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// RFC 3454 table B.1.
fn is_mapped_to_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{34F}' | '\u{1806}' | '\u{180B}'..='\u{180D}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
    )
}

/// RFC 3454 tables C.2–C.9 (surrogates cannot occur in a Rust string).
fn is_prohibited(c: char) -> bool {
    let code = u32::from(c);
    let non_character = (code & 0xFFFE) == 0xFFFE || (0xFDD0..=0xFDEF).contains(&code);
    non_character
        || matches!(
            c,
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{340}' | '\u{341}' | '\u{6DD}' | '\u{70F}' | '\u{180E}'
                | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2061}'..='\u{2063}' | '\u{206A}'..='\u{206F}'
                | '\u{2FF0}'..='\u{2FFB}' | '\u{E000}'..='\u{F8FF}' | '\u{FFF9}'..='\u{FFFD}'
                | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}'
                | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4013_examples() {
        assert_eq!(saslprep("I\u{AD}X", "password"), Ok("IX".into()));
        assert_eq!(saslprep("user", "password"), Ok("user".into()));
        assert_eq!(saslprep("USER", "password"), Ok("USER".into()));
        assert_eq!(saslprep("a\u{A0}b", "password"), Ok("a b".into()));
        assert_eq!(
            saslprep("\u{7}", "password"),
            Err(SaslError::ProhibitedCharacter { field: "password" })
        );
        assert_eq!(
            saslprep("\u{AD}", "password"),
            Err(SaslError::EmptyCredential { field: "password" })
        );
    }

    #[test]
    fn rejects_controls_private_use_and_non_characters() {
        for bad in [
            "a\nb",
            "a\u{7F}",
            "\u{E000}",
            "\u{FFFF}",
            "\u{1FFFE}",
            "\u{202E}evil",
        ] {
            assert!(
                matches!(
                    saslprep(bad, "username"),
                    Err(SaslError::ProhibitedCharacter { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn keeps_ordinary_unicode_passwords() {
        assert_eq!(
            saslprep("pässwörd ☃ 密码", "password"),
            Ok("pässwörd ☃ 密码".into())
        );
    }

    #[test]
    fn escapes_username_separators() {
        assert_eq!(escape_username("a,b=c"), "a=2Cb=3Dc");
    }
}

//! A person's basic profile (full name, nickname, email, phone, web page, organisation, note)
//! as vcard-temp (XEP-0054) carries it. Prosody's mod_vcard_legacy mirrors vcard-temp and
//! vCard4 (XEP-0292) both ways, so one format serves both kinds of server.
//!
//! Every field is someone else's text: it is cleaned (no control or bidi-override characters)
//! and bounded here, so nothing downstream has to remember to.

use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::{Element, Node};

/// Longest single-line field kept, in characters.
pub const MAX_FIELD_CHARS: usize = 200;
/// Longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    pub full_name: Option<String>,
    pub nickname: Option<String>,
    pub email: Option<String>,
    pub tel: Option<String>,
    /// Only `http`/`https` addresses are kept, so the UI can make it a link.
    pub url: Option<String>,
    pub org: Option<String>,
    pub note: Option<String>,
}

/// Trims `text`, drops control characters (newlines too unless `multiline`) and the invisible
/// direction marks that can make text read differently from what it is, and cuts it to `max`.
pub fn clean_text(text: &str, max: usize, multiline: bool) -> String {
    let bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    text.trim()
        .chars()
        .filter(|&c| !bidi(c) && (!c.is_control() || (multiline && c == '\n')))
        .take(max)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// `text` if it is an absolute `http`/`https` address without spaces, else `None`.
pub fn safe_url(text: &str) -> Option<String> {
    let url = clean_text(text, MAX_FIELD_CHARS, false);
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host_ok = rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|host| !host.is_empty());
    (host_ok && !url.chars().any(char::is_whitespace) && url.chars().count() < MAX_FIELD_CHARS)
        .then_some(url)
}

fn field(text: Option<String>) -> Option<String> {
    text.map(|t| clean_text(&t, MAX_FIELD_CHARS, false))
        .filter(|t| !t.is_empty())
}

impl Profile {
    /// The same profile with every field cleaned as if it had been received.
    pub fn cleaned(&self) -> Self {
        Self {
            full_name: field(self.full_name.clone()),
            nickname: field(self.nickname.clone()),
            email: field(self.email.clone()),
            tel: field(self.tel.clone()),
            url: self.url.as_deref().and_then(safe_url),
            org: field(self.org.clone()),
            note: self
                .note
                .as_deref()
                .map(|n| clean_text(n, MAX_NOTE_CHARS, true))
                .filter(|n| !n.is_empty()),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `vcard` (our current vCard, if any) with the basic fields replaced by this profile's and
    /// everything else (photo, addresses…) kept, so saving the profile loses nothing.
    pub fn apply_to_vcard(&self, vcard: Option<&Element>) -> Element {
        const OURS: [&str; 7] = ["FN", "NICKNAME", "EMAIL", "TEL", "URL", "ORG", "DESC"];
        let mut out = Element::new("vCard", ns::VCARD);
        if let Some(old) = vcard {
            out.children = old
                .child_elements()
                .filter(|c| !(c.ns == ns::VCARD && OURS.contains(&c.name.as_str())))
                .cloned()
                .map(Node::Element)
                .collect();
        }
        let text = |name: &str, value: &str| Element::builder(name, ns::VCARD).text(value).build();
        let wrapped = |outer: &str, inner: &str, value: &str| {
            Element::builder(outer, ns::VCARD)
                .append(text(inner, value))
                .build()
        };
        let p = self.cleaned();
        let fields = [
            p.full_name.as_deref().map(|v| text("FN", v)),
            p.nickname.as_deref().map(|v| text("NICKNAME", v)),
            p.email.as_deref().map(|v| {
                Element::builder("EMAIL", ns::VCARD)
                    .append(Element::new("INTERNET", ns::VCARD))
                    .append(text("USERID", v))
                    .build()
            }),
            p.tel.as_deref().map(|v| wrapped("TEL", "NUMBER", v)),
            p.url.as_deref().map(|v| text("URL", v)),
            p.org.as_deref().map(|v| wrapped("ORG", "ORGNAME", v)),
            p.note.as_deref().map(|v| text("DESC", v)),
        ];
        for element in fields.into_iter().flatten() {
            out.append_child(element);
        }
        out
    }
}

impl TryFrom<&Element> for Profile {
    type Error = ParseError;

    /// Reads the basic fields of a `<vCard xmlns='vcard-temp'>`.
    fn try_from(vcard: &Element) -> Result<Self, ParseError> {
        expect_element(vcard, "vCard", ns::VCARD)?;
        let nested = |outer: &str, inner: &str| {
            vcard
                .get_child(outer, ns::VCARD)
                .and_then(|c| c.child_text(inner, ns::VCARD))
        };
        let profile = Self {
            full_name: vcard.child_text("FN", ns::VCARD),
            nickname: vcard.child_text("NICKNAME", ns::VCARD),
            email: nested("EMAIL", "USERID"),
            tel: nested("TEL", "NUMBER"),
            url: vcard.child_text("URL", ns::VCARD),
            org: nested("ORG", "ORGNAME"),
            note: vcard.child_text("DESC", ns::VCARD),
        };
        Ok(profile.cleaned())
    }
}

impl From<&Profile> for Element {
    fn from(profile: &Profile) -> Self {
        profile.apply_to_vcard(None)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    fn juliet() -> Profile {
        Profile {
            full_name: Some("Juliet Capulet".into()),
            nickname: Some("Jule".into()),
            email: Some("juliet@example.com".into()),
            tel: Some("+39 045 123".into()),
            url: Some("https://example.com/juliet".into()),
            org: Some("House Capulet".into()),
            note: Some("Balcony\nVerona".into()),
        }
    }

    #[test]
    fn profile_round_trips_through_a_vcard() {
        let profile = juliet();
        assert_eq!(
            Profile::try_from(&Element::from(&profile)).unwrap(),
            profile
        );
        assert_eq!(
            Profile::try_from(&parse_element("<vCard xmlns='vcard-temp'/>").unwrap()).unwrap(),
            Profile::default()
        );
    }

    #[test]
    fn applying_a_profile_keeps_the_photo_and_other_fields() {
        let old = parse_element(
            "<vCard xmlns='vcard-temp'><FN>Old</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>AAAA</BINVAL></PHOTO><ADR><CTRY>IT</CTRY></ADR></vCard>",
        )
        .unwrap();
        let new = juliet().apply_to_vcard(Some(&old));
        assert!(new.has_child("PHOTO", ns::VCARD) && new.has_child("ADR", ns::VCARD));
        assert_eq!(new.children_named("FN", ns::VCARD).count(), 1);
        assert_eq!(Profile::try_from(&new).unwrap(), juliet());
    }

    #[test]
    fn hostile_fields_are_cleaned_and_bounded() {
        let huge = "A".repeat(100_000);
        let xml = format!(
            "<vCard xmlns='vcard-temp'><FN>\u{202e}evil\t&lt;b&gt;{huge}</FN><URL>javascript:alert(1)</URL><DESC>{huge}</DESC></vCard>"
        );
        let profile = Profile::try_from(&parse_element(&xml).unwrap()).unwrap();
        let name = profile.full_name.unwrap();
        assert!(name.starts_with("evil<b>A"));
        assert_eq!(name.chars().count(), MAX_FIELD_CHARS);
        assert_eq!(profile.url, None);
        assert_eq!(profile.note.unwrap().chars().count(), MAX_NOTE_CHARS);
    }

    #[test]
    fn only_web_addresses_are_kept_as_urls() {
        assert_eq!(
            safe_url(" https://example.org/a?b#c ").as_deref(),
            Some("https://example.org/a?b#c")
        );
        assert_eq!(
            safe_url("HTTP://Example.org").as_deref(),
            Some("HTTP://Example.org")
        );
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "https://",
            "https://a b",
            "//example.org",
            "ftp://x",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }
}

//! XEP-0054 vCards (the fields Jibber shows: full name, nickname, photo) and the XEP-0153 photo
//! hash that presence carries, used for avatars when a contact's client has no PEP avatar.

use crate::avatar::{AvatarError, VerifiedAvatar};
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// `<vCard xmlns='vcard-temp'>`, reduced to what Jibber reads and writes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VCard {
    pub full_name: Option<String>,
    pub nickname: Option<String>,
    /// `(TYPE, BINVAL)` of the PHOTO, still base64.
    pub photo: Option<(String, String)>,
}

impl VCard {
    /// The payload of a request for someone's vCard (sent to their bare JID).
    pub fn request() -> Element {
        Element::new("vCard", ns::VCARD)
    }

    /// The photo, checked against the hash presence announced.
    pub fn verified_photo(
        &self,
        claimed_hash: &str,
    ) -> Option<Result<VerifiedAvatar, AvatarError>> {
        self.photo
            .as_ref()
            .map(|(_, binval)| VerifiedAvatar::from_base64(binval, Some(claimed_hash)))
    }
}

impl TryFrom<&Element> for VCard {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "vCard", ns::VCARD)?;
        let nonempty =
            |text: Option<String>| text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let photo = element.get_child("PHOTO", ns::VCARD).and_then(|photo| {
            let binval = photo.child_text("BINVAL", ns::VCARD)?;
            Some((
                photo.child_text("TYPE", ns::VCARD).unwrap_or_default(),
                binval,
            ))
        });
        Ok(Self {
            full_name: nonempty(element.child_text("FN", ns::VCARD)),
            nickname: nonempty(element.child_text("NICKNAME", ns::VCARD)),
            photo,
        })
    }
}

impl From<&VCard> for Element {
    fn from(vcard: &VCard) -> Self {
        let text = |name: &str, value: &str| Element::builder(name, ns::VCARD).text(value).build();
        Element::builder("vCard", ns::VCARD)
            .append_all(vcard.full_name.as_deref().map(|name| text("FN", name)))
            .append_all(vcard.nickname.as_deref().map(|nick| text("NICKNAME", nick)))
            .append_all(vcard.photo.as_ref().map(|(kind, binval)| {
                Element::builder("PHOTO", ns::VCARD)
                    .append(text("TYPE", kind))
                    .append(text("BINVAL", binval))
                    .build()
            }))
            .build()
    }
}

/// XEP-0153 `<x xmlns='vcard-temp:x:update'>` in presence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoUpdate {
    /// No `<photo/>`: the sender's client is not ready to say; nothing changes.
    Unknown,
    /// `<photo/>` empty: no avatar.
    NoPhoto,
    /// The SHA-1 (hex) of the current photo.
    Hash(String),
}

impl TryFrom<&Element> for PhotoUpdate {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::VCARD_UPDATE)?;
        Ok(
            match element
                .child_text("photo", ns::VCARD_UPDATE)
                .map(|text| text.trim().to_ascii_lowercase())
            {
                None => PhotoUpdate::Unknown,
                Some(hash) if hash.is_empty() => PhotoUpdate::NoPhoto,
                Some(hash) if hash.len() == 40 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
                    PhotoUpdate::Hash(hash)
                }
                Some(other) => {
                    return Err(ParseError::InvalidContent {
                        element: "photo",
                        value: other,
                        reason: "not a SHA-1 in hex".into(),
                    })
                }
            },
        )
    }
}

impl From<&PhotoUpdate> for Element {
    fn from(update: &PhotoUpdate) -> Self {
        let photo = match update {
            PhotoUpdate::Unknown => None,
            PhotoUpdate::NoPhoto => Some(Element::new("photo", ns::VCARD_UPDATE)),
            PhotoUpdate::Hash(hash) => Some(
                Element::builder("photo", ns::VCARD_UPDATE)
                    .text(hash.clone())
                    .build(),
            ),
        };
        Element::builder("x", ns::VCARD_UPDATE)
            .append_all(photo)
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn vcard_round_trips_and_checks_the_photo_hash() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let vcard = VCard {
            full_name: Some("Juliet Capulet".into()),
            nickname: Some("Jule".into()),
            photo: Some((
                "image/png".into(),
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, png),
            )),
        };
        let parsed = VCard::try_from(&Element::from(&vcard)).unwrap();
        assert_eq!(parsed, vcard);
        let hash = crate::avatar::avatar_hash(png);
        assert!(parsed.verified_photo(&hash).unwrap().is_ok());
        assert!(parsed
            .verified_photo("da39a3ee5e6b4b0d3255bfef95601890afd80709")
            .unwrap()
            .is_err());
        assert_eq!(
            VCard::try_from(&parse_element("<vCard xmlns='vcard-temp'/>").unwrap()).unwrap(),
            VCard::default()
        );
    }

    #[test]
    fn photo_updates() {
        let parse = |xml: &str| PhotoUpdate::try_from(&parse_element(xml).unwrap());
        assert_eq!(
            parse("<x xmlns='vcard-temp:x:update'/>").unwrap(),
            PhotoUpdate::Unknown
        );
        assert_eq!(
            parse("<x xmlns='vcard-temp:x:update'><photo/></x>").unwrap(),
            PhotoUpdate::NoPhoto
        );
        let hash = parse("<x xmlns='vcard-temp:x:update'><photo>01B87FCD030B72895FF8E88DB57EC525450F000D</photo></x>").unwrap();
        assert_eq!(
            hash,
            PhotoUpdate::Hash("01b87fcd030b72895ff8e88db57ec525450f000d".into())
        );
        assert_eq!(PhotoUpdate::try_from(&Element::from(&hash)).unwrap(), hash);
        assert!(parse("<x xmlns='vcard-temp:x:update'><photo>../../etc</photo></x>").is_err());
    }
}

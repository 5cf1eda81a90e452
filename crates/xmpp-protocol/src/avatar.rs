//! User avatars: XEP-0084 (PEP data and metadata nodes), with the XEP-0153 hash in presence
//! handled in [`crate::vcard`]. Both name an image by the SHA-1 of its bytes, which is checked
//! before anything is shown: an avatar that claims a different hash is dropped.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha1::{Digest, Sha1};

use crate::ns;
use crate::payload::{expect_element, optional_parsed, required_attr, ParseError};
use crate::xml::Element;

/// Larger images are refused before decoding: an avatar is a thumbnail.
pub const MAX_AVATAR_BYTES: usize = 256 * 1024;

/// The lowercase hex SHA-1 of `bytes`: an avatar's id in XEP-0084 and XEP-0153.
pub fn avatar_hash(bytes: &[u8]) -> String {
    Sha1::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Why image bytes cannot be used as an avatar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AvatarError {
    #[error("the avatar is {0} bytes, more than the {MAX_AVATAR_BYTES} allowed")]
    TooLarge(usize),
    #[error("the avatar data is not base64")]
    NotBase64,
    #[error("the avatar is not a PNG, JPEG, GIF or WebP image")]
    NotAnImage,
    #[error("the avatar's hash is {actual}, not the {claimed} it claims")]
    HashMismatch { claimed: String, actual: String },
}

/// An image checked to be what it claims: its hash, sniffed type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedAvatar {
    pub hash: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl VerifiedAvatar {
    /// Checks size, type (by content, not by what the sender says) and, if given, the hash.
    pub fn check(bytes: Vec<u8>, claimed_hash: Option<&str>) -> Result<Self, AvatarError> {
        if bytes.len() > MAX_AVATAR_BYTES {
            return Err(AvatarError::TooLarge(bytes.len()));
        }
        let mime = sniff_image(&bytes).ok_or(AvatarError::NotAnImage)?;
        let hash = avatar_hash(&bytes);
        if let Some(claimed) = claimed_hash {
            if !claimed.eq_ignore_ascii_case(&hash) {
                return Err(AvatarError::HashMismatch {
                    claimed: claimed.to_owned(),
                    actual: hash,
                });
            }
        }
        Ok(Self { hash, mime, bytes })
    }

    /// Base64 text (at most 4/3 of the limit) decoded and checked.
    pub fn from_base64(text: &str, claimed_hash: Option<&str>) -> Result<Self, AvatarError> {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        if compact.len() > MAX_AVATAR_BYTES / 3 * 4 + 4 {
            return Err(AvatarError::TooLarge(compact.len() / 4 * 3));
        }
        let bytes = BASE64
            .decode(compact.as_bytes())
            .map_err(|_| AvatarError::NotBase64)?;
        Self::check(bytes, claimed_hash)
    }

    /// A `data:` URL, which the page's Content-Security-Policy allows for images.
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, BASE64.encode(&self.bytes))
    }
}

/// The image type from the first bytes; `None` for anything else (including SVG, which can
/// carry scripts).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// `<data xmlns='urn:xmpp:avatar:data'>` base64 `</data>`.
pub fn data_element(bytes: &[u8]) -> Element {
    Element::builder("data", ns::AVATAR_DATA)
        .text(BASE64.encode(bytes))
        .build()
}

/// One `<info/>` of the metadata node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarInfo {
    pub id: String,
    pub bytes: u64,
    pub mime: String,
    pub width: Option<u16>,
    pub height: Option<u16>,
    /// Hosted elsewhere instead of in the data node; Jibber does not fetch such URLs.
    pub url: Option<String>,
}

/// `<metadata xmlns='urn:xmpp:avatar:metadata'>`; no `info` means the avatar was removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AvatarMetadata {
    pub infos: Vec<AvatarInfo>,
}

impl AvatarMetadata {
    /// The image in the data node (the one without a URL), which is what Jibber shows.
    pub fn in_data_node(&self) -> Option<&AvatarInfo> {
        self.infos.iter().find(|info| info.url.is_none())
    }
}

impl TryFrom<&Element> for AvatarMetadata {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "metadata", ns::AVATAR_METADATA)?;
        let infos = element
            .children_named("info", ns::AVATAR_METADATA)
            .map(|info| {
                Ok(AvatarInfo {
                    id: required_attr(info, "info", "id")?.to_owned(),
                    bytes: optional_parsed(info, "info", "bytes")?.unwrap_or(0),
                    mime: required_attr(info, "info", "type")?.to_owned(),
                    width: optional_parsed(info, "info", "width")?,
                    height: optional_parsed(info, "info", "height")?,
                    url: info.attr("url").map(str::to_owned),
                })
            })
            .collect::<Result<_, ParseError>>()?;
        Ok(Self { infos })
    }
}

impl From<&AvatarMetadata> for Element {
    fn from(metadata: &AvatarMetadata) -> Self {
        Element::builder("metadata", ns::AVATAR_METADATA)
            .append_all(metadata.infos.iter().map(|info| {
                Element::builder("info", ns::AVATAR_METADATA)
                    .attr("id", info.id.clone())
                    .attr("bytes", info.bytes.to_string())
                    .attr("type", info.mime.clone())
                    .attr_opt("width", info.width.map(|w| w.to_string()))
                    .attr_opt("height", info.height.map(|h| h.to_string()))
                    .attr_opt("url", info.url.clone())
                    .build()
            }))
            .build()
    }
}

impl From<AvatarMetadata> for Element {
    fn from(metadata: AvatarMetadata) -> Self {
        Element::from(&metadata)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn checks_size_type_and_hash() {
        let good = VerifiedAvatar::check(PNG.to_vec(), Some(&avatar_hash(PNG))).unwrap();
        assert_eq!(good.mime, "image/png");
        assert!(good.data_url().starts_with("data:image/png;base64,"));
        let lying = VerifiedAvatar::check(
            PNG.to_vec(),
            Some("0000000000000000000000000000000000000000"),
        );
        assert!(matches!(lying, Err(AvatarError::HashMismatch { .. })));
        assert_eq!(
            VerifiedAvatar::check(b"<svg onload='x'/>".to_vec(), None),
            Err(AvatarError::NotAnImage)
        );
        let mut huge = PNG.to_vec();
        huge.resize(MAX_AVATAR_BYTES + 1, 0);
        assert_eq!(
            VerifiedAvatar::check(huge.clone(), None),
            Err(AvatarError::TooLarge(MAX_AVATAR_BYTES + 1))
        );
        assert!(matches!(
            VerifiedAvatar::from_base64(&BASE64.encode(&huge), None),
            Err(AvatarError::TooLarge(_))
        ));
        assert_eq!(
            VerifiedAvatar::from_base64("!!not base64!!", None),
            Err(AvatarError::NotBase64)
        );
        assert_eq!(
            VerifiedAvatar::from_base64(&format!(" {} ", BASE64.encode(PNG)), None).unwrap(),
            good
        );
    }

    #[test]
    fn the_sha1_is_the_xep_0153_example_format() {
        assert_eq!(avatar_hash(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    #[test]
    fn metadata_round_trips_and_needs_ids() {
        let xml = r#"<metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="12345" width="64" height="64"
            id="111f4b3c50d7b0df729d299bc6f8e9ef9066971f" type="image/png"/><info bytes="9" id="x" type="image/gif" url="https://example.org/a.gif"/></metadata>"#;
        let metadata = AvatarMetadata::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(
            metadata.in_data_node().unwrap().id,
            "111f4b3c50d7b0df729d299bc6f8e9ef9066971f"
        );
        assert_eq!(
            AvatarMetadata::try_from(&Element::from(&metadata)).unwrap(),
            metadata
        );
        let bad = parse_element(
            r#"<metadata xmlns="urn:xmpp:avatar:metadata"><info type="image/png"/></metadata>"#,
        )
        .unwrap();
        assert!(AvatarMetadata::try_from(&bad).is_err());
        let removed = AvatarMetadata::try_from(
            &parse_element(r#"<metadata xmlns="urn:xmpp:avatar:metadata"/>"#).unwrap(),
        )
        .unwrap();
        assert_eq!(removed.in_data_node(), None);
    }
}

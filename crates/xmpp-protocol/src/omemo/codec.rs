//! Small readers shared by the OMEMO payloads: base64 content, device id and boolean
//! attributes, and the uniform errors for unexpected or repeated children.

use base64::alphabet::STANDARD as STANDARD_ALPHABET;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use super::device_id::DeviceId;
use crate::payload::{required_attr, ParseError};
use crate::xml::Element;

/// Senders differ on padding, so decoding accepts it present or absent.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD_ALPHABET,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Longest excerpt of a hostile value copied into an error message.
const PREVIEW_CHARS: usize = 64;

pub(crate) fn preview(value: &str) -> String {
    let mut excerpt: String = value.chars().take(PREVIEW_CHARS).collect();
    if value.chars().nth(PREVIEW_CHARS).is_some() {
        excerpt.push('…');
    }
    excerpt
}

pub(crate) fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes base64 text, ignoring whitespace (XEP examples wrap keys in newlines and indentation).
pub(crate) fn decode(context: &'static str, text: &str) -> Result<Vec<u8>, ParseError> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    LENIENT
        .decode(compact.as_bytes())
        .map_err(|e| ParseError::InvalidContent {
            element: context,
            value: preview(text),
            reason: format!("not base64: {e}"),
        })
}

/// The element's text as base64, which must not be empty.
pub(crate) fn decode_nonempty(
    element: &Element,
    context: &'static str,
) -> Result<Vec<u8>, ParseError> {
    let bytes = decode(context, &element.text())?;
    if bytes.is_empty() {
        return Err(ParseError::InvalidContent {
            element: context,
            value: String::new(),
            reason: "must not be empty".into(),
        });
    }
    Ok(bytes)
}

/// The element's text as base64 of exactly `len` bytes (a key or signature).
pub(crate) fn decode_exact(
    element: &Element,
    context: &'static str,
    len: usize,
) -> Result<Vec<u8>, ParseError> {
    let bytes = decode(context, &element.text())?;
    if bytes.len() != len {
        return Err(ParseError::InvalidContent {
            element: context,
            value: preview(&element.text()),
            reason: format!("decodes to {} bytes, expected {len}", bytes.len()),
        });
    }
    Ok(bytes)
}

pub(crate) fn device_id(
    element: &Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<DeviceId, ParseError> {
    parse_device_id(
        required_attr(element, context, attribute)?,
        context,
        attribute,
    )
}

/// A device id found in `attribute` of `context` (also used for item ids and node names).
pub(crate) fn parse_device_id(
    value: &str,
    context: &'static str,
    attribute: &'static str,
) -> Result<DeviceId, ParseError> {
    value
        .parse()
        .map_err(|e: super::DeviceIdError| ParseError::InvalidAttribute {
            element: context,
            attribute,
            value: preview(value),
            reason: e.to_string(),
        })
}

/// A prekey or signed prekey id: uint32 on the wire.
pub(crate) fn key_id(
    element: &Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<u32, ParseError> {
    let value = required_attr(element, context, attribute)?;
    let valid = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    value
        .parse()
        .ok()
        .filter(|_| valid)
        .ok_or_else(|| ParseError::InvalidAttribute {
            element: context,
            attribute,
            value: preview(value),
            reason: "not a decimal number in 0..=4294967295".into(),
        })
}

/// An optional xs:boolean attribute (`true`/`1`/`false`/`0`), false when absent.
pub(crate) fn flag(
    element: &Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<bool, ParseError> {
    match element.attr(attribute) {
        None | Some("false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(other) => Err(ParseError::InvalidAttribute {
            element: context,
            attribute,
            value: preview(other),
            reason: "not an xs:boolean (true, 1, false, 0)".into(),
        }),
    }
}

pub(crate) fn unexpected_child(context: &'static str, child: &Element) -> ParseError {
    ParseError::InvalidContent {
        element: context,
        value: format!("<{} xmlns='{}'>", preview(&child.name), preview(&child.ns)),
        reason: "unexpected child element".into(),
    }
}

pub(crate) fn repeated_child(context: &'static str, child: &Element) -> ParseError {
    ParseError::InvalidContent {
        element: context,
        value: format!("<{}>", preview(&child.name)),
        reason: "this child may appear only once".into(),
    }
}

pub(crate) fn too_many(context: &'static str, what: &str, limit: usize) -> ParseError {
    ParseError::InvalidContent {
        element: context,
        value: format!("more than {limit} {what}"),
        reason: format!("at most {limit} are accepted"),
    }
}

/// Stores `child` in an empty slot, failing if the slot is already taken.
pub(crate) fn fill_once<'a>(
    slot: &mut Option<&'a Element>,
    child: &'a Element,
    context: &'static str,
) -> Result<(), ParseError> {
    if slot.is_some() {
        return Err(repeated_child(context, child));
    }
    *slot = Some(child);
    Ok(())
}

pub(crate) fn base64_child(name: &str, ns: &str, bytes: &[u8]) -> Element {
    Element::builder(name, ns).text(encode(bytes)).build()
}

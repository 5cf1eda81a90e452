//! The pattern every typed payload follows: `TryFrom<&Element>` with a [`ParseError`] that says
//! either "this is not my element" ([`ParseError::WrongElement`], so a caller trying several
//! types moves on) or "this is my element but it is malformed, because ...".
//!
//! The helpers here keep each payload module short and its errors uniform.

use std::str::FromStr;

use crate::datetime::DateTimeError;
use crate::jid::JidError;
use crate::xml::Element;

/// Why an element could not be read as a typed payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("expected <{expected} xmlns='{expected_ns}'> but got <{found} xmlns='{found_ns}'>")]
    WrongElement {
        expected: &'static str,
        expected_ns: &'static str,
        found: String,
        found_ns: String,
    },
    #[error("<{element}> lacks the required '{attribute}' attribute")]
    MissingAttribute {
        element: &'static str,
        attribute: &'static str,
    },
    #[error("<{element}> has an invalid '{attribute}' attribute {value:?}: {reason}")]
    InvalidAttribute {
        element: &'static str,
        attribute: &'static str,
        value: String,
        reason: String,
    },
    #[error("<{element}> has an invalid JID {value:?} in '{attribute}': {source}")]
    InvalidJid {
        element: &'static str,
        attribute: &'static str,
        value: String,
        #[source]
        source: JidError,
    },
    #[error("<{element}> lacks the required <{child}> child")]
    MissingChild {
        element: &'static str,
        child: &'static str,
    },
    #[error("<{element}> has invalid content {value:?}: {reason}")]
    InvalidContent {
        element: &'static str,
        value: String,
        reason: String,
    },
    #[error("<{element}> has an invalid timestamp {value:?}: {source}")]
    InvalidTimestamp {
        element: &'static str,
        value: String,
        #[source]
        source: DateTimeError,
    },
}

/// A value outside a closed set, e.g. `type='shout'` on a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a known {kind}")]
pub struct UnknownValue {
    pub value: String,
    /// The Rust type the value was meant for.
    pub kind: &'static str,
}

impl ParseError {
    /// True when the element simply belongs to someone else; any other error means the element
    /// was recognised but is malformed.
    pub fn is_wrong_element(&self) -> bool {
        matches!(self, ParseError::WrongElement { .. })
    }
}

/// Fails with [`ParseError::WrongElement`] unless `element` is `<name xmlns=ns>`.
pub fn expect_element(
    element: &Element,
    name: &'static str,
    ns: &'static str,
) -> Result<(), ParseError> {
    if element.is(name, ns) {
        Ok(())
    } else {
        Err(wrong_element(element, name, ns))
    }
}

pub fn wrong_element(element: &Element, name: &'static str, ns: &'static str) -> ParseError {
    ParseError::WrongElement {
        expected: name,
        expected_ns: ns,
        found: element.name.clone(),
        found_ns: element.ns.clone(),
    }
}

pub fn required_attr<'a>(
    element: &'a Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<&'a str, ParseError> {
    element.attr(attribute).ok_or(ParseError::MissingAttribute {
        element: context,
        attribute,
    })
}

/// An optional attribute parsed with `FromStr`; JIDs get [`ParseError::InvalidJid`] through
/// [`optional_jid`] instead.
pub fn optional_parsed<T>(
    element: &Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<Option<T>, ParseError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    element
        .attr(attribute)
        .map(|value| {
            value
                .parse()
                .map_err(|e: T::Err| ParseError::InvalidAttribute {
                    element: context,
                    attribute,
                    value: value.to_owned(),
                    reason: e.to_string(),
                })
        })
        .transpose()
}

pub fn optional_jid<T>(
    element: &Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<Option<T>, ParseError>
where
    T: FromStr<Err = JidError>,
{
    element
        .attr(attribute)
        .map(|value| parse_jid(value, context, attribute))
        .transpose()
}

pub fn required_jid<T>(
    element: &Element,
    context: &'static str,
    attribute: &'static str,
) -> Result<T, ParseError>
where
    T: FromStr<Err = JidError>,
{
    parse_jid(
        required_attr(element, context, attribute)?,
        context,
        attribute,
    )
}

fn parse_jid<T>(
    value: &str,
    context: &'static str,
    attribute: &'static str,
) -> Result<T, ParseError>
where
    T: FromStr<Err = JidError>,
{
    value.parse().map_err(|source| ParseError::InvalidJid {
        element: context,
        attribute,
        value: value.to_owned(),
        source,
    })
}

/// Finds the first child that parses as `T`, skipping children that are not `T`'s element.
/// A child that is `T`'s element but malformed is reported.
pub fn find_payload<'a, T>(
    children: impl IntoIterator<Item = &'a Element>,
) -> Option<Result<T, ParseError>>
where
    T: TryFrom<&'a Element, Error = ParseError>,
{
    children
        .into_iter()
        .map(T::try_from)
        .find(|result| !matches!(result, Err(e) if e.is_wrong_element()))
}

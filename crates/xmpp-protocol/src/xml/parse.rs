//! Parsing one element from text, with the restrictions of RFC 6120 §11 and hard limits, because
//! every byte comes from the network: no DTDs, no processing instructions, no entities beyond
//! the five predefined ones, and bounded depth, attribute count and sizes.

use quick_xml::errors::{Error as QuickError, IllFormedError};
use quick_xml::escape::{resolve_xml_entity, EscapeError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceError, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use super::write::is_xml_char;
use super::{Element, XmlError};
use crate::ns;

/// Bounds on what one parsed element may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlLimits {
    /// Deepest nesting of elements, the root counting as 1.
    pub max_depth: usize,
    /// Longest attribute value in bytes, before unescaping.
    pub max_attr_value_bytes: usize,
    /// Longest input accepted at all, in bytes.
    pub max_frame_bytes: usize,
    /// Most attributes (namespace declarations included) on one element.
    pub max_attributes: usize,
}

impl Default for XmlLimits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_attr_value_bytes: 64 * 1024,
            max_frame_bytes: 1024 * 1024,
            max_attributes: 256,
        }
    }
}

/// Parses exactly one element (optionally preceded by an XML declaration) with default limits.
pub fn parse_element(input: &str) -> Result<Element, XmlError> {
    parse_element_with_limits(input, &XmlLimits::default())
}

pub fn parse_element_with_limits(input: &str, limits: &XmlLimits) -> Result<Element, XmlError> {
    if input.len() > limits.max_frame_bytes {
        return Err(XmlError::FrameTooLarge {
            size: input.len(),
            limit: limits.max_frame_bytes,
        });
    }
    let mut reader = NsReader::from_str(input);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut first_event = true;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| convert_error(e, reader.error_position()))?;
        let at_start = std::mem::replace(&mut first_event, false);
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                return Err(XmlError::MultipleRoots {
                    name: start.local_name().as_ref().to_owned(),
                });
            }
            Event::Start(start) => {
                if open.len() >= limits.max_depth {
                    return Err(XmlError::TooDeep {
                        limit: limits.max_depth,
                    });
                }
                open.push(start_element(&reader, &start, limits)?);
            }
            Event::Empty(start) => {
                if open.len() >= limits.max_depth {
                    return Err(XmlError::TooDeep {
                        limit: limits.max_depth,
                    });
                }
                let element = start_element(&reader, &start, limits)?;
                close_element(element, &mut open, &mut root);
            }
            Event::End(end) => {
                let element = open.pop().ok_or_else(|| XmlError::UnexpectedEnd {
                    name: end.name().as_ref().to_owned(),
                })?;
                close_element(element, &mut open, &mut root);
            }
            Event::Text(text) => append_text(&mut open, &text.xml10_content())?,
            Event::CData(data) => append_text(&mut open, &data.xml10_content())?,
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference)?;
                append_text(&mut open, &resolved)?;
            }
            Event::Comment(_) => {}
            Event::Decl(_) if at_start => {}
            Event::Decl(_) => return Err(XmlError::MisplacedDeclaration),
            Event::PI(pi) => {
                return Err(XmlError::ProcessingInstruction {
                    target: pi.target().to_owned(),
                })
            }
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Eof => break,
        }
    }
    if let Some(unclosed) = open.pop() {
        return Err(XmlError::UnclosedElement {
            name: unclosed.name,
        });
    }
    root.ok_or(XmlError::NoRoot)
}

fn close_element(element: Element, open: &mut [Element], root: &mut Option<Element>) {
    match open.last_mut() {
        Some(parent) => {
            parent.append_child(element);
        }
        None => *root = Some(element),
    }
}

fn append_text(open: &mut [Element], text: &str) -> Result<(), XmlError> {
    check_chars(text)?;
    match open.last_mut() {
        Some(parent) => {
            parent.append_text(text);
            Ok(())
        }
        None if text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) => Ok(()),
        None => Err(XmlError::TrailingContent {
            text: text.chars().take(40).collect(),
        }),
    }
}

/// `prefix:local` or `local`, each an XML `NCName` (the reader itself does not check names).
fn check_qualified_name(name: &str) -> Result<(), XmlError> {
    let valid = match name.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(name),
    };
    if valid {
        Ok(())
    } else {
        Err(XmlError::InvalidName {
            name: name.chars().take(64).collect(),
        })
    }
}

fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let name_char = |c: char| {
        c.is_alphanumeric()
            || matches!(c, '-' | '.' | '_' | '\u{B7}')
            || (!c.is_ascii() && !c.is_whitespace() && !c.is_control())
    };
    (first.is_alphabetic() || first == '_' || (!first.is_ascii() && name_char(first)))
        && chars.all(name_char)
}

/// The resolver binds a declaration's raw text without unescaping it, so only values that need
/// no escaping are accepted; anything else would not read back the same once written.
fn check_namespace_value(value: &str) -> Result<(), XmlError> {
    match value
        .chars()
        .find(|c| !is_xml_char(*c) || matches!(c, '&' | '<' | '>' | '"' | '\t' | '\n' | '\r'))
    {
        Some(c) => Err(XmlError::InvalidNamespace {
            reason: format!("U+{:04X} in a namespace name", u32::from(c)),
        }),
        None => Ok(()),
    }
}

fn check_chars(text: &str) -> Result<(), XmlError> {
    match text.chars().find(|c| !is_xml_char(*c)) {
        Some(c) => Err(XmlError::ForbiddenChar { code: u32::from(c) }),
        None => Ok(()),
    }
}

fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Result<String, XmlError> {
    let name: &str = reference;
    if reference.is_char_ref() {
        let invalid = || XmlError::InvalidCharRef {
            reference: name.to_owned(),
        };
        return match reference.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => Ok(c.to_string()),
            _ => Err(invalid()),
        };
    }
    resolve_xml_entity(name)
        .map(str::to_owned)
        .ok_or_else(|| XmlError::UnknownEntity {
            name: name.to_owned(),
        })
}

fn start_element(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    limits: &XmlLimits,
) -> Result<Element, XmlError> {
    check_qualified_name(start.name().as_ref())?;
    let (resolved, local) = reader.resolver().resolve_element(start.name());
    let name = local.as_ref().to_owned();
    let ns = resolved_namespace(resolved)?;
    let mut element = Element::new(name, ns);
    let mut count = 0usize;
    let mut attributes = start.attributes();
    attributes.with_checks(false);
    for attribute in attributes {
        let attribute = attribute.map_err(|e| XmlError::Syntax {
            position: reader.buffer_position(),
            message: e.to_string(),
        })?;
        count += 1;
        if count > limits.max_attributes {
            return Err(XmlError::TooManyAttributes {
                element: element.name,
                limit: limits.max_attributes,
            });
        }
        let raw_name = attribute.key.as_ref();
        check_qualified_name(raw_name)?;
        if attribute.value.len() > limits.max_attr_value_bytes {
            return Err(XmlError::AttributeValueTooLong {
                name: raw_name.to_owned(),
                size: attribute.value.len(),
                limit: limits.max_attr_value_bytes,
            });
        }
        if attribute.key.as_namespace_binding().is_some() {
            check_namespace_value(&attribute.value)?;
            continue;
        }
        if attribute.value.contains('<') {
            return Err(XmlError::LessThanInAttribute {
                name: raw_name.to_owned(),
            });
        }
        let key = attribute_key(reader, &attribute.key)?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(convert_value_error)?;
        check_chars(&value)?;
        if element.attr(&key).is_some() {
            return Err(XmlError::DuplicateAttribute {
                element: element.name,
                name: key,
            });
        }
        element.attrs.push((key, value.into_owned()));
    }
    Ok(element)
}

/// Unprefixed names stay as they are, `xml:` names keep their prefix, anything else becomes
/// `{namespace}local` so it survives without its declaration.
fn attribute_key(
    reader: &NsReader<&[u8]>,
    key: &quick_xml::name::QName<'_>,
) -> Result<String, XmlError> {
    if key.prefix().is_none() {
        return Ok(key.as_ref().to_owned());
    }
    let (resolved, local) = reader.resolver().resolve_attribute(*key);
    let attr_ns = resolved_namespace(resolved)?;
    if attr_ns == ns::XML {
        Ok(format!("xml:{}", local.as_ref()))
    } else {
        Ok(format!("{{{attr_ns}}}{}", local.as_ref()))
    }
}

fn resolved_namespace(resolved: ResolveResult<'_>) -> Result<String, XmlError> {
    match resolved {
        ResolveResult::Bound(namespace) => Ok(namespace.as_ref().to_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => Err(XmlError::UnknownPrefix { prefix }),
    }
}

fn convert_value_error(error: QuickError) -> XmlError {
    match error {
        QuickError::Escape(escape) => convert_escape_error(escape),
        other => XmlError::Syntax {
            position: 0,
            message: other.to_string(),
        },
    }
}

fn convert_escape_error(error: EscapeError) -> XmlError {
    match error {
        EscapeError::UnrecognizedEntity(_, name) => XmlError::UnknownEntity { name },
        EscapeError::InvalidCharRef(reason) => XmlError::InvalidCharRef {
            reference: reason.to_string(),
        },
        other => XmlError::Syntax {
            position: 0,
            message: other.to_string(),
        },
    }
}

fn convert_error(error: QuickError, position: u64) -> XmlError {
    match error {
        QuickError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            XmlError::MismatchedEnd { expected, found }
        }
        QuickError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            XmlError::UnexpectedEnd { name }
        }
        QuickError::IllFormed(IllFormedError::MissingEndTag(name)) => {
            XmlError::UnclosedElement { name }
        }
        QuickError::Namespace(NamespaceError::UnknownPrefix(prefix)) => {
            XmlError::UnknownPrefix { prefix }
        }
        QuickError::Namespace(other) => XmlError::InvalidNamespace {
            reason: other.to_string(),
        },
        QuickError::Escape(escape) => convert_escape_error(escape),
        other => XmlError::Syntax {
            position,
            message: other.to_string(),
        },
    }
}

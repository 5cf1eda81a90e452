//! Helpers shared by the OMEMO tests: fixture loading, typed round trips and a semantic XML
//! comparison (same elements and attributes, base64 compared as bytes, prefixes and attribute
//! order ignored).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use xmpp_protocol::payload::ParseError;
use xmpp_protocol::xml::{parse_element, Element};

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> Element {
    let text =
        std::fs::read_to_string(fixture_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    parse_element(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The captured stanzas whose names start with one of `prefixes`, sorted by name.
pub fn fixtures_with_prefix(prefixes: &[&str]) -> Vec<(String, Element)> {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.ends_with(".xml") && prefixes.iter().any(|prefix| name.starts_with(prefix))
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| (name.clone(), fixture(&name)))
        .collect()
}

pub fn parse<T: for<'a> TryFrom<&'a Element, Error = ParseError>>(
    xml: &str,
) -> Result<T, ParseError> {
    T::try_from(&parse_element(xml).unwrap_or_else(|e| panic!("{xml}: {e}")))
}

/// parse → serialise → parse: the typed value survives, and the serialised XML says the same
/// as the original. Returns the typed value.
pub fn round_trip<T>(original: &Element, context: &str) -> T
where
    T: for<'a> TryFrom<&'a Element, Error = ParseError> + Clone + PartialEq + std::fmt::Debug,
    for<'a> &'a T: Into<Element>,
{
    let typed = T::try_from(original).unwrap_or_else(|e| panic!("{context}: {e}"));
    let written: Element = (&typed).into();
    let again = T::try_from(&parse_element(&written.to_xml()).unwrap())
        .unwrap_or_else(|e| panic!("{context} rewritten: {e}"));
    assert_eq!(again, typed, "{context}: typed round trip");
    assert_same_xml(original, &written, context);
    typed
}

/// Fails unless `a` and `b` carry the same elements, attributes and content.
pub fn assert_same_xml(a: &Element, b: &Element, context: &str) {
    let path = format!("{context}/{}", a.name);
    assert_eq!((&a.name, &a.ns), (&b.name, &b.ns), "{path}: element");
    let mut a_attrs = a.attrs.clone();
    let mut b_attrs = b.attrs.clone();
    a_attrs.sort();
    b_attrs.sort();
    assert_eq!(a_attrs, b_attrs, "{path}: attributes");
    let (a_text, b_text) = (a.text(), b.text());
    let (a_text, b_text) = (a_text.trim(), b_text.trim());
    if a_text != b_text {
        let decode =
            |text: &str| STANDARD.decode(text.split_ascii_whitespace().collect::<String>());
        match (decode(a_text), decode(b_text)) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{path}: base64 content"),
            _ => panic!("{path}: text {a_text:?} != {b_text:?}"),
        }
    }
    let a_children: Vec<&Element> = a.child_elements().collect();
    let b_children: Vec<&Element> = b.child_elements().collect();
    assert_eq!(
        a_children.len(),
        b_children.len(),
        "{path}: number of children"
    );
    for (x, y) in a_children.into_iter().zip(b_children) {
        assert_same_xml(x, y, &path);
    }
}

/// Every descendant of `root` (itself included) named `name` in namespace `ns`.
pub fn descendants<'a>(root: &'a Element, name: &str, ns: &str) -> Vec<&'a Element> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(element) = stack.pop() {
        if element.is(name, ns) {
            found.push(element);
        }
        stack.extend(
            element
                .child_elements()
                .collect::<Vec<_>>()
                .into_iter()
                .rev(),
        );
    }
    found
}

pub fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

pub fn b64(text: &str) -> Vec<u8> {
    STANDARD.decode(text).unwrap()
}

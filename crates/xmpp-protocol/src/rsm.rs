//! XEP-0059 result set management: paging through long results (archive queries).

use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// `<set/>`: in a request, `max` and at most one of `after` / `before`; in a result, `first`,
/// `last` and `count`. `before: Some("")` asks for the last page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResultSet {
    pub max: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub count: Option<u32>,
}

impl ResultSet {
    /// The page of up to `max` items right after `id` (oldest first).
    pub fn after(id: impl Into<String>, max: u32) -> Self {
        Self {
            max: Some(max),
            after: Some(id.into()),
            ..Self::default()
        }
    }

    /// The page of up to `max` items right before `id`; `None` means the newest page.
    pub fn before(id: Option<String>, max: u32) -> Self {
        Self {
            max: Some(max),
            before: Some(id.unwrap_or_default()),
            ..Self::default()
        }
    }
}

impl TryFrom<&Element> for ResultSet {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "set", ns::RSM)?;
        let number = |name: &'static str| -> Result<Option<u32>, ParseError> {
            element
                .child_text(name, ns::RSM)
                .map(|text| {
                    text.trim().parse().map_err(|_| ParseError::InvalidContent {
                        element: name,
                        value: text.clone(),
                        reason: "not a count".into(),
                    })
                })
                .transpose()
        };
        Ok(Self {
            max: number("max")?,
            after: element.child_text("after", ns::RSM),
            before: element.child_text("before", ns::RSM),
            first: element.child_text("first", ns::RSM),
            last: element.child_text("last", ns::RSM),
            count: number("count")?,
        })
    }
}

impl From<ResultSet> for Element {
    fn from(set: ResultSet) -> Self {
        let child = |name: &str, text: Option<String>| {
            text.map(|t| Element::builder(name, ns::RSM).text(t).build())
        };
        Element::builder("set", ns::RSM)
            .append_all(child("max", set.max.map(|m| m.to_string())))
            .append_all(child("after", set.after))
            .append_all(child("before", set.before))
            .append_all(child("first", set.first))
            .append_all(child("last", set.last))
            .append_all(child("count", set.count.map(|c| c.to_string())))
            .build()
    }
}

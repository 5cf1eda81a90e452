//! XEP-0313 message archive management: asking our archive for what we missed or for older
//! history, page by page (XEP-0059).
//!
//! Results arrive as messages carrying [`ArchiveResult`]; the IQ answer carries [`ArchiveFin`].
//! A result is only ours if it names our `queryid` and comes from our own archive: callers
//! check both with [`ArchiveResult::from_message`].

use crate::datetime::format_datetime;
use crate::forward::Forwarded;
use crate::jid::{BareJid, Jid};
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::rsm::ResultSet;
use crate::stanza::Message;
use crate::xml::Element;
use crate::Millis;

/// `<query xmlns='urn:xmpp:mam:2' queryid/>` with an optional filter form and paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveQuery {
    pub query_id: String,
    /// Only messages exchanged with this JID.
    pub with: Option<BareJid>,
    /// Only messages at or after this time.
    pub start: Option<Millis>,
    pub set: ResultSet,
}

impl TryFrom<&Element> for ArchiveQuery {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "query", ns::MAM)?;
        let field = |var: &str| {
            element.get_child("x", ns::DATA_FORMS).and_then(|form| {
                form.children_named("field", ns::DATA_FORMS)
                    .find(|f| f.attr("var") == Some(var))
                    .and_then(|f| f.child_text("value", ns::DATA_FORMS))
            })
        };
        let with = match field("with") {
            Some(value) => Some(value.parse().map_err(|source| ParseError::InvalidJid {
                element: "query",
                attribute: "with",
                value: value.clone(),
                source,
            })?),
            None => None,
        };
        let start = match field("start") {
            Some(value) => Some(crate::datetime::parse_datetime(&value).map_err(|source| {
                ParseError::InvalidTimestamp {
                    element: "query",
                    value: value.clone(),
                    source,
                }
            })?),
            None => None,
        };
        Ok(Self {
            query_id: element.attr("queryid").unwrap_or_default().to_owned(),
            with,
            start,
            set: element
                .get_child("set", ns::RSM)
                .map(ResultSet::try_from)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

impl From<ArchiveQuery> for Element {
    fn from(query: ArchiveQuery) -> Self {
        let field = |var: &str, value: String| {
            Element::builder("field", ns::DATA_FORMS)
                .attr("var", var)
                .append(
                    Element::builder("value", ns::DATA_FORMS)
                        .text(value)
                        .build(),
                )
                .build()
        };
        let mut fields = vec![Element::builder("field", ns::DATA_FORMS)
            .attr("var", "FORM_TYPE")
            .attr("type", "hidden")
            .append(
                Element::builder("value", ns::DATA_FORMS)
                    .text(ns::MAM)
                    .build(),
            )
            .build()];
        fields.extend(query.with.map(|with| field("with", with.to_string())));
        fields.extend(
            query
                .start
                .map(|start| field("start", format_datetime(start))),
        );
        Element::builder("query", ns::MAM)
            .attr("queryid", query.query_id)
            .append(
                Element::builder("x", ns::DATA_FORMS)
                    .attr("type", "submit")
                    .append_all(fields)
                    .build(),
            )
            .append(query.set.into())
            .build()
    }
}

/// `<result queryid id><forwarded/></result>`: one archived message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveResult {
    pub query_id: Option<String>,
    /// The archive id (the message's stanza-id in our archive).
    pub id: String,
    pub forwarded: Forwarded,
}

/// Why an archive result was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveResultError {
    #[error("an archive result from {from:?}, not from our own archive, was dropped")]
    NotOurArchive { from: Option<String> },
    #[error("a malformed archive result was dropped: {0}")]
    Malformed(#[from] ParseError),
}

impl ArchiveResult {
    /// The archive result inside `message`, if any. Results must come from our own archive
    /// (no `from`, or our bare JID); the caller still checks the `queryid`.
    pub fn from_message(
        message: &Message,
        own: &BareJid,
    ) -> Option<Result<ArchiveResult, ArchiveResultError>> {
        let wrapper = message.payloads.iter().find(|p| p.is("result", ns::MAM))?;
        let ours = match &message.from {
            None => true,
            Some(Jid::Bare(from)) => from == own,
            Some(Jid::Full(_)) => false,
        };
        if !ours {
            return Some(Err(ArchiveResultError::NotOurArchive {
                from: message.from.as_ref().map(Jid::to_string),
            }));
        }
        Some(ArchiveResult::try_from(wrapper).map_err(ArchiveResultError::from))
    }
}

impl TryFrom<&Element> for ArchiveResult {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "result", ns::MAM)?;
        let forwarded =
            element
                .get_child("forwarded", ns::FORWARD)
                .ok_or(ParseError::MissingChild {
                    element: "result",
                    child: "forwarded",
                })?;
        Ok(Self {
            query_id: element.attr("queryid").map(str::to_owned),
            id: required_attr(element, "result", "id")?.to_owned(),
            forwarded: Forwarded::try_from(forwarded)?,
        })
    }
}

impl From<ArchiveResult> for Element {
    fn from(result: ArchiveResult) -> Self {
        Element::builder("result", ns::MAM)
            .attr_opt("queryid", result.query_id)
            .attr("id", result.id)
            .append(result.forwarded.into())
            .build()
    }
}

/// `<fin complete><set/></fin>`: the end of one page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArchiveFin {
    /// No more results in the direction asked.
    pub complete: bool,
    pub set: ResultSet,
}

impl TryFrom<&Element> for ArchiveFin {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "fin", ns::MAM)?;
        Ok(Self {
            complete: matches!(element.attr("complete"), Some("true" | "1")),
            set: element
                .get_child("set", ns::RSM)
                .map(ResultSet::try_from)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

impl From<ArchiveFin> for Element {
    fn from(fin: ArchiveFin) -> Self {
        Element::builder("fin", ns::MAM)
            .attr_opt("complete", fin.complete.then_some("true"))
            .append(fin.set.into())
            .build()
    }
}

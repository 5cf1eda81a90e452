//! XEP-0461 message replies with the XEP-0428 fallback that quotes the original for clients
//! without support: `<reply xmlns='urn:xmpp:reply:0' to='…' id='…'/>` names the message replied
//! to, and `<fallback for='urn:xmpp:reply:0'><body start end/></fallback>` marks the quoted
//! part of the body (in Unicode code points) that such clients strip.
//!
//! The fallback comes from the network: ranges that do not fit the body, overlap or come in
//! absurd numbers are not stripped (the body is shown whole), never a panic.

use crate::jid::Jid;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

pub const REPLY: &str = "urn:xmpp:reply:0";
pub const FALLBACK: &str = "urn:xmpp:fallback:0";

/// Longest message id accepted in a reply (ids are short tokens; anything longer is hostile).
const MAX_ID_LEN: usize = 256;
/// A reply's fallback is one quote; more ranges than this are not a real client's.
const MAX_RANGES: usize = 16;
/// How much of the original the sent fallback quotes.
pub const MAX_QUOTE_CHARS: usize = 300;

/// What a message replies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The author of the original: a bare JID in 1:1 chats, the occupant JID in groups.
    pub to: Option<Jid>,
    /// The original's id: its origin-id / id in 1:1 chats, the room's stanza-id in groups.
    pub id: String,
}

impl TryFrom<&Element> for Reply {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "reply", REPLY)?;
        let id = required_attr(element, "reply", "id")?;
        if id.trim().is_empty() || id.len() > MAX_ID_LEN {
            return Err(ParseError::InvalidAttribute {
                element: "reply",
                attribute: "id",
                value: id.chars().take(64).collect(),
                reason: "empty or too long".into(),
            });
        }
        // A broken author does not make the reply useless: the id still finds the original.
        let to = element.attr("to").and_then(|to| to.parse().ok());
        Ok(Reply {
            to,
            id: id.to_owned(),
        })
    }
}

impl From<&Reply> for Element {
    fn from(reply: &Reply) -> Self {
        Element::builder("reply", REPLY)
            .attr_opt("to", reply.to.as_ref().map(ToString::to_string))
            .attr("id", reply.id.clone())
            .build()
    }
}

impl Reply {
    /// The first valid reply among a message's payloads.
    pub fn find_in(payloads: &[Element]) -> Option<Reply> {
        payloads.iter().find_map(|p| Reply::try_from(p).ok())
    }
}

/// A reply as sent: the full body (quote, then the text) and the payloads that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingReply {
    pub body: String,
    pub payloads: Vec<Element>,
}

/// Builds a reply to `reply` whose own text is `text`, quoting `quoted` (the original's text,
/// cut to [`MAX_QUOTE_CHARS`]) as `> ` lines for clients without XEP-0461.
pub fn compose(reply: &Reply, quoted: &str, text: &str) -> OutgoingReply {
    let fallback = quote_lines(quoted);
    let end = fallback.chars().count();
    let range = Element::builder("body", FALLBACK)
        .attr("start", "0")
        .attr("end", end.to_string())
        .build();
    let marker = Element::builder("fallback", FALLBACK)
        .attr("for", REPLY)
        .append(range)
        .build();
    OutgoingReply {
        body: format!("{fallback}{text}"),
        payloads: vec![Element::from(reply), marker],
    }
}

/// `quoted` as XEP-0393 quote lines, cut to [`MAX_QUOTE_CHARS`], ending with a newline.
pub fn quote_lines(quoted: &str) -> String {
    let mut cut: String = quoted.trim().chars().take(MAX_QUOTE_CHARS).collect();
    if quoted.trim().chars().count() > MAX_QUOTE_CHARS {
        cut.push('…');
    }
    cut.lines().map(|line| format!("> {line}\n")).collect()
}

/// What a received reply's body splits into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The body without the fallback: what the sender wrote.
    pub text: String,
    /// The fallback's quote without its `> ` markers: the original as the sender quoted it.
    pub quote: String,
}

/// Splits `body` by the reply fallback ranges in `payloads`. `None` when there are none, or
/// when they are hostile (out of range, reversed, overlapping, too many): show the body whole.
pub fn split_fallback(body: &str, payloads: &[Element]) -> Option<Split> {
    let length = body.chars().count();
    let mut ranges = Vec::new();
    for fallback in payloads
        .iter()
        .filter(|p| p.is("fallback", FALLBACK) && p.attr("for") == Some(REPLY))
    {
        for range in fallback.children_named("body", FALLBACK) {
            let bound = |name: &str, default: usize| match range.attr(name) {
                None => Some(default),
                Some(value) => value.trim().parse::<usize>().ok(),
            };
            ranges.push((bound("start", 0)?, bound("end", length)?));
            if ranges.len() > MAX_RANGES {
                return None;
            }
        }
    }
    if ranges.is_empty() {
        return None;
    }
    ranges.sort_unstable();
    let mut previous_end = 0;
    for &(start, end) in &ranges {
        if start > end || end > length || start < previous_end {
            return None;
        }
        previous_end = end;
    }
    let (mut text, mut quoted) = (String::new(), String::new());
    for (index, ch) in body.chars().enumerate() {
        if ranges
            .iter()
            .any(|&(start, end)| start <= index && index < end)
        {
            quoted.push(ch);
        } else {
            text.push(ch);
        }
    }
    let quote = quoted
        .lines()
        .map(|line| {
            line.strip_prefix("> ")
                .or_else(|| line.strip_prefix('>'))
                .unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();
    Some(Split { text, quote })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    fn payloads(xml: &str) -> Vec<Element> {
        vec![parse_element(xml).unwrap()]
    }

    #[test]
    fn reads_the_xep_example() {
        let body = "> Anna wrote:\n> We should bake a cake\nGreat idea!";
        let fallback = payloads("<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='38'/></fallback>");
        let split = split_fallback(body, &fallback).unwrap();
        assert_eq!(split.text, "Great idea!");
        assert_eq!(split.quote, "Anna wrote:\nWe should bake a cake");
        let reply = Reply::try_from(
            &parse_element(
                "<reply xmlns='urn:xmpp:reply:0' to='anna@example.com/laptop' id='message-id1'/>",
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(reply.id, "message-id1");
        assert_eq!(reply.to.unwrap().to_string(), "anna@example.com/laptop");
    }

    #[test]
    fn composes_what_it_reads() {
        let reply = Reply {
            to: Some("bob@localhost".parse().unwrap()),
            id: "m1".into(),
        };
        let sent = compose(&reply, "héllo 🎂\nsecond line", "yes!");
        assert_eq!(sent.body, "> héllo 🎂\n> second line\nyes!");
        let reparsed: Vec<Element> = sent
            .payloads
            .iter()
            .map(|p| parse_element(&p.to_xml()).unwrap())
            .collect();
        assert_eq!(Reply::find_in(&reparsed), Some(reply));
        let split = split_fallback(&sent.body, &reparsed).unwrap();
        assert_eq!(split.text, "yes!", "ranges count code points, not bytes");
        assert_eq!(split.quote, "héllo 🎂\nsecond line");
    }

    #[test]
    fn long_quotes_are_cut() {
        let long = "x".repeat(MAX_QUOTE_CHARS * 2);
        let lines = quote_lines(&long);
        assert_eq!(lines.chars().count(), MAX_QUOTE_CHARS + 4);
        assert!(lines.ends_with("…\n"));
    }

    #[test]
    fn hostile_ranges_leave_the_body_whole() {
        let body = "> q\nhi";
        for range in [
            "<body start='0' end='99'/>",
            "<body start='5' end='2'/>",
            "<body start='-1' end='2'/>",
            "<body start='0' end='18446744073709551616'/>",
            "<body start='x' end='2'/>",
            "<body start='0' end='3'/><body start='2' end='4'/>",
        ] {
            let fallback = payloads(&format!(
                "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'>{range}</fallback>"
            ));
            assert_eq!(split_fallback(body, &fallback), None, "{range}");
        }
        let many: String = (0..40).map(|_| "<body start='0' end='0'/>").collect();
        let fallback = payloads(&format!(
            "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'>{many}</fallback>"
        ));
        assert_eq!(split_fallback(body, &fallback), None);
    }

    #[test]
    fn other_fallbacks_and_missing_ranges() {
        let body = "> q\nhi";
        let other = payloads("<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'><body start='0' end='4'/></fallback>");
        assert_eq!(
            split_fallback(body, &other),
            None,
            "only the reply fallback"
        );
        let whole = payloads(
            "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body/></fallback>",
        );
        let split = split_fallback(body, &whole).unwrap();
        assert_eq!(split.text, "", "a body without bounds is all fallback");
        assert_eq!(split.quote, "q\nhi");
        assert_eq!(split_fallback(body, &[]), None);
    }

    #[test]
    fn hostile_replies_are_refused_or_tolerated() {
        for xml in [
            "<reply xmlns='urn:xmpp:reply:0' to='a@b'/>",
            "<reply xmlns='urn:xmpp:reply:0' id='  '/>",
            "<reply xmlns='urn:xmpp:other' id='x'/>",
        ] {
            assert!(
                Reply::try_from(&parse_element(xml).unwrap()).is_err(),
                "{xml}"
            );
        }
        let long = format!("<reply xmlns='urn:xmpp:reply:0' id='{}'/>", "i".repeat(300));
        assert!(Reply::try_from(&parse_element(&long).unwrap()).is_err());
        let bad_to = Reply::try_from(
            &parse_element("<reply xmlns='urn:xmpp:reply:0' to='@@@/' id='x'/>").unwrap(),
        )
        .unwrap();
        assert_eq!(
            bad_to.to, None,
            "a broken author still finds the original by id"
        );
    }
}

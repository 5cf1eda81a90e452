//! XEP-0425 moderated message retraction: a moderator asks the room to retract someone's
//! message (by the room's stanza-id), and the room tells everyone. Two wire versions exist:
//! 0.3 (`urn:xmpp:message-moderate:1`, the retraction carries `<moderated/>`) and 0.2
//! (`urn:xmpp:message-moderate:0` inside XEP-0422 `<apply-to/>`, what Prosody's
//! mod_muc_moderation and ejabberd speak). The room's disco#info says which one it takes;
//! both are read.

use crate::payload::ParseError;
use crate::xml::Element;

pub const MODERATE_1: &str = "urn:xmpp:message-moderate:1";
pub const MODERATE_0: &str = "urn:xmpp:message-moderate:0";
const RETRACT_1: &str = "urn:xmpp:message-retract:1";
const RETRACT_0: &str = "urn:xmpp:message-retract:0";
const FASTEN: &str = "urn:xmpp:fasten:0";
/// Longest stanza-id and reason accepted.
const MAX_ID_CHARS: usize = 256;
const MAX_REASON_CHARS: usize = 500;

/// Which version a room takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationVersion {
    V1,
    V0,
}

impl ModerationVersion {
    /// The newest version among a room's features.
    pub fn of_features<'a>(features: impl IntoIterator<Item = &'a String>) -> Option<Self> {
        let mut best = None;
        for feature in features {
            match feature.as_str() {
                MODERATE_1 => return Some(ModerationVersion::V1),
                MODERATE_0 => best = Some(ModerationVersion::V0),
                _ => {}
            }
        }
        best
    }
}

/// A room's announcement that a moderator retracted the message with archive id `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderated {
    pub target: String,
    /// The moderator's occupant JID, when given.
    pub by: Option<String>,
    pub reason: Option<String>,
}

/// The IQ payload asking the room to retract the message with archive id `stanza_id`.
pub fn moderate_request(
    version: ModerationVersion,
    stanza_id: &str,
    reason: Option<&str>,
) -> Element {
    let reason_in = |ns: &str| reason.map(|r| Element::builder("reason", ns).text(r).build());
    match version {
        ModerationVersion::V1 => Element::builder("moderate", MODERATE_1)
            .attr("id", stanza_id)
            .append(Element::new("retract", RETRACT_1))
            .append_all(reason_in(MODERATE_1))
            .build(),
        ModerationVersion::V0 => Element::builder("apply-to", FASTEN)
            .attr("id", stanza_id)
            .append(
                Element::builder("moderate", MODERATE_0)
                    .append(Element::new("retract", RETRACT_0))
                    .append_all(reason_in(MODERATE_0))
                    .build(),
            )
            .build(),
    }
}

fn bounded_reason(parent: &Element, ns: &str) -> Option<String> {
    parent
        .child_text("reason", ns)
        .map(|r| r.chars().take(MAX_REASON_CHARS).collect::<String>())
        .filter(|r| !r.trim().is_empty())
}

fn checked_id(id: &str) -> Result<String, ParseError> {
    if id.trim().is_empty() || id.len() > MAX_ID_CHARS {
        return Err(ParseError::InvalidAttribute {
            element: "retract",
            attribute: "id",
            value: id.chars().take(64).collect(),
            reason: "empty or too long".into(),
        });
    }
    Ok(id.to_owned())
}

/// The moderation a message's payloads announce, if any (either version).
pub fn moderated_in(payloads: &[Element]) -> Option<Result<Moderated, ParseError>> {
    for payload in payloads {
        if payload.is("retract", RETRACT_1) {
            let Some(moderated) = payload.get_child("moderated", MODERATE_1) else {
                continue;
            };
            let target = payload.attr("id").unwrap_or_default();
            return Some(checked_id(target).map(|target| {
                Moderated {
                    target,
                    by: moderated.attr("by").map(str::to_owned),
                    reason: bounded_reason(payload, RETRACT_1)
                        .or_else(|| bounded_reason(moderated, MODERATE_1)),
                }
            }));
        }
        if payload.is("apply-to", FASTEN) {
            let Some(moderated) = payload.get_child("moderated", MODERATE_0) else {
                continue;
            };
            if moderated.get_child("retract", RETRACT_0).is_none() {
                continue;
            }
            let target = payload.attr("id").unwrap_or_default();
            return Some(checked_id(target).map(|target| Moderated {
                target,
                by: moderated.attr("by").map(str::to_owned),
                reason: bounded_reason(moderated, MODERATE_0),
            }));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn reads_the_rooms_announcement_in_both_versions() {
        // XEP-0425 0.3 example 2.
        let v1 = parse_element("<retract id='stanza-id-1' xmlns='urn:xmpp:message-retract:1'><moderated by='room@muc.example/mod' xmlns='urn:xmpp:message-moderate:1'><occupant-id xmlns='urn:xmpp:occupant-id:0' id='x'/></moderated><reason>spam</reason></retract>").unwrap();
        let got = moderated_in(&[v1]).unwrap().unwrap();
        assert_eq!(got.target, "stanza-id-1");
        assert_eq!(got.by.as_deref(), Some("room@muc.example/mod"));
        assert_eq!(got.reason.as_deref(), Some("spam"));
        // XEP-0425 0.2 (Prosody's mod_muc_moderation).
        let v0 = parse_element("<apply-to id='stanza-id-2' xmlns='urn:xmpp:fasten:0'><moderated by='room@muc.example/mod' xmlns='urn:xmpp:message-moderate:0'><retract xmlns='urn:xmpp:message-retract:0'/><reason>off topic</reason></moderated></apply-to>").unwrap();
        let got = moderated_in(&[v0]).unwrap().unwrap();
        assert_eq!(got.target, "stanza-id-2");
        assert_eq!(got.reason.as_deref(), Some("off topic"));
        // A sender's own retraction is not a moderation; an empty id is refused.
        let own = parse_element("<retract id='a' xmlns='urn:xmpp:message-retract:1'/>").unwrap();
        assert!(moderated_in(&[own]).is_none());
        let empty = parse_element("<retract id=' ' xmlns='urn:xmpp:message-retract:1'><moderated xmlns='urn:xmpp:message-moderate:1'/></retract>").unwrap();
        assert!(moderated_in(&[empty]).unwrap().is_err());
    }

    #[test]
    fn requests_use_the_rooms_version() {
        let features = vec![MODERATE_0.to_owned(), MODERATE_1.to_owned()];
        assert_eq!(
            ModerationVersion::of_features(&features),
            Some(ModerationVersion::V1)
        );
        assert_eq!(
            ModerationVersion::of_features(&features[..1]),
            Some(ModerationVersion::V0)
        );
        assert_eq!(ModerationVersion::of_features(&[]), None);
        let v1 = moderate_request(ModerationVersion::V1, "sid", Some("spam"));
        assert!(v1.is("moderate", MODERATE_1));
        assert_eq!(v1.attr("id"), Some("sid"));
        assert!(v1.get_child("retract", RETRACT_1).is_some());
        assert_eq!(v1.child_text("reason", MODERATE_1).as_deref(), Some("spam"));
        let v0 = moderate_request(ModerationVersion::V0, "sid", None);
        assert!(v0.is("apply-to", FASTEN));
        assert!(v0
            .get_child("moderate", MODERATE_0)
            .unwrap()
            .get_child("retract", RETRACT_0)
            .is_some());
    }
}

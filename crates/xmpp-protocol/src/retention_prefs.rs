//! Jibber's retention settings on PEP, stored privately (XEP-0223): one item holding the
//! default timer and every chat's own, so all of the user's Jibber devices purge alike.
//!
//! ```xml
//! <retention xmlns='urn:jibber:retention:0' default='off'>
//!   <chat jid='bob@example.org' timer='300' no-archive='true'/>
//!   <chat jid='carol@example.org' timer='off'/>
//! </retention>
//! ```
//! A chat without `timer` follows the default. The item comes from our own account, but it is
//! still read defensively: bad entries are skipped and the list is bounded.

use crate::dataforms::{DataForm, FieldKind, FormField, FormKind};
use crate::jid::BareJid;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::pubsub;
use crate::xml::Element;

pub const NODE: &str = ns::JIBBER_RETENTION;
/// The one item of the node.
pub const ITEM_ID: &str = "current";
/// More chats than anyone configures by hand; the rest are ignored.
pub const MAX_CHATS: usize = 5_000;
/// Ten years, the longest timer Jibber accepts from anyone.
pub const MAX_TIMER_SECS: u64 = 10 * 365 * 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    Off,
    Seconds(u64),
}

impl Timer {
    fn parse(value: &str) -> Option<Timer> {
        let value = value.trim();
        if value == "off" {
            return Some(Timer::Off);
        }
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let seconds: u64 = value.parse().ok()?;
        (1..=MAX_TIMER_SECS)
            .contains(&seconds)
            .then_some(Timer::Seconds(seconds))
    }

    fn as_attr(self) -> String {
        match self {
            Timer::Off => "off".into(),
            Timer::Seconds(seconds) => seconds.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatPrefs {
    pub jid: BareJid,
    /// `None`: the chat follows the default.
    pub timer: Option<Timer>,
    /// Messages carry `<no-permanent-store/>`.
    pub no_archive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionPrefs {
    pub default: Timer,
    pub chats: Vec<ChatPrefs>,
}

impl TryFrom<&Element> for RetentionPrefs {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "retention", ns::JIBBER_RETENTION)?;
        let default = match element.attr("default") {
            None => Timer::Off,
            Some(value) => Timer::parse(value).ok_or_else(|| ParseError::InvalidAttribute {
                element: "retention",
                attribute: "default",
                value: value.chars().take(32).collect(),
                reason: "expected 'off' or a number of seconds".into(),
            })?,
        };
        let mut chats: Vec<ChatPrefs> = Vec::new();
        for chat in element
            .children_named("chat", ns::JIBBER_RETENTION)
            .take(MAX_CHATS)
        {
            let Some(Ok(jid)) = chat.attr("jid").map(str::parse::<BareJid>) else {
                continue;
            };
            let timer = match chat.attr("timer") {
                None => None,
                Some(value) => match Timer::parse(value) {
                    Some(timer) => Some(timer),
                    None => continue,
                },
            };
            let no_archive = matches!(chat.attr("no-archive"), Some("true" | "1"));
            chats.retain(|c| c.jid != jid);
            chats.push(ChatPrefs {
                jid,
                timer,
                no_archive,
            });
        }
        Ok(Self { default, chats })
    }
}

impl From<&RetentionPrefs> for Element {
    fn from(prefs: &RetentionPrefs) -> Self {
        Element::builder("retention", ns::JIBBER_RETENTION)
            .attr("default", prefs.default.as_attr())
            .append_all(prefs.chats.iter().map(|chat| {
                Element::builder("chat", ns::JIBBER_RETENTION)
                    .attr("jid", chat.jid.to_string())
                    .attr_opt("timer", chat.timer.map(Timer::as_attr))
                    .attr_opt("no-archive", chat.no_archive.then_some("true"))
                    .build()
            }))
            .build()
    }
}

/// XEP-0223 private storage: kept by the server, readable by our own account only.
pub fn private_publish_options() -> DataForm {
    let field = |var: &str, kind, value: &str| FormField::new(var, kind, vec![value.to_owned()]);
    DataForm {
        kind: FormKind::Submit,
        fields: vec![
            field("FORM_TYPE", FieldKind::Hidden, ns::PUBSUB_PUBLISH_OPTIONS),
            field("pubsub#persist_items", FieldKind::Boolean, "true"),
            field("pubsub#access_model", FieldKind::ListSingle, "whitelist"),
        ],
        ..DataForm::default()
    }
}

/// The `<pubsub/>` of the IQ set that publishes `prefs` with private-storage options.
pub fn publish_request(prefs: &RetentionPrefs) -> Element {
    let mut request = pubsub::publish(NODE, ITEM_ID, prefs.into());
    let options = Element::builder("publish-options", ns::PUBSUB)
        .append(private_publish_options().into())
        .build();
    request.append_child(options);
    request
}

/// The prefs in a fetch result or notification's items (the newest item wins).
pub fn from_items(items: &pubsub::Items) -> Option<Result<RetentionPrefs, ParseError>> {
    if items.node != NODE {
        return None;
    }
    items
        .items
        .iter()
        .rev()
        .find_map(|item| item.payload.as_ref())
        .map(RetentionPrefs::try_from)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    fn bob() -> BareJid {
        "bob@example.org".parse().unwrap()
    }

    #[test]
    fn round_trips_through_xml() {
        let prefs = RetentionPrefs {
            default: Timer::Seconds(86_400),
            chats: vec![
                ChatPrefs {
                    jid: bob(),
                    timer: Some(Timer::Seconds(5)),
                    no_archive: true,
                },
                ChatPrefs {
                    jid: "carol@example.org".parse().unwrap(),
                    timer: None,
                    no_archive: false,
                },
            ],
        };
        let xml = Element::from(&prefs).to_xml();
        let reparsed = RetentionPrefs::try_from(&parse_element(&xml).unwrap()).unwrap();
        assert_eq!(reparsed, prefs);
    }

    #[test]
    fn bad_entries_are_skipped_and_duplicates_keep_the_last() {
        let xml = "<retention xmlns='urn:jibber:retention:0'>\
            <chat jid='not a jid' timer='5'/>\
            <chat jid='bob@example.org' timer='-1'/>\
            <chat jid='bob@example.org' timer='0'/>\
            <chat jid='bob@example.org' timer='1e3'/>\
            <chat jid='bob@example.org' timer='999999999999999999999'/>\
            <chat jid='bob@example.org' timer='60'/>\
            <chat jid='bob@example.org' timer='off'/>\
            </retention>";
        let prefs = RetentionPrefs::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(prefs.default, Timer::Off);
        assert_eq!(
            prefs.chats,
            vec![ChatPrefs {
                jid: bob(),
                timer: Some(Timer::Off),
                no_archive: false
            }]
        );
        let bad_default =
            parse_element("<retention xmlns='urn:jibber:retention:0' default='soon'/>").unwrap();
        assert!(RetentionPrefs::try_from(&bad_default).is_err());
    }

    #[test]
    fn the_chat_list_is_bounded() {
        let chats: String = (0..MAX_CHATS + 50)
            .map(|i| format!("<chat jid='u{i}@example.org' timer='5'/>"))
            .collect();
        let xml = format!("<retention xmlns='urn:jibber:retention:0'>{chats}</retention>");
        let prefs = RetentionPrefs::try_from(&parse_element(&xml).unwrap()).unwrap();
        assert_eq!(prefs.chats.len(), MAX_CHATS);
    }

    #[test]
    fn publishes_privately_and_reads_the_newest_item() {
        let prefs = RetentionPrefs {
            default: Timer::Off,
            chats: Vec::new(),
        };
        let request = parse_element(&publish_request(&prefs).to_xml()).unwrap();
        let options = request
            .get_child("publish-options", ns::PUBSUB)
            .unwrap()
            .get_child("x", ns::DATA_FORMS)
            .unwrap();
        let form = DataForm::try_from(options).unwrap();
        assert_eq!(form.form_type(), Some(ns::PUBSUB_PUBLISH_OPTIONS));
        assert_eq!(
            form.field("pubsub#access_model").unwrap().value(),
            Some("whitelist")
        );
        assert_eq!(
            form.field("pubsub#persist_items").unwrap().value(),
            Some("true")
        );
        let publish = request.get_child("publish", ns::PUBSUB).unwrap();
        assert_eq!(publish.attr("node"), Some(NODE));
        let items = pubsub::Items {
            node: NODE.into(),
            items: vec![pubsub::Item {
                id: Some(ITEM_ID.into()),
                payload: Some(Element::from(&prefs)),
            }],
            retracted: Vec::new(),
        };
        assert_eq!(from_items(&items), Some(Ok(prefs)));
        let other = pubsub::Items {
            node: "urn:xmpp:avatar:metadata".into(),
            ..items
        };
        assert_eq!(from_items(&other), None);
    }
}

//! The app's start-up options and where they come from: the widget's `Jibber.init({...})`
//! options, the page's query string and the deployment's `config.json`, in that precedence
//! (the first source that sets an option wins; unset means the built-in default). Pure, so the
//! rules are tested natively; the browser side only collects the three sources.

use serde_json::Value;

use crate::discovery::is_websocket_url;
use xmpp_protocol::uri::percent_decode;
use xmpp_protocol::BareJid;

/// Most rooms `auto_join` may name; a hostile query costs bounded work.
const MAX_AUTO_JOIN: usize = 32;
/// Longest option value kept (URLs, addresses, language tags).
const MAX_VALUE_LEN: usize = 1024;

/// Colour scheme: follow the system, or force one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "system" | "auto" => Some(Self::System),
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }

    /// The value of the root's `data-theme` attribute (the stylesheet keys on it).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// One source's options; `None` means this source does not set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionLayer {
    pub websocket_url: Option<String>,
    pub domain: Option<String>,
    /// Pre-fills the login form's address.
    pub jid: Option<String>,
    /// Rooms joined once logged in.
    pub auto_join: Option<Vec<String>>,
    pub theme: Option<Theme>,
    /// A BCP 47 language tag, e.g. `it` or `en-GB`.
    pub lang: Option<String>,
}

/// The options in force, after precedence and defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppOptions {
    pub websocket_url: Option<String>,
    pub domain: Option<String>,
    pub jid: Option<String>,
    pub auto_join: Vec<String>,
    pub theme: Theme,
    pub lang: Option<String>,
}

impl AppOptions {
    /// Resolves `layers`, highest precedence first (init options, query, config.json).
    pub fn resolve(layers: &[OptionLayer]) -> Self {
        fn first<T: Clone>(
            layers: &[OptionLayer],
            get: impl Fn(&OptionLayer) -> &Option<T>,
        ) -> Option<T> {
            layers.iter().find_map(|layer| get(layer).clone())
        }
        Self {
            websocket_url: first(layers, |l| &l.websocket_url),
            domain: first(layers, |l| &l.domain),
            jid: first(layers, |l| &l.jid),
            auto_join: first(layers, |l| &l.auto_join).unwrap_or_default(),
            theme: first(layers, |l| &l.theme).unwrap_or_default(),
            lang: first(layers, |l| &l.lang),
        }
    }
}

impl OptionLayer {
    /// Reads a query string (`?websocket_url=…&domain=…&auto_join=a@b,c@d`); unknown keys and
    /// invalid values are ignored, so a bad link never stops the app.
    pub fn from_query(query: &str) -> Self {
        let mut layer = Self::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            // application/x-www-form-urlencoded: '+' is a space.
            let Ok(value) = percent_decode(&value.replace('+', " ")) else {
                continue;
            };
            match key {
                "auto_join" => {
                    layer.auto_join = Some(split_rooms(value.split(',')));
                }
                _ => layer.set(key, &value),
            }
        }
        layer
    }

    /// Reads `config.json` or the widget's init options (a JSON object); `auto_join` may be a
    /// list or a comma-separated string. Anything not an object is no options.
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str::<Value>(text)
            .map(|value| Self::from_value(&value))
            .unwrap_or_default()
    }

    pub fn from_value(value: &Value) -> Self {
        let mut layer = Self::default();
        let Some(object) = value.as_object() else {
            return layer;
        };
        for (key, value) in object {
            match (key.as_str(), value) {
                ("auto_join", Value::Array(items)) => {
                    layer.auto_join = Some(split_rooms(items.iter().filter_map(Value::as_str)));
                }
                ("auto_join", Value::String(text)) => {
                    layer.auto_join = Some(split_rooms(text.split(',')));
                }
                (key, Value::String(text)) => layer.set(key, text),
                _ => {}
            }
        }
        layer
    }

    fn set(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() || value.len() > MAX_VALUE_LEN {
            return;
        }
        match key {
            "websocket_url" if is_websocket_url(value) => self.websocket_url = Some(value.into()),
            "domain" if value.parse::<BareJid>().is_ok_and(|j| j.node().is_none()) => {
                self.domain = Some(value.into())
            }
            "jid" if value.parse::<BareJid>().is_ok() => self.jid = Some(value.into()),
            "theme" => self.theme = Theme::parse(value).or(self.theme),
            "lang" if is_language_tag(value) => self.lang = Some(value.into()),
            _ => {}
        }
    }
}

/// Valid room addresses, at most [`MAX_AUTO_JOIN`], without duplicates.
fn split_rooms<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut rooms: Vec<String> = Vec::new();
    for item in items {
        let item = item.trim();
        if rooms.len() == MAX_AUTO_JOIN {
            break;
        }
        if item.len() <= MAX_VALUE_LEN
            && item.parse::<BareJid>().is_ok_and(|j| j.node().is_some())
            && !rooms.iter().any(|r| r == item)
        {
            rooms.push(item.to_owned());
        }
    }
    rooms
}

/// A plausible BCP 47 tag: letters, digits and hyphens, starting with 2–8 letters.
fn is_language_tag(value: &str) -> bool {
    let primary = value.split('-').next().unwrap_or("");
    value.len() <= 35
        && (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn query_reads_every_option() {
        let layer = OptionLayer::from_query(
            "?websocket_url=wss%3A%2F%2Fchat.example.org%2Fxmpp-websocket&domain=example.org\
             &jid=alice%40example.org&auto_join=room%40muc.example.org,+other@muc.example.org\
             &theme=dark&lang=it&unknown=1",
        );
        assert_eq!(
            layer,
            OptionLayer {
                websocket_url: Some("wss://chat.example.org/xmpp-websocket".into()),
                domain: Some("example.org".into()),
                jid: Some("alice@example.org".into()),
                auto_join: Some(vec![
                    "room@muc.example.org".into(),
                    "other@muc.example.org".into()
                ]),
                theme: Some(Theme::Dark),
                lang: Some("it".into()),
            }
        );
    }

    #[test]
    fn invalid_values_are_ignored() {
        let layer = OptionLayer::from_query(
            "websocket_url=https://evil.example&domain=a@b&jid=@x&theme=neon&lang=<script>\
             &auto_join=not a room,x&body=%zz&websocket_url=%",
        );
        assert_eq!(
            layer,
            OptionLayer {
                auto_join: Some(vec![]),
                ..OptionLayer::default()
            }
        );
    }

    #[test]
    fn json_reads_lists_and_strings() {
        let layer = OptionLayer::from_json(
            r#"{"websocket_url":"ws://localhost:5280/xmpp-websocket","domain":"localhost",
                "auto_join":["a@muc.localhost","a@muc.localhost",5],"theme":"light","extra":{}}"#,
        );
        assert_eq!(
            layer.websocket_url.as_deref(),
            Some("ws://localhost:5280/xmpp-websocket")
        );
        assert_eq!(layer.domain.as_deref(), Some("localhost"));
        assert_eq!(layer.auto_join, Some(vec!["a@muc.localhost".into()]));
        assert_eq!(layer.theme, Some(Theme::Light));
        assert_eq!(OptionLayer::from_json("[1,2]"), OptionLayer::default());
        assert_eq!(OptionLayer::from_json("not json"), OptionLayer::default());
        let layer = OptionLayer::from_json(r#"{"auto_join":"a@b.c, d@e.f"}"#);
        assert_eq!(layer.auto_join, Some(vec!["a@b.c".into(), "d@e.f".into()]));
    }

    #[test]
    fn init_beats_query_beats_config_beats_defaults() {
        let init = OptionLayer {
            theme: Some(Theme::Dark),
            ..OptionLayer::default()
        };
        let query = OptionLayer::from_query("theme=light&jid=q@example.org&domain=query.example");
        let config = OptionLayer::from_json(
            r#"{"domain":"config.example","websocket_url":"wss://config.example/ws","jid":"c@example.org"}"#,
        );
        let options = AppOptions::resolve(&[init, query, config]);
        assert_eq!(options.theme, Theme::Dark);
        assert_eq!(options.jid.as_deref(), Some("q@example.org"));
        assert_eq!(options.domain.as_deref(), Some("query.example"));
        assert_eq!(
            options.websocket_url.as_deref(),
            Some("wss://config.example/ws")
        );
        assert_eq!(options.auto_join, Vec::<String>::new());
        assert_eq!(options.lang, None);
        assert_eq!(AppOptions::resolve(&[]), AppOptions::default());
    }

    #[test]
    fn auto_join_is_bounded() {
        let rooms: Vec<String> = (0..100).map(|i| format!("r{i}@muc.example")).collect();
        let layer = OptionLayer::from_query(&format!("auto_join={}", rooms.join(",")));
        assert_eq!(layer.auto_join.map(|r| r.len()), Some(MAX_AUTO_JOIN));
    }
}

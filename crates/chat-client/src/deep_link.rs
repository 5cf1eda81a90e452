//! Deep links in the page's fragment: `#/chat/JID`, `#/room/JID` and `#/uri/<encoded xmpp:
//! URI>` (what `registerProtocolHandler('xmpp', './#/uri/%s')` produces). Pure: the UI routes
//! on the result after login and on every `hashchange`.

use xmpp_protocol::uri::{percent_decode, percent_encode, UriAction, UriError, XmppUri};
use xmpp_protocol::BareJid;

/// Where a deep link points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Chat(BareJid),
    Room(BareJid),
    Uri(XmppUri),
}

/// Why a fragment is not a route; `NotARoute` is any other fragment (left alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteError {
    NotARoute,
    BadAddress,
    Uri(UriError),
}

impl Route {
    /// Reads a location fragment, with or without its `#`.
    pub fn parse(fragment: &str) -> Result<Self, RouteError> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let path = fragment.strip_prefix('/').ok_or(RouteError::NotARoute)?;
        let (kind, rest) = path.split_once('/').ok_or(RouteError::NotARoute)?;
        match kind {
            "chat" | "room" => {
                let decoded = percent_decode(rest).map_err(|_| RouteError::BadAddress)?;
                let jid: BareJid = decoded.trim().parse().map_err(|_| RouteError::BadAddress)?;
                Ok(if kind == "chat" {
                    Self::Chat(jid)
                } else {
                    Self::Room(jid)
                })
            }
            "uri" => {
                // Browsers hand protocol handlers the URI percent-encoded, once.
                let decoded = percent_decode(rest).map_err(RouteError::Uri)?;
                XmppUri::parse(&decoded)
                    .map(Self::Uri)
                    .map_err(RouteError::Uri)
            }
            _ => Err(RouteError::NotARoute),
        }
    }

    /// The fragment that leads here (without `#`).
    pub fn fragment(&self) -> String {
        match self {
            Self::Chat(jid) => format!("/chat/{}", percent_encode(&jid.to_string())),
            Self::Room(jid) => format!("/room/{}", percent_encode(&jid.to_string())),
            Self::Uri(uri) => format!("/uri/{}", percent_encode(&to_uri_string(uri))),
        }
    }
}

/// Serialises a parsed URI back (action and its parameters; fingerprints dropped).
fn to_uri_string(uri: &XmppUri) -> String {
    let param = |name: &str, value: &Option<String>| {
        value
            .as_ref()
            .map(|v| format!(";{name}={}", percent_encode(v)))
            .unwrap_or_default()
    };
    let query = match &uri.action {
        UriAction::Message { body } => format!("?message{}", param("body", body)),
        UriAction::Join { password } => format!("?join{}", param("password", password)),
        UriAction::AddContact { name, group } => {
            format!("?roster{}{}", param("name", name), param("group", group))
        }
    };
    format!("xmpp:{}{query}", uri.jid)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    #[test]
    fn chat_and_room_routes() {
        assert_eq!(
            Route::parse("#/chat/bob@example.org"),
            Ok(Route::Chat(jid("bob@example.org")))
        );
        assert_eq!(
            Route::parse("/chat/bob%40example.org"),
            Ok(Route::Chat(jid("bob@example.org")))
        );
        assert_eq!(
            Route::parse("#/room/den@muc.example.org"),
            Ok(Route::Room(jid("den@muc.example.org")))
        );
    }

    #[test]
    fn uri_route_from_a_protocol_handler() {
        let route = Route::parse("#/uri/xmpp%3Aden%40muc.example.org%3Fjoin").unwrap();
        let Route::Uri(uri) = route else {
            panic!("not a uri route: {route:?}")
        };
        assert_eq!(uri.jid, jid("den@muc.example.org"));
        assert_eq!(uri.action, UriAction::Join { password: None });
    }

    #[test]
    fn other_fragments_are_not_routes() {
        assert_eq!(Route::parse(""), Err(RouteError::NotARoute));
        assert_eq!(Route::parse("#msg-12"), Err(RouteError::NotARoute));
        assert_eq!(Route::parse("#/settings/x"), Err(RouteError::NotARoute));
        assert_eq!(Route::parse("#/chat/"), Err(RouteError::BadAddress));
        assert_eq!(Route::parse("#/chat/%E0"), Err(RouteError::BadAddress));
        assert_eq!(
            Route::parse("#/uri/https%3A%2F%2Fevil"),
            Err(RouteError::Uri(UriError::NotXmpp))
        );
    }

    #[test]
    fn fragments_round_trip() {
        for route in [
            Route::Chat(jid("bob+x@example.org")),
            Route::Room(jid("den@muc.example.org")),
            Route::parse("#/uri/xmpp:bob@example.org%3Fmessage%3Bbody%3Dhi%2520there").unwrap(),
            Route::parse("#/uri/xmpp:bob@example.org%3Froster%3Bname%3DBob").unwrap(),
        ] {
            assert_eq!(Route::parse(&route.fragment()), Ok(route));
        }
    }
}

//! `xmpp:` URIs (RFC 5122) and their query actions (XEP-0147): what a link or a registered
//! protocol handler asks the client to do. Pure and bounded: a hostile link is refused with a
//! reason, never a panic, and costs work proportional to its (capped) length.

use crate::jid::BareJid;

/// Longest URI read; anything longer is refused before decoding.
const MAX_URI_LEN: usize = 8 * 1024;
/// Most `omemo-sid-N` fingerprints one link may carry.
const MAX_FINGERPRINTS: usize = 64;

/// What the link asks for (XEP-0147 query types Jibber acts on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriAction {
    /// No query type, or `?message`: open the chat, with a draft when `body` is given.
    Message { body: Option<String> },
    /// `?join`: join the group (room) at the address.
    Join { password: Option<String> },
    /// `?roster` (with optional name and group) or `?subscribe`: add the contact.
    AddContact {
        name: Option<String>,
        group: Option<String>,
    },
}

/// A parsed `xmpp:` URI: the address it names, the action, and any OMEMO fingerprints it
/// carries (device id, hex as written) for verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmppUri {
    pub jid: BareJid,
    pub action: UriAction,
    pub fingerprints: Vec<(u32, String)>,
}

/// Why a link was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    #[error("not an xmpp: link")]
    NotXmpp,
    #[error("the link is too long")]
    TooLong,
    #[error("the link has a broken %-escape or is not UTF-8")]
    BadEscape,
    #[error("the link's address is not valid")]
    BadAddress,
    #[error("the link names an authority (xmpp://…), which Jibber does not follow")]
    Authority,
    #[error("the link asks for \"{0}\", which Jibber does not do")]
    UnknownAction(String),
    #[error("the link carries a fingerprint that is not a device id and hex key")]
    BadFingerprint,
    #[error("the link carries too many fingerprints")]
    TooManyFingerprints,
}

impl XmppUri {
    /// Parses `xmpp:node@domain[/resource][?action[;key=value]*][#fragment]`. The resource
    /// and fragment are dropped: Jibber opens chats with bare addresses.
    pub fn parse(input: &str) -> Result<Self, UriError> {
        let input = input.trim();
        if input.len() > MAX_URI_LEN {
            return Err(UriError::TooLong);
        }
        let scheme_end = input.find(':').ok_or(UriError::NotXmpp)?;
        if !input[..scheme_end].eq_ignore_ascii_case("xmpp") {
            return Err(UriError::NotXmpp);
        }
        let rest = &input[scheme_end + 1..];
        if rest.starts_with("//") {
            return Err(UriError::Authority);
        }
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path = percent_decode(path)?;
        let address = path.split_once('/').map_or(path.as_str(), |(bare, _)| bare);
        let jid: BareJid = address.parse().map_err(|_| UriError::BadAddress)?;
        let (action, fingerprints) = parse_query(query)?;
        Ok(Self {
            jid,
            action,
            fingerprints,
        })
    }
}

fn parse_query(query: &str) -> Result<(UriAction, Vec<(u32, String)>), UriError> {
    let mut parts = query.split(';');
    // A query starting with a key=value pair has no type (Conversations' verification links).
    let first = parts.next().unwrap_or("");
    let (kind, pairs): (&str, Vec<&str>) = if first.contains('=') {
        ("", std::iter::once(first).chain(parts).collect())
    } else {
        (first, parts.collect())
    };
    let mut params: Vec<(String, String)> = Vec::new();
    let mut fingerprints = Vec::new();
    for pair in pairs.into_iter().filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(key)?;
        let value = percent_decode(value)?;
        if let Some(id) = key.strip_prefix("omemo-sid-") {
            if fingerprints.len() == MAX_FINGERPRINTS {
                return Err(UriError::TooManyFingerprints);
            }
            let id: u32 = id.parse().map_err(|_| UriError::BadFingerprint)?;
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(UriError::BadFingerprint);
            }
            fingerprints.push((id, value.to_ascii_lowercase()));
        } else {
            params.push((key, value));
        }
    }
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let action = match percent_decode(kind)?.as_str() {
        "" | "message" => UriAction::Message {
            body: param("body"),
        },
        "join" => UriAction::Join {
            password: param("password"),
        },
        "roster" | "subscribe" => UriAction::AddContact {
            name: param("name"),
            group: param("group"),
        },
        other => return Err(UriError::UnknownAction(other.chars().take(32).collect())),
    };
    Ok((action, fingerprints))
}

/// RFC 3986 percent-decoding into UTF-8; a stray `%` or invalid UTF-8 is an error.
pub fn percent_decode(input: &str) -> Result<String, UriError> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(UriError::BadEscape)?;
            let text = std::str::from_utf8(hex).map_err(|_| UriError::BadEscape)?;
            out.push(u8::from_str_radix(text, 16).map_err(|_| UriError::BadEscape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UriError::BadEscape)
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for building links).
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    #[test]
    fn plain_address_opens_a_chat() {
        let uri = XmppUri::parse("xmpp:romeo@montague.net").unwrap();
        assert_eq!(uri.jid, jid("romeo@montague.net"));
        assert_eq!(uri.action, UriAction::Message { body: None });
        assert!(uri.fingerprints.is_empty());
    }

    #[test]
    fn message_with_percent_encoded_body() {
        let uri = XmppUri::parse("xmpp:romeo@montague.net?message;body=Hi%20there%21%20%E2%9C%93")
            .unwrap();
        assert_eq!(
            uri.action,
            UriAction::Message {
                body: Some("Hi there! ✓".into())
            }
        );
    }

    #[test]
    fn join_a_room_with_password() {
        let uri = XmppUri::parse("xmpp:darkcave@chat.shakespeare.lit?join;password=cauldronburn")
            .unwrap();
        assert_eq!(uri.jid, jid("darkcave@chat.shakespeare.lit"));
        assert_eq!(
            uri.action,
            UriAction::Join {
                password: Some("cauldronburn".into())
            }
        );
    }

    #[test]
    fn roster_and_subscribe_add_a_contact() {
        let uri =
            XmppUri::parse("xmpp:romeo@montague.net?roster;name=Romeo%20M;group=Friends").unwrap();
        assert_eq!(
            uri.action,
            UriAction::AddContact {
                name: Some("Romeo M".into()),
                group: Some("Friends".into())
            }
        );
        let uri = XmppUri::parse("xmpp:romeo@montague.net?subscribe").unwrap();
        assert_eq!(
            uri.action,
            UriAction::AddContact {
                name: None,
                group: None
            }
        );
    }

    #[test]
    fn fingerprints_with_or_without_an_action() {
        let hex = "05".repeat(33);
        let uri = XmppUri::parse(&format!(
            "xmpp:juliet@capulet.lit?omemo-sid-123={hex};omemo-sid-7=AB"
        ))
        .unwrap();
        assert_eq!(uri.action, UriAction::Message { body: None });
        assert_eq!(uri.fingerprints, vec![(123, hex), (7, "ab".into())]);
        let uri = XmppUri::parse("xmpp:juliet@capulet.lit?message;omemo-sid-1=00").unwrap();
        assert_eq!(uri.fingerprints, vec![(1, "00".into())]);
    }

    #[test]
    fn encoded_address_resource_and_fragment() {
        let uri = XmppUri::parse("XMPP:ju%6Ciet@capulet.lit/balcony#x").unwrap();
        assert_eq!(uri.jid, jid("juliet@capulet.lit"));
    }

    #[test]
    fn hostile_input_is_refused() {
        assert_eq!(XmppUri::parse("https://evil"), Err(UriError::NotXmpp));
        assert_eq!(
            XmppUri::parse("javascript:alert(1)"),
            Err(UriError::NotXmpp)
        );
        assert_eq!(XmppUri::parse("no scheme"), Err(UriError::NotXmpp));
        assert_eq!(
            XmppUri::parse("xmpp://guest@example.com/support@example.com"),
            Err(UriError::Authority)
        );
        assert_eq!(
            XmppUri::parse("xmpp:a@b?message;body=%"),
            Err(UriError::BadEscape)
        );
        assert_eq!(
            XmppUri::parse("xmpp:a@b?message;body=%zz"),
            Err(UriError::BadEscape)
        );
        assert_eq!(
            XmppUri::parse("xmpp:a@b?message;body=%ff"),
            Err(UriError::BadEscape)
        );
        assert_eq!(XmppUri::parse("xmpp:%C3"), Err(UriError::BadEscape));
        assert_eq!(XmppUri::parse("xmpp:"), Err(UriError::BadAddress));
        assert_eq!(XmppUri::parse("xmpp:@b"), Err(UriError::BadAddress));
        assert_eq!(
            XmppUri::parse("xmpp:a@b%2Fc"),
            Ok(XmppUri {
                jid: jid("a@b"),
                action: UriAction::Message { body: None },
                fingerprints: vec![]
            })
        );
        assert!(matches!(
            XmppUri::parse("xmpp:a@b?remove"),
            Err(UriError::UnknownAction(a)) if a == "remove"
        ));
        assert_eq!(
            XmppUri::parse("xmpp:a@b?omemo-sid-x=00"),
            Err(UriError::BadFingerprint)
        );
        assert_eq!(
            XmppUri::parse("xmpp:a@b?omemo-sid-1=<script>"),
            Err(UriError::BadFingerprint)
        );
        let many: Vec<String> = (0..65).map(|i| format!("omemo-sid-{i}=00")).collect();
        assert_eq!(
            XmppUri::parse(&format!("xmpp:a@b?{}", many.join(";"))),
            Err(UriError::TooManyFingerprints)
        );
        assert_eq!(
            XmppUri::parse(&format!("xmpp:a@b?message;body={}", "x".repeat(9000))),
            Err(UriError::TooLong)
        );
        // Multi-byte characters around the scheme separator never split a char.
        assert_eq!(XmppUri::parse("✓:a@b"), Err(UriError::NotXmpp));
        assert_eq!(XmppUri::parse("xmpp:a@b?%"), Err(UriError::BadEscape));
    }

    #[test]
    fn encode_then_decode_round_trips() {
        for text in ["a b;c=d?e#f/g%h", "ünï©ødé ✓", ""] {
            assert_eq!(percent_decode(&percent_encode(text)).unwrap(), text);
        }
    }
}

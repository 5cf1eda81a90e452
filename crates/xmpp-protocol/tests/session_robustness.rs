#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Whatever a server sends, the session answers with typed errors, never a panic; an error
//! always leaves it Failed; and everything it sends is well-formed.

mod common;

use common::*;
use proptest::prelude::*;
use xmpp_protocol::xml::parse_element;
use xmpp_protocol::{Session, SessionState};

/// Frames a real or hostile server might send, valid and not.
fn frame() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(SERVER_OPEN.to_owned()),
        Just(PRE_AUTH_FEATURES.to_owned()),
        Just(POST_AUTH_FEATURES.to_owned()),
        Just(format!("<success xmlns='{SASL_NS}'/>")),
        Just(format!("<failure xmlns='{SASL_NS}'><not-authorized/></failure>")),
        "[ -~]{0,40}".prop_map(|data| sasl_frame("challenge", &data)),
        "[a-z0-9]{1,4}".prop_map(|id| bind_result(&id, "alice@localhost/web")),
        "[a-z0-9]{1,4}".prop_map(|id| format!("<iq xmlns='jabber:client' type='set' id='{id}'><query xmlns='jabber:iq:roster'><item jid='x@y'/></query></iq>")),
        "[a-z0-9]{1,4}".prop_map(|id| format!("<iq xmlns='jabber:client' type='get' id='{id}'><ping xmlns='urn:xmpp:ping'/></iq>")),
        Just("<message xmlns='jabber:client' from='b@localhost/r'><body>hi</body></message>".to_owned()),
        Just("<presence xmlns='jabber:client' type='bogus'/>".to_owned()),
        Just("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>".to_owned()),
        Just("<stream:error xmlns:stream='http://etherx.jabber.org/streams'><reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>".to_owned()),
        "[<>/a-z:='\" &;!?-]{0,30}",
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_frame_sequence_yields_values_or_fatal_typed_errors(
        start_online in any::<bool>(),
        frames in proptest::collection::vec(frame(), 0..12),
    ) {
        let mut session = if start_online { online_session() } else { Session::new(config(password(PASSWORD)), 0) };
        let mut now = 0;
        for frame in &frames {
            now += 1_000;
            let result = session.handle_frame(frame, now);
            if let Err(error) = &result {
                prop_assert_eq!(session.state(), SessionState::Failed, "{}", error);
                prop_assert!(!error.to_string().is_empty());
            }
            session.handle_timeout(now);
            while let Some(out) = session.poll_transmit() {
                prop_assert!(parse_element(&out).is_ok(), "sent malformed XML: {}", out);
            }
            while session.poll_event().is_some() {}
        }
    }
}

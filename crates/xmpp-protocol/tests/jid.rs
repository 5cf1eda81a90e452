#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! RFC 7622 §3.5 examples and the errors each malformed JID must produce.

use proptest::prelude::*;
use xmpp_protocol::jid::{BareJid, FullJid, Jid, JidError};

/// (input, node, domain, resource, display)
type ValidCase = (
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    &'static str,
);

#[test]
fn valid_jids_parse_and_normalise() {
    let cases: &[ValidCase] = &[
        (
            "juliet@example.com",
            Some("juliet"),
            "example.com",
            None,
            "juliet@example.com",
        ),
        (
            "juliet@example.com/foo",
            Some("juliet"),
            "example.com",
            Some("foo"),
            "juliet@example.com/foo",
        ),
        (
            "juliet@example.com/foo bar",
            Some("juliet"),
            "example.com",
            Some("foo bar"),
            "juliet@example.com/foo bar",
        ),
        (
            "juliet@example.com/foo@bar",
            Some("juliet"),
            "example.com",
            Some("foo@bar"),
            "juliet@example.com/foo@bar",
        ),
        (
            "foo\\20bar@example.com",
            Some("foo\\20bar"),
            "example.com",
            None,
            "foo\\20bar@example.com",
        ),
        (
            "fussball@example.com",
            Some("fussball"),
            "example.com",
            None,
            "fussball@example.com",
        ),
        (
            "fußball@example.com",
            Some("fußball"),
            "example.com",
            None,
            "fußball@example.com",
        ),
        (
            "π@example.com",
            Some("π"),
            "example.com",
            None,
            "π@example.com",
        ),
        (
            "Σ@example.com/foo",
            Some("σ"),
            "example.com",
            Some("foo"),
            "σ@example.com/foo",
        ),
        (
            "ς@example.com/foo",
            Some("ς"),
            "example.com",
            Some("foo"),
            "ς@example.com/foo",
        ),
        (
            "king@example.com/♚",
            Some("king"),
            "example.com",
            Some("♚"),
            "king@example.com/♚",
        ),
        ("example.com", None, "example.com", None, "example.com"),
        (
            "example.com/foobar",
            None,
            "example.com",
            Some("foobar"),
            "example.com/foobar",
        ),
        (
            "a.example.com/b@example.net",
            None,
            "a.example.com",
            Some("b@example.net"),
            "a.example.com/b@example.net",
        ),
        (
            "Juliet@Example.COM/Balcony",
            Some("juliet"),
            "example.com",
            Some("Balcony"),
            "juliet@example.com/Balcony",
        ),
        (
            "juliet@example.com.",
            Some("juliet"),
            "example.com",
            None,
            "juliet@example.com",
        ),
        (
            "alice@localhost/a/b",
            Some("alice"),
            "localhost",
            Some("a/b"),
            "alice@localhost/a/b",
        ),
        ("[::1]", None, "[::1]", None, "[::1]"),
        (
            "bob@[2001:db8::1]/x",
            Some("bob"),
            "[2001:db8::1]",
            Some("x"),
            "bob@[2001:db8::1]/x",
        ),
        (
            "room@conference.127.0.0.1",
            Some("room"),
            "conference.127.0.0.1",
            None,
            "room@conference.127.0.0.1",
        ),
        (
            "user@bücher.example",
            Some("user"),
            "bücher.example",
            None,
            "user@bücher.example",
        ),
    ];
    for &(input, node, domain, resource, display) in cases {
        let jid: Jid = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(jid.node(), node, "{input}");
        assert_eq!(jid.domain(), domain, "{input}");
        assert_eq!(jid.resource(), resource, "{input}");
        assert_eq!(jid.to_string(), display, "{input}");
        assert_eq!(jid.is_full(), resource.is_some(), "{input}");
    }
}

#[test]
fn invalid_jids_say_what_is_wrong() {
    let long = "a".repeat(1024);
    let cases: Vec<(String, JidError)> = vec![
        (String::new(), JidError::Empty),
        ("@example.com".into(), JidError::EmptyNode),
        ("@example.com/".into(), JidError::EmptyNode),
        ("juliet@".into(), JidError::EmptyDomain),
        ("/foobar".into(), JidError::EmptyDomain),
        ("juliet@example.com/".into(), JidError::EmptyResource),
        ("a b@example.com".into(), JidError::ForbiddenCharInNode(' ')),
        (
            "a\"b@example.com".into(),
            JidError::ForbiddenCharInNode('"'),
        ),
        ("a&b@example.com".into(), JidError::ForbiddenCharInNode('&')),
        (
            "a'b@example.com".into(),
            JidError::ForbiddenCharInNode('\''),
        ),
        ("a:b@example.com".into(), JidError::ForbiddenCharInNode(':')),
        ("a<b@example.com".into(), JidError::ForbiddenCharInNode('<')),
        ("a>b@example.com".into(), JidError::ForbiddenCharInNode('>')),
        (
            "a\u{7}b@example.com".into(),
            JidError::ForbiddenCharInNode('\u{7}'),
        ),
        (
            "a@example.com/x\ny".into(),
            JidError::ForbiddenCharInResource('\n'),
        ),
        (
            format!("{long}@example.com"),
            JidError::NodeTooLong { len: 1024 },
        ),
        (format!("{long}.com"), JidError::DomainTooLong { len: 1028 }),
        (
            format!("a@example.com/{long}"),
            JidError::ResourceTooLong { len: 1024 },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(input.parse::<Jid>(), Err(expected), "{input:?}");
    }
    for input in [
        "juliet@@example.com",
        "exa mple.com",
        "example..com",
        ".example.com",
        "[::1",
        "[not-ip]",
        "a@exa<mple.com",
        "a@b\u{1}c",
    ] {
        assert!(
            matches!(input.parse::<Jid>(), Err(JidError::InvalidDomain { .. })),
            "{input:?}"
        );
    }
}

#[test]
fn bare_and_full_are_distinct_types() {
    assert_eq!(
        "a@b/c".parse::<BareJid>(),
        Err(JidError::UnexpectedResource("a@b/c".into()))
    );
    assert_eq!(
        "a@b".parse::<FullJid>(),
        Err(JidError::MissingResource("a@b".into()))
    );
    let bare: BareJid = "Alice@Example.org".parse().unwrap();
    let full = bare.with_resource("phone").unwrap();
    assert_eq!(full.to_string(), "alice@example.org/phone");
    assert_eq!(full.to_bare(), bare);
    assert_eq!(full.resource(), "phone");
    assert_eq!(bare.with_resource(""), Err(JidError::EmptyResource));
    assert_eq!(bare.domain_jid().to_string(), "example.org");
    assert_eq!(
        BareJid::try_from("x@y").unwrap(),
        BareJid::from_parts(Some("X"), "Y.").unwrap()
    );
    let jid = Jid::from(full.clone());
    assert_eq!(jid, full);
    assert_eq!(Jid::from(bare.clone()), bare);
    assert_eq!(jid.to_bare(), bare);
}

#[test]
fn serialises_as_strings() {
    let full: FullJid = "alice@example.org/phone".parse().unwrap();
    let json = serde_json::to_string(&full).unwrap();
    assert_eq!(json, "\"alice@example.org/phone\"");
    assert_eq!(serde_json::from_str::<FullJid>(&json).unwrap(), full);
    assert_eq!(serde_json::from_str::<Jid>(&json).unwrap(), Jid::Full(full));
    assert!(serde_json::from_str::<BareJid>(&json).is_err());
    assert!(serde_json::from_str::<Jid>("\"@x\"").is_err());
}

#[test]
fn ordering_and_hashing_follow_the_normalised_form() {
    use std::collections::HashSet;
    let set: HashSet<BareJid> = ["a@x", "A@X", "a@x.", "b@x"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(set.len(), 2);
    let mut sorted: Vec<BareJid> = ["b@x", "a@x"].iter().map(|s| s.parse().unwrap()).collect();
    sorted.sort();
    assert_eq!(sorted[0].to_string(), "a@x");
}

proptest! {
    #[test]
    fn display_then_parse_is_identity(
        node in proptest::option::of("[a-z0-9._\\-ßπ]{1,20}"),
        labels in proptest::collection::vec("[a-z0-9\\-]{1,10}", 1..4),
        resource in proptest::option::of("[ -~ä♚]{1,20}"),
    ) {
        let domain = labels.join(".");
        let bare = BareJid::from_parts(node.as_deref(), &domain).unwrap();
        let jid: Jid = match &resource {
            Some(resource) => bare.with_resource(resource).unwrap().into(),
            None => bare.into(),
        };
        prop_assert_eq!(jid.to_string().parse::<Jid>().unwrap(), jid);
    }

    #[test]
    fn parsing_is_total_and_normalising_is_idempotent(input in "\\PC{0,40}") {
        if let Ok(jid) = input.parse::<Jid>() {
            prop_assert_eq!(jid.to_string().parse::<Jid>(), Ok(jid));
        }
    }
}

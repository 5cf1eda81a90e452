#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! SCRAM against the RFC 5802 and RFC 7677 example exchanges (byte-exact), stored-key logins,
//! and every way a server message can be wrong.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroizing;

use xmpp_protocol::sasl::{
    plain_message, Mechanism, SaslClient, SaslError, ScramClient, ScramKeys, ScramMechanism,
    ScramSecret,
};

struct Example {
    mechanism: ScramMechanism,
    client_nonce: &'static str,
    client_first: &'static str,
    server_first: &'static str,
    client_final: &'static str,
    server_final: &'static str,
}

const RFC_5802: Example = Example {
    mechanism: ScramMechanism::ScramSha1,
    client_nonce: "fyko+d2lbbFgONRv9qkxdawL",
    client_first: "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
    server_first: "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
    client_final:
        "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    server_final: "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
};

const RFC_7677: Example = Example {
    mechanism: ScramMechanism::ScramSha256,
    client_nonce: "rOprNGfwEbeRWgbNEkqO",
    client_first: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
    server_first: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
    client_final: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    server_final: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

fn password_client(example: &Example) -> ScramClient {
    ScramClient::new(
        example.mechanism,
        "user",
        ScramSecret::Password(Zeroizing::new("pencil".into())),
        example.client_nonce,
    )
    .unwrap()
}

fn run_example(example: &Example) -> ScramKeys {
    let mut client = password_client(example);
    assert_eq!(client.client_first(), example.client_first);
    assert_eq!(
        client
            .handle_server_first(example.server_first.as_bytes())
            .unwrap(),
        example.client_final
    );
    let keys = client
        .handle_server_final(example.server_final.as_bytes())
        .unwrap();
    assert_eq!(client.verified_keys(), Some(&keys));
    keys
}

#[test]
fn rfc_5802_sha1_example_is_reproduced_exactly() {
    let keys = run_example(&RFC_5802);
    assert_eq!(keys.mechanism, ScramMechanism::ScramSha1);
    assert_eq!(keys.iterations, 4096);
    assert_eq!(keys.salt, STANDARD.decode("QSXCR+Q6sek8bf92").unwrap());
    assert_eq!((keys.client_key.len(), keys.server_key.len()), (20, 20));
}

#[test]
fn rfc_7677_sha256_example_is_reproduced_exactly() {
    let keys = run_example(&RFC_7677);
    assert_eq!(keys.mechanism, ScramMechanism::ScramSha256);
    assert_eq!((keys.client_key.len(), keys.server_key.len()), (32, 32));
}

#[test]
fn stored_keys_log_in_without_the_password() {
    for example in [&RFC_5802, &RFC_7677] {
        let keys = run_example(example);
        let mut client = ScramClient::new(
            example.mechanism,
            "user",
            ScramSecret::Keys(keys.clone()),
            example.client_nonce,
        )
        .unwrap();
        assert_eq!(
            client
                .handle_server_first(example.server_first.as_bytes())
                .unwrap(),
            example.client_final
        );
        assert_eq!(
            client
                .handle_server_final(example.server_final.as_bytes())
                .unwrap(),
            keys
        );
    }
}

#[test]
fn stored_keys_are_stale_when_salt_or_iterations_change() {
    let keys = run_example(&RFC_5802);
    let attempt = |server_first: &str| {
        let mut client = ScramClient::new(
            ScramMechanism::ScramSha1,
            "user",
            ScramSecret::Keys(keys.clone()),
            RFC_5802.client_nonce,
        )
        .unwrap();
        client.handle_server_first(server_first.as_bytes())
    };
    assert_eq!(
        attempt("r=fyko+d2lbbFgONRv9qkxdawLxyz,s=QSXCR+Q6sek8bf92,i=8192"),
        Err(SaslError::StoredKeysStale {
            stored_iterations: 4096,
            server_iterations: 8192,
            salt_changed: false
        })
    );
    assert_eq!(
        attempt("r=fyko+d2lbbFgONRv9qkxdawLxyz,s=c2FsdA==,i=4096"),
        Err(SaslError::StoredKeysStale {
            stored_iterations: 4096,
            server_iterations: 4096,
            salt_changed: true
        })
    );
    assert!(attempt("r=fyko+d2lbbFgONRv9qkxdawLxyz,s=c2FsdA==,i=4096")
        .unwrap_err()
        .is_not_authorized());
}

#[test]
fn stored_keys_must_fit_the_mechanism() {
    let keys = run_example(&RFC_5802);
    let result = ScramClient::new(
        ScramMechanism::ScramSha256,
        "user",
        ScramSecret::Keys(keys.clone()),
        "abc",
    );
    assert!(matches!(result, Err(SaslError::InvalidStoredKeys { .. })));
    let mut short = keys;
    short.client_key.truncate(10);
    let result = ScramClient::new(
        ScramMechanism::ScramSha1,
        "user",
        ScramSecret::Keys(short),
        "abc",
    );
    assert!(matches!(result, Err(SaslError::InvalidStoredKeys { .. })));
}

#[test]
fn a_wrong_server_signature_is_rejected() {
    for example in [&RFC_5802, &RFC_7677] {
        let mut client = password_client(example);
        client
            .handle_server_first(example.server_first.as_bytes())
            .unwrap();
        let mut forged = STANDARD.decode(&example.server_final[2..]).unwrap();
        forged[0] ^= 1;
        let forged = format!("v={}", STANDARD.encode(forged));
        assert_eq!(
            client.handle_server_final(forged.as_bytes()),
            Err(SaslError::ServerSignatureMismatch)
        );
        assert_eq!(client.verified_keys(), None);
    }
}

#[test]
fn a_wrong_password_gives_a_different_proof() {
    let mut client = ScramClient::new(
        ScramMechanism::ScramSha1,
        "user",
        ScramSecret::Password(Zeroizing::new("pencil2".into())),
        RFC_5802.client_nonce,
    )
    .unwrap();
    let client_final = client
        .handle_server_first(RFC_5802.server_first.as_bytes())
        .unwrap();
    assert_ne!(client_final, RFC_5802.client_final);
    assert_eq!(
        client.handle_server_final(RFC_5802.server_final.as_bytes()),
        Err(SaslError::ServerSignatureMismatch)
    );
}

#[test]
fn malformed_server_first_messages_are_typed_errors() {
    let nonce = RFC_5802.client_nonce;
    let cases: Vec<(String, SaslError)> = vec![
        (
            format!("r={nonce}xyz,s=QSXCR+Q6sek8bf92,i=4095"),
            SaslError::IterationCountTooLow {
                iterations: 4095,
                minimum: 4096,
            },
        ),
        (
            format!("r={nonce}xyz,s=QSXCR+Q6sek8bf92,i=1000001"),
            SaslError::IterationCountTooHigh {
                iterations: 1_000_001,
                maximum: 1_000_000,
            },
        ),
        (
            "r=someoneelse,s=QSXCR+Q6sek8bf92,i=4096".into(),
            SaslError::NonceMismatch,
        ),
        (
            format!("r={nonce},s=QSXCR+Q6sek8bf92,i=4096"),
            SaslError::NonceMismatch,
        ),
        (
            format!("r={nonce}xyz,s=!!!,i=4096"),
            SaslError::InvalidBase64 { field: "salt" },
        ),
    ];
    for (message, expected) in cases {
        assert_eq!(
            password_client(&RFC_5802).handle_server_first(message.as_bytes()),
            Err(expected),
            "{message}"
        );
    }
    for message in [
        format!("m=ext,r={nonce}xyz,s=QSXCR+Q6sek8bf92,i=4096"),
        format!("s=QSXCR+Q6sek8bf92,r={nonce}xyz,i=4096"),
        format!("r={nonce}xyz,s=QSXCR+Q6sek8bf92"),
        format!("r={nonce}xyz,s=QSXCR+Q6sek8bf92,i=many"),
        format!("r={nonce}xyz,s=,i=4096"),
        format!("r={nonce}x\u{e9},s=QSXCR+Q6sek8bf92,i=4096"),
    ] {
        assert!(
            matches!(
                password_client(&RFC_5802).handle_server_first(message.as_bytes()),
                Err(SaslError::MalformedServerMessage { .. })
            ),
            "{message}"
        );
    }
    assert!(matches!(
        password_client(&RFC_5802).handle_server_first(&[0xff, 0xfe]),
        Err(SaslError::MalformedServerMessage { .. })
    ));
}

#[test]
fn server_final_errors_and_ordering() {
    let mut client = password_client(&RFC_5802);
    assert!(matches!(
        client.handle_server_final(RFC_5802.server_final.as_bytes()),
        Err(SaslError::UnexpectedMessage { .. })
    ));
    client
        .handle_server_first(RFC_5802.server_first.as_bytes())
        .unwrap();
    assert!(matches!(
        client.handle_server_first(RFC_5802.server_first.as_bytes()),
        Err(SaslError::UnexpectedMessage { .. })
    ));
    assert_eq!(
        client.handle_server_final(b"e=invalid-proof"),
        Err(SaslError::ServerError {
            reason: "invalid-proof".into()
        })
    );
    assert!(matches!(
        client.handle_server_final(b"x=1"),
        Err(SaslError::MalformedServerMessage { .. })
    ));
    assert_eq!(
        client.handle_server_final(b"v=***"),
        Err(SaslError::InvalidBase64 {
            field: "server signature"
        })
    );
}

#[test]
fn usernames_are_escaped_and_credentials_prepared() {
    let client = ScramClient::new(
        ScramMechanism::ScramSha256,
        "a,b=c",
        ScramSecret::Password(Zeroizing::new("x".into())),
        "n0nce",
    )
    .unwrap();
    assert_eq!(client.client_first(), "n,,n=a=2Cb=3Dc,r=n0nce");
    let bad_password = ScramClient::new(
        ScramMechanism::ScramSha1,
        "user",
        ScramSecret::Password(Zeroizing::new("secret\u{7}".into())),
        "n",
    );
    let error = bad_password.unwrap_err();
    assert_eq!(error, SaslError::ProhibitedCharacter { field: "password" });
    assert!(!error.to_string().contains("secret"));
    for nonce in ["", "a,b", "tab\there", "é"] {
        let result = ScramClient::new(
            ScramMechanism::ScramSha1,
            "user",
            ScramSecret::Password(Zeroizing::new("p".into())),
            nonce,
        );
        assert_eq!(result.unwrap_err(), SaslError::InvalidNonce, "{nonce:?}");
    }
}

#[test]
fn plain_encodes_username_and_password() {
    assert_eq!(
        plain_message("user", "pencil").unwrap().as_slice(),
        b"\0user\0pencil"
    );
    assert_eq!(
        STANDARD.encode(plain_message("user", "pencil").unwrap().as_slice()),
        "AHVzZXIAcGVuY2ls"
    );
    assert_eq!(
        plain_message("user", "").unwrap_err(),
        SaslError::EmptyCredential { field: "password" }
    );
    let mut client =
        SaslClient::with_password(Mechanism::Plain, "user", "pencil", "unused").unwrap();
    assert_eq!(client.mechanism(), Mechanism::Plain);
    assert_eq!(client.initial_response().as_slice(), b"\0user\0pencil");
    assert!(matches!(
        client.handle_challenge(b"x"),
        Err(SaslError::UnexpectedMessage { .. })
    ));
    assert_eq!(client.handle_success(b""), Ok(None));
    assert!(!format!("{client:?}").contains("pencil"));
}

#[test]
fn sasl_client_accepts_server_final_as_challenge_or_in_success() {
    let mut in_success = SaslClient::with_password(
        Mechanism::ScramSha1,
        "user",
        "pencil",
        RFC_5802.client_nonce,
    )
    .unwrap();
    assert_eq!(
        in_success.initial_response().as_slice(),
        RFC_5802.client_first.as_bytes()
    );
    assert_eq!(
        in_success
            .handle_challenge(RFC_5802.server_first.as_bytes())
            .unwrap(),
        RFC_5802.client_final.as_bytes()
    );
    let keys = in_success
        .handle_success(RFC_5802.server_final.as_bytes())
        .unwrap()
        .unwrap();

    let mut as_challenge =
        SaslClient::with_keys(keys.clone(), "user", RFC_5802.client_nonce).unwrap();
    assert_eq!(as_challenge.mechanism(), Mechanism::ScramSha1);
    as_challenge
        .handle_challenge(RFC_5802.server_first.as_bytes())
        .unwrap();
    assert_eq!(
        as_challenge
            .handle_challenge(RFC_5802.server_final.as_bytes())
            .unwrap(),
        Vec::<u8>::new()
    );
    assert_eq!(as_challenge.handle_success(b"").unwrap(), Some(keys));
}

#[test]
fn success_without_server_proof_is_an_error() {
    let mut early = SaslClient::with_password(
        Mechanism::ScramSha256,
        "user",
        "pencil",
        RFC_7677.client_nonce,
    )
    .unwrap();
    assert_eq!(
        early.handle_success(b""),
        Err(SaslError::MissingServerSignature)
    );
    let mut no_data = SaslClient::with_password(
        Mechanism::ScramSha256,
        "user",
        "pencil",
        RFC_7677.client_nonce,
    )
    .unwrap();
    no_data
        .handle_challenge(RFC_7677.server_first.as_bytes())
        .unwrap();
    assert_eq!(
        no_data.handle_success(b""),
        Err(SaslError::MissingServerSignature)
    );
}

#![allow(clippy::unwrap_used, clippy::panic)]
use super::*;
use crate::xml::parse_element;

/// What Prosody 0.12's mod_register_ibr answers to a form request (legacy fields and a form).
const PROSODY_FORM: &str = r#"<iq xmlns="jabber:client" type="result" id="ID"><query xmlns="jabber:iq:register">
    <instructions>Choose a username and password for use with this service.</instructions>
    <username/><password/>
    <x xmlns="jabber:x:data" type="form"><title>Creating a new account</title>
      <instructions>Choose a username and password for use with this service.</instructions>
      <field var="FORM_TYPE" type="hidden"><value>jabber:iq:register</value></field>
      <field var="username" type="text-single" label="Username"><required/></field>
      <field var="password" type="text-private" label="Password"><required/></field>
    </x></query></iq>"#;

const OPEN: &str =
    "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='example.org' id='s1' version='1.0'/>";
const FEATURES: &str = "<features xmlns='http://etherx.jabber.org/streams'><register xmlns='http://jabber.org/features/iq-register'/></features>";

fn answers(username: &str) -> RegistrationAnswers {
    RegistrationAnswers {
        username: username.into(),
        password: Zeroizing::new("hunter2".into()),
        extra: vec![("email".into(), "j@example.org".into())],
    }
}

fn sent(registration: &mut Registration) -> Vec<String> {
    std::iter::from_fn(|| registration.poll_transmit()).collect()
}

fn last_iq_id(frames: &[String]) -> String {
    let element = parse_element(frames.last().unwrap()).unwrap();
    element.attr("id").unwrap().to_owned()
}

/// Drives a registration up to the form; returns it with the id of the form request.
fn at_form(form_xml: &str) -> (Registration, Vec<RegistrationEvent>) {
    let mut registration = Registration::new("example.org", "abc", 0);
    assert!(sent(&mut registration)[0].contains("to=\"example.org\""));
    registration.handle_frame(OPEN, 1);
    registration.handle_frame(FEATURES, 2);
    let frames = sent(&mut registration);
    assert!(
        frames[0].contains("type=\"get\"") && frames[0].contains("jabber:iq:register"),
        "{frames:?}"
    );
    registration.handle_frame(&form_xml.replace("ID", &last_iq_id(&frames)), 3);
    let events = std::iter::from_fn(|| registration.poll_event()).collect();
    (registration, events)
}

#[test]
fn prosody_form_round_trips_and_offers_username_and_password() {
    let iq = parse_element(PROSODY_FORM).unwrap();
    let query = RegisterQuery::try_from(iq.child_elements().next().unwrap()).unwrap();
    assert_eq!(
        query.fields,
        vec![
            ("username".into(), String::new()),
            ("password".into(), String::new())
        ]
    );
    assert_eq!(
        RegisterQuery::try_from(&Element::from(query.clone())).unwrap(),
        query
    );
    let RegistrationForm::Fields {
        fields,
        instructions,
    } = RegistrationForm::from_query(&query)
    else {
        panic!("fields expected")
    };
    assert_eq!(
        fields.iter().map(|f| f.var.as_str()).collect::<Vec<_>>(),
        ["username", "password"]
    );
    assert!(instructions.unwrap().contains("Choose a username"));
}

#[test]
fn a_data_form_is_answered_with_a_data_form_and_legacy_fields_with_legacy_fields() {
    let iq = parse_element(PROSODY_FORM).unwrap();
    let query = RegisterQuery::try_from(iq.child_elements().next().unwrap()).unwrap();
    let reply = RegisterQuery::try_from(&answer(&query, &answers("juliet"))).unwrap();
    let form = reply.form.unwrap();
    assert_eq!(form.form_type(), Some("jabber:iq:register"));
    assert_eq!(form.field("username").unwrap().value(), Some("juliet"));
    assert_eq!(form.field("password").unwrap().value(), Some("hunter2"));

    let legacy = RegisterQuery {
        fields: vec![
            ("username".into(), String::new()),
            ("password".into(), String::new()),
            ("email".into(), String::new()),
        ],
        ..RegisterQuery::default()
    };
    let reply = RegisterQuery::try_from(&answer(&legacy, &answers("juliet"))).unwrap();
    assert_eq!(reply.field("username"), Some("juliet"));
    assert_eq!(reply.field("email"), Some("j@example.org"));
    assert!(reply.form.is_none());
}

#[test]
fn captcha_and_url_only_servers_send_the_user_to_the_web_page() {
    let captcha = r#"<query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="form">
        <field var="FORM_TYPE" type="hidden"><value>urn:xmpp:captcha</value></field>
        <field var="username"/><field var="password" type="text-private"/>
        <field var="ocr"><media xmlns="urn:xmpp:media-element"/></field></x>
        <x xmlns="jabber:x:oob"><url>https://example.org/register</url></x></query>"#;
    let query = RegisterQuery::try_from(&parse_element(captcha).unwrap()).unwrap();
    assert_eq!(
        RegistrationForm::from_query(&query),
        RegistrationForm::WebOnly {
            instructions: None,
            url: Some("https://example.org/register".into())
        }
    );
    let url_only = r#"<query xmlns="jabber:iq:register"><instructions>Go to the web page</instructions><x xmlns="jabber:x:oob"><url>https://example.org/r</url></x></query>"#;
    let query = RegisterQuery::try_from(&parse_element(url_only).unwrap()).unwrap();
    assert!(matches!(
        RegistrationForm::from_query(&query),
        RegistrationForm::WebOnly { url: Some(_), .. }
    ));
}

#[test]
fn account_management_payloads() {
    let change = RegisterQuery::try_from(&RegisterQuery::change_password("juliet", "n3w")).unwrap();
    assert_eq!(change.field("password"), Some("n3w"));
    assert!(
        RegisterQuery::try_from(&RegisterQuery::remove_account())
            .unwrap()
            .remove
    );
}

#[test]
fn a_full_registration_ends_with_registered_and_close() {
    let (mut registration, events) = at_form(PROSODY_FORM);
    assert!(matches!(
        events.as_slice(),
        [RegistrationEvent::Form(RegistrationForm::Fields { .. })]
    ));
    assert_eq!(
        registration.poll_timeout(),
        None,
        "the user may take their time with the form"
    );
    registration.submit(&answers("juliet"), 10);
    let frames = sent(&mut registration);
    assert!(frames[0].contains("type=\"set\"") && frames[0].contains("juliet"));
    registration.handle_frame(
        &format!(
            "<iq xmlns='jabber:client' type='result' id='{}'/>",
            last_iq_id(&frames)
        ),
        11,
    );
    assert_eq!(
        registration.poll_event(),
        Some(RegistrationEvent::Registered)
    );
    assert!(registration.is_done());
    assert!(sent(&mut registration)[0].contains("<close"));
}

#[test]
fn a_taken_username_can_be_corrected_and_a_policy_refusal_ends_the_attempt() {
    let (mut registration, _) = at_form(PROSODY_FORM);
    registration.submit(&answers("taken"), 10);
    let id = last_iq_id(&sent(&mut registration));
    registration.handle_frame(&format!("<iq xmlns='jabber:client' type='error' id='{id}'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"), 11);
    assert_eq!(
        registration.poll_event(),
        Some(RegistrationEvent::Refused(RegistrationRefusal::Conflict))
    );
    assert!(!registration.is_done());
    registration.submit(&answers("free"), 12);
    let id = last_iq_id(&sent(&mut registration));
    registration.handle_frame(&format!("<iq xmlns='jabber:client' type='error' id='{id}'><error type='modify'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No new accounts today</text></error></iq>"), 13);
    let Some(RegistrationEvent::Refused(refusal)) = registration.poll_event() else {
        panic!("refusal expected")
    };
    assert!(
        refusal.to_string().contains("No new accounts today"),
        "{refusal}"
    );
    assert!(registration.is_done());
}

#[test]
fn refusals_timeouts_and_garbage_are_reported_once() {
    let mut registration = Registration::new("example.org", "abc", 0);
    registration.handle_frame(OPEN, 1);
    registration.handle_frame(FEATURES, 2);
    let id = last_iq_id(&sent(&mut registration));
    registration.handle_frame(&format!("<iq xmlns='jabber:client' type='error' id='{id}'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"), 3);
    assert!(matches!(
        registration.poll_event(),
        Some(RegistrationEvent::Refused(RegistrationRefusal::NotAllowed(
            None
        )))
    ));
    registration.handle_frame("<garbage", 4);
    assert_eq!(registration.poll_event(), None);

    let mut silent = Registration::new("example.org", "abc", 0);
    silent.handle_timeout(29_999);
    assert_eq!(silent.poll_event(), None);
    silent.handle_timeout(30_000);
    assert_eq!(
        silent.poll_event(),
        Some(RegistrationEvent::Refused(RegistrationRefusal::Timeout))
    );

    let mut broken = Registration::new("example.org", "abc", 0);
    broken.handle_frame(
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' version='1.0'/><x",
        1,
    );
    assert!(matches!(
        broken.poll_event(),
        Some(RegistrationEvent::Refused(RegistrationRefusal::Protocol(_)))
    ));

    let mut dropped = Registration::new("example.org", "abc", 0);
    dropped.connection_lost();
    assert_eq!(
        dropped.poll_event(),
        Some(RegistrationEvent::Refused(
            RegistrationRefusal::ConnectionLost
        ))
    );
    dropped.connection_lost();
    assert_eq!(dropped.poll_event(), None, "said once");
}

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The XML tree: namespace resolution, hard limits, what RFC 6120 §11 forbids, and
//! parse(serialise(x)) == x.

use proptest::prelude::*;
use xmpp_protocol::xml::{
    parse_element, parse_element_with_limits, Element, Node, XmlError, XmlLimits,
};

#[test]
fn resolves_default_and_prefixed_namespaces() {
    let element = parse_element(
        "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>\
         <host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>\
         <text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>gone</text></stream:error>",
    )
    .unwrap();
    assert_eq!(
        (element.name.as_str(), element.ns.as_str()),
        ("error", "http://etherx.jabber.org/streams")
    );
    let condition = element.child_elements().next().unwrap();
    assert!(condition.is("host-unknown", "urn:ietf:params:xml:ns:xmpp-streams"));
    let text = element
        .get_child("text", "urn:ietf:params:xml:ns:xmpp-streams")
        .unwrap();
    assert_eq!(text.attr("xml:lang"), Some("en"));
    assert_eq!(text.text(), "gone");
}

#[test]
fn children_inherit_the_default_namespace_and_unprefixed_is_empty() {
    let element = parse_element("<a xmlns='urn:a'><b/><c xmlns=''><d/></c></a>").unwrap();
    let b = element.get_child("b", "urn:a").unwrap();
    assert!(b.children.is_empty());
    let c = element.get_child("c", "").unwrap();
    assert!(c.get_child("d", "").is_some());
    assert!(parse_element("<plain/>").unwrap().is("plain", ""));
}

#[test]
fn keeps_foreign_namespaced_attributes_in_clark_notation() {
    let element = parse_element("<a xmlns='urn:a' xmlns:x='urn:x' x:flag='1' plain='2'/>").unwrap();
    assert_eq!(
        element.attrs,
        vec![
            ("{urn:x}flag".to_owned(), "1".to_owned()),
            ("plain".to_owned(), "2".to_owned())
        ]
    );
    assert_eq!(parse_element(&element.to_xml()).unwrap(), element);
}

#[test]
fn merges_text_references_and_cdata() {
    let element =
        parse_element("<a>x &amp; y &lt;&gt;&apos;&quot; &#65;&#x42; <![CDATA[<raw>]]> z</a>")
            .unwrap();
    assert_eq!(
        element.children,
        vec![Node::Text("x & y <>'\" AB <raw> z".into())]
    );
    let attrs = parse_element("<a v='&lt;&amp;&#x41;&#10;'/>").unwrap();
    assert_eq!(attrs.attr("v"), Some("<&A\n"));
}

#[test]
fn normalises_line_ends_and_attribute_whitespace() {
    let element = parse_element("<a v='1\t2\n3'>x\r\ny</a>").unwrap();
    assert_eq!(element.attr("v"), Some("1 2 3"));
    assert_eq!(element.text(), "x\ny");
}

#[test]
fn accepts_declaration_comments_and_surrounding_whitespace() {
    let element =
        parse_element("<?xml version='1.0' encoding='UTF-8'?>\n <a><!-- note --><b/></a>\n ")
            .unwrap();
    assert_eq!(element.child_elements().count(), 1);
    assert_eq!(element.children.len(), 1, "comments are dropped");
}

#[test]
fn rejects_what_xmpp_forbids() {
    let cases: Vec<(&str, XmlError)> = vec![
        ("", XmlError::NoRoot),
        ("   ", XmlError::NoRoot),
        ("<!DOCTYPE a><a/>", XmlError::Doctype),
        (
            "<?php echo 1; ?><a/>",
            XmlError::ProcessingInstruction {
                target: "php".into(),
            },
        ),
        (
            "<a><?pi x?></a>",
            XmlError::ProcessingInstruction {
                target: "pi".into(),
            },
        ),
        (
            "<a>&foo;</a>",
            XmlError::UnknownEntity { name: "foo".into() },
        ),
        (
            "<a v='&foo;'/>",
            XmlError::UnknownEntity { name: "foo".into() },
        ),
        (
            "<a>&#1;</a>",
            XmlError::InvalidCharRef {
                reference: "#1".into(),
            },
        ),
        ("<a>\u{1}</a>", XmlError::ForbiddenChar { code: 1 }),
        ("<a v='\u{1}'/>", XmlError::ForbiddenChar { code: 1 }),
        ("<a v='&#1;'/>", XmlError::ForbiddenChar { code: 1 }),
        ("<a>", XmlError::UnclosedElement { name: "a".into() }),
        ("<a><b></b>", XmlError::UnclosedElement { name: "a".into() }),
        (
            "<a></b>",
            XmlError::MismatchedEnd {
                expected: "a".into(),
                found: "b".into(),
            },
        ),
        ("<a/></a>", XmlError::UnexpectedEnd { name: "a".into() }),
        ("<a/><b/>", XmlError::MultipleRoots { name: "b".into() }),
        (
            "<a/>junk",
            XmlError::TrailingContent {
                text: "junk".into(),
            },
        ),
        (
            "junk<a/>",
            XmlError::TrailingContent {
                text: "junk".into(),
            },
        ),
        ("<a/><?xml version='1.0'?>", XmlError::MisplacedDeclaration),
        ("<x:a/>", XmlError::UnknownPrefix { prefix: "x".into() }),
        (
            "<a x:v='1'/>",
            XmlError::UnknownPrefix { prefix: "x".into() },
        ),
        (
            "<a v='1' v='2'/>",
            XmlError::DuplicateAttribute {
                element: "a".into(),
                name: "v".into(),
            },
        ),
        (
            "<a xmlns:x='urn:n' xmlns:y='urn:n' x:v='1' y:v='2'/>",
            XmlError::DuplicateAttribute {
                element: "a".into(),
                name: "{urn:n}v".into(),
            },
        ),
        (
            "<a v='<'/>",
            XmlError::LessThanInAttribute { name: "v".into() },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_element(input), Err(expected), "{input:?}");
    }
    for input in [
        "<>",
        "<1a/>",
        "<a-b.c_d:/>",
        "<a 1b='x'/>",
        "<a:/>",
        "<:a/>",
        "<a b\u{1}='x'/>",
    ] {
        assert!(
            matches!(parse_element(input), Err(XmlError::InvalidName { .. })),
            "{input:?}: {:?}",
            parse_element(input)
        );
    }
    for input in ["<a", "<a b=></a>", "<a b='1></a>", "<a><!-- x"] {
        assert!(
            matches!(parse_element(input), Err(XmlError::Syntax { .. })),
            "{input:?}: {:?}",
            parse_element(input)
        );
    }
}

#[test]
fn enforces_depth_attribute_and_size_limits() {
    let depth = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
    assert!(parse_element(&depth(64)).is_ok());
    assert_eq!(
        parse_element(&depth(65)),
        Err(XmlError::TooDeep { limit: 64 })
    );
    assert_eq!(
        parse_element(
            "<a><b><c/></b></a>"
                .replace("<c/>", &"<c/>".repeat(3))
                .as_str()
        )
        .map(|_| ()),
        Ok(())
    );
    let deep_empty = format!("{}<b/>{}", "<a>".repeat(64), "</a>".repeat(64));
    assert_eq!(
        parse_element(&deep_empty),
        Err(XmlError::TooDeep { limit: 64 })
    );

    let attrs = |n: usize| {
        format!(
            "<a {}/>",
            (0..n)
                .map(|i| format!("a{i}='x'"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    assert!(parse_element(&attrs(256)).is_ok());
    assert_eq!(
        parse_element(&attrs(257)),
        Err(XmlError::TooManyAttributes {
            element: "a".into(),
            limit: 256
        })
    );

    let value = |n: usize| format!("<a v='{}'/>", "x".repeat(n));
    assert!(parse_element(&value(64 * 1024)).is_ok());
    assert_eq!(
        parse_element(&value(64 * 1024 + 1)),
        Err(XmlError::AttributeValueTooLong {
            name: "v".into(),
            size: 64 * 1024 + 1,
            limit: 64 * 1024
        })
    );

    let big = format!("<a>{}</a>", "x".repeat(1024 * 1024));
    assert_eq!(
        parse_element(&big),
        Err(XmlError::FrameTooLarge {
            size: big.len(),
            limit: 1024 * 1024
        })
    );
    let small = XmlLimits {
        max_frame_bytes: 10,
        ..XmlLimits::default()
    };
    assert_eq!(
        parse_element_with_limits("<a>123456</a>", &small),
        Err(XmlError::FrameTooLarge {
            size: 13,
            limit: 10
        })
    );
    assert!(parse_element_with_limits("<a>123</a>", &small).is_ok());
}

#[test]
fn helpers_find_children_and_text() {
    let element = Element::builder("message", "jabber:client")
        .attr("to", "a@b")
        .append(
            Element::builder("body", "jabber:client")
                .text("one")
                .build(),
        )
        .append(
            Element::builder("body", "jabber:client")
                .text("two")
                .build(),
        )
        .append(Element::builder("x", "urn:x").build())
        .text("tail")
        .build();
    assert_eq!(element.attr("to"), Some("a@b"));
    assert_eq!(
        element
            .children_named("body", "jabber:client")
            .map(Element::text)
            .collect::<Vec<_>>(),
        ["one", "two"]
    );
    assert_eq!(
        element.child_text("body", "jabber:client").as_deref(),
        Some("one")
    );
    assert!(element.has_child("x", "urn:x"));
    assert!(!element.has_child("x", "urn:y"));
    assert_eq!(element.text(), "tail");
    let mut element = element;
    element.set_attr("to", "c@d");
    element.set_attr("id", "1");
    assert_eq!(
        element.attrs,
        vec![
            ("to".to_owned(), "c@d".to_owned()),
            ("id".to_owned(), "1".to_owned())
        ]
    );
    assert_eq!(element.remove_attr("to"), Some("c@d".to_owned()));
    element
        .get_child_mut("x", "urn:x")
        .unwrap()
        .set_attr("k", "v");
    assert_eq!(
        element.get_child("x", "urn:x").unwrap().attr("k"),
        Some("v")
    );
    element.append_text(" more");
    assert_eq!(element.text(), "tail more");
}

fn arb_text() -> impl Strategy<Value = String> {
    // Everything XML 1.0 can carry, with the characters that need escaping over-represented.
    prop_oneof![
        "[a-z &<>\"'\t\n\r]{1,12}",
        "\\PC{1,12}".prop_map(|s| s.chars().filter(|c| !matches!(*c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')).collect::<String>()),
    ]
    .prop_filter("text nodes are never empty", |s| !s.is_empty())
}

fn arb_element() -> impl Strategy<Value = Element> {
    let name = "[a-z][a-z0-9-]{0,6}";
    let ns = prop_oneof![
        Just(String::new()),
        Just("jabber:client".to_owned()),
        Just("urn:x".to_owned()),
        Just("urn:y:0".to_owned())
    ];
    let attrs = proptest::collection::btree_map(
        prop_oneof![
            "[a-z]{1,5}",
            Just("xml:lang".to_owned()),
            Just("{urn:z}flag".to_owned())
        ],
        "[ -~\t\n\r]{0,10}",
        0..4,
    );
    let leaf = (name, ns.clone(), attrs.clone()).prop_map(|(name, ns, attrs)| Element {
        name,
        ns,
        attrs: attrs.into_iter().collect(),
        children: vec![],
    });
    leaf.prop_recursive(4, 40, 5, move |inner| {
        (
            "[a-z][a-z0-9-]{0,6}",
            ns.clone(),
            attrs.clone(),
            proptest::collection::vec(
                prop_oneof![
                    inner.prop_map(Node::Element),
                    arb_text().prop_map(Node::Text)
                ],
                0..5,
            ),
        )
            .prop_map(|(name, ns, attrs, children)| {
                let mut element = Element {
                    name,
                    ns,
                    attrs: attrs.into_iter().collect(),
                    children: vec![],
                };
                for child in children {
                    match child {
                        Node::Element(child) => {
                            element.append_child(child);
                        }
                        Node::Text(text) => {
                            element.append_text(text);
                        }
                    }
                }
                element
            })
    })
}

proptest! {
    #[test]
    fn parse_after_serialise_is_identity(element in arb_element()) {
        let xml = element.to_xml();
        prop_assert_eq!(parse_element(&xml), Ok(element), "{}", xml);
    }

    #[test]
    fn parsing_arbitrary_input_returns_a_value_or_a_typed_error(input in "[<>/a-z='\" &;!?\\[\\]-]{0,40}") {
        match parse_element(&input) {
            Ok(element) => prop_assert_eq!(parse_element(&element.to_xml()), Ok(element)),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}

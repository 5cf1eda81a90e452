use proptest::prelude::*;

use super::*;

fn texts(spans: &[Span]) -> Vec<(&str, SpanKind)> {
    spans
        .iter()
        .map(|s| (s.text.as_str(), s.kind.clone()))
        .collect()
}

fn concat(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn strong_emphasis_strike_and_pre_spans() {
    let spans = parse("a *b* _c_ ~d~ `e`");
    let styled: Vec<(&str, Style)> = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Text)
        .map(|s| (s.text.as_str(), s.style))
        .collect();
    assert_eq!(
        styled,
        vec![
            ("a ", Style::default()),
            (
                "b",
                Style {
                    strong: true,
                    ..Style::default()
                }
            ),
            (" ", Style::default()),
            (
                "c",
                Style {
                    emphasis: true,
                    ..Style::default()
                }
            ),
            (" ", Style::default()),
            (
                "d",
                Style {
                    strike: true,
                    ..Style::default()
                }
            ),
            (" ", Style::default()),
            (
                "e",
                Style {
                    pre: true,
                    ..Style::default()
                }
            ),
        ]
    );
    assert_eq!(
        spans.iter().filter(|s| s.kind == SpanKind::Markup).count(),
        8
    );
}

#[test]
fn spans_nest_but_pre_does_not_style_further() {
    let spans = parse("*_both_* `*not*`");
    let both = spans.iter().find(|s| s.text == "both").map(|s| s.style);
    assert_eq!(
        both,
        Some(Style {
            strong: true,
            emphasis: true,
            ..Style::default()
        })
    );
    let code = spans.iter().find(|s| s.text == "*not*").map(|s| s.style);
    assert_eq!(
        code,
        Some(Style {
            pre: true,
            ..Style::default()
        })
    );
}

#[test]
fn invalid_directives_stay_plain_text() {
    for body in [
        "2 * 3 * 4",
        "**",
        "a*b*",
        "* nope*",
        "*nope *",
        "*open\nclose*",
        "snake_case_name",
    ] {
        let spans = parse(body);
        assert!(
            spans
                .iter()
                .all(|s| s.kind == SpanKind::Text && !s.style.strong && !s.style.emphasis),
            "{body}: {spans:?}"
        );
        assert_eq!(concat(&spans), body);
    }
}

#[test]
fn pre_blocks_run_to_a_closing_fence_or_the_end() {
    let spans = parse("```rust\n*x*\n```\n*y*");
    assert_eq!(
        texts(&spans),
        vec![
            ("```rust\n", SpanKind::Markup),
            ("*x*\n", SpanKind::Text),
            ("```\n", SpanKind::Markup),
            ("*", SpanKind::Markup),
            ("y", SpanKind::Text),
            ("*", SpanKind::Markup),
        ]
    );
    assert!(spans.get(1).is_some_and(|s| s.style.pre_block));
    let open = parse("```\nnever closed *x*");
    assert!(open.iter().all(|s| s.style.pre_block));
}

#[test]
fn quotes_nest_and_style_their_content() {
    let spans = parse("> hi *there*\n>> deeper\nout");
    assert_eq!(
        spans
            .first()
            .map(|s| (s.text.as_str(), s.kind.clone(), s.style.quote)),
        Some(("> ", SpanKind::Markup, 1))
    );
    let there = spans.iter().find(|s| s.text == "there").map(|s| s.style);
    assert_eq!(
        there,
        Some(Style {
            strong: true,
            quote: 1,
            ..Style::default()
        })
    );
    assert!(spans
        .iter()
        .any(|s| s.text == "deeper\n" && s.style.quote == 2));
    assert!(spans.iter().any(|s| s.text == "out" && s.style.quote == 0));
}

#[test]
fn links_only_for_safe_schemes_and_kept_whole() {
    let spans = parse(
        "see https://example.org/a_b_c. or xmpp:alice@example.org?message, not javascript:alert(1)",
    );
    let links: Vec<&str> = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Link)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        links,
        vec![
            "https://example.org/a_b_c",
            "xmpp:alice@example.org?message"
        ]
    );
    assert!(links.iter().all(|l| is_safe_link(l)));
    assert!(!is_safe_link("javascript:alert(1)"));
    assert!(!is_safe_link("https://a b"));
    let none = parse("nothttps://x and http:// alone");
    assert!(none.iter().all(|s| s.kind != SpanKind::Link), "{none:?}");
}

#[test]
fn links_inside_styles_and_quotes() {
    let spans = parse("> *look http://x.test/*");
    let link = spans.iter().find(|s| s.kind == SpanKind::Link);
    assert_eq!(
        link.map(|s| (s.text.as_str(), s.style.quote)),
        Some(("http://x.test/", 1))
    );
}

proptest! {
    #[test]
    fn spans_always_concatenate_to_the_body(body in "[*_~`> \nahttps:/x.\u{e9}\u{1F600}]{0,40}") {
        let spans = parse(&body);
        prop_assert_eq!(concat(&spans), body);
        prop_assert!(spans.iter().all(|s| !s.text.is_empty()));
        prop_assert!(spans.iter().filter(|s| s.kind == SpanKind::Link).all(|s| is_safe_link(&s.text)));
    }

    #[test]
    fn never_panics_on_any_text(body in any::<String>()) {
        prop_assert_eq!(concat(&parse(&body)), body);
    }
}

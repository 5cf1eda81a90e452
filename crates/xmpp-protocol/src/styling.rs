//! XEP-0393 Message Styling and link detection, as a pure function from a body to spans.
//!
//! The styling directives stay in the output as [`SpanKind::Markup`] spans (the XEP lets clients
//! show them, and keeping them means the concatenated span texts are always exactly the body:
//! nothing typed is ever hidden or lost). Renderers insert every span as text, never as markup.
//!
//! Supported: `*strong*`, `_emphasis_`, `~strike~`, `` `pre` `` spans (which do not nest further),
//! ```` ``` ```` pre blocks running to a line of just ```` ``` ```` or the end of the body, and
//! `>` quotes (nested by repeating `>`). Links: `http://`, `https://` and `xmpp:` URIs only.

/// How a span looks. Flags combine: `*_x_*` is strong and emphasised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub strong: bool,
    pub emphasis: bool,
    pub strike: bool,
    /// Inline preformatted text (`` `x` ``).
    pub pre: bool,
    /// Inside a ```` ``` ```` block.
    pub pre_block: bool,
    /// Quote nesting depth, 0 outside quotes.
    pub quote: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanKind {
    Text,
    /// A styling directive or quote prefix, shown dimmed.
    Markup,
    /// A link whose target is the span's text; always an `http`, `https` or `xmpp` URI.
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub kind: SpanKind,
    pub style: Style,
}

/// Schemes turned into links; anything else (e.g. `javascript:`) stays text.
const LINK_SCHEMES: [&str; 3] = ["https://", "http://", "xmpp:"];
const DIRECTIVES: [char; 4] = ['*', '_', '~', '`'];
const FENCE: &str = "```";

/// Splits a message body into styled spans whose texts concatenate back to `body`.
pub fn parse(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches('\n').trim_end_matches('\r');
        let block = Style {
            pre_block: true,
            ..Style::default()
        };
        if in_block {
            let closing = content == FENCE;
            push(
                &mut out,
                line,
                if closing {
                    SpanKind::Markup
                } else {
                    SpanKind::Text
                },
                block,
            );
            in_block = !closing;
        } else if content.starts_with(FENCE) {
            // The opening line (including any text after the fence) is markup.
            push(&mut out, line, SpanKind::Markup, block);
            in_block = true;
        } else {
            quoted_line(line, &mut out);
        }
    }
    out
}

/// True if `text` is a link target this module would produce (the UI checks before linking).
pub fn is_safe_link(text: &str) -> bool {
    LINK_SCHEMES
        .iter()
        .any(|scheme| starts_with_ignore_case(text, scheme))
        && text.chars().all(|c| !c.is_whitespace())
}

fn quoted_line(line: &str, out: &mut Vec<Span>) {
    let depth = line.chars().take_while(|&c| c == '>').count();
    let style = Style {
        quote: u8::try_from(depth).unwrap_or(u8::MAX),
        ..Style::default()
    };
    let mut rest = line;
    if depth > 0 {
        // `>` is one byte, so `depth` is a char boundary; one optional space belongs to the prefix.
        let mut prefix_len = depth;
        if line[depth..].starts_with(' ') {
            prefix_len += 1;
        }
        let (prefix, tail) = line.split_at(prefix_len);
        push(out, prefix, SpanKind::Markup, style);
        rest = tail;
    }
    inline_with_links(rest, style, out);
}

/// Links are found first and kept whole, so `_` or `*` inside a URL never starts a style.
fn inline_with_links(text: &str, style: Style, out: &mut Vec<Span>) {
    let mut rest = text;
    while let Some((start, end)) = find_link(rest) {
        let (before, tail) = rest.split_at(start);
        inline(before, style, out);
        let (link, after) = tail.split_at(end - start);
        push(out, link, SpanKind::Link, style);
        rest = after;
    }
    inline(rest, style, out);
}

/// Byte range of the first link in `text`.
fn find_link(text: &str) -> Option<(usize, usize)> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_boundary = prev.is_none_or(|p| !p.is_alphanumeric());
        prev = Some(c);
        if !at_boundary {
            continue;
        }
        let rest = &text[i..];
        let Some(scheme) = LINK_SCHEMES
            .iter()
            .find(|s| starts_with_ignore_case(rest, s))
        else {
            continue;
        };
        let len = rest
            .find(|ch: char| ch.is_whitespace() || matches!(ch, '<' | '>' | '"'))
            .unwrap_or(rest.len());
        // Trailing punctuation usually ends the sentence, not the URL.
        let trimmed = rest[..len]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '*', '_', '~', '`']);
        if trimmed.len() > scheme.len() {
            return Some((i, i + trimmed.len()));
        }
    }
    None
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Inline spans within one line (XEP-0393 spans never cross lines).
fn inline(text: &str, style: Style, out: &mut Vec<Span>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut plain_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let Some(&(pos, c)) = chars.get(i) else { break };
        if let Some(close) = closing_directive(&chars, i) {
            push(out, &text[plain_start..pos], SpanKind::Text, style);
            let inner_start = pos + c.len_utf8();
            let close_pos = chars.get(close).map_or(text.len(), |&(p, _)| p);
            push(out, &text[pos..inner_start], SpanKind::Markup, style);
            let inner = &text[inner_start..close_pos];
            if c == '`' {
                push(out, inner, SpanKind::Text, Style { pre: true, ..style });
            } else {
                inline(inner, with_directive(style, c), out);
            }
            let after = close_pos + c.len_utf8();
            push(out, &text[close_pos..after], SpanKind::Markup, style);
            plain_start = after;
            i = close + 1;
        } else {
            i += 1;
        }
    }
    push(out, &text[plain_start..], SpanKind::Text, style);
}

/// Index of the directive closing the one opening at `i`, if `i` opens a valid span: at the
/// start, after whitespace or another directive; not followed by whitespace; the closing one
/// not preceded by whitespace and not immediately after the opening one.
fn closing_directive(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let &(_, c) = chars.get(i)?;
    if !DIRECTIVES.contains(&c) {
        return None;
    }
    let opens = i == 0
        || chars
            .get(i - 1)
            .is_some_and(|&(_, p)| p.is_whitespace() || DIRECTIVES.contains(&p));
    let next = chars.get(i + 1)?.1;
    if !opens || next.is_whitespace() {
        return None;
    }
    (i + 2..chars.len()).find(|&j| {
        chars.get(j).is_some_and(|&(_, d)| d == c)
            && chars.get(j - 1).is_some_and(|&(_, p)| !p.is_whitespace())
    })
}

fn with_directive(style: Style, directive: char) -> Style {
    match directive {
        '*' => Style {
            strong: true,
            ..style
        },
        '_' => Style {
            emphasis: true,
            ..style
        },
        '~' => Style {
            strike: true,
            ..style
        },
        _ => Style { pre: true, ..style },
    }
}

/// Appends a span, merging it into the previous one when they look the same.
fn push(out: &mut Vec<Span>, text: &str, kind: SpanKind, style: Style) {
    if text.is_empty() {
        return;
    }
    if kind != SpanKind::Link {
        if let Some(last) = out
            .last_mut()
            .filter(|last| last.kind == kind && last.style == style)
        {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Span {
        text: text.to_owned(),
        kind,
        style,
    });
}

#[cfg(test)]
#[path = "styling_tests.rs"]
mod tests;

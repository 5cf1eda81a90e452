use leptos::prelude::*;
use xmpp_protocol::me_command::me_action;
use xmpp_protocol::styling::{self, Span, SpanKind};

/// A message body with XEP-0393 styling and links. Every piece of the body is inserted as a
/// text node (it comes from the network); links are made only for http(s) and xmpp URIs.
/// A `/me` body (XEP-0245) reads "* sender action".
#[component]
pub fn MessageBody(body: String, sender: String) -> impl IntoView {
    let (me, text) = match me_action(&body) {
        Some(action) => (true, action.to_owned()),
        None => (false, body),
    };
    let spans: Vec<AnyView> = styling::parse(&text).into_iter().map(span_view).collect();
    view! {
        <p class="message-body" class:me=me data-testid="message-body">
            {me.then(|| view! { <span class="me-actor">{format!("* {sender} ")}</span> })}
            {spans}
        </p>
    }
}

fn span_view(span: Span) -> AnyView {
    let Span { text, kind, style } = span;
    let quote = (style.quote > 0).then_some("s-quote");
    let mut node = match kind {
        SpanKind::Link if styling::is_safe_link(&text) => {
            let href = text.clone();
            view! {
                <a href=href rel="noopener noreferrer nofollow" target="_blank" data-testid="message-link">{text}</a>
            }
            .into_any()
        }
        // Directives stay visible (nothing typed disappears) but are quiet for screen readers.
        SpanKind::Markup => {
            view! { <span class="s-markup" aria-hidden="true">{text}</span> }.into_any()
        }
        SpanKind::Link | SpanKind::Text => text.into_any(),
    };
    if style.pre || style.pre_block {
        node = view! { <code class:s-pre-block=style.pre_block>{node}</code> }.into_any();
    }
    if style.strike {
        node = view! { <s>{node}</s> }.into_any();
    }
    if style.emphasis {
        node = view! { <em>{node}</em> }.into_any();
    }
    if style.strong {
        node = view! { <strong>{node}</strong> }.into_any();
    }
    match quote {
        Some(class) => view! { <span class=class>{node}</span> }.into_any(),
        None => node,
    }
}

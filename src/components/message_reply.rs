//! The quote above a reply (XEP-0461): who wrote the original and its text (the original's own
//! text when it is loaded, else the quote the reply carried). Pressing it scrolls to the
//! original and focuses it. Everything here comes from the network and is inserted as text.

use chat_store::{ConversationId, Direction, Message, ReplyTo};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::roster_list::display_name;
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// How much of the original a quote shows.
const QUOTE_CHARS: usize = 140;

/// Who wrote a message, as the chat shows people: "You", a roster name, a nick or an address.
pub fn author_name(state: AppState, direction: Direction, author: &str) -> String {
    if direction == Direction::Out {
        return t(Msg::You).into();
    }
    state.roster.with_untracked(|roster| {
        roster
            .iter()
            .find(|item| item.jid == author)
            .map(|item| {
                state
                    .nicks
                    .with_untracked(|nicks| display_name(item, nicks.get(&item.jid)))
            })
            .unwrap_or_else(|| author.to_owned())
    })
}

/// A message's text cut for a one-line quote.
pub fn excerpt(text: &str) -> String {
    let line = text.trim().replace('\n', " ");
    if line.chars().count() > QUOTE_CHARS {
        let cut: String = line.chars().take(QUOTE_CHARS).collect();
        format!("{cut}…")
    } else {
        line
    }
}

#[component]
pub fn ReplyQuote(reply: ReplyTo, conversation: ConversationId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = reply.id.clone();
    let original = Memo::new(move |_| {
        state.messages.with(|messages| {
            messages
                .iter()
                .find(|m| m.conversation == conversation && m.has_id(&target))
                .map(|m| (m.id.clone(), m.direction, m.sender.clone(), m.body.clone()))
        })
    });
    let fallback_author = reply.author.clone().unwrap_or_default();
    let fallback_quote = reply.quote.clone();
    let author = Memo::new(move |_| match original.get() {
        Some((_, direction, sender, _)) => author_name(state, direction, &sender),
        None => author_name(state, Direction::In, &fallback_author),
    });
    let text = Memo::new(move |_| match original.get() {
        Some((_, _, _, body)) => excerpt(&body),
        None => excerpt(&fallback_quote),
    });
    let go = move |_| {
        if let Some((id, ..)) = original.get_untracked() {
            focus_message(&id);
        }
    };
    view! {
        <button type="button" class="reply-quote small" data-testid="message-reply"
            data-loaded=move || original.with(Option::is_some).to_string()
            aria-label=move || tf(Msg::ReplyTo, &[("author", &author.get()), ("text", &text.get())])
            on:click=go>
            <span class="reply-author">{author}</span>
            <span class="reply-text">{text}</span>
        </button>
    }
}

/// The DOM id of a message's element: its id hex-encoded, so nothing from the network ends up
/// in an attribute that selectors or fragments interpret.
pub fn dom_id(id: &str) -> String {
    let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
    format!("msg-{hex}")
}

/// Scrolls the message `id` into view and focuses it, if it is on the page.
fn focus_message(id: &str) {
    let element = crate::embedding::element_by_id(&dom_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        element.scroll_into_view();
        let _ = element.focus();
    }
}

/// What the composer shows while a reply is being written.
pub fn replying_label(state: AppState, message: &Message) -> String {
    tf(
        Msg::ReplyingTo,
        &[
            (
                "author",
                &author_name(state, message.direction, &message.sender),
            ),
            ("text", &excerpt(&message.body)),
        ],
    )
}

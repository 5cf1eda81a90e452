//! A polite live region that tells screen-reader users about incoming messages. The message
//! list itself is not live: paging and the sliding window re-render rows that are not new.

use leptos::prelude::*;

use crate::i18n::{tf, Msg};

thread_local! {
    // One text for the page. Reference-counted rather than owned by the view that first asks
    // for it, so a rebuilt screen (a language switch) still finds it alive.
    static TEXT: ArcRwSignal<String> = ArcRwSignal::new(String::new());
}

/// Announces a new incoming message: its text when its chat is open, else who wrote.
pub fn incoming(sender: &str, body: &str, chat_open: bool) {
    let text = if chat_open {
        tf(Msg::AnnounceMessage, &[("sender", sender), ("text", body)])
    } else {
        tf(Msg::AnnounceMessageElsewhere, &[("sender", sender)])
    };
    TEXT.with(|signal| signal.set(text));
}

#[component]
pub fn Announcer() -> impl IntoView {
    let text = TEXT.with(ArcRwSignal::clone);
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">{move || text.get()}</div>
    }
}

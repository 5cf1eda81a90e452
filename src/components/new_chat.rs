use chat_client::web::ClientHandle;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::open_direct_chat;
use crate::i18n::{t, Msg};
use crate::state::AppState;

/// "Start a chat with" a JID.
#[component]
pub fn NewChat() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let address = jid.get_untracked().trim().to_owned();
        if address.is_empty() {
            error.set(Some(t(Msg::NewChatEnterAddress).into()));
            return;
        }
        error.set(None);
        jid.set(String::new());
        open_direct_chat(state, handle.clone(), address, move |reason| {
            error.set(Some(reason))
        });
    };
    view! {
        <form class="new-chat" on:submit=submit>
            <label for="new-chat-jid">{t(Msg::NewChat)}</label>
            <div class="row">
                <input id="new-chat-jid" data-testid="new-chat-jid" type="text" inputmode="email"
                    placeholder="bob@example.org" autocapitalize="off" spellcheck="false" bind:value=jid/>
                <button type="submit" data-testid="new-chat-open">{t(Msg::NewChatOpen)}</button>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="error small" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </form>
    }
}

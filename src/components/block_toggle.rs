//! "Block" / "Unblock" for the person of a chat (XEP-0191); the server enforces it.

use chat_client::web::ClientHandle;
use leptos::prelude::*;

use super::contact_actions::report;
use crate::i18n::{t, Msg};
use crate::state::AppState;

#[component]
pub fn BlockToggle(jid: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let blocked = {
        let jid = jid.clone();
        Memo::new(move |_| state.blocklist.with(|list| list.contains(&jid)))
    };
    let toggle = {
        let jid = jid.clone();
        move |_| {
            let (handle, jid, was_blocked) = (handle.clone(), jid.clone(), blocked.get_untracked());
            report(state, async move {
                if was_blocked {
                    handle.unblock(jid).await
                } else {
                    handle.block(jid).await
                }
            });
        }
    };
    view! {
        <button class="ghost small chat-block" data-testid="chat-block" data-blocked=move || blocked.get().to_string() on:click=toggle>
            {move || if blocked.get() { t(Msg::Unblock) } else { t(Msg::Block) }}
        </button>
    }
}

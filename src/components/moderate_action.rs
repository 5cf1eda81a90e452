//! A moderator's "Remove for everyone" on a group message (XEP-0425), confirmed once; a
//! refusal from the room comes back as a notice.

use chat_client::web::ClientHandle;
use chat_store::Message;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, Msg};
use crate::state::AppState;

#[component]
pub fn ModerateAction(message: Message) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let confirm = RwSignal::new(false);
    let remove = move |_| {
        if !confirm.get_untracked() {
            confirm.set(true);
            return;
        }
        confirm.set(false);
        let handle = handle.clone();
        let (room, id) = (message.conversation.jid.clone(), message.id.clone());
        spawn_local(async move {
            if let Err(why) = handle.moderate_message(room, id, None).await {
                state
                    .notice
                    .set(Some(crate::reasons::client_error_text(&why)));
            }
        });
    };
    view! {
        <button type="button" role="menuitem" class="ghost small danger" data-testid="message-moderate" on:click=remove>
            {move || if confirm.get() { t(Msg::ModerateConfirm) } else { t(Msg::ModerateRemove) }}
        </button>
    }
}

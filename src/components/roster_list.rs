use chat_client::web::ClientHandle;
use chat_store::RosterItem;
use leptos::prelude::*;

use super::open_direct_chat;
use crate::format::initials;
use crate::state::AppState;

#[component]
pub fn RosterList() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="list-section" aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">"Contacts"</h2>
            <Show when=move || state.roster.with(Vec::is_empty)>
                <p class="empty small">"No contacts yet."</p>
            </Show>
            <ul class="roster" data-testid="roster">
                <For
                    each=move || state.roster.get()
                    key=|item: &RosterItem| format!("{item:?}")
                    children=move |item| view! { <RosterEntry item=item/> }
                />
            </ul>
        </section>
    }
}

#[component]
fn RosterEntry(item: RosterItem) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = item.jid.clone();
    let name = item.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| jid.clone());
    let presence = {
        let jid = jid.clone();
        move || state.availability_of(&jid).as_str()
    };
    let status_text = {
        let jid = jid.clone();
        move || state.presence.with(|p| p.get(&jid).and_then(|c| c.status.clone()))
    };
    let open = {
        let jid = jid.clone();
        move |_| open_direct_chat(state, handle.clone(), jid.clone(), move |reason| state.storage_error.set(Some(reason)))
    };
    view! {
        <li>
            <button class="roster-item" data-testid="roster-item" data-jid=jid.clone()
                data-presence=presence.clone() on:click=open>
                <span class="avatar" aria-hidden="true">{initials(&name)}</span>
                <span class="title">{name.clone()}</span>
                <span class="presence" data-presence=presence.clone()>
                    <span class="visually-hidden">{presence.clone()}</span>
                </span>
                <span class="status-text">{status_text}</span>
            </button>
        </li>
    }
}

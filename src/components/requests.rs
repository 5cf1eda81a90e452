//! Requests to see our status (approve, deny, block) and the block list (unblock).

use chat_client::web::ClientHandle;
use chat_client::SubscriptionRequest;
use leptos::prelude::*;

use super::contact_actions::report;
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// Shown at once; the rest wait behind "Show all" so a request storm cannot freeze the page.
const FIRST_REQUESTS: usize = 50;

#[component]
pub fn SubscriptionRequests() -> impl IntoView {
    let state = expect_context::<AppState>();
    let show_all = RwSignal::new(false);
    let ask_back = RwSignal::new(true);
    let visible = move || {
        let list = state.requests.get();
        if show_all.get() {
            list
        } else {
            list.into_iter().take(FIRST_REQUESTS).collect()
        }
    };
    view! {
        <Show when=move || !state.requests.with(Vec::is_empty)>
            <section class="list-section requests" aria-labelledby="requests-heading" data-testid="subscription-requests">
                <h2 id="requests-heading">{t(Msg::Requests)}" " <span class="count small">{move || state.requests.with(Vec::len)}</span></h2>
                <p class="hint small">{t(Msg::RequestsHint)}</p>
                <label class="check small"><input type="checkbox" bind:checked=ask_back/>" "{t(Msg::RequestsAskBack)}</label>
                <ul>
                    <For each=visible key=|r: &SubscriptionRequest| r.jid.clone()
                        children=move |request| view! { <RequestEntry request=request ask_back=ask_back/> }/>
                </ul>
                <Show when=move || !show_all.get() && state.requests.with(|r| r.len() > FIRST_REQUESTS)>
                    <button class="ghost small" on:click=move |_| show_all.set(true)>
                        {move || tf(Msg::RequestsShowAll, &[("n", &state.requests.with(Vec::len).to_string())])}
                    </button>
                </Show>
            </section>
        </Show>
    }
}

#[component]
fn RequestEntry(request: SubscriptionRequest, ask_back: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = request.jid.clone();
    let act = move |action: &'static str| {
        let (handle, jid) = (handle.clone(), jid.clone());
        move |_| {
            let (handle, jid) = (handle.clone(), jid.clone());
            report(state, async move {
                match action {
                    "approve" => handle.approve(jid, ask_back.get_untracked()).await,
                    "deny" => handle.deny(jid).await,
                    _ => handle.block(jid).await,
                }
            });
        }
    };
    view! {
        <li class="request" data-testid="subscription-request" data-jid=request.jid.clone()>
            <span class="title">{request.nick.clone().unwrap_or_else(|| request.jid.clone())}</span>
            {request.nick.is_some().then(|| view! { <span class="small muted">{request.jid.clone()}</span> })}
            <div class="row">
                <button class="small" data-testid="request-approve" on:click=act("approve")>{t(Msg::Approve)}</button>
                <button class="ghost small" data-testid="request-deny" on:click=act("deny")>{t(Msg::Deny)}</button>
                <button class="ghost small danger" data-testid="request-block" on:click=act("block")>{t(Msg::Block)}</button>
            </div>
        </li>
    }
}

#[component]
pub fn BlockedList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    view! {
        <details class="list-section blocked" data-testid="blocked-list">
            <summary>{move || tf(Msg::BlockedCount, &[("n", &state.blocklist.with(Vec::len).to_string())])}</summary>
            <Show when=move || state.blocklist.with(Vec::is_empty)>
                <p class="empty small">{t(Msg::NobodyBlocked)}</p>
            </Show>
            <ul>
                <For each=move || state.blocklist.get() key=|jid: &String| jid.clone() children=move |jid| {
                    let handle = handle.clone();
                    let target = jid.clone();
                    let unblock = move |_| {
                        let (handle, target) = (handle.clone(), target.clone());
                        report(state, async move { handle.unblock(target).await });
                    };
                    view! {
                        <li data-testid="blocked-item" data-jid=jid.clone()>
                            <span>{jid.clone()}</span>
                            <button class="ghost small" data-testid="unblock" on:click=unblock>{t(Msg::Unblock)}</button>
                        </li>
                    }
                }/>
            </ul>
        </details>
    }
}

//! The sidebar's groups panel: create a group (private group or public channel), join one by
//! address, and the invitations inbox with its badge. Every remote string is text.

use chat_client::web::ClientHandle;
use chat_client::{GroupInvitation, GroupPreset};
use chat_store::ConversationId;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{dialog_focus, show_conversation};
use crate::i18n::{t, tn, Msg};
use crate::state::AppState;

#[component]
pub fn GroupsPanel() -> impl IntoView {
    view! {
        <section class="list-section groups" data-testid="groups-section" aria-labelledby="groups-heading">
            <h2 id="groups-heading">{t(Msg::Groups)}</h2>
            <Invitations/>
            <NewGroup/>
            <JoinGroup/>
            <super::room_browser::RoomBrowser/>
        </section>
    }
}

#[component]
fn NewGroup() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let owners_only = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let dialog = NodeRef::new();
    dialog_focus::focus_on_open(dialog);
    let close = move || {
        open.set(false);
        dialog_focus::return_focus("new-group-open");
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let title = name.get_untracked().trim().to_owned();
        if title.is_empty() {
            error.set(Some(t(Msg::GroupNeedsName).into()));
            return;
        }
        let preset = if public.get_untracked() {
            GroupPreset::PublicChannel {
                only_owners_write: owners_only.get_untracked(),
            }
        } else {
            GroupPreset::PrivateGroup
        };
        error.set(None);
        busy.set(true);
        let handle = handle.clone();
        spawn_local(async move {
            let result = handle.create_group(title, preset).await;
            busy.set(false);
            match result {
                Ok(room) => {
                    open.set(false);
                    name.set(String::new());
                    show_conversation(state, handle, ConversationId::group(room));
                }
                Err(reason) => error.set(Some(crate::reasons::client_error_text(&reason))),
            }
        });
    };
    view! {
        <button class="ghost" id="new-group-open" data-testid="new-group-open" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>{t(Msg::NewGroup)}</button>
        <Show when=move || open.get()>
            <form class="dialog new-group" data-testid="new-group-dialog" role="dialog" aria-label=t(Msg::NewGroup) on:submit=submit.clone()
                node_ref=dialog on:keydown=move |event| dialog_focus::on_keydown(&event, close)>
                <label for="new-group-name">{t(Msg::Name)}</label>
                <input id="new-group-name" data-testid="new-group-name" type="text" maxlength="64" bind:value=name/>
                <fieldset>
                    <legend>{t(Msg::GroupKind)}</legend>
                    <label>
                        <input type="radio" name="group-kind" data-testid="new-group-kind-private"
                            prop:checked=move || !public.get() on:change=move |_| public.set(false)/>
                        " "{t(Msg::GroupKindPrivate)}
                    </label>
                    <label>
                        <input type="radio" name="group-kind" data-testid="new-group-kind-public"
                            prop:checked=move || public.get() on:change=move |_| public.set(true)/>
                        " "{t(Msg::GroupKindPublic)}
                    </label>
                    <Show when=move || public.get()>
                        <label>
                            <input type="checkbox" data-testid="new-group-owners-only" bind:checked=owners_only/>
                            " "{t(Msg::GroupOwnersOnly)}
                        </label>
                    </Show>
                </fieldset>
                <button type="submit" data-testid="new-group-create" disabled=move || busy.get()>{t(Msg::Create)}</button>
                <Show when=move || error.get().is_some()>
                    <p class="error small" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
            </form>
        </Show>
    }
}

#[component]
fn JoinGroup() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let address = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let room = address.get_untracked().trim().to_owned();
        if room.is_empty() {
            error.set(Some(t(Msg::JoinGroupEnterAddress).into()));
            return;
        }
        error.set(None);
        let handle = handle.clone();
        spawn_local(async move {
            match handle.join_room(room.clone(), None, None).await {
                Ok(()) => {
                    address.set(String::new());
                    show_conversation(state, handle, ConversationId::group(room));
                }
                Err(reason) => error.set(Some(crate::reasons::client_error_text(&reason))),
            }
        });
    };
    view! {
        <form class="join-group" on:submit=submit>
            <label for="join-group-address">{t(Msg::JoinGroup)}</label>
            <div class="row">
                <input id="join-group-address" data-testid="join-group-address" type="text" inputmode="email"
                    placeholder="team@conference.example.org" autocapitalize="off" spellcheck="false" bind:value=address/>
                <button type="submit" data-testid="join-group-submit">{t(Msg::Join)}</button>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="error small" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </form>
    }
}

#[component]
fn Invitations() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = move || state.invitations.with(Vec::len);
    view! {
        <Show when=move || { count() > 0 }>
            <h3 class="invitations-heading">
                {t(Msg::Invitations)}" "
                <span class="badge" data-testid="invitations-badge" aria-label=move || tn(Msg::InvitationsCountOne, Msg::InvitationsCountOther, count() as u64, &[])>{count}</span>
            </h3>
            <ul class="invitations" data-testid="invitations-list">
                <For
                    each=move || state.invitations.get()
                    key=|i: &GroupInvitation| (i.room.clone(), i.id.clone())
                    children=move |invitation| view! { <InvitationItem invitation=invitation/> }
                />
            </ul>
        </Show>
    }
}

#[component]
fn InvitationItem(invitation: GroupInvitation) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let room = invitation.room.clone();
    let accept = {
        let handle = handle.clone();
        let room = room.clone();
        move |_| {
            let handle = handle.clone();
            let room = room.clone();
            spawn_local(async move {
                match handle.accept_invitation(room.clone()).await {
                    Ok(()) => show_conversation(state, handle, ConversationId::group(room)),
                    Err(reason) => state
                        .notice
                        .set(Some(crate::reasons::client_error_text(&reason))),
                }
            });
        }
    };
    let decline = {
        let room = room.clone();
        move |_| {
            let handle = handle.clone();
            let room = room.clone();
            spawn_local(async move {
                if let Err(reason) = handle.decline_invitation(room).await {
                    state
                        .notice
                        .set(Some(crate::reasons::client_error_text(&reason)));
                }
            });
        }
    };
    view! {
        <li class="invitation" data-testid="invitation-item" data-room=room.clone()>
            <p>
                <span class="inviter">{invitation.inviter.clone()}</span>
                " "{t(Msg::InvitesYouTo)}" "
                <span class="room">{room.clone()}</span>
            </p>
            {invitation.reason.clone().map(|reason| view! { <p class="small reason">{reason}</p> })}
            <div class="row">
                <button data-testid="invitation-accept" on:click=accept>{t(Msg::Join)}</button>
                <button class="ghost" data-testid="invitation-decline" on:click=decline>{t(Msg::Decline)}</button>
            </div>
        </li>
    }
}

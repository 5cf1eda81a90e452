//! What a group's chat shows besides its messages: its subject, why one cannot write there,
//! its end-to-end encryption (private groups) or why there is none, its occupants (capped, with the count), inviting
//! someone (owners and admins), the room's settings (owners) and leaving.

use chat_client::web::ClientHandle;
use chat_client::RoomStatus;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialog_focus;
use crate::i18n::{t, Msg};
use crate::state::AppState;

#[component]
pub fn GroupInfo(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let view_of = {
        let room = room.clone();
        move || state.rooms.with(|rooms| rooms.get(&room).cloned())
    };
    let subject = {
        let view_of = view_of.clone();
        move || view_of().and_then(|r| r.subject)
    };
    let status = {
        let view_of = view_of.clone();
        move || match view_of().map(|r| r.status) {
            Some(RoomStatus::Joined) => "joined",
            Some(RoomStatus::Joining) | None => "joining",
            Some(RoomStatus::NotJoined(_)) => "not-joined",
        }
    };
    let note = {
        let view_of = view_of.clone();
        move || crate::notices::group_encryption_note(view_of().is_some_and(|r| r.private))
    };
    let private = {
        let view_of = view_of.clone();
        Memo::new(move |_| view_of().is_some_and(|r| r.private))
    };
    let occupants_open = RwSignal::new(false);
    let toggle_occupants = {
        let handle = handle.clone();
        let room = room.clone();
        move |_| {
            occupants_open.update(|o| *o = !*o);
            if occupants_open.get_untracked() {
                handle.show_occupants(room.clone());
            }
        }
    };
    let count = {
        let view_of = view_of.clone();
        move || view_of().map(|r| r.occupant_count).unwrap_or(0)
    };
    let can_manage = {
        let view_of = view_of.clone();
        move || view_of().is_some_and(|r| r.can_manage)
    };
    let is_owner = {
        let view_of = view_of.clone();
        move || view_of().is_some_and(|r| r.affiliation == "owner")
    };
    let leave = {
        let handle = handle.clone();
        let room = room.clone();
        move |_| {
            let handle = handle.clone();
            let room = room.clone();
            spawn_local(async move {
                match handle.leave_room(room).await {
                    Ok(()) => state.active.set(None),
                    Err(reason) => state
                        .notice
                        .set(Some(crate::reasons::client_error_text(&reason))),
                }
            });
        }
    };
    let invite_room = room.clone();
    let encryption_room = room.clone();
    let settings_room = room.clone();
    view! {
        <div class="group-info" data-testid="group-info" data-status=status>
            <Show when={let subject = subject.clone(); move || subject().is_some()}>
                <p class="subject small" data-testid="room-subject">{let subject = subject.clone(); move || subject().unwrap_or_default()}</p>
            </Show>
            <p class="small encryption-note" data-testid="group-encryption-note">{note}</p>
            <Show when=move || private.get()>
                <super::group_readers::GroupEncryption room=encryption_room.clone()/>
            </Show>
            <div class="row">
                <button class="ghost small" data-testid="occupant-toggle" aria-expanded=move || occupants_open.get().to_string()
                    on:click=toggle_occupants>
                    {t(Msg::People)}" " <span data-testid="occupant-count">{count}</span>
                </button>
                <Show when=can_manage.clone()>
                    <InviteForm room=invite_room.clone()/>
                    <super::member_list::MemberListEditor room=invite_room.clone()/>
                </Show>
                <Show when=is_owner.clone()>
                    <super::room_settings::RoomSettingsEditor room=settings_room.clone()/>
                </Show>
                <button class="ghost small" data-testid="leave-room" on:click=leave>{t(Msg::Leave)}</button>
            </div>
            <Show when=move || occupants_open.get()>
                <super::occupant_list::OccupantList room=room.clone()/>
            </Show>
        </div>
    }
}

#[component]
fn InviteForm(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let open = RwSignal::new(false);
    let jid = RwSignal::new(String::new());
    let dialog = NodeRef::new();
    dialog_focus::focus_on_open(dialog);
    let close = move || {
        open.set(false);
        dialog_focus::return_focus("invite-open");
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let invitee = jid.get_untracked().trim().to_owned();
        if invitee.is_empty() {
            return;
        }
        let handle = handle.clone();
        let room = room.clone();
        spawn_local(async move {
            match handle.invite_to_room(room, invitee, None).await {
                Ok(()) => {
                    jid.set(String::new());
                    open.set(false);
                }
                Err(reason) => state
                    .notice
                    .set(Some(crate::reasons::client_error_text(&reason))),
            }
        });
    };
    view! {
        <button class="ghost small" id="invite-open" data-testid="invite-open" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>{t(Msg::Invite)}</button>
        <Show when=move || open.get()>
            <form class="dialog invite" data-testid="invite-dialog" role="dialog" aria-label=t(Msg::InviteSomeone) on:submit=submit.clone()
                node_ref=dialog on:keydown=move |event| dialog_focus::on_keydown(&event, close)>
                <label for="invite-jid">{t(Msg::Address)}</label>
                <input id="invite-jid" data-testid="invite-jid" type="text" inputmode="email"
                    placeholder="bob@example.org" autocapitalize="off" spellcheck="false" bind:value=jid/>
                <button type="submit" data-testid="invite-send">{t(Msg::Invite)}</button>
            </form>
        </Show>
    }
}

/// Replaces the composer where we may not write, saying why.
#[component]
pub fn CannotWrite(reason: String) -> impl IntoView {
    view! { <p class="cannot-write" data-testid="cannot-write" role="status">{reason}</p> }
}

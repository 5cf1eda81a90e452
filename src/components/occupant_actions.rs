//! What one can do with someone in a group, from the occupant list: message them privately,
//! and for moderators give or take voice, make moderator, kick; for owners and admins (when
//! the room shows the real address) make member, admin or owner, or ban. Refusals come back
//! as notices in words.

use chat_client::web::ClientHandle;
use chat_client::{Affiliation, OccupantView, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::show_conversation;
use crate::i18n::{t, Msg};
use crate::state::AppState;

/// One change the actions panel can ask for.
#[derive(Clone)]
enum Change {
    Role(Role),
    Affiliation(Affiliation),
}

#[component]
pub fn OccupantActions(room: String, occupant: OccupantView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let own = {
        let room = room.clone();
        move || state.rooms.with(|rooms| rooms.get(&room).cloned())
    };
    let is_self = {
        let own = own.clone();
        let nick = occupant.nick.clone();
        move || own().is_some_and(|r| r.nick == nick)
    };
    let moderates = {
        let own = own.clone();
        move || own().is_some_and(|r| r.role == "moderator")
    };
    let manages = move || own().is_some_and(|r| r.can_manage);
    let message = {
        let handle = handle.clone();
        let room = room.clone();
        let nick = occupant.nick.clone();
        move |_| {
            let handle = handle.clone();
            let (room, nick) = (room.clone(), nick.clone());
            spawn_local(async move {
                match handle.open_private_chat(room, nick).await {
                    Ok(id) => show_conversation(state, handle, id),
                    Err(why) => state
                        .notice
                        .set(Some(crate::reasons::client_error_text(&why))),
                }
            });
        }
    };
    let apply = {
        let handle = handle.clone();
        let room = room.clone();
        let nick = occupant.nick.clone();
        let jid = occupant.jid.clone();
        move |change: Change| {
            let handle = handle.clone();
            let (room, nick, jid) = (room.clone(), nick.clone(), jid.clone());
            let why = Some(reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
            spawn_local(async move {
                let result = match change {
                    Change::Role(role) => handle
                        .set_room_role(room, nick, role, why)
                        .await
                        .map_err(Some),
                    Change::Affiliation(affiliation) => match jid {
                        Some(jid) => handle
                            .set_room_affiliation(room, jid, affiliation, why)
                            .await
                            .map_err(Some),
                        None => Err(None),
                    },
                };
                match result {
                    Ok(()) => open.set(false),
                    Err(Some(why)) => state
                        .notice
                        .set(Some(crate::reasons::client_error_text(&why))),
                    // Without their address their affiliation cannot be changed.
                    Err(None) => state.notice.set(Some(t(Msg::OccupantNoAddress).to_owned())),
                }
            });
        }
    };
    let button = {
        let apply = apply.clone();
        move |testid: &'static str, label: Msg, change: Change| {
            let apply = apply.clone();
            view! {
                <button class="ghost small" data-testid=testid on:click=move |_| apply(change.clone())>{t(label)}</button>
            }
        }
    };
    let has_voice = matches!(occupant.role.as_str(), "moderator" | "participant");
    let has_jid = occupant.jid.is_some();
    let role_buttons = {
        let button = button.clone();
        move || {
            view! {
                {if has_voice {
                    button("occupant-revoke-voice", Msg::TakeVoice, Change::Role(Role::Visitor))
                } else {
                    button("occupant-voice", Msg::GiveVoice, Change::Role(Role::Participant))
                }}
                {button("occupant-make-moderator", Msg::MakeModerator, Change::Role(Role::Moderator))}
                {button("occupant-kick", Msg::RemoveFromGroup, Change::Role(Role::None))}
            }
        }
    };
    let affiliation_buttons = move || {
        view! {
            {button("occupant-make-member", Msg::MakeMember, Change::Affiliation(Affiliation::Member))}
            {button("occupant-make-admin", Msg::MakeAdmin, Change::Affiliation(Affiliation::Admin))}
            {button("occupant-make-owner", Msg::MakeOwner, Change::Affiliation(Affiliation::Owner))}
            {button("occupant-ban", Msg::Ban, Change::Affiliation(Affiliation::Outcast))}
        }
    };
    if is_self() {
        return ().into_any();
    }
    let may_manage = {
        let moderates = moderates.clone();
        let manages = manages.clone();
        move || moderates() || manages()
    };
    let panel = move || {
        if !open.get() {
            return ().into_any();
        }
        let roles = moderates().then(role_buttons.clone());
        let affiliations = (manages() && has_jid).then(affiliation_buttons.clone());
        view! {
            <div class="occupant-actions" data-testid="occupant-actions" role="group" aria-label=t(Msg::ManageThisPerson)>
                <input data-testid="occupant-reason" type="text" placeholder=t(Msg::ReasonOptional) maxlength="500" bind:value=reason/>
                {roles}
                {affiliations}
            </div>
        }
        .into_any()
    };
    view! {
        <button class="ghost small" data-testid="occupant-message" on:click=message>{t(Msg::Message)}</button>
        <Show when=may_manage>
            <button class="ghost small" data-testid="occupant-actions-open" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{t(Msg::Manage)}</button>
        </Show>
        {panel}
    }
    .into_any()
}

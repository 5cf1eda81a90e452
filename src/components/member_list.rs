//! The member-list editor for owners and admins: the room's owners, admins, members and banned
//! by address, changing or removing each (one request per address), and adding someone.

use chat_client::web::ClientHandle;
use chat_client::{Affiliation, RoomMember};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialog_focus;
use crate::i18n::{t, Msg};
use crate::state::AppState;

fn affiliation_named(name: &str) -> Affiliation {
    match name {
        "owner" => Affiliation::Owner,
        "admin" => Affiliation::Admin,
        "outcast" => Affiliation::Outcast,
        "none" => Affiliation::None,
        _ => Affiliation::Member,
    }
}

/// Sends one affiliation change and shows a refusal as a notice.
fn change(state: AppState, handle: ClientHandle, room: String, jid: String, to: Affiliation) {
    spawn_local(async move {
        if let Err(why) = handle.set_room_affiliation(room, jid, to, None).await {
            state
                .notice
                .set(Some(crate::reasons::client_error_text(&why)));
        }
    });
}

#[component]
pub fn MemberListEditor(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let open = RwSignal::new(false);
    let dialog = NodeRef::new();
    dialog_focus::focus_on_open(dialog);
    let close = move || {
        open.set(false);
        dialog_focus::return_focus("member-list-open");
    };
    let toggle = {
        let handle = handle.clone();
        let room = room.clone();
        move |_| {
            open.update(|o| *o = !*o);
            if !open.get_untracked() {
                return;
            }
            let handle = handle.clone();
            let room = room.clone();
            spawn_local(async move {
                if let Err(why) = handle.request_room_members(room).await {
                    state
                        .notice
                        .set(Some(crate::reasons::client_error_text(&why)));
                }
            });
        }
    };
    let members = {
        let room = room.clone();
        move || {
            state
                .room_members
                .with(|all| all.get(&room).cloned())
                .unwrap_or_default()
        }
    };
    let new_jid = RwSignal::new(String::new());
    let new_affiliation = RwSignal::new("member".to_owned());
    let add = {
        let handle = handle.clone();
        let room = room.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            let jid = new_jid.get_untracked().trim().to_owned();
            if jid.is_empty() {
                return;
            }
            new_jid.set(String::new());
            let to = affiliation_named(&new_affiliation.get_untracked());
            change(state, handle.clone(), room.clone(), jid, to);
        }
    };
    view! {
        <button class="ghost small" id="member-list-open" data-testid="member-list-open" aria-expanded=move || open.get().to_string()
            on:click=toggle>{t(Msg::Members)}</button>
        <Show when=move || open.get()>
            <div class="dialog member-list" data-testid="member-list" role="dialog" aria-label=t(Msg::MembersOfGroup)
                node_ref=dialog on:keydown=move |event| dialog_focus::on_keydown(&event, close)>
                <ul>
                    <For
                        each=members.clone()
                        key=|m: &RoomMember| (m.jid.clone(), m.affiliation.clone())
                        children={
                            let room = room.clone();
                            let handle = handle.clone();
                            move |member| view! { <MemberRow room=room.clone() member=member handle=handle.clone()/> }
                        }
                    />
                </ul>
                <form class="row" on:submit=add.clone()>
                    <input data-testid="member-add-jid" type="text" inputmode="email" placeholder="someone@example.org"
                        autocapitalize="off" spellcheck="false" bind:value=new_jid aria-label=t(Msg::AddressToAdd)/>
                    <select data-testid="member-add-affiliation" aria-label=t(Msg::AddAs)
                        on:change=move |ev| new_affiliation.set(event_target_value(&ev))>
                        <option value="member" selected>{t(Msg::AffiliationMember)}</option>
                        <option value="admin">{t(Msg::AffiliationAdmin)}</option>
                        <option value="owner">{t(Msg::AffiliationOwner)}</option>
                        <option value="outcast">{t(Msg::AffiliationOutcast)}</option>
                    </select>
                    <button type="submit" data-testid="member-add-submit">{t(Msg::Add)}</button>
                </form>
            </div>
        </Show>
    }
}

#[component]
fn MemberRow(room: String, member: RoomMember, handle: ClientHandle) -> impl IntoView {
    let state = expect_context::<AppState>();
    let label = affiliation_label(&member.affiliation);
    let remove = {
        let (room, jid) = (room.clone(), member.jid.clone());
        move |_| {
            change(
                state,
                handle.clone(),
                room.clone(),
                jid.clone(),
                Affiliation::None,
            )
        }
    };
    view! {
        <li data-testid="member-item" data-jid=member.jid.clone() data-affiliation=member.affiliation.clone()>
            <span class="jid">{member.jid.clone()}</span>
            <span class="small">{format!(" · {label}")}</span>
            <button class="ghost small" data-testid="member-remove" on:click=remove>{t(Msg::Remove)}</button>
        </li>
    }
}

/// An affiliation in the reader's language; one the catalogue lacks is shown as the server sent it.
fn affiliation_label(affiliation: &str) -> String {
    match affiliation {
        "member" => t(Msg::AffiliationMember).to_owned(),
        "admin" => t(Msg::AffiliationAdmin).to_owned(),
        "owner" => t(Msg::AffiliationOwner).to_owned(),
        "outcast" => t(Msg::AffiliationOutcast).to_owned(),
        other => other.to_owned(),
    }
}

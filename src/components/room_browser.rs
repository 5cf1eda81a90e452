//! Browsing the server's public groups: the list the MUC service gives, filtered as one types,
//! shown a page at a time (a service can list thousands), each shown room asked lazily how many
//! are in it, and joined with one click. Names and descriptions are someone else's text.

use chat_client::web::ClientHandle;
use chat_client::DirectoryRoom;
use chat_store::ConversationId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{dialog_focus, show_conversation};
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// Rooms shown per page of the list.
const PAGE: usize = 50;

/// Whether `room` matches the search (by name or address, ignoring case).
fn matches(room: &DirectoryRoom, needle: &str) -> bool {
    needle.is_empty()
        || room.jid.to_lowercase().contains(needle)
        || room
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains(needle))
}

#[component]
pub fn RoomBrowser() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let open = RwSignal::new(false);
    let dialog = NodeRef::new();
    dialog_focus::focus_on_open(dialog);
    let close = move || {
        open.set(false);
        dialog_focus::return_focus("room-browser-open");
    };
    let search = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let error = RwSignal::new(None::<String>);
    let toggle = {
        let handle = handle.clone();
        move |_| {
            open.update(|o| *o = !*o);
            if !open.get_untracked() {
                return;
            }
            error.set(None);
            let handle = handle.clone();
            spawn_local(async move {
                if let Err(reason) = handle.browse_rooms().await {
                    error.set(Some(crate::reasons::client_error_text(&reason)));
                }
            });
        }
    };
    let filtered = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        state.directory.with(|d| {
            d.as_ref()
                .map(|(rooms, _)| {
                    rooms
                        .iter()
                        .filter(|r| matches(r, &needle))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let shown = Memo::new(move |_| {
        filtered.with(|all| all.iter().take(limit.get()).cloned().collect::<Vec<_>>())
    });
    // Rooms in view are asked for their occupant count once each (the client remembers).
    Effect::new({
        let handle = handle.clone();
        move |_| {
            let unknown: Vec<String> = shown.with(|rooms| {
                rooms
                    .iter()
                    .filter(|r| r.occupants.is_none())
                    .map(|r| r.jid.clone())
                    .collect()
            });
            if open.get() && !unknown.is_empty() {
                handle.describe_rooms(unknown);
            }
        }
    });
    let problem = move || {
        error.get().or_else(|| {
            state
                .directory
                .with(|d| d.as_ref().and_then(|(_, p)| p.clone()))
        })
    };
    let listed = move || state.directory.with(Option::is_some);
    let more = move || filtered.with(Vec::len).saturating_sub(shown.with(Vec::len));
    view! {
        <button class="ghost" id="room-browser-open" data-testid="room-browser-open" aria-expanded=move || open.get().to_string()
            on:click=toggle>{t(Msg::BrowseGroups)}</button>
        <Show when=move || open.get()>
            <div class="dialog room-browser" data-testid="room-browser" role="dialog" aria-label=t(Msg::PublicGroups)
                node_ref=dialog on:keydown=move |event| dialog_focus::on_keydown(&event, close)>
                <label for="room-browser-search">{t(Msg::Search)}</label>
                <input id="room-browser-search" data-testid="room-browser-search" type="search"
                    placeholder=t(Msg::NameOrAddress) bind:value=search
                    on:input=move |_| limit.set(PAGE)/>
                <Show when=move || problem().is_some()>
                    <p class="error small" role="alert" data-testid="room-browser-error">{move || problem().unwrap_or_default()}</p>
                </Show>
                <Show when=move || listed() && filtered.with(Vec::is_empty)>
                    <p class="small" data-testid="room-browser-empty">{t(Msg::NoPublicGroupsMatch)}</p>
                </Show>
                <ul class="room-browser-list" data-testid="room-browser-list">
                    <For
                        each=move || shown.get()
                        key=|r: &DirectoryRoom| (r.jid.clone(), r.name.clone(), r.occupants)
                        children=move |room| view! { <ListedRoom room=room/> }
                    />
                </ul>
                <Show when=move || { more() > 0 }>
                    <button class="ghost small" data-testid="room-browser-more"
                        on:click=move |_| limit.update(|l| *l += PAGE)>
                        {move || tf(Msg::ShowMore, &[("n", &more().to_string())])}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

#[component]
fn ListedRoom(room: DirectoryRoom) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = room.jid.clone();
    let join = move |_| {
        let handle = handle.clone();
        let jid = jid.clone();
        spawn_local(async move {
            match handle.join_room(jid.clone(), None, None).await {
                Ok(()) => show_conversation(state, handle, ConversationId::group(jid)),
                Err(reason) => state
                    .notice
                    .set(Some(crate::reasons::client_error_text(&reason))),
            }
        });
    };
    let title = room.name.clone().unwrap_or_else(|| room.jid.clone());
    let occupants = room
        .occupants
        .map(|n| tf(Msg::RoomOccupants, &[("n", &n.to_string())]))
        .unwrap_or_default();
    view! {
        <li class="listed-room" data-testid="room-browser-item" data-jid=room.jid.clone()>
            <span class="name">{title}</span>
            <span class="small jid">{format!(" {}", room.jid)}</span>
            <span class="small occupants" data-testid="room-browser-occupants">{occupants}</span>
            {room.description.clone().map(|d| view! { <p class="small description">{d}</p> })}
            <button class="small" data-testid="room-browser-join" on:click=join>{t(Msg::Join)}</button>
        </li>
    }
}

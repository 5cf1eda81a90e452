//! A group's occupants, virtualised like the contact list: a room can hold thousands, so only
//! the rows in view exist in the page (fixed-height rows positioned by index). Updates arrive
//! already coalesced per batch of frames, so a presence flood re-renders a handful of times.

use chat_client::OccupantView;
use leptos::html::Div;
use leptos::prelude::*;

use crate::i18n::{t, Msg};

use super::virtual_rows::visible_range;
use crate::state::AppState;

const ROW_HEIGHT: f64 = 36.0;
const OVERSCAN: usize = 8;

#[component]
pub fn OccupantList(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let entry = Memo::new({
        let room = room.clone();
        move |_| {
            state
                .occupants
                .with(|all| all.get(&room).cloned())
                .unwrap_or_default()
        }
    });
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport_height = RwSignal::new(320.0_f64);
    let viewport = NodeRef::<Div>::new();
    let window = move || {
        entry.with(|(shown, _)| {
            let rows = visible_range(
                scroll_top.get(),
                viewport_height.get(),
                ROW_HEIGHT,
                OVERSCAN,
                shown.len(),
            );
            let first = rows.start;
            shown[rows]
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, o)| (first + i, o))
                .collect::<Vec<_>>()
        })
    };
    let on_scroll = move |_| {
        if let Some(element) = viewport.get_untracked() {
            scroll_top.set(f64::from(element.scroll_top()));
            viewport_height.set(f64::from(element.client_height()).max(ROW_HEIGHT));
        }
    };
    let more = move || entry.with(|(shown, total)| total.saturating_sub(shown.len()));
    let height = move || {
        format!(
            "{}px",
            entry.with(|(shown, _)| shown.len()) as f64 * ROW_HEIGHT
        )
    };
    view! {
        <div class="occupants-viewport" node_ref=viewport on:scroll=on_scroll data-testid="occupant-viewport">
            <ul class="occupants" data-testid="occupant-list" aria-label=t(Msg::PeopleInGroup) style:height=height>
                <For
                    each=window
                    key=|(index, o): &(usize, OccupantView)| (*index, o.nick.clone(), o.role.clone(), o.affiliation.clone())
                    children=move |(index, o)| view! {
                        <li class="occupant-row" data-testid="occupant-item" data-nick=o.nick.clone() data-role=o.role.clone()
                            data-affiliation=o.affiliation.clone()
                            style:top=format!("{}px", index as f64 * ROW_HEIGHT) style:height=format!("{ROW_HEIGHT}px")>
                            <span class="nick">{o.nick.clone()}</span>
                            {o.jid.clone().map(|jid| view! { <span class="small jid">{format!(" ({jid})")}</span> })}
                            <span class="small role">{format!(" · {}", crate::format::role_label(&o.role))}</span>
                            <super::occupant_actions::OccupantActions room=room.clone() occupant=o.clone()/>
                        </li>
                    }
                />
            </ul>
        </div>
        <Show when=move || { more() > 0 }>
            <p class="small">{move || format!("and {} more", more())}</p>
        </Show>
    }
}

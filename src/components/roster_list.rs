//! The contact list: searchable, sortable and virtualised (only the rows in view exist in the
//! page), so thousands of contacts scroll smoothly.

use chat_client::web::ClientHandle;
use chat_client::Availability;
use chat_store::RosterItem;
use leptos::html::Div;
use leptos::prelude::*;

use super::avatar::Avatar;
use super::contact_actions::ContactActions;
use super::open_direct_chat;
use crate::format::time_of_day;
use crate::i18n::{t, tf, tn, Msg};
use crate::state::AppState;

/// Fixed row height in pixels: the virtual list positions rows by index. Positions are set
/// through the CSSOM (`style:`), which the page's CSP allows, unlike `style` attributes.
const ROW_HEIGHT: f64 = 56.0;
/// Rows rendered beyond the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Recent,
}

/// The roster name we gave them, else the nickname they chose, else the address.
pub fn display_name(item: &RosterItem, nick: Option<&String>) -> String {
    item.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| nick.cloned())
        .unwrap_or_else(|| item.jid.clone())
}

#[component]
pub fn RosterList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let sort_by = RwSignal::new(SortBy::Name);
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport_height = RwSignal::new(480.0_f64);
    let viewport = NodeRef::<Div>::new();

    let shown = Memo::new(move |_| {
        let needle = query.get().trim().to_lowercase();
        let sort = sort_by.get();
        // Read only when sorting by it: sorted by name, new messages do not rebuild the list.
        let recent: std::collections::HashMap<String, u64> = if sort == SortBy::Recent {
            state.conversations.with(|list| {
                list.iter()
                    .map(|c| (c.id.jid.clone(), c.last_activity))
                    .collect()
            })
        } else {
            std::collections::HashMap::new()
        };
        let nicks = state.nicks.get();
        let mut items: Vec<(String, RosterItem)> = state.roster.with(|roster| {
            roster
                .iter()
                .filter(|item| {
                    needle.is_empty()
                        || item.jid.to_lowercase().contains(&needle)
                        || item
                            .name
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&needle))
                        || nicks
                            .get(&item.jid)
                            .is_some_and(|n| n.to_lowercase().contains(&needle))
                        || item
                            .groups
                            .iter()
                            .any(|g| g.to_lowercase().contains(&needle))
                })
                .map(|item| {
                    (
                        display_name(item, nicks.get(&item.jid)).to_lowercase(),
                        item.clone(),
                    )
                })
                .collect()
        });
        match sort {
            SortBy::Name => items.sort_by(|a, b| a.0.cmp(&b.0)),
            SortBy::Recent => items.sort_by(|a, b| {
                let (ra, rb) = (
                    recent.get(&a.1.jid).copied().unwrap_or(0),
                    recent.get(&b.1.jid).copied().unwrap_or(0),
                );
                rb.cmp(&ra).then_with(|| a.0.cmp(&b.0))
            }),
        }
        items.into_iter().map(|(_, item)| item).collect::<Vec<_>>()
    });
    let window = move || {
        let total = shown.with(Vec::len);
        let rows = super::virtual_rows::visible_range(
            scroll_top.get(),
            viewport_height.get(),
            ROW_HEIGHT,
            OVERSCAN,
            total,
        );
        let first = rows.start;
        shown.with(|items| {
            items[rows]
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, item)| (first + i, item))
                .collect::<Vec<_>>()
        })
    };
    let on_scroll = move |_| {
        if let Some(element) = viewport.get_untracked() {
            scroll_top.set(f64::from(element.scroll_top()));
            viewport_height.set(f64::from(element.client_height()).max(ROW_HEIGHT));
        }
    };
    Effect::new(move |_| {
        if let Some(element) = viewport.get() {
            viewport_height.set(f64::from(element.client_height()).max(ROW_HEIGHT));
        }
    });
    let count_text = move || {
        let (shown_count, total) = (shown.with(Vec::len), state.roster.with(Vec::len));
        match (shown_count == total, total) {
            (true, n) => tn(
                Msg::ContactsCountOne,
                Msg::ContactsCountOther,
                n as u64,
                &[],
            ),
            (false, n) => tf(
                Msg::ContactsShown,
                &[("shown", &shown_count.to_string()), ("n", &n.to_string())],
            ),
        }
    };

    view! {
        <section class="list-section" aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">{t(Msg::Contacts)}" " <span class="count small" data-testid="roster-count">{count_text}</span></h2>
            <div class="roster-tools">
                <label class="visually-hidden" for="roster-search">{t(Msg::SearchContacts)}</label>
                <input id="roster-search" data-testid="roster-search" type="search" placeholder=t(Msg::SearchContacts)
                    bind:value=query/>
                <label class="visually-hidden" for="roster-sort">{t(Msg::SortContacts)}</label>
                <select id="roster-sort" data-testid="roster-sort" on:change=move |event| {
                    sort_by.set(if event_target_value(&event) == "recent" { SortBy::Recent } else { SortBy::Name });
                }>
                    <option value="name">{t(Msg::SortByName)}</option>
                    <option value="recent">{t(Msg::SortByRecent)}</option>
                </select>
            </div>
            <Show when=move || state.roster.with(Vec::is_empty)>
                <p class="empty small">{t(Msg::NoContacts)}</p>
            </Show>
            <div class="roster-viewport" node_ref=viewport on:scroll=on_scroll data-testid="roster-viewport">
                <ul class="roster" data-testid="roster" role="list"
                    style:height=move || format!("{}px", shown.with(Vec::len) as f64 * ROW_HEIGHT)>
                    <For
                        each=window
                        key=|(index, item): &(usize, RosterItem)| format!("{index}:{item:?}")
                        children=move |(index, item)| view! { <RosterEntry item=item top=index as f64 * ROW_HEIGHT/> }
                    />
                </ul>
            </div>
        </section>
    }
}

#[component]
fn RosterEntry(item: RosterItem, top: f64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = item.jid.clone();
    let name = state
        .nicks
        .with_untracked(|nicks| display_name(&item, nicks.get(&jid)));
    let presence = {
        let jid = jid.clone();
        move || state.availability_of(&jid).as_str()
    };
    let presence_text = {
        let jid = jid.clone();
        move || presence_label(state.availability_of(&jid))
    };
    let status_text = {
        let jid = jid.clone();
        move || {
            state
                .presence
                .with(|p| p.get(&jid).and_then(|c| c.status.clone()))
        }
    };
    // RFC 6121's state says what is pending; a request from them is listed under Requests.
    let pending = pending_label(chat_store::subscription::SubscriptionState::of(
        Some(&item),
        false,
    ));
    let activity = {
        let jid = jid.clone();
        move || {
            let activity = state
                .activity
                .with(|a| a.get(&jid).copied())
                .unwrap_or_default();
            match (activity.idle_since, activity.last_seen) {
                (Some(since), _) => Some(tf(Msg::IdleSince, &[("time", &time_of_day(since))])),
                (None, Some(seen)) => Some(tf(Msg::LastSeenAt, &[("time", &time_of_day(seen))])),
                _ => None,
            }
        }
    };
    let open = {
        let jid = jid.clone();
        move |_| {
            open_direct_chat(state, handle.clone(), jid.clone(), move |reason| {
                state.storage_error.set(Some(reason))
            })
        }
    };
    view! {
        <li class="roster-row" style:top=format!("{top}px") style:height=format!("{ROW_HEIGHT}px")>
            <button class="roster-item" data-testid="roster-item" data-jid=jid.clone()
                data-presence=presence.clone() on:click=open>
                <Avatar jid=jid.clone() name=name.clone()/>
                <span class="roster-text">
                    <span class="title">{name.clone()}</span>
                    <span class="subline small">
                        <span class="status-text" data-testid="roster-status">{status_text}</span>
                        <span class="activity muted">{activity}</span>
                        {pending.map(|text| view! { <span class="muted" data-testid="roster-pending">{text}</span> })}
                    </span>
                </span>
                <span class="presence" data-presence=presence.clone()>
                    <span class="visually-hidden">{presence_text}</span>
                </span>
            </button>
            <ContactActions item=item/>
        </li>
    }
}

/// What the contact list says while the contact and we do not both see each other's status.
fn pending_label(state: chat_store::subscription::SubscriptionState) -> Option<&'static str> {
    let msg = match (state.to, state.from, state.pending_out, state.pending_in) {
        (true, true, _, _) => return None,
        (_, _, true, true) => Msg::SubscriptionBothPending,
        (_, _, true, false) => Msg::SubscriptionSent,
        (_, _, false, true) => Msg::SubscriptionWants,
        (true, false, _, _) => Msg::SubscriptionTheyDontSee,
        (false, true, _, _) => Msg::SubscriptionYouDontSee,
        (false, false, _, _) => Msg::SubscriptionNone,
    };
    Some(t(msg))
}

/// The contact's presence in words, for screen readers (the dot only shows a colour).
fn presence_label(availability: Availability) -> &'static str {
    t(match availability {
        Availability::Available => Msg::PresenceAvailable,
        Availability::Away => Msg::PresenceAway,
        Availability::Dnd => Msg::PresenceDnd,
        Availability::Xa => Msg::PresenceXa,
        Availability::Unavailable => Msg::PresenceUnavailable,
    })
}

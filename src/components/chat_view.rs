use chat_client::web::ClientHandle;
use chat_store::{ConversationId, Message};
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::composer::Composer;
use super::message_item::MessageItem;
use super::reading_position::ListScroll;
use super::PAGE_SIZE;
use crate::format::{day_label, local_day};
use crate::i18n::{t, tf, Msg};
use crate::message_window::MessageWindow;
use crate::state::AppState;

/// A line of the message list: a message, or the start of a new local day (keyed by the
/// day's first message time).
#[derive(Clone)]
enum Row {
    Day(u64, String),
    Message(Message),
}

fn with_day_separators(messages: &[Message]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(messages.len() + 1);
    let mut last_day = None;
    for message in messages {
        let day = local_day(message.timestamp);
        if last_day != Some(day) {
            last_day = Some(day);
            rows.push(Row::Day(message.timestamp, day_label(message.timestamp)));
        }
        rows.push(Row::Message(message.clone()));
    }
    rows
}

#[component]
pub fn ChatView(id: ConversationId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let list_ref = NodeRef::<Div>::new();
    let scroll = ListScroll::new(list_ref);
    let jid = id.jid.clone();
    let loading_older = RwSignal::new(false);
    let uploads = super::attach::Uploads::new(id.clone());
    provide_context(uploads.clone());
    let composer = super::message_actions::ComposerControl::new();
    provide_context(composer);
    // An `xmpp:…?message;body=…` link's text waits in the composer.
    crate::routing::follow_drafts(id.jid.clone(), composer.text);
    // Files dropped anywhere on the chat are shared in it.
    let on_drop = move |event: leptos::ev::DragEvent| {
        if let Some(files) = event
            .data_transfer()
            .and_then(|data| data.files())
            .filter(|f| f.length() > 0)
        {
            event.prevent_default();
            uploads.share(files);
        }
    };

    // Only part of a long chat is rendered (see `message_window`).
    let window = RwSignal::new(MessageWindow::default());
    let shown_range =
        Memo::new(move |_| window.with(|w| state.messages.with(|messages| w.range(messages))));

    // Follow new messages when the user was at (or near) the bottom before they arrived.
    let at_bottom = StoredValue::new(true);
    // Until when scroll events count as the reader's (wheel, touch, keys, scrollbar).
    let reader_scrolling_until = StoredValue::new(0.0);
    let reader_scrolls = move || reader_scrolling_until.set_value(js_sys::Date::now() + 1_000.0);
    Effect::new(move |_| {
        let count = state.messages.with(Vec::len);
        if let Some(list) = list_ref.get() {
            if (at_bottom.get_value() || count <= PAGE_SIZE)
                && window.with_untracked(MessageWindow::shows_newest)
            {
                window.update(|w| state.messages.with_untracked(|m| w.follow(m)));
                list.set_scroll_top(list.scroll_height());
            }
        }
    });

    let archive_anchor = StoredValue::new(None::<(String, f64)>);
    Effect::new(move |was_loading: Option<bool>| {
        let loading = state.history_loading.get();
        if was_loading == Some(true) && !loading {
            window.update(|w| state.messages.with_untracked(|m| w.after_loading_older(m)));
            if let Some(anchor) = archive_anchor.try_update_value(Option::take).flatten() {
                scroll.restore(anchor);
            }
        }
        loading
    });

    // Older messages come from this device first; when it has none left, from the server's
    // archive (they then arrive as message events and the archive says when it is exhausted).
    let load_older = {
        let id = id.clone();
        move || {
            if loading_older.get_untracked()
                || state.history_loading.get_untracked()
                || !state.has_older.get_untracked()
            {
                return;
            }
            let Some(oldest) = state
                .messages
                .with_untracked(|m| m.first().map(|m| (m.timestamp, m.id.clone())))
            else {
                return;
            };
            loading_older.set(true);
            let handle = handle.clone();
            let id = id.clone();
            spawn_local(async move {
                let result = handle
                    .load_messages(id.clone(), Some(oldest), PAGE_SIZE)
                    .await;
                loading_older.set(false);
                match result {
                    Ok(page)
                        if state.active.get_untracked().as_ref() == Some(&id)
                            && page.messages.is_empty() =>
                    {
                        // The archive's page arrives as events; where the reader was is restored
                        // once it is complete (below).
                        archive_anchor.set_value(scroll.reading_position());
                        state.history_loading.set(true);
                        handle.load_older_from_server(id);
                    }
                    Ok(page) if state.active.get_untracked().as_ref() == Some(&id) => {
                        scroll.keep_position(move || {
                            state.messages.update(|list| {
                                let mut older = page.messages;
                                older.append(list);
                                *list = older;
                            });
                            window.update(|w| {
                                state.messages.with_untracked(|m| w.after_loading_older(m))
                            });
                        });
                    }
                    Ok(_) => {}
                    Err(reason) => state
                        .storage_error
                        .set(Some(crate::reasons::client_error_text(&reason))),
                }
            });
        }
    };
    // Scrolling back first shows older messages already loaded, then loads more.
    let show_older = move || {
        let moved = scroll.keep_position(move || {
            window
                .try_update(|w| state.messages.with_untracked(|m| w.older(m)))
                .unwrap_or(false)
        });
        if !moved {
            load_older();
        }
    };
    let show_newer = move || {
        scroll.keep_position(move || {
            window.update(|w| {
                state.messages.with_untracked(|m| {
                    w.newer(m);
                })
            })
        })
    };
    let show_newest = move |_| {
        window.update(|w| state.messages.with_untracked(|m| w.newest(m)));
        scroll.scroll_to_bottom_after_render();
    };
    let show_older_on_click = show_older.clone();
    // Infinite scroll, both ways.
    let on_scroll = move |_| {
        let Some(list) = list_ref.get_untracked() else {
            return;
        };
        // Rows were just added or removed above: this event is about the place being corrected.
        if scroll.is_settling() {
            return;
        }
        let from_bottom = list.scroll_height() - list.scroll_top() - list.client_height();
        // Scroll events come a frame late, after rows were added or trimmed meanwhile: only
        // the reader's own scrolling means they left the bottom.
        if from_bottom < 120 {
            at_bottom.set_value(true);
        } else if js_sys::Date::now() < reader_scrolling_until.get_value() {
            if at_bottom.get_value() {
                window.update(|w| state.messages.with_untracked(|m| w.stop_following(m)));
            }
            at_bottom.set_value(false);
        }
        if list.scroll_top() < 40 {
            show_older();
        } else if from_bottom < 40 && !window.with_untracked(MessageWindow::shows_newest) {
            show_newer();
        }
    };
    let hidden_older = move || shown_range.with(|r| r.start > 0);
    let hidden_newer = move || !window.with(MessageWindow::shows_newest);
    let busy = move || loading_older.get() || state.history_loading.get();
    let is_group = id.kind == chat_store::ConversationKind::Group;
    let private_chat = chat_client::private_chat_occupant(&id).is_some();
    let title = {
        let jid = jid.clone();
        let id = id.clone();
        move || {
            if is_group {
                state.room_title(&jid)
            } else {
                state.private_chat_title(&id).unwrap_or_else(|| jid.clone())
            }
        }
    };
    // Only a change of the reason rebuilds the composer (typed text survives room updates).
    let cannot_write = {
        let jid = jid.clone();
        Memo::new(move |_| {
            is_group
                .then(|| {
                    state.rooms.with(|rooms| {
                        rooms.get(&jid).map_or_else(
                            || Some(t(Msg::GroupJoining).to_owned()),
                            |r| {
                                r.cannot_write
                                    .as_ref()
                                    .map(crate::notices::cannot_write_text)
                            },
                        )
                    })
                })
                .flatten()
        })
    };
    let composer = {
        let id = id.clone();
        move || match cannot_write.get() {
            Some(reason) => view! { <super::group_header::CannotWrite reason=reason/> }.into_any(),
            None => view! { <Composer id=id.clone()/> }.into_any(),
        }
    };

    view! {
        <article class="chat" data-testid="chat-view" data-jid=jid.clone() aria-labelledby="chat-title"
            on:dragover=|event: leptos::ev::DragEvent| event.prevent_default() on:drop=on_drop>
            <header class="chat-header">
                <button class="ghost back" on:click=move |_| state.active.set(None) aria-label=t(Msg::BackToChats)>"←"</button>
                <h2 id="chat-title" data-testid="chat-title">{title}</h2>
                <super::retention::ChatRetention id=id.clone()/>
                {(!is_group && !private_chat).then(|| view! {
                    <super::encryption::EncryptionToggle id=id.clone()/>
                    <super::block_toggle::BlockToggle jid=jid.clone()/>
                })}
            </header>
            {private_chat.then(|| view! {
                <p class="small encryption-note" data-testid="private-chat-note">
                    {t(Msg::PrivateChatNote)}
                </p>
            })}
            {is_group.then(|| view! { <super::group_header::GroupInfo room=jid.clone()/> })}
            <div class="message-list" node_ref=list_ref data-testid="message-list" on:scroll=on_scroll
                on:wheel=move |_| reader_scrolls() on:touchmove=move |_| reader_scrolls()
                on:keydown=move |_| reader_scrolls() on:pointerdown=move |_| reader_scrolls()
                role="log" aria-live="off" aria-label=t(Msg::Messages) tabindex="0">
                <Show when=move || state.has_older.get() || hidden_older()>
                    <button class="ghost load-older" data-testid="load-older" on:click={
                        let show = show_older_on_click.clone();
                        move |_| show()
                    } disabled=busy>
                        {move || if busy() { t(Msg::Loading) } else { t(Msg::LoadOlder) }}
                    </button>
                </Show>
                <Show when=move || state.messages.with(Vec::is_empty)>
                    <p class="empty small">{t(Msg::NoMessages)}</p>
                </Show>
                <For
                    each=move || {
                        let range = shown_range.get();
                        state.messages.with(|messages| with_day_separators(messages.get(range).unwrap_or_default()))
                    }
                    key=|row: &Row| match row {
                        Row::Day(millis, _) => (true, millis.to_string(), ""),
                        // Edits, retractions and reactions change a message in place: it re-renders.
                        Row::Message(m) => (false, format!("{}|{:?}|{}|{:?}|{}", m.id, m.meta.edited_at, m.meta.retracted, m.meta.reactions, m.body.len()), crate::format::delivery_state(&m.state)),
                    }
                    children=move |row| match row {
                        Row::Day(_, label) => {
                            let name = label.clone();
                            view! {
                                <p class="day-separator small" role="separator" aria-label=name data-testid="day-separator">{label}</p>
                            }.into_any()
                        }
                        Row::Message(message) => view! { <MessageItem message=message/> }.into_any(),
                    }
                />
            </div>
            <Show when=hidden_newer>
                <button class="jump-newest" data-testid="jump-newest" on:click=show_newest>{t(Msg::JumpNewest)}</button>
            </Show>
            <p class="typing small" data-testid="typing" role="status" aria-live="polite">
                {
                    let jid = jid.clone();
                    move || state.typing.with(|set| set.contains(&jid)).then(|| tf(Msg::Typing, &[("jid", &jid)]))
                }
            </p>
            {composer}
        </article>
    }
}

//! Disappearing messages: the timer in force in the chat header, a chat's own timer, the
//! default in the account settings, and clearing history (always after a confirmation).

use chat_client::web::ClientHandle;
use chat_store::retention::{effective, peer_timer_ms, PRESETS};
use chat_store::{ConversationId, Retention};
use leptos::prelude::*;

use super::dialog_focus;
use crate::format::duration;
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// The select's value for a retention: "off" or milliseconds; "default" and "custom" are
/// the other choices.
fn choice_of(retention: Option<Retention>) -> String {
    match retention {
        None => "default".into(),
        Some(Retention::Forever) => "off".into(),
        Some(Retention::After(ms)) if PRESETS.contains(&Retention::After(ms)) => ms.to_string(),
        Some(Retention::After(_)) => "custom".into(),
    }
}

/// `Ok(None)` = follow the default. Custom timers are typed in seconds.
fn parse_choice(choice: &str, custom_seconds: &str) -> Result<Option<Retention>, String> {
    match choice {
        "default" => Ok(None),
        "off" => Ok(Some(Retention::Forever)),
        // The same checks as for timers from peers: whole seconds, one second to ten years.
        "custom" => peer_timer_ms(custom_seconds)
            .map(|ms| Some(Retention::After(ms)))
            .map_err(|error| {
                tf(
                    Msg::CustomTimerError,
                    &[("error", &crate::reasons::timer_error_text(&error))],
                )
            }),
        ms => ms
            .parse()
            .map(|ms| Some(Retention::After(ms)))
            .map_err(|_| t(Msg::PickATimer).to_owned()),
    }
}

pub fn retention_label(retention: Retention) -> String {
    match retention {
        Retention::Forever => t(Msg::MessagesKept).into(),
        Retention::After(ms) => tf(Msg::MessagesDisappear, &[("duration", &duration(ms))]),
    }
}

/// "Off", the presets and "Custom…", in that order.
/// `choice` marks the selected one (set on the options: a select's value set before its
/// options exist would be lost).
fn timer_options(choice: RwSignal<String>) -> impl IntoView {
    let presets = PRESETS
        .iter()
        .filter_map(|preset| match preset {
            Retention::After(ms) => {
                {
                let value = ms.to_string();
                let selected = value.clone();
                Some(view! { <option value=value selected=move || choice.get() == selected>{duration(*ms)}</option> })
            }
            }
            Retention::Forever => None,
        })
        .collect_view();
    view! {
        <option value="off" selected=move || choice.get() == "off">{t(Msg::Off)}</option>
        {presets}
        <option value="custom" selected=move || choice.get() == "custom">{t(Msg::Custom)}</option>
    }
}

/// The seconds field, shown while "Custom…" is chosen; `id` is also its test id.
#[component]
fn CustomSeconds(
    id: &'static str,
    choice: RwSignal<String>,
    custom: RwSignal<String>,
) -> impl IntoView {
    view! {
        <Show when=move || choice.get() == "custom">
            <label for=id>{t(Msg::Seconds)}</label>
            <input id=id data-testid=id type="number" min="1" inputmode="numeric" bind:value=custom/>
        </Show>
    }
}

fn custom_seconds(retention: Option<Retention>) -> String {
    match retention {
        Some(Retention::After(ms)) => (ms / 1_000).to_string(),
        _ => String::new(),
    }
}

/// The timer in force, always visible in the chat header, and the chat's own settings.
#[component]
pub fn ChatRetention(id: ConversationId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let own = {
        let id = id.clone();
        Memo::new(move |_| {
            state
                .conversations
                .with(|list| list.iter().find(|c| c.id == id).and_then(|c| c.retention))
        })
    };
    let in_force = move || effective(state.retention.with(|s| s.default), own.get());
    let label = move || retention_label(in_force());
    let short = move || match in_force() {
        Retention::Forever => t(Msg::Off).to_owned(),
        Retention::After(ms) => duration(ms),
    };
    let data_ms = move || match in_force() {
        Retention::Forever => "off".to_owned(),
        Retention::After(ms) => ms.to_string(),
    };

    let choice = RwSignal::new(String::new());
    let custom = RwSignal::new(String::new());
    let no_archive = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm_clear = RwSignal::new(false);
    let clear_dialog = NodeRef::new();
    dialog_focus::focus_on_open(clear_dialog);
    let cancel_clear = move || {
        confirm_clear.set(false);
        dialog_focus::return_focus("clear-history");
    };
    let jid = id.jid.clone();
    // The form follows the stored settings (saved here or on another device), not the
    // opening: `toggle` fires after the click and would undo a choice made at once.
    Effect::new({
        let jid = jid.clone();
        move |_| {
            choice.set(choice_of(own.get()));
            custom.set(custom_seconds(own.get()));
            no_archive.set(state.retention.with(|s| s.no_archive.contains(&jid)));
        }
    });
    let opened = move |_| {
        error.set(None);
        confirm_clear.set(false);
    };
    let save = {
        let handle = handle.clone();
        let id = id.clone();
        move |_| match parse_choice(&choice.get_untracked(), &custom.get_untracked()) {
            Ok(retention) => {
                error.set(None);
                handle.set_chat_retention(id.clone(), retention, no_archive.get_untracked());
            }
            Err(reason) => error.set(Some(reason)),
        }
    };
    let clear = {
        let id = id.clone();
        move |_| {
            confirm_clear.set(false);
            handle.clear_history(Some(id.clone()));
        }
    };
    let peer = jid.clone();

    view! {
        <span class="chat-timer small" data-testid="chat-timer" data-retention=data_ms
            role="status" aria-label=label title=label>
            "⏱ " {short}
        </span>
        <details class="chat-retention" data-testid="chat-retention" on:toggle=opened>
            <summary aria-label=t(Msg::RetentionMenu)>"⋯"</summary>
            <div class="popover">
                <label for="chat-retention-select">{t(Msg::ChatRetention)}</label>
                <select id="chat-retention-select" data-testid="chat-retention-select"
                    on:change=move |event| choice.set(event_target_value(&event))>
                    <option value="default" selected=move || choice.get() == "default">{move || tf(Msg::RetentionDefaultOption, &[("timer", &state.retention.with(|s| match s.default {
                        Retention::Forever => t(Msg::RetentionOff).to_owned(),
                        Retention::After(ms) => duration(ms),
                    }))])}</option>
                    {timer_options(choice)}
                </select>
                <CustomSeconds id="chat-retention-custom" choice=choice custom=custom/>
                <label class="check">
                    <input type="checkbox" data-testid="chat-no-archive" bind:checked=no_archive/>
                    {t(Msg::NoArchive)}
                </label>
                <p class="hint small">{t(Msg::NoArchiveHint)}</p>
                <p class="hint small" data-testid="chat-retention-note">{tf(Msg::RetentionNote, &[("jid", &peer)])}</p>
                <button data-testid="chat-retention-save" on:click=save>{t(Msg::Save)}</button>
                {move || error.get().map(|text| view! { <p class="error small" role="alert">{text}</p> })}
                <div class="danger-zone">
                    <Show when=move || confirm_clear.get() fallback=move || view! {
                        <button class="ghost danger" id="clear-history" data-testid="clear-history" on:click=move |_| confirm_clear.set(true)>{t(Msg::ClearHistoryOpen)}</button>
                    }>
                        <div role="alertdialog" aria-labelledby="clear-history-warning" node_ref=clear_dialog
                            on:keydown=move |event| dialog_focus::on_keydown(&event, cancel_clear)>
                            <p id="clear-history-warning">{tf(Msg::ClearHistoryWarning, &[("jid", &jid)])}</p>
                            <button class="danger" data-testid="clear-history-confirm" on:click=clear.clone()>{t(Msg::ClearHistory)}</button>
                            <button class="ghost" data-testid="clear-history-cancel" autofocus=true on:click=move |_| cancel_clear()>{t(Msg::Cancel)}</button>
                        </div>
                    </Show>
                </div>
            </div>
        </details>
    }
}

/// The default timer, whether peers' timers are honoured, and clearing every chat.
#[component]
pub fn RetentionSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let choice = RwSignal::new(String::new());
    let custom = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirm_clear = RwSignal::new(false);
    let clear_dialog = NodeRef::new();
    dialog_focus::focus_on_open(clear_dialog);
    let cancel_clear = move || {
        confirm_clear.set(false);
        dialog_focus::return_focus("clear-all-history");
    };
    Effect::new(move |_| {
        let default = state.retention.with(|s| s.default);
        choice.set(choice_of(Some(default)));
        custom.set(custom_seconds(Some(default)));
    });
    let opened = move |_| {
        error.set(None);
        confirm_clear.set(false);
    };
    let save = {
        let handle = handle.clone();
        move |_| match parse_choice(&choice.get_untracked(), &custom.get_untracked()) {
            Ok(Some(retention)) => {
                error.set(None);
                handle.set_default_retention(retention);
            }
            Ok(None) => {}
            Err(reason) => error.set(Some(reason)),
        }
    };
    let honour = {
        let handle = handle.clone();
        move |event| handle.set_honour_peer_timers(event_target_checked(&event))
    };
    let clear_all = move |_| {
        confirm_clear.set(false);
        handle.clear_history(None);
    };
    view! {
        <details class="retention-settings" data-testid="retention-settings" on:toggle=opened>
            <summary>{t(Msg::DisappearingMessages)}</summary>
            <label for="default-retention">{t(Msg::DefaultRetention)}</label>
            <select id="default-retention" data-testid="default-retention"
                on:change=move |event| choice.set(event_target_value(&event))>
                {timer_options(choice)}
            </select>
            <CustomSeconds id="default-retention-custom" choice=choice custom=custom/>
            <button data-testid="default-retention-save" on:click=save>{t(Msg::Save)}</button>
            {move || error.get().map(|text| view! { <p class="error small" role="alert">{text}</p> })}
            <label class="check">
                <input type="checkbox" data-testid="honour-peer-timers"
                    prop:checked=move || state.retention.with(|s| s.honour_peer_timers) on:change=honour/>
                {t(Msg::HonourPeerTimers)}
            </label>
            <p class="hint small">{t(Msg::RetentionHint)}</p>
            <Show when=move || confirm_clear.get() fallback=move || view! {
                <button class="ghost danger" id="clear-all-history" data-testid="clear-all-history" on:click=move |_| confirm_clear.set(true)>{t(Msg::ClearAllOpen)}</button>
            }>
                <div role="alertdialog" aria-labelledby="clear-all-warning" node_ref=clear_dialog
                    on:keydown=move |event| dialog_focus::on_keydown(&event, cancel_clear)>
                    <p id="clear-all-warning">{t(Msg::ClearAllWarning)}</p>
                    <button class="danger" data-testid="clear-all-history-confirm" on:click=clear_all.clone()>{t(Msg::ClearAll)}</button>
                    <button class="ghost" autofocus=true on:click=move |_| cancel_clear()>{t(Msg::Cancel)}</button>
                </div>
            </Show>
        </details>
    }
}

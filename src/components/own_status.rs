//! Our own availability, status text, nickname and avatar.

use chat_client::web::ClientHandle;
use chat_client::OwnShow;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::avatar::Avatar;
use super::avatar_picker::AvatarPicker;
use crate::format::show_label;
use crate::i18n::{t, Msg};
use crate::state::AppState;

#[component]
pub fn OwnStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let show = RwSignal::new(state.own_presence.get_untracked().show);
    let status = RwSignal::new(state.own_presence.get_untracked().status);
    let nick = RwSignal::new(state.own_presence.get_untracked().nick.unwrap_or_default());
    // Stored values arrive after the view was built on a reload.
    Effect::new(move |_| {
        let own = state.own_presence.get();
        show.set(own.show);
        status.set(own.status);
        nick.set(own.nick.unwrap_or_default());
    });
    let apply = {
        let handle = handle.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            handle.set_presence(show.get_untracked(), status.get_untracked());
            let wanted = nick.get_untracked();
            if state
                .own_presence
                .with_untracked(|own| own.nick.clone().unwrap_or_default() != wanted.trim())
            {
                handle.set_nick(wanted);
            }
        }
    };
    view! {
        <details class="own-status" data-testid="own-status">
            <summary>
                <Avatar jid=state.own_jid.get_untracked() name=state.own_jid.get_untracked()/>
                <span data-testid="own-presence" data-show=move || state.own_presence.get().show.as_str()>
                    {move || show_label(state.own_presence.get().show)}
                </span>
            </summary>
            <div class="popover">
                <form on:submit=apply>
                    <label for="own-show">{t(Msg::OwnShow)}</label>
                    <select id="own-show" data-testid="own-show" on:change=move |event| {
                        if let Some(value) = OwnShow::from_str_opt(&event_target_value(&event)) { show.set(value) }
                    } prop:value=move || show.get().as_str()>
                        {OwnShow::ALL.into_iter().map(|option| view! {
                            <option value=option.as_str() selected=move || show.get() == option>{show_label(option)}</option>
                        }).collect_view()}
                    </select>
                    <label for="own-status-text">{t(Msg::OwnStatusText)}</label>
                    <input id="own-status-text" data-testid="own-status-text" type="text" maxlength="200"
                        placeholder=t(Msg::OwnStatusPlaceholder) bind:value=status/>
                    <label for="own-nick">{t(Msg::OwnNick)}</label>
                    <input id="own-nick" data-testid="own-nick" type="text" maxlength="64" bind:value=nick/>
                    <button type="submit" data-testid="own-status-save">{t(Msg::OwnStatusSave)}</button>
                </form>
                <AvatarPicker/>
            </div>
        </details>
    }
}

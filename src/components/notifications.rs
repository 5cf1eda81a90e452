//! Asking for notification permission at a sensible moment (when the user clicks, from the chat
//! list, never on page load) and the sound preference.

use leptos::prelude::*;

use crate::i18n::{t, Msg};
use crate::notify;

#[component]
pub fn NotificationSettings() -> impl IntoView {
    let can_ask = RwSignal::new(notify::can_ask());
    let sound = RwSignal::new(notify::sound_enabled());
    view! {
        <div class="notification-settings small">
            <Show when=move || can_ask.get()>
                <button type="button" class="ghost small" data-testid="notifications-enable"
                    title=t(Msg::NotificationsHint)
                    on:click=move |_| notify::ask(move |_| can_ask.set(notify::can_ask()))>
                    {t(Msg::NotificationsEnable)}
                </button>
            </Show>
            <label>
                <input type="checkbox" data-testid="sound-toggle" prop:checked=move || sound.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        notify::set_sound_enabled(on);
                        sound.set(on);
                    }/>
                " "{t(Msg::SoundToggle)}
            </label>
        </div>
    }
}

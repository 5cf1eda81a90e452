//! Telling the user about new messages while the tab is in the background: a Web Notification
//! (once they allowed it; one per chat, replaced by the next) and, if they want, a short tone
//! made with Web Audio (no sound file to fetch). Preferences live in `localStorage`.

use crate::i18n::{t, Msg};
use chat_store::{DeliveryState, Direction, Message};
use web_sys::{AudioContext, Notification, NotificationOptions, NotificationPermission};

const SOUND_KEY: &str = "jibber.sound";
/// Older messages arrive from the archive after a reconnect: they are not news.
const FRESH_MS: u64 = 2 * 60 * 1000;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn sound_enabled() -> bool {
    local_storage()
        .and_then(|s| s.get_item(SOUND_KEY).ok().flatten())
        .as_deref()
        == Some("on")
}

pub fn set_sound_enabled(on: bool) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(SOUND_KEY, if on { "on" } else { "off" });
    }
}

/// Whether the browser has notifications and the user has not decided yet.
pub fn can_ask() -> bool {
    has_notifications() && Notification::permission() == NotificationPermission::Default
}

pub fn allowed() -> bool {
    has_notifications() && Notification::permission() == NotificationPermission::Granted
}

fn has_notifications() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

/// Asks for permission (call from a click: browsers ignore requests made without one).
pub fn ask(then: impl FnOnce(bool) + 'static) {
    let Ok(promise) = Notification::request_permission() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = wasm_bindgen_futures::JsFuture::from(promise).await;
        then(answer.ok().and_then(|a| a.as_string()).as_deref() == Some("granted"));
    });
}

fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Whether a stored message just arrived from the other side (not archive catch-up).
pub fn is_news(message: &Message, now: u64) -> bool {
    message.direction == Direction::In
        && message.state == DeliveryState::Received
        && now.saturating_sub(message.timestamp) < FRESH_MS
}

/// A message was stored: announce it if it is new, incoming and the tab is not being looked at.
/// `sender` is the name to show; the text itself is not shown (it may be private).
pub fn incoming(message: &Message, sender: &str, now: u64) {
    if !is_news(message, now) || !tab_hidden() {
        return;
    }
    if allowed() {
        let options = NotificationOptions::new();
        options.set_body(t(Msg::NotificationNewMessage));
        options.set_tag(&message.conversation.jid);
        let _ = Notification::new_with_options(sender, &options);
    }
    if sound_enabled() {
        chime();
    }
}

/// A short, quiet two-note tone.
fn chime() {
    let Ok(context) = AudioContext::new() else {
        return;
    };
    let start = context.current_time();
    for (offset, frequency) in [(0.0, 880.0_f32), (0.12, 1320.0)] {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        oscillator.frequency().set_value(frequency);
        gain.gain().set_value(0.05);
        if oscillator.connect_with_audio_node(&gain).is_err()
            || gain
                .connect_with_audio_node(&context.destination())
                .is_err()
        {
            return;
        }
        let _ = oscillator.start_with_when(start + offset);
        let _ = oscillator.stop_with_when(start + offset + 0.1);
    }
}

//! Small presentation helpers, in the current language (`crate::i18n`).

use chat_client::{LastSeen, LoginError, OwnShow};
use chat_store::DeliveryState;

use crate::i18n::{lang, t, tf, tn, Lang, Msg};

/// The options object of an `Intl` formatting call.
fn intl_options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn js_date(millis: u64) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64))
}

/// "14:05" in the user's local time zone, with the UI language's digits and separator (always
/// on the 24-hour clock, as the UI contract promises).
pub fn time_of_day(millis: u64) -> String {
    thread_local! {
        // Building an `Intl` formatter is what costs; every message row shows a time, so one
        // formatter per language is kept (`toLocaleTimeString` builds one per call).
        static FORMATTER: std::cell::RefCell<Option<(Lang, js_sys::Function)>> =
            const { std::cell::RefCell::new(None) };
    }
    let lang = lang();
    let format = FORMATTER.with(|cell| {
        let mut cached = cell.borrow_mut();
        match cached.as_ref() {
            Some((for_lang, format)) if *for_lang == lang => format.clone(),
            _ => {
                let options = intl_options(&[
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                    ("hourCycle", "h23"),
                ]);
                let locales = js_sys::Array::of1(&lang.tag().into());
                let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
                *cached = Some((lang, format.clone()));
                format
            }
        }
    });
    format
        .call1(&wasm_bindgen::JsValue::NULL, &js_date(millis))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

pub fn delivery_state(state: &DeliveryState) -> &'static str {
    match state {
        DeliveryState::Pending => "pending",
        DeliveryState::Sent => "sent",
        DeliveryState::Delivered => "delivered",
        DeliveryState::Read => "read",
        DeliveryState::Failed(_) => "failed",
        DeliveryState::Received => "received",
    }
}

/// What a screen reader and the tick mark say about an outgoing message.
pub fn delivery_label(state: &DeliveryState) -> String {
    match state {
        DeliveryState::Pending => t(Msg::DeliveryPending).into(),
        DeliveryState::Sent => t(Msg::DeliverySent).into(),
        DeliveryState::Delivered => t(Msg::DeliveryDelivered).into(),
        DeliveryState::Read => t(Msg::DeliveryRead).into(),
        DeliveryState::Failed(reason) => tf(
            Msg::DeliveryFailed,
            &[("reason", &crate::message_reasons::fail_reason_text(reason))],
        ),
        DeliveryState::Received => String::new(),
    }
}

/// "5 seconds", "1 hour", "30 days": the largest unit that divides the duration.
pub fn duration(ms: u64) -> String {
    const SECOND: u64 = 1_000;
    const MINUTE: u64 = 60 * SECOND;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    let units = [
        (DAY, Msg::DurationDaysOne, Msg::DurationDaysOther),
        (HOUR, Msg::DurationHoursOne, Msg::DurationHoursOther),
        (MINUTE, Msg::DurationMinutesOne, Msg::DurationMinutesOther),
    ];
    let (count, one, other) = units
        .into_iter()
        .find(|(size, _, _)| ms >= *size && ms.is_multiple_of(*size))
        .map_or(
            (
                ms.div_ceil(SECOND),
                Msg::DurationSecondsOne,
                Msg::DurationSecondsOther,
            ),
            |(size, one, other)| (ms / size, one, other),
        );
    tn(one, other, count, &[])
}

/// "Last seen 3 hours ago", with the status they left, as of `now` (ms).
pub fn last_seen(seen: Option<&LastSeen>, now: u64) -> String {
    let Some(seen) = seen else {
        return t(Msg::LastSeenUnknown).into();
    };
    let minutes = now.saturating_sub(seen.at) / 60_000;
    let ago = match minutes {
        0 => t(Msg::LastSeenJustNow).into(),
        1..=59 => tn(
            Msg::LastSeenMinutesOne,
            Msg::LastSeenMinutesOther,
            minutes,
            &[],
        ),
        60..=1439 => tn(
            Msg::LastSeenHoursOne,
            Msg::LastSeenHoursOther,
            minutes / 60,
            &[],
        ),
        _ => tn(
            Msg::LastSeenDaysOne,
            Msg::LastSeenDaysOther,
            minutes / 1440,
            &[],
        ),
    };
    match &seen.status {
        Some(status) => tf(
            Msg::LastSeenWithStatus,
            &[("ago", &ago), ("status", status)],
        ),
        None => ago,
    }
}

/// Our own availability as the status menu names it.
pub fn show_label(show: OwnShow) -> &'static str {
    t(match show {
        OwnShow::Online => Msg::ShowOnline,
        OwnShow::Away => Msg::ShowAway,
        OwnShow::Dnd => Msg::ShowDnd,
        OwnShow::Xa => Msg::ShowXa,
        OwnShow::Invisible => Msg::ShowInvisible,
    })
}

/// Initials for the avatar placeholder.
pub fn initials(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into())
}

/// The local calendar day of a time, to see where the day changes in a chat.
pub fn local_day(millis: u64) -> (u32, u32, u32) {
    let date = js_date(millis);
    (date.get_full_year(), date.get_month(), date.get_date())
}

/// "Tuesday, 24 November 2026", in the UI's language.
pub fn day_label(millis: u64) -> String {
    let options = intl_options(&[
        ("weekday", "long"),
        ("year", "numeric"),
        ("month", "long"),
        ("day", "numeric"),
    ]);
    js_date(millis)
        .to_locale_date_string(lang().tag(), &options)
        .into()
}

/// A group occupant's role (XEP-0045) in words; unknown roles stay as the server named them.
pub fn role_label(role: &str) -> String {
    let msg = match role {
        "moderator" => Msg::RoleModerator,
        "participant" => Msg::RoleParticipant,
        "visitor" => Msg::RoleVisitor,
        _ => return role.to_owned(),
    };
    t(msg).to_owned()
}

/// Why a login failed, in the UI's language.
pub fn login_error(error: &LoginError) -> String {
    crate::reasons::login_error_text(error)
}

//! Small presentation helpers.

use chat_store::DeliveryState;

/// "14:05" in the user's local time zone.
pub fn time_of_day(millis: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
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
        DeliveryState::Pending => "Waiting to send".into(),
        DeliveryState::Sent => "Sent".into(),
        DeliveryState::Delivered => "Delivered".into(),
        DeliveryState::Read => "Read".into(),
        DeliveryState::Failed(reason) => format!("Not sent: {reason}"),
        DeliveryState::Received => String::new(),
    }
}

/// "5 seconds", "1 hour", "30 days": the largest unit that divides the duration.
pub fn duration(ms: u64) -> String {
    const SECOND: u64 = 1_000;
    const MINUTE: u64 = 60 * SECOND;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    let (count, unit) = [(DAY, "day"), (HOUR, "hour"), (MINUTE, "minute")]
        .into_iter()
        .find(|(size, _)| ms >= *size && ms.is_multiple_of(*size))
        .map_or((ms.div_ceil(SECOND), "second"), |(size, unit)| {
            (ms / size, unit)
        });
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
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
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    (date.get_full_year(), date.get_month(), date.get_date())
}

/// "Tuesday, 24 November 2026", in the browser's language.
pub fn day_label(millis: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "long"),
        ("year", "numeric"),
        ("month", "long"),
        ("day", "numeric"),
    ] {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let locale = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".into());
    date.to_locale_date_string(&locale, &options).into()
}

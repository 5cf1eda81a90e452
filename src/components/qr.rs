//! A QR code drawn as SVG from local data (this device's verification link), so nothing is
//! fetched and no markup is parsed.

use crate::i18n::{t, Msg};
use leptos::prelude::*;
use qrcode::{Color, QrCode as Code};

/// Quiet zone around the code, in modules, as the QR standard asks.
const MARGIN: usize = 4;

#[component]
pub fn QrCode(data: String, label: &'static str) -> impl IntoView {
    let Ok(code) = Code::new(data.as_bytes()) else {
        return view! { <p class="small">{t(Msg::QrTooLong)}</p> }.into_any();
    };
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (index % width + MARGIN, index / width + MARGIN);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let size = width + 2 * MARGIN;
    view! {
        <svg class="qr" data-testid="own-qr" role="img" aria-label=label viewBox=format!("0 0 {size} {size}") width="192" height="192">
            <rect width="100%" height="100%" fill="#fff"/>
            <path d=path fill="#000"/>
        </svg>
    }
    .into_any()
}

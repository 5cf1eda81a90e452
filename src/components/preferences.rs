use chat_client::app_options::Theme;
use leptos::prelude::*;

use crate::embedding::Embedding;
use crate::i18n::{t, Msg};
use crate::shortcuts::ShortcutsHelp;

/// This device's preferences: the colour theme, opening `xmpp:` links with Jibber, and the
/// keyboard shortcuts.
#[component]
pub fn Preferences() -> impl IntoView {
    let embedding = use_context::<Embedding>().unwrap_or(Embedding::Hosted);
    let help = use_context::<ShortcutsHelp>();
    let theme = RwSignal::new(crate::theme::current().as_str().to_owned());
    let handler_status = RwSignal::new(None::<String>);
    let on_theme =
        move |_| crate::theme::choose(Theme::parse(&theme.get_untracked()).unwrap_or_default());
    let register = move |_| handler_status.set(Some(register_protocol_handler()));
    view! {
        <details class="preferences" data-testid="preferences">
            <summary>{t(Msg::Preferences)}</summary>
            <label for="theme-select">{t(Msg::Theme)}</label>
            <select id="theme-select" data-testid="theme-select" bind:value=theme on:change=on_theme>
                <option value="system">{t(Msg::ThemeSystem)}</option>
                <option value="light">{t(Msg::ThemeLight)}</option>
                <option value="dark">{t(Msg::ThemeDark)}</option>
            </select>
            // A widget runs on another site's origin: links must not open that site.
            <Show when=move || embedding == Embedding::Hosted>
                <button class="ghost small" data-testid="protocol-handler" on:click=register>
                    {t(Msg::ProtocolHandler)}
                </button>
            </Show>
            <Show when=move || handler_status.get().is_some()>
                <p class="hint small" role="status" data-testid="protocol-handler-status">{move || handler_status.get().unwrap_or_default()}</p>
            </Show>
            <button class="ghost small" data-testid="shortcuts-open" on:click=move |_| {
                if let Some(help) = help {
                    help.0.set(true);
                }
            }>{t(Msg::KeyboardShortcuts)}</button>
        </details>
    }
}

/// Asks the browser to send `xmpp:` links to `#/uri/…` of this page (it asks the user first).
fn register_protocol_handler() -> String {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return t(Msg::ProtocolHandlerUnsupported).into();
    };
    let register = js_sys::Reflect::get(&navigator, &"registerProtocolHandler".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    let Some(register) = register else {
        return t(Msg::ProtocolHandlerUnsupported).into();
    };
    match register.call2(&navigator, &"xmpp".into(), &"./#/uri/%s".into()) {
        Ok(_) => t(Msg::ProtocolHandlerAsked).into(),
        Err(_) => t(Msg::ProtocolHandlerRefused).into(),
    }
}

use leptos::prelude::*;

use crate::embedding::Embedding;
use crate::i18n::{t, Msg};
use crate::pwa::UpdateBanner;
use crate::shortcuts::ShortcutsDialog;
use crate::state::{AppState, Screen};
use crate::views::{LoginView, MainView, SignupView};

#[component]
pub fn App() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The tab title carries the unread total, so a background tab shows there is something new.
    // A widget leaves the host page's title alone (its host hears `jibber:unread` instead).
    let hosted = use_context::<Embedding>() != Some(Embedding::Widget);
    Effect::new(move |_| {
        if !hosted {
            return;
        }
        let unread: u32 = state
            .conversations
            .with(|list| list.iter().map(|c| c.unread).sum());
        let title = if unread > 0 {
            format!("({unread}) Jibber")
        } else {
            "Jibber".to_owned()
        };
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
    // Views take their texts when they are built: a language switch builds the screen again.
    let lang = crate::i18n::browser::lang_signal();
    let screen = move || {
        lang.track();
        match state.screen.get() {
            Screen::Loading => {
                view! { <p class="loading" role="status">{t(Msg::AppLoading)}</p> }.into_any()
            }
            Screen::Login if state.signup_open.get() => view! { <SignupView/> }.into_any(),
            Screen::Login => view! { <LoginView/> }.into_any(),
            Screen::Main => view! { <MainView/> }.into_any(),
        }
    };
    view! {
        <UpdateBanner/>
        <ShortcutsDialog/>
        {screen}
    }
}

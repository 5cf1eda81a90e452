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
    // The login shell draws the form on the next visit only while nobody is signed in.
    Effect::new(move |_| {
        if hosted {
            remember_signed_in(state.screen.get());
        }
    });
    // Views take their texts when they are built: a language switch builds the screen again.
    let lang = crate::i18n::browser::lang_signal();
    let screen = move || {
        lang.track();
        match state.screen.get() {
            // The login shell's form stays on screen meanwhile, if the page drew one.
            Screen::Loading if crate::login_shell::showing() => ().into_any(),
            Screen::Loading => {
                view! { <p class="loading" role="status">{t(Msg::AppLoading)}</p> }.into_any()
            }
            Screen::Login if state.signup_open.get() => {
                crate::login_shell::discard();
                view! { <SignupView/> }.into_any()
            }
            Screen::Login => view! { <LoginView/> }.into_any(),
            Screen::Main => {
                crate::login_shell::discard();
                view! { <MainView/> }.into_any()
            }
        }
    };
    view! {
        <UpdateBanner/>
        <ShortcutsDialog/>
        {screen}
    }
}

/// Read by `shell/login-shell.js` before this module loads: with an account signed in, the
/// shell skips the login form and starts the app at once.
fn remember_signed_in(screen: Screen) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let _ = match screen {
        Screen::Main => storage.set_item(SIGNED_IN_KEY, "signed-in"),
        Screen::Login => storage.remove_item(SIGNED_IN_KEY),
        Screen::Loading => Ok(()),
    };
}

const SIGNED_IN_KEY: &str = "jibber.account";

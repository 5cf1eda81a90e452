use chat_client::web::ClientHandle;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use crate::i18n::{t, Msg};
use crate::login_shell::{Pending, ShellForm};
use crate::state::AppState;

/// The login form. The password goes straight to the client and is not kept by the UI. On a
/// first visit it takes over the login shell's form: the values, the focus, and a press of
/// "Log in" or "Create an account" that came before the app.
#[component]
pub fn LoginView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let shell = crate::login_shell::take();
    let typed = |pick: fn(&ShellForm) -> &str| {
        shell
            .as_ref()
            .map(pick)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    let jid =
        RwSignal::new(typed(|form| &form.jid).unwrap_or_else(|| state.own_jid.get_untracked()));
    let password = RwSignal::new(typed(|form| form.password.as_str()).unwrap_or_default());
    let websocket_url = RwSignal::new(typed(|form| &form.websocket_url).unwrap_or_default());
    let advanced_open = shell.as_ref().is_some_and(|form| form.advanced_open);

    let submit = {
        let handle = handle.clone();
        move || {
            if state.logging_in.get_untracked() {
                return;
            }
            let address = jid.get_untracked().trim().to_owned();
            if address.is_empty() || !address.contains('@') {
                state
                    .login_error
                    .set(Some(t(Msg::LoginEnterAddress).into()));
                return;
            }
            if password.with_untracked(String::is_empty) {
                state
                    .login_error
                    .set(Some(t(Msg::LoginEnterPassword).into()));
                return;
            }
            state.login_error.set(None);
            state.logging_in.set(true);
            let secret = Zeroizing::new(password.get_untracked());
            password.set(String::new());
            let url = websocket_url.get_untracked();
            handle.login(address, secret, (!url.trim().is_empty()).then_some(url));
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            submit();
        }
    };
    if let Some(form) = shell {
        // After the view is in the page, so the restored focus lands on its fields.
        Effect::new(move |_| {
            if let Some(focus) = &form.focus {
                crate::login_shell::restore_focus(focus);
            }
            match form.pending {
                Pending::Login => submit(),
                Pending::Signup => state.signup_open.set(true),
                Pending::Nothing => {}
            }
        });
    }

    view! {
        <main class="login" data-testid="login-view">
            <form class="login-card" on:submit=on_submit novalidate=true aria-labelledby="login-title">
                <h1 id="login-title">"Jibber"</h1>
                <p class="tagline">{t(Msg::LoginTagline)}</p>
                <label for="login-jid">{t(Msg::LoginAddress)}</label>
                <input id="login-jid" data-testid="login-jid" type="text" inputmode="email"
                    autocomplete="username" placeholder="alice@example.org" required=true
                    autocapitalize="off" spellcheck="false" bind:value=jid/>
                <label for="login-password">{t(Msg::LoginPassword)}</label>
                <input id="login-password" data-testid="login-password" type="password"
                    autocomplete="current-password" required=true bind:value=password/>
                <details data-testid="login-advanced" open=advanced_open>
                    <summary>{t(Msg::ConnectionSettings)}</summary>
                    <label for="login-ws-url">{t(Msg::WebsocketUrl)}</label>
                    <input id="login-ws-url" data-testid="login-ws-url" type="url"
                        placeholder=t(Msg::WebsocketUrlPlaceholder) autocapitalize="off" spellcheck="false"
                        bind:value=websocket_url/>
                    <p class="hint">{t(Msg::LoginWsHint)}</p>
                </details>
                <Show when=move || state.login_error.get().is_some()>
                    <p class="error" role="alert" data-testid="login-error">
                        {move || state.login_error.get().unwrap_or_default()}
                    </p>
                </Show>
                <button type="submit" data-testid="login-submit" disabled=move || state.logging_in.get()>
                    {move || if state.logging_in.get() { t(Msg::LoginConnecting) } else { t(Msg::LoginSubmit) }}
                </button>
                <p class="hint">{t(Msg::LoginNewHere)}" "
                    <button type="button" class="ghost small" data-testid="login-create-account"
                        on:click=move |_| state.signup_open.set(true)>{t(Msg::LoginCreateAccount)}</button>
                </p>
                <Show when=move || state.storage_error.get().is_some()>
                    <p class="warning" role="status" data-testid="storage-error">{move || state.storage_error.get().unwrap_or_default()}</p>
                </Show>
            </form>
        </main>
    }
}

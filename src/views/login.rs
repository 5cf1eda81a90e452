use chat_client::web::ClientHandle;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use crate::i18n::{t, Msg};
use crate::state::AppState;

/// The login form. The password goes straight to the client and is not kept by the UI.
#[component]
pub fn LoginView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = RwSignal::new(state.own_jid.get_untracked());
    let password = RwSignal::new(String::new());
    let websocket_url = RwSignal::new(String::new());

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
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
    };

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
                <details data-testid="login-advanced">
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

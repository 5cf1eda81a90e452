//! Creating an account in-band (XEP-0077): pick a server, answer its form, then Jibber logs
//! in with the new account. Servers that only register on their web page get a link.

use chat_client::signup::{SignupField, SignupUpdate};
use chat_client::web::ClientHandle;
use chat_client::MIN_PASSWORD_CHARS;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use crate::i18n::{t, tf, tn, Msg};
use crate::state::AppState;

#[component]
pub fn SignupView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let server = RwSignal::new(String::new());
    let websocket_url = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_again = RwSignal::new(String::new());
    let extra = RwSignal::new(Vec::<(String, String)>::new());
    let local_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // The form stays on screen after a correctable refusal (a taken username).
    let showing_form = RwSignal::new(false);
    Effect::new(move |_| match state.signup.get() {
        Some(SignupUpdate::Form { .. }) => {
            showing_form.set(true);
            busy.set(false);
        }
        Some(SignupUpdate::Refused { can_retry, .. }) => {
            showing_form.set(can_retry && showing_form.get_untracked());
            busy.set(false);
        }
        Some(SignupUpdate::WebOnly { .. }) | None => {
            showing_form.set(false);
            busy.set(false);
        }
        Some(SignupUpdate::Registered { .. }) => {}
    });

    let handle_continue = handle.clone();
    let on_continue = move |event: SubmitEvent| {
        event.prevent_default();
        let domain = server.get_untracked().trim().to_owned();
        if domain.is_empty() {
            local_error.set(Some(t(Msg::SignupEnterServer).into()));
            return;
        }
        local_error.set(None);
        busy.set(true);
        state.signup.set(None);
        let url = websocket_url.get_untracked();
        handle_continue.signup_start(domain, (!url.trim().is_empty()).then_some(url));
    };
    let handle_submit = handle.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let name = username.get_untracked().trim().to_owned();
        let problem = if name.is_empty() || name.contains('@') || name.contains(' ') {
            Some(t(Msg::SignupBadUsername).to_owned())
        } else if password.with_untracked(|p| p.chars().count() < MIN_PASSWORD_CHARS) {
            Some(tn(
                Msg::SignupShortPassword,
                Msg::SignupShortPassword,
                MIN_PASSWORD_CHARS as u64,
                &[],
            ))
        } else if password.get_untracked() != password_again.get_untracked() {
            Some(t(Msg::SignupPasswordsDiffer).to_owned())
        } else {
            None
        };
        if problem.is_some() {
            local_error.set(problem);
            return;
        }
        local_error.set(None);
        busy.set(true);
        let secret = Zeroizing::new(password.get_untracked());
        password.set(String::new());
        password_again.set(String::new());
        handle_submit.signup_submit(name, secret, extra.get_untracked());
    };
    let handle_back = handle.clone();
    let back = move |_| {
        handle_back.signup_cancel();
        state.signup.set(None);
        state.signup_open.set(false);
    };

    let error_text = move || {
        local_error.get().or_else(|| match state.signup.get() {
            Some(SignupUpdate::Refused { reason, .. }) => {
                Some(crate::reasons::signup_problem_text(&reason))
            }
            _ => None,
        })
    };
    let extra_fields = move || match state.signup.get() {
        Some(SignupUpdate::Form { extra_fields, .. }) => extra_fields,
        _ => Vec::new(),
    };
    let instructions = move || match state.signup.get() {
        Some(SignupUpdate::Form { instructions, .. })
        | Some(SignupUpdate::WebOnly { instructions, .. }) => instructions,
        _ => None,
    };

    view! {
        <main class="login" data-testid="signup-view">
            <div class="login-card">
                <h1 id="signup-title">{t(Msg::LoginCreateAccount)}</h1>
                <form on:submit=on_continue novalidate=true aria-labelledby="signup-title">
                    <label for="signup-server">{t(Msg::SignupServer)}</label>
                    <input id="signup-server" data-testid="signup-server" type="text" placeholder="example.org"
                        autocapitalize="off" spellcheck="false" bind:value=server disabled=move || showing_form.get()/>
                    <details data-testid="signup-advanced">
                        <summary>{t(Msg::ConnectionSettings)}</summary>
                        <label for="signup-ws-url">{t(Msg::WebsocketUrl)}</label>
                        <input id="signup-ws-url" data-testid="signup-ws-url" type="url" placeholder=t(Msg::WebsocketUrlPlaceholder)
                            autocapitalize="off" spellcheck="false" bind:value=websocket_url/>
                    </details>
                    <Show when=move || !showing_form.get()>
                        <button type="submit" data-testid="signup-continue" disabled=move || busy.get()>
                            {move || if busy.get() { t(Msg::SignupAsking) } else { t(Msg::SignupContinue) }}
                        </button>
                    </Show>
                </form>
                <Show when=move || instructions().is_some()>
                    <p class="hint">{instructions}</p>
                </Show>
                <Show when=move || matches!(state.signup.get(), Some(SignupUpdate::WebOnly { .. }))>
                    {move || match state.signup.get() {
                        Some(SignupUpdate::WebOnly { domain, url: Some(url), .. }) => view! {
                            <p>{tf(Msg::SignupWebOnly, &[("domain", &domain)])}" "
                                <a data-testid="signup-web-link" href=url target="_blank" rel="noopener noreferrer">{t(Msg::SignupWebLink)}</a>
                            </p>
                        }.into_any(),
                        Some(SignupUpdate::WebOnly { domain, .. }) => view! {
                            <p data-testid="signup-web-link">{tf(Msg::SignupAppRefused, &[("domain", &domain)])}</p>
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                </Show>
                <Show when=move || showing_form.get()>
                    <form on:submit=on_submit.clone() novalidate=true aria-label=t(Msg::SignupNewAccount)>
                        <label for="signup-username">{t(Msg::SignupUsername)}</label>
                        <input id="signup-username" data-testid="signup-username" type="text" autocomplete="username"
                            autocapitalize="off" spellcheck="false" bind:value=username/>
                        <label for="signup-password">{t(Msg::LoginPassword)}</label>
                        <input id="signup-password" data-testid="signup-password" type="password" autocomplete="new-password" bind:value=password/>
                        <label for="signup-password-again">{t(Msg::SignupPasswordAgain)}</label>
                        <input id="signup-password-again" data-testid="signup-password-again" type="password" autocomplete="new-password" bind:value=password_again/>
                        <For each=extra_fields key=|field: &SignupField| field.var.clone() children=move |field| view! { <ExtraField field=field values=extra/> }/>
                        <button type="submit" data-testid="signup-submit" disabled=move || busy.get()>
                            {move || if busy.get() { t(Msg::SignupCreating) } else { t(Msg::SignupSubmit) }}
                        </button>
                    </form>
                </Show>
                <Show when=move || error_text().is_some()>
                    <p class="error" role="alert" data-testid="signup-error">{move || error_text().unwrap_or_default()}</p>
                </Show>
                <button type="button" class="ghost" data-testid="signup-back" on:click=back>{t(Msg::SignupBack)}</button>
            </div>
        </main>
    }
}

/// One of the server's extra questions; `fixed` fields are shown as text.
#[component]
fn ExtraField(field: SignupField, values: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    if field.text_only {
        return view! { <p class="hint">{field.label}</p> }.into_any();
    }
    let id = format!(
        "signup-extra-{}",
        field
            .var
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    );
    let var = field.var.clone();
    let on_input = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        values.update(|list| {
            list.retain(|(v, _)| *v != var);
            list.push((var.clone(), value));
        });
    };
    let label = if field.required {
        tf(Msg::SignupRequired, &[("label", &field.label)])
    } else {
        field.label.clone()
    };
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id data-testid="signup-field" data-var=field.var.clone() type=if field.secret { "password" } else { "text" } on:input=on_input/>
        {field.description.map(|d| view! { <p class="hint small">{d}</p> })}
    }
    .into_any()
}

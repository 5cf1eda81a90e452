//! Account settings: our profile, change the password, delete the account (with what that loses).

use chat_client::web::ClientHandle;
use chat_client::MIN_PASSWORD_CHARS;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zeroize::Zeroizing;

use super::dialog_focus;
use super::profile::ProfileEditor;
use crate::i18n::{lang, t, tf, tn, Lang, Msg};
use crate::state::AppState;

#[component]
pub fn AccountSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let confirm_delete = RwSignal::new(false);
    let delete_dialog = NodeRef::new();
    dialog_focus::focus_on_open(delete_dialog);
    let keep = move || {
        confirm_delete.set(false);
        dialog_focus::return_focus("delete-account");
    };
    let change = {
        let handle = handle.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            let new = password.get_untracked();
            if new.chars().count() < MIN_PASSWORD_CHARS {
                message.set(Some((
                    false,
                    tn(
                        Msg::SignupShortPassword,
                        Msg::SignupShortPassword,
                        MIN_PASSWORD_CHARS as u64,
                        &[],
                    ),
                )));
                return;
            }
            if new != again.get_untracked() {
                message.set(Some((false, t(Msg::SignupPasswordsDiffer).into())));
                return;
            }
            password.set(String::new());
            again.set(String::new());
            let handle = handle.clone();
            spawn_local(async move {
                match handle.change_password(Zeroizing::new(new)).await {
                    Ok(()) => message.set(Some((true, t(Msg::ChangingPassword).into()))),
                    Err(reason) => {
                        message.set(Some((false, crate::reasons::client_error_text(&reason))))
                    }
                }
            });
        }
    };
    let opened = RwSignal::new(false);
    let toggled = {
        let handle = handle.clone();
        move |_| {
            opened.update(|o| *o = !*o);
            if opened.get_untracked() {
                handle.request_contact_details(state.own_jid.get_untracked());
            }
        }
    };
    let delete = move |_| {
        let handle = handle.clone();
        spawn_local(async move {
            if let Err(reason) = handle.delete_account().await {
                state
                    .notice
                    .set(Some(crate::reasons::client_error_text(&reason)));
            }
        });
    };
    let reopen = crate::i18n::browser::take_switched();
    view! {
        <details class="account" data-testid="account-settings" open=reopen on:toggle=toggled>
            <summary>{t(Msg::Account)}</summary>
            <div class="popover">
                <LanguageSwitch/>
                <ProfileEditor/>
                <super::RetentionSettings/>
                <form on:submit=change>
                    <label for="new-password">{t(Msg::NewPassword)}</label>
                    <input id="new-password" data-testid="new-password" type="password" autocomplete="new-password" bind:value=password/>
                    <label for="new-password-again">{t(Msg::NewPasswordAgain)}</label>
                    <input id="new-password-again" data-testid="new-password-again" type="password" autocomplete="new-password" bind:value=again/>
                    <button type="submit" data-testid="change-password">{t(Msg::ChangePassword)}</button>
                </form>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "hint small" } else { "error small" } role=if ok { "status" } else { "alert" }>{text}</p>
                })}
                <Show when=move || !confirm_delete.get() fallback=move || view! {
                    <div role="alertdialog" aria-labelledby="delete-warning" class="danger-zone" node_ref=delete_dialog
                        on:keydown=move |event| dialog_focus::on_keydown(&event, keep)>
                        <p id="delete-warning">{move || tf(Msg::DeleteAccountWarning, &[("jid", &state.own_jid.get())])}</p>
                        <button class="danger" data-testid="delete-account-confirm" on:click=delete.clone()>{t(Msg::DeleteAccountConfirm)}</button>
                        <button class="ghost" autofocus=true on:click=move |_| keep()>{t(Msg::DeleteAccountKeep)}</button>
                    </div>
                }>
                    <button class="ghost danger" id="delete-account" data-testid="delete-account" on:click=move |_| confirm_delete.set(true)>{t(Msg::DeleteAccount)}</button>
                </Show>
            </div>
        </details>
    }
}

/// The UI language; the choice is kept for the next visits. Switching builds the screen again,
/// so focus goes back to this select afterwards.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = lang();
    let change = move |event: leptos::ev::Event| {
        let Some(chosen) = Lang::from_tag(&event_target_value(&event)) else {
            return;
        };
        crate::i18n::browser::choose(chosen);
        request_animation_frame(|| {
            if let Some(select) = document().get_element_by_id("language") {
                if let Ok(select) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(select) {
                    let _ = select.focus();
                }
            }
        });
    };
    view! {
        <label for="language">{t(Msg::Language)}</label>
        <select id="language" data-testid="language-select" on:change=change>
            {Lang::ALL.into_iter().map(|option| view! {
                <option value=option.tag() lang=option.tag() selected=option == current>{option.name()}</option>
            }).collect_view()}
        </select>
    }
}

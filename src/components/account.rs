//! Account settings: our profile, change the password, delete the account (with what that loses).

use chat_client::web::ClientHandle;
use chat_client::MIN_PASSWORD_CHARS;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zeroize::Zeroizing;

use super::profile::ProfileEditor;
use crate::state::AppState;

#[component]
pub fn AccountSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let confirm_delete = RwSignal::new(false);
    let change = {
        let handle = handle.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            let new = password.get_untracked();
            if new.chars().count() < MIN_PASSWORD_CHARS {
                message.set(Some((
                    false,
                    format!("Choose a password of at least {MIN_PASSWORD_CHARS} characters."),
                )));
                return;
            }
            if new != again.get_untracked() {
                message.set(Some((false, "The two passwords are different.".into())));
                return;
            }
            password.set(String::new());
            again.set(String::new());
            let handle = handle.clone();
            spawn_local(async move {
                match handle.change_password(Zeroizing::new(new)).await {
                    Ok(()) => message.set(Some((true, "Changing the password…".into()))),
                    Err(reason) => message.set(Some((false, reason))),
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
                state.notice.set(Some(reason));
            }
        });
    };
    view! {
        <details class="account" data-testid="account-settings" on:toggle=toggled>
            <summary>"Account"</summary>
            <div class="popover">
                <ProfileEditor/>
                <super::RetentionSettings/>
                <form on:submit=change>
                    <label for="new-password">"New password"</label>
                    <input id="new-password" data-testid="new-password" type="password" autocomplete="new-password" bind:value=password/>
                    <label for="new-password-again">"New password again"</label>
                    <input id="new-password-again" data-testid="new-password-again" type="password" autocomplete="new-password" bind:value=again/>
                    <button type="submit" data-testid="change-password">"Change password"</button>
                </form>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "hint small" } else { "error small" } role=if ok { "status" } else { "alert" }>{text}</p>
                })}
                <Show when=move || !confirm_delete.get() fallback=move || view! {
                    <div role="alertdialog" aria-labelledby="delete-warning" class="danger-zone">
                        <p id="delete-warning">{move || format!(
                            "Delete {} on the server? Your contacts, their approvals and the server's message archive are lost for good, and this device forgets all chats. This cannot be undone.",
                            state.own_jid.get())}</p>
                        <button class="danger" data-testid="delete-account-confirm" on:click=delete.clone()>"Delete my account"</button>
                        <button class="ghost" on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                    </div>
                }>
                    <button class="ghost danger" data-testid="delete-account" on:click=move |_| confirm_delete.set(true)>"Delete account…"</button>
                </Show>
            </div>
        </details>
    }
}

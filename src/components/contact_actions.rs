//! Per-contact details and actions: profile and last activity, rename and groups, block, remove.

use chat_client::web::ClientHandle;
use chat_store::RosterItem;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::profile::ContactProfile;
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// Comma-separated group names as typed.
pub fn parse_groups(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs a command and puts its error (if any) where the user will see it.
pub fn report(
    state: AppState,
    action: impl std::future::Future<Output = Result<(), chat_client::ClientError>> + 'static,
) {
    spawn_local(async move {
        if let Err(reason) = action.await {
            state
                .notice
                .set(Some(crate::reasons::client_error_text(&reason)));
        }
    });
}

#[component]
pub fn ContactActions(item: RosterItem) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = item.jid.clone();
    let name = RwSignal::new(item.name.clone().unwrap_or_default());
    let groups = RwSignal::new(item.groups.join(", "));
    let label = tf(
        Msg::ContactActionsLabel,
        &[("name", &item.name.clone().unwrap_or_else(|| jid.clone()))],
    );

    let save = {
        let (handle, jid) = (handle.clone(), jid.clone());
        move |event: SubmitEvent| {
            event.prevent_default();
            let name = Some(name.get_untracked()).filter(|n| !n.trim().is_empty());
            report(state, {
                let handle = handle.clone();
                let jid = jid.clone();
                async move {
                    handle
                        .edit_contact(jid, name, parse_groups(&groups.get_untracked()))
                        .await
                }
            });
        }
    };
    let remove = {
        let (handle, jid) = (handle.clone(), jid.clone());
        move |_| {
            let (handle, jid) = (handle.clone(), jid.clone());
            report(state, async move { handle.remove_contact(jid).await });
        }
    };
    let block = {
        let (handle, jid) = (handle.clone(), jid.clone());
        move |_| {
            let (handle, jid) = (handle.clone(), jid.clone());
            report(state, async move { handle.block(jid).await });
        }
    };
    // Profile and last activity are asked each time the details open, never in advance.
    let open = RwSignal::new(false);
    let toggled = {
        let (handle, jid) = (handle.clone(), jid.clone());
        move |_| {
            open.update(|o| *o = !*o);
            if open.get_untracked() {
                handle.request_contact_details(jid.clone());
            }
        }
    };
    let id = |part: &str| {
        format!(
            "contact-{part}-{}",
            jid.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        )
    };
    let (name_id, groups_id) = (id("name"), id("groups"));
    view! {
        <details class="contact-actions" data-testid="contact-actions" on:toggle=toggled>
            <summary aria-label=label>"⋯"</summary>
            <div class="popover">
                <ContactProfile jid=jid.clone()/>
                <form on:submit=save>
                    <label for=name_id.clone()>{t(Msg::Name)}</label>
                    <input id=name_id data-testid="contact-name" type="text" bind:value=name/>
                    <label for=groups_id.clone()>{t(Msg::ContactGroups)}</label>
                    <input id=groups_id data-testid="contact-groups" type="text" bind:value=groups/>
                    <button type="submit" class="small" data-testid="contact-save">{t(Msg::Save)}</button>
                </form>
                <div class="row">
                    <button type="button" class="ghost small" data-testid="contact-block" on:click=block>{t(Msg::Block)}</button>
                    <button type="button" class="ghost small danger" data-testid="contact-remove" on:click=remove>{t(Msg::ContactRemove)}</button>
                </div>
            </div>
        </details>
    }
}

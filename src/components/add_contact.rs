//! "Add a contact": address (checked), optional name and groups; the request to see their
//! status goes out with it. They have to approve before their status shows.

use chat_client::web::ClientHandle;
use chat_client::NewContact;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::contact_actions::parse_groups;
use crate::i18n::{t, tf, Msg};

#[component]
pub fn AddContact() -> impl IntoView {
    let handle = expect_context::<ClientHandle>();
    let jid = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let groups = RwSignal::new(String::new());
    let share = RwSignal::new(true);
    let message = RwSignal::new(None::<(bool, String)>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let address = jid.get_untracked().trim().to_owned();
        let contact = NewContact {
            jid: address.clone(),
            name: Some(name.get_untracked()).filter(|n| !n.trim().is_empty()),
            groups: parse_groups(&groups.get_untracked()),
            share_my_status: share.get_untracked(),
        };
        let handle = handle.clone();
        spawn_local(async move {
            match handle.add_contact(contact).await {
                Ok(()) => {
                    jid.set(String::new());
                    name.set(String::new());
                    groups.set(String::new());
                    message.set(Some((true, tf(Msg::AddContactAsked, &[("jid", &address)]))));
                }
                Err(reason) => message.set(Some((
                    false,
                    tf(
                        Msg::AddContactFailed,
                        &[("reason", &crate::reasons::client_error_text(&reason))],
                    ),
                ))),
            }
        });
    };
    view! {
        <details class="add-contact" data-testid="add-contact">
            <summary>{t(Msg::AddContact)}</summary>
            <form on:submit=submit novalidate=true>
                <label for="add-contact-jid">{t(Msg::Address)}</label>
                <input id="add-contact-jid" data-testid="add-contact-jid" type="text" inputmode="email"
                    placeholder="bob@example.org" autocapitalize="off" spellcheck="false" bind:value=jid/>
                <label for="add-contact-name">{t(Msg::AddContactName)}</label>
                <input id="add-contact-name" data-testid="add-contact-name" type="text" bind:value=name/>
                <label for="add-contact-groups">{t(Msg::AddContactGroups)}</label>
                <input id="add-contact-groups" data-testid="add-contact-groups" type="text" bind:value=groups/>
                <label class="check"><input type="checkbox" data-testid="add-contact-share" bind:checked=share/>
                    " "{t(Msg::AddContactShare)}</label>
                <button type="submit" data-testid="add-contact-submit">{t(Msg::AddContactSubmit)}</button>
            </form>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "hint small" } else { "error small" } role=if ok { "status" } else { "alert" }
                    data-testid="add-contact-message">{text}</p>
            })}
        </details>
    }
}

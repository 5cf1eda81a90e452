//! End-to-end encryption in a private group: the switch (turning it off needs a confirmation),
//! the "who can't read this" list with what each member can do about it, and the question the
//! composer asks before sending while some members can't read.

use chat_client::web::ClientHandle;
use chat_client::{GroupReader, ReaderStatus};
use chat_store::{ConversationId, EncryptionPreference};
use leptos::prelude::*;

use super::contact_actions::report;
use super::message_item::LockIcon;
use crate::i18n::{t, tf, tn, Msg};
use crate::state::AppState;

fn status_value(status: &ReaderStatus) -> &'static str {
    match status {
        ReaderStatus::Ready => "ready",
        ReaderStatus::Checking => "checking",
        ReaderStatus::NoDevices => "no-devices",
        ReaderStatus::Unreachable(_) => "unreachable",
        ReaderStatus::Untrusted => "untrusted",
    }
}

/// Why `jid` can't read, and what can be done, in words.
fn explain(jid: &str, status: &ReaderStatus) -> String {
    match status {
        ReaderStatus::Ready => tf(Msg::ReaderReady, &[("jid", jid)]),
        ReaderStatus::Checking => tf(Msg::ReaderChecking, &[("jid", jid)]),
        ReaderStatus::NoDevices => tf(Msg::ReaderNoDevices, &[("jid", jid)]),
        ReaderStatus::Unreachable(_) => tf(
            Msg::ReaderUnreachable,
            &[
                ("jid", jid),
                (
                    "why",
                    &crate::message_reasons::unreachable_text(status).unwrap_or_default(),
                ),
            ],
        ),
        ReaderStatus::Untrusted => tf(
            Msg::ReaderUntrusted,
            &[("jid", jid), ("keys", t(Msg::Keys))],
        ),
    }
}

/// Whether messages in this group are encrypted: a private group, unless switched off.
fn encrypts(state: AppState, id: &ConversationId) -> bool {
    let private = state
        .rooms
        .with(|rooms| rooms.get(&id.jid).is_some_and(|r| r.private));
    let preference = state.conversations.with(|list| {
        list.iter()
            .find(|c| c.id == *id)
            .map(|c| c.encryption)
            .unwrap_or_default()
    });
    private && preference != EncryptionPreference::Off
}

/// The members of an encrypted group who could not read a message sent now (their keys
/// still being fetched does not count: the message waits for those).
pub fn unable_to_read(state: AppState, id: &ConversationId) -> Vec<GroupReader> {
    if !encrypts(state, id) {
        return Vec::new();
    }
    state.group_readers.with(|all| {
        all.get(&id.jid)
            .map(|readers| {
                readers
                    .iter()
                    .filter(|r| !matches!(r.status, ReaderStatus::Ready | ReaderStatus::Checking))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The encryption switch and the "who can't read this" list of a private group.
#[component]
pub fn GroupEncryption(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    handle.show_group_readers(room.clone());
    let id = ConversationId::group(room.clone());
    let on = {
        let id = id.clone();
        Memo::new(move |_| encrypts(state, &id))
    };
    let confirm_off = RwSignal::new(false);
    let set = {
        let (handle, id) = (handle.clone(), id.clone());
        move |preference: EncryptionPreference| {
            let (handle, id) = (handle.clone(), id.clone());
            confirm_off.set(false);
            report(
                state,
                async move { handle.set_encryption(id, preference).await },
            );
        }
    };
    let toggle = {
        let set = set.clone();
        move |_| {
            if on.get_untracked() {
                // Plaintext in a private group is a choice the user confirms.
                confirm_off.set(true);
            } else {
                set(EncryptionPreference::Auto);
            }
        }
    };
    let unreadable = {
        let id = id.clone();
        Memo::new(move |_| unable_to_read(state, &id))
    };
    let readers_open = RwSignal::new(false);
    let off = set.clone();
    view! {
        <div class="group-encryption row">
            <button class="ghost small encryption-toggle" data-testid="group-encryption-toggle"
                data-encrypted=move || on.get().to_string() aria-pressed=move || on.get().to_string()
                title=move || if on.get() {
                    t(Msg::GroupEncryptionOnTitle)
                } else {
                    t(Msg::GroupEncryptionOffTitle)
                }
                on:click=toggle>
                <LockIcon/>
                " "{move || if on.get() { t(Msg::GroupEncryptionOn) } else { t(Msg::GroupEncryptionOff) }}
            </button>
            <Show when=move || on.get()>
                <button class="ghost small" data-testid="group-readers-toggle"
                    aria-expanded=move || readers_open.get().to_string()
                    on:click=move |_| readers_open.update(|open| *open = !*open)>
                    {move || match unreadable.with(Vec::len) {
                        0 => t(Msg::WhoCantRead).to_owned(),
                        n => tf(Msg::WhoCantReadCount, &[("n", &n.to_string())]),
                    }}
                </button>
            </Show>
        </div>
        <Show when=move || confirm_off.get()>
            <div role="alertdialog" class="dialog" data-testid="group-plaintext-confirm" aria-labelledby="group-plaintext-warning">
                <p id="group-plaintext-warning">{t(Msg::GroupPlaintextWarning)}</p>
                <button class="danger" data-testid="group-plaintext-confirm-yes"
                    on:click={let off = off.clone(); move |_| off(EncryptionPreference::Off)}>{t(Msg::SendUnencrypted)}</button>
                <button class="ghost" data-testid="group-plaintext-confirm-no" on:click=move |_| confirm_off.set(false)>{t(Msg::KeepEncryption)}</button>
            </div>
        </Show>
        <Show when=move || readers_open.get() && on.get()>
            <ReaderList room=room.clone()/>
        </Show>
    }
}

#[component]
fn ReaderList(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let readers = Memo::new(move |_| {
        state
            .group_readers
            .with(|all| all.get(&room).cloned())
            .unwrap_or_default()
    });
    let problems = move || {
        readers
            .get()
            .into_iter()
            .filter(|r| r.status != ReaderStatus::Ready)
            .collect::<Vec<_>>()
    };
    view! {
        <section class="group-readers small" data-testid="group-readers" aria-label=t(Msg::WhoCantReadGroup)>
            <Show when=move || readers.with(|r| r.iter().all(|r| r.status == ReaderStatus::Ready))>
                <p data-testid="group-readers-all">{move || match readers.with(Vec::len) {
                    0 => t(Msg::GroupReadersNobody).to_owned(),
                    n => tn(Msg::GroupReadersAllOne, Msg::GroupReadersAllOther, n as u64, &[]),
                }}</p>
            </Show>
            <ul>
                <For
                    each=problems
                    key=|r: &GroupReader| (r.jid.clone(), status_value(&r.status))
                    children=|r| view! {
                        <li data-testid="group-reader" data-jid=r.jid.clone() data-status=status_value(&r.status)>
                            {explain(&r.jid, &r.status)}
                        </li>
                    }
                />
            </ul>
        </section>
    }
}

/// The composer's question before a message goes to a group some members can't read.
pub fn send_anyway_question(unreadable: &[GroupReader]) -> String {
    let names = unreadable
        .iter()
        .map(|r| r.jid.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    tf(
        Msg::SendAnywayQuestion,
        &[("names", &names), ("who", t(Msg::WhoCantRead))],
    )
}

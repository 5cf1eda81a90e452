use crate::i18n::{t, Msg};
use chat_client::web::ClientHandle;
use chat_store::ConversationId;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Textarea;
use leptos::prelude::*;

/// Message input: Enter sends, Shift+Enter starts a new line.
#[component]
pub fn Composer(id: ConversationId) -> impl IntoView {
    let handle = expect_context::<ClientHandle>();
    let state = expect_context::<crate::state::AppState>();
    let control = expect_context::<super::message_actions::ComposerControl>();
    let (text, editing, replying) = (control.text, control.editing, control.replying);
    // "Send this one as disappearing": milliseconds, empty for the chat's own setting.
    let timer = RwSignal::new(String::new());
    let input_ref = NodeRef::<Textarea>::new();
    // In a private group some members can't read: the user is asked before it goes.
    let asking = RwSignal::new(None::<String>);
    let confirmed = RwSignal::new(false);

    let send = {
        let handle = handle.clone();
        let id = id.clone();
        move || {
            let body = text.get_untracked();
            if body.trim().is_empty() {
                return;
            }
            if editing.with_untracked(Option::is_none) && !confirmed.get_untracked() {
                let unreadable = super::group_readers::unable_to_read(state, &id);
                if !unreadable.is_empty() {
                    asking.set(Some(super::group_readers::send_anyway_question(
                        &unreadable,
                    )));
                    return;
                }
            }
            confirmed.set(false);
            asking.set(None);
            match editing.get_untracked() {
                Some(original) => {
                    let (handle, id) = (handle.clone(), id.clone());
                    super::contact_actions::report(state, async move {
                        handle.correct_message(id, original, body).await
                    });
                    editing.set(None);
                }
                None => match (
                    replying.get_untracked(),
                    timer.get_untracked().parse::<u64>(),
                ) {
                    (Some(original), _) => {
                        let (handle, id) = (handle.clone(), id.clone());
                        super::contact_actions::report(state, async move {
                            handle.send_reply(id, original.id, body).await
                        });
                        replying.set(None);
                    }
                    (None, Ok(ms)) => handle.send_disappearing(id.clone(), body, ms),
                    (None, Err(_)) => handle.send_message(id.clone(), body),
                },
            }
            text.set(String::new());
            if let Some(input) = input_ref.get_untracked() {
                input.set_value("");
                let _ = input.focus();
            }
        }
    };
    let on_submit = {
        let send = send.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            send();
        }
    };
    let send_anyway = {
        let send = send.clone();
        move |_| {
            confirmed.set(true);
            send();
        }
    };
    let on_keydown = move |event: KeyboardEvent| {
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        } else if event.key() == "Escape" && editing.get_untracked().is_some() {
            editing.set(None);
            text.set(String::new());
        } else if event.key() == "Escape" && replying.get_untracked().is_some() {
            replying.set(None);
        } else if event.key() == "ArrowUp" && text.with_untracked(String::is_empty) {
            // Up in an empty box edits the last message we sent, as in most chat apps.
            let last = state.messages.with_untracked(|messages| {
                messages
                    .iter()
                    .rev()
                    .find(|m| {
                        m.direction == chat_store::Direction::Out
                            && !m.meta.retracted
                            && !m.body.is_empty()
                    })
                    .cloned()
            });
            if let Some(message) = last {
                event.prevent_default();
                control.edit(&message);
            }
        }
    };
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    });
    // Choosing "Reply" puts the cursor where the reply is written.
    Effect::new(move |_| {
        if replying.with(Option::is_some) {
            if let Some(input) = input_ref.get_untracked() {
                let _ = input.focus();
            }
        }
    });
    // Typing notifications follow whether the box holds text; the client sends only changes.
    Effect::new({
        let handle = handle.clone();
        let id = id.clone();
        move |_| handle.set_typing(id.clone(), !text.with(|t| t.trim().is_empty()))
    });

    // Pasted files (a screenshot) are shared like picked ones.
    let uploads = expect_context::<super::attach::Uploads>();
    let on_paste = move |event: leptos::ev::ClipboardEvent| {
        let files = event
            .clipboard_data()
            .and_then(|data| data.files())
            .filter(|files| files.length() > 0);
        if let Some(files) = files {
            event.prevent_default();
            uploads.share(files);
        }
    };

    view! {
        <super::attach::UploadProgress/>
        {move || asking.get().map(|question| view! {
            <div role="alertdialog" class="dialog" data-testid="group-send-confirm" aria-labelledby="group-send-warning">
                <p id="group-send-warning">{question}</p>
                <button type="button" data-testid="group-send-confirm-yes" on:click=send_anyway.clone()>{t(Msg::SendToOthers)}</button>
                <button type="button" class="ghost" data-testid="group-send-confirm-no" on:click=move |_| asking.set(None)>{t(Msg::DontSend)}</button>
            </div>
        })}
        <Show when=move || editing.with(Option::is_some)>
            <p class="editing small" data-testid="editing" role="status">{t(Msg::EditingHint)}</p>
        </Show>
        {move || replying.get().map(|original| view! {
            <p class="replying small" data-testid="replying" role="status">
                <span>{super::message_reply::replying_label(state, &original)}</span>
                <button type="button" class="ghost small" data-testid="reply-cancel" aria-label=t(Msg::CancelReply)
                    on:click=move |_| replying.set(None)>"✕"</button>
            </p>
        })}
        <form class="composer" on:submit=on_submit>
            <super::attach::AttachButton/>
            <label for="composer" class="visually-hidden">{t(Msg::Message)}</label>
            <textarea id="composer" data-testid="composer" rows="1" placeholder=t(Msg::WriteAMessage)
                node_ref=input_ref bind:value=text on:keydown=on_keydown on:paste=on_paste></textarea>
            <label for="composer-timer" class="visually-hidden">{t(Msg::SendAsDisappearing)}</label>
            <select id="composer-timer" data-testid="composer-timer" title=t(Msg::SendAsDisappearing)
                prop:value=move || timer.get() on:change=move |event| timer.set(event_target_value(&event))>
                <option value="">{t(Msg::ComposerTimerChat)}</option>
                <option value="300000">{t(Msg::ComposerTimer5m)}</option>
                <option value="3600000">{t(Msg::ComposerTimer1h)}</option>
                <option value="86400000">{t(Msg::ComposerTimer1d)}</option>
            </select>
            <button type="submit" data-testid="send">{t(Msg::Send)}</button>
        </form>
    }
}

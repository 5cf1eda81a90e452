//! What can be done with a message: react, reply (XEP-0461), quote, copy, and for one's own
//! messages edit (XEP-0308) and retract (XEP-0424). The composer picks up edits, replies and
//! quotes through [`ComposerControl`].

use chat_client::web::ClientHandle;
use chat_store::{Direction, Message};
use leptos::prelude::*;

use super::contact_actions::report;
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// Quick reactions offered on every message.
pub const QUICK_REACTIONS: [&str; 6] = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

/// The chat's composer, as other parts of the chat view steer it.
#[derive(Clone, Copy)]
pub struct ComposerControl {
    pub text: RwSignal<String>,
    /// The message being corrected: its id.
    pub editing: RwSignal<Option<String>>,
    /// The message being replied to.
    pub replying: RwSignal<Option<Message>>,
}

impl ComposerControl {
    pub fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            editing: RwSignal::new(None),
            replying: RwSignal::new(None),
        }
    }

    pub fn edit(&self, message: &Message) {
        self.replying.set(None);
        self.editing.set(Some(message.id.clone()));
        self.text.set(message.body.clone());
    }

    /// The next message sent replies to `message`; an edit in progress is dropped.
    pub fn reply(&self, message: &Message) {
        if self.editing.get_untracked().is_some() {
            self.editing.set(None);
            self.text.set(String::new());
        }
        self.replying.set(Some(message.clone()));
    }

    pub fn quote(&self, message: &Message) {
        let quoted: String = message
            .body
            .lines()
            .map(|line| format!("> {line}\n"))
            .collect();
        self.text.update(|text| *text = format!("{quoted}{text}"));
    }
}

#[component]
pub fn MessageActions(message: Message) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let composer = expect_context::<ComposerControl>();
    let open = RwSignal::new(false);
    let confirm_retract = RwSignal::new(false);
    let own = message.direction == Direction::Out && !message.meta.retracted;
    let own_jid = state.own_jid.get_untracked();
    let mine: Vec<String> = message
        .meta
        .reactions
        .iter()
        .find(|r| r.sender == own_jid)
        .map(|r| r.emojis.clone())
        .unwrap_or_default();
    let react = {
        let (handle, message) = (handle.clone(), message.clone());
        move |emoji: &'static str| {
            let mut emojis = mine.clone();
            match emojis.iter().position(|e| e == emoji) {
                Some(index) => {
                    emojis.remove(index);
                }
                None => emojis.push(emoji.to_owned()),
            }
            let (handle, conversation, id) = (
                handle.clone(),
                message.conversation.clone(),
                message.id.clone(),
            );
            report(state, async move {
                handle.react(conversation, id, emojis).await
            });
            open.set(false);
        }
    };
    let retract = {
        let (handle, message) = (handle.clone(), message.clone());
        move |_| {
            if !confirm_retract.get_untracked() {
                confirm_retract.set(true);
                return;
            }
            let (handle, conversation, id) = (
                handle.clone(),
                message.conversation.clone(),
                message.id.clone(),
            );
            report(state, async move {
                handle.retract_message(conversation, id).await
            });
            open.set(false);
        }
    };
    let (edit_message, quote_message) = (message.clone(), message.clone());
    let reply_message = message.clone();
    // "Copied" (or why not) for screen readers and eyes alike; cleared after a moment.
    let copy_status = RwSignal::new(String::new());
    let copy_text = message.body.clone();
    let copy = move |_| {
        open.set(false);
        let text = copy_text.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let said = match copy_to_clipboard(&text).await {
                Ok(()) => t(Msg::Copied).to_owned(),
                Err(why) => tf(Msg::CopyFailed, &[("reason", &why)]),
            };
            copy_status.set(said);
            set_timeout(
                move || copy_status.set(String::new()),
                std::time::Duration::from_secs(3),
            );
        });
    };
    let can_reply = !message.meta.retracted && message.state != chat_store::DeliveryState::Pending;
    // Moderators may remove anyone's message once the room has given it an id.
    let moderates = message.conversation.kind == chat_store::ConversationKind::Group
        && !message.meta.retracted
        && message.stanza_id.is_some()
        && state.rooms.with_untracked(|rooms| {
            rooms
                .get(&message.conversation.jid)
                .is_some_and(|r| r.role == "moderator")
        });
    let moderate_message = message.clone();
    view! {
        <div class="message-actions">
            <button type="button" class="ghost small" data-testid="message-actions" aria-label=t(Msg::MessageActions)
                aria-expanded=move || open.get().to_string() on:click=move |_| { open.update(|o| *o = !*o); confirm_retract.set(false); }>"⋯"</button>
            <Show when=move || open.get()>
                <div class="actions-menu" role="menu">
                    {QUICK_REACTIONS.map(|emoji| {
                        let react = react.clone();
                        view! { <button type="button" role="menuitem" class="ghost small" data-testid="react" data-emoji=emoji aria-label=tf(Msg::ReactWith, &[("emoji", emoji)]) on:click=move |_| react(emoji)>{emoji}</button> }
                    }).collect_view()}
                    {can_reply.then(|| {
                        let message = reply_message.clone();
                        view! {
                            <button type="button" role="menuitem" class="ghost small" data-testid="message-reply-action"
                                on:click=move |_| { composer.reply(&message); open.set(false); }>{t(Msg::Reply)}</button>
                        }
                    })}
                    <button type="button" role="menuitem" class="ghost small" data-testid="message-copy" on:click=copy.clone()>{t(Msg::Copy)}</button>
                    <button type="button" role="menuitem" class="ghost small" data-testid="message-quote" on:click={
                        let message = quote_message.clone();
                        move |_| { composer.quote(&message); open.set(false); }
                    }>{t(Msg::Quote)}</button>
                    {moderates.then(|| view! { <super::moderate_action::ModerateAction message=moderate_message.clone()/> })}
                    {own.then(|| {
                        let (message, retract) = (edit_message.clone(), retract.clone());
                        view! {
                            <button type="button" role="menuitem" class="ghost small" data-testid="message-edit"
                                on:click=move |_| { composer.edit(&message); open.set(false); }>{t(Msg::Edit)}</button>
                            <button type="button" role="menuitem" class="ghost small danger" data-testid="message-retract" on:click=retract>
                                {move || if confirm_retract.get() { t(Msg::RetractConfirm) } else { t(Msg::Retract) }}
                            </button>
                        }
                    })}
                </div>
            </Show>
            <span class="copy-status small" role="status" data-testid="copy-status">{move || copy_status.get()}</span>
        </div>
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`), looked up at run time so a
/// browser without the API gets a reason instead of an exception.
async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let unavailable = || t(Msg::ClipboardUnavailable).to_owned();
    let navigator = web_sys::window().ok_or_else(unavailable)?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined())
        .ok_or_else(unavailable)?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(unavailable)?;
    let promise = write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or_else(unavailable)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| t(Msg::ClipboardRefused).to_owned())
}

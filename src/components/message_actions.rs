//! What can be done with a message: react, quote, and for one's own messages edit (XEP-0308)
//! and retract (XEP-0424). The composer picks up edits and quotes through [`ComposerControl`].

use chat_client::web::ClientHandle;
use chat_store::{Direction, Message};
use leptos::prelude::*;

use super::contact_actions::report;
use crate::state::AppState;

/// Quick reactions offered on every message.
pub const QUICK_REACTIONS: [&str; 6] = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

/// The chat's composer, as other parts of the chat view steer it.
#[derive(Clone, Copy)]
pub struct ComposerControl {
    pub text: RwSignal<String>,
    /// The message being corrected: its id.
    pub editing: RwSignal<Option<String>>,
}

impl ComposerControl {
    pub fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            editing: RwSignal::new(None),
        }
    }

    pub fn edit(&self, message: &Message) {
        self.editing.set(Some(message.id.clone()));
        self.text.set(message.body.clone());
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
    view! {
        <div class="message-actions">
            <button type="button" class="ghost small" data-testid="message-actions" aria-label="Actions for this message"
                aria-expanded=move || open.get().to_string() on:click=move |_| { open.update(|o| *o = !*o); confirm_retract.set(false); }>"⋯"</button>
            <Show when=move || open.get()>
                <div class="actions-menu" role="menu">
                    {QUICK_REACTIONS.map(|emoji| {
                        let react = react.clone();
                        view! { <button type="button" role="menuitem" class="ghost small" data-testid="react" data-emoji=emoji aria-label=format!("React with {emoji}") on:click=move |_| react(emoji)>{emoji}</button> }
                    }).collect_view()}
                    <button type="button" role="menuitem" class="ghost small" data-testid="message-quote" on:click={
                        let message = quote_message.clone();
                        move |_| { composer.quote(&message); open.set(false); }
                    }>"Quote"</button>
                    {own.then(|| {
                        let (message, retract) = (edit_message.clone(), retract.clone());
                        view! {
                            <button type="button" role="menuitem" class="ghost small" data-testid="message-edit"
                                on:click=move |_| { composer.edit(&message); open.set(false); }>"Edit"</button>
                            <button type="button" role="menuitem" class="ghost small danger" data-testid="message-retract" on:click=retract>
                                {move || if confirm_retract.get() { "Retract for everyone?" } else { "Retract" }}
                            </button>
                        }
                    })}
                </div>
            </Show>
        </div>
    }
}

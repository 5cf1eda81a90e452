use chat_store::{DeliveryState, Direction, Message, MessageEncryption};
use leptos::prelude::*;

use super::message_body::MessageBody;
use super::roster_list::display_name;
use crate::format::{delivery_label, delivery_state, time_of_day};
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// One message. The body is inserted as text, never as HTML: it comes from the network.
#[component]
pub fn MessageItem(message: Message) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Who a `/me` action names: the contact's name as in the roster list, else the address.
    let sender = state.roster.with_untracked(|roster| {
        roster
            .iter()
            .find(|item| item.jid == message.sender)
            .map(|item| {
                state
                    .nicks
                    .with_untracked(|nicks| display_name(item, nicks.get(&item.jid)))
            })
            .unwrap_or_else(|| message.sender.clone())
    });
    // In groups, whose message it is: the nick, already cleaned by the client.
    let group_sender = (message.conversation.kind == chat_store::ConversationKind::Group
        && message.direction == Direction::In)
        .then(|| message.sender.clone());
    let direction = match message.direction {
        Direction::In => "in",
        Direction::Out => "out",
    };
    let state = delivery_state(&message.state);
    let label = delivery_label(&message.state);
    let time = time_of_day(message.timestamp);
    let outgoing = message.direction == Direction::Out;
    let expiry = message.expires_at.map(|at| {
        let label = tf(Msg::DisappearsAt, &[("time", &time_of_day(at))]);
        view! {
            <span class="expiry" data-testid="message-expiry" data-expires-at=at.to_string() title=label.clone() aria-label=label>
                "⏱"
            </span>
        }
    });
    let (encryption, lock, unreadable) = match &message.encryption {
        MessageEncryption::Plain => ("plain", None, None),
        MessageEncryption::Omemo { trusted: true, .. } => ("omemo", Some(t(Msg::Encrypted)), None),
        MessageEncryption::Omemo { trusted: false, .. } => {
            ("omemo", Some(t(Msg::EncryptedUntrusted)), None)
        }
        MessageEncryption::Undecryptable { reason } => (
            "undecryptable",
            None,
            Some(crate::message_reasons::unreadable_reason_text(reason)),
        ),
    };
    let failure = match &message.state {
        DeliveryState::Failed(reason) => Some(crate::message_reasons::fail_reason_text(reason)),
        _ => None,
    };
    let edited = message.meta.edited_at.is_some() && !message.meta.retracted;
    let reactions = reaction_chips(&message);
    let actions = view! { <super::message_actions::MessageActions message=message.clone()/> };
    let dom_id = super::message_reply::dom_id(&message.id);
    let reply = message.meta.reply.clone().filter(|_| !message.meta.retracted).map(|reply| {
        view! { <super::message_reply::ReplyQuote reply=reply conversation=message.conversation.clone()/> }
    });
    let body = match unreadable {
        _ if message.meta.moderated.is_some() => {
            let reason = message.meta.moderated.clone().unwrap_or_default();
            let text = if reason.is_empty() {
                t(Msg::MessageModerated).to_owned()
            } else {
                tf(Msg::MessageModeratedReason, &[("reason", &reason)])
            };
            view! { <p class="retracted small" data-testid="message-moderated">{text}</p> }.into_any()
        }
        _ if message.meta.retracted => view! { <p class="retracted small" data-testid="message-retracted">{t(Msg::Retracted)}</p> }.into_any(),
        // Never the fallback body of an encrypted message: say why it cannot be shown.
        Some(reason) => {
            view! { <p class="undecryptable" data-testid="message-undecryptable">{reason}</p> }
                .into_any()
        }
        None => match chat_client::media::shared_media(&message.body) {
            Some(kind) => {
                view! { <super::shared_file::SharedFile link=message.body kind=kind/> }.into_any()
            }
            None => view! { <MessageBody body=message.body sender=sender/> }.into_any(),
        },
    };
    view! {
        <div class="message" id=dom_id tabindex="-1" data-testid="message" data-id=message.id.clone() data-direction=direction data-state=state data-encryption=encryption data-timestamp=message.timestamp.to_string()>
            {group_sender.map(|nick| view! { <p class="sender small" data-testid="message-sender">{nick}</p> })}
            {reply}
            {body}
            {reactions}
            {actions}
            {failure.map(|reason| view! { <p class="failure small" data-testid="message-failure" role="alert">{tf(Msg::NotSent, &[("reason", &reason)])}</p> })}
            <p class="meta">
                {lock.map(|label| view! { <span class="lock" data-testid="message-lock" title=label role="img" aria-label=label><LockIcon/></span> })}
                <time>{time}</time>
                {expiry}
                {edited.then(|| view! { <span class="edited" data-testid="message-edited">{t(Msg::Edited)}</span> })}
                <Show when=move || outgoing>
                    <span class="tick" data-state=state title=label.clone()>
                        <span class="visually-hidden">{label.clone()}</span>
                    </span>
                </Show>
            </p>
        </div>
    }
}

/// A small padlock, drawn here so no font or remote asset is needed.
#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" fill="currentColor"/>
        </svg>
    }
}

/// Reactions grouped by emoji, each with its count and who reacted (as a tooltip).
fn reaction_chips(message: &Message) -> Option<impl IntoView> {
    let mut chips: Vec<(String, Vec<String>)> = Vec::new();
    for reaction in &message.meta.reactions {
        for emoji in &reaction.emojis {
            match chips.iter_mut().find(|(known, _)| known == emoji) {
                Some((_, senders)) => senders.push(reaction.sender.clone()),
                None => chips.push((emoji.clone(), vec![reaction.sender.clone()])),
            }
        }
    }
    (!chips.is_empty()).then(|| {
        view! {
            <ul class="reactions" aria-label=t(Msg::Reactions)>
                {chips.into_iter().map(|(emoji, senders)| {
                    let label = tf(Msg::ReactionFrom, &[("emoji", &emoji), ("names", &senders.join(", "))]);
                    view! { <li class="reaction small" data-testid="reaction" data-emoji=emoji.clone() data-count=senders.len().to_string() title=label.clone() aria-label=label>{format!("{emoji} {}", senders.len())}</li> }
                }).collect_view()}
            </ul>
        }
    })
}

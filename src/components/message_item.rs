use chat_store::{Direction, Message};
use leptos::prelude::*;

use super::message_body::MessageBody;
use super::roster_list::display_name;
use crate::format::{delivery_label, delivery_state, time_of_day};
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
    let direction = match message.direction {
        Direction::In => "in",
        Direction::Out => "out",
    };
    let state = delivery_state(&message.state);
    let label = delivery_label(&message.state);
    let time = time_of_day(message.timestamp);
    let outgoing = message.direction == Direction::Out;
    let expiry = message.expires_at.map(|at| {
        let label = format!("Disappears at {}", time_of_day(at));
        view! {
            <span class="expiry" data-testid="message-expiry" data-expires-at=at.to_string() title=label.clone() aria-label=label>
                "⏱"
            </span>
        }
    });
    view! {
        <div class="message" data-testid="message" data-direction=direction data-state=state data-timestamp=message.timestamp.to_string()>
            <MessageBody body=message.body sender=sender/>
            <p class="meta">
                <time>{time}</time>
                {expiry}
                <Show when=move || outgoing>
                    <span class="tick" data-state=state title=label.clone()>
                        <span class="visually-hidden">{label.clone()}</span>
                    </span>
                </Show>
            </p>
        </div>
    }
}

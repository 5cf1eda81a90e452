use chat_store::{Direction, Message};
use leptos::prelude::*;

use crate::format::{delivery_label, delivery_state, time_of_day};

/// One message. The body is inserted as text, never as HTML: it comes from the network.
#[component]
pub fn MessageItem(message: Message) -> impl IntoView {
    let direction = match message.direction {
        Direction::In => "in",
        Direction::Out => "out",
    };
    let state = delivery_state(&message.state);
    let label = delivery_label(&message.state);
    let time = time_of_day(message.timestamp);
    let outgoing = message.direction == Direction::Out;
    view! {
        <div class="message" data-testid="message" data-direction=direction data-state=state data-timestamp=message.timestamp.to_string()>
            <p class="message-body" data-testid="message-body">{message.body}</p>
            <p class="meta">
                <time>{time}</time>
                <Show when=move || outgoing>
                    <span class="tick" data-state=state title=label.clone()>
                        <span class="visually-hidden">{label.clone()}</span>
                    </span>
                </Show>
            </p>
        </div>
    }
}

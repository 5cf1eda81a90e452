use chat_client::web::ClientHandle;
use chat_client::ConnectionState;
use leptos::prelude::*;

use crate::i18n::{t, Msg};
use crate::state::AppState;

/// Always-visible connection indicator; errors are announced to screen readers.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let data_state = move || match state.connection.get() {
        ConnectionState::Online => "online",
        ConnectionState::Connecting => "connecting",
        ConnectionState::Offline { .. } | ConnectionState::Disconnected => "offline",
        ConnectionState::Error(_) => "error",
    };
    let label = move || match state.connection.get() {
        ConnectionState::Online => t(Msg::ConnectionOnline).to_owned(),
        ConnectionState::Connecting => t(Msg::ConnectionConnecting).to_owned(),
        ConnectionState::Offline { .. } => t(Msg::ConnectionReconnecting).to_owned(),
        ConnectionState::Disconnected => t(Msg::ConnectionOffline).to_owned(),
        ConnectionState::Error(_) => t(Msg::ConnectionProblem).to_owned(),
    };
    let error = move || match state.connection.get() {
        ConnectionState::Error(reason) => Some(crate::reasons::connection_problem_text(&reason)),
        _ => None,
    };
    let can_retry = move || {
        matches!(
            state.connection.get(),
            ConnectionState::Offline { .. } | ConnectionState::Error(_)
        )
    };
    let retry = move |_| handle.reconnect_now();

    view! {
        <div class="connection" role="status" aria-live="polite">
            <span class="dot" aria-hidden="true" data-state=data_state></span>
            <span data-testid="connection-status" data-state=data_state>{label}</span>
            <Show when=move || error().is_some()>
                <span class="connection-error" role="alert" data-testid="connection-error">{move || error().unwrap_or_default()}</span>
            </Show>
            <Show when=can_retry>
                <button class="ghost small" on:click=retry.clone()>{t(Msg::ConnectionRetry)}</button>
            </Show>
        </div>
    }
}

use chat_client::web::ClientHandle;
use leptos::prelude::*;

use crate::components::dialog_focus;
use crate::components::{
    AccountSettings, AddContact, Announcer, BlockedList, ChatView, ConnectionStatus,
    ConversationList, GroupsPanel, NewChat, OwnStatus, Preferences, RosterList,
    SubscriptionRequests,
};
use crate::i18n::{t, Msg};
use crate::state::AppState;

/// The logged-in layout: a sidebar with chats and contacts, and the open chat.
#[component]
pub fn MainView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let logout = {
        let handle = handle.clone();
        move |_| handle.logout(false)
    };
    let confirm_forget = RwSignal::new(false);
    let forget_dialog = NodeRef::new();
    dialog_focus::focus_on_open(forget_dialog);
    let close_forget = move || {
        confirm_forget.set(false);
        dialog_focus::return_focus("logout-forget");
    };
    let forget = move |_| {
        confirm_forget.set(false);
        let handle = handle.clone();
        leptos::task::spawn_local(async move {
            handle.forget_device().await;
            crate::boot::delete_database_and_reload();
        });
    };
    let chat_open = move || state.active.get().is_some();

    view! {
        <div class="main" data-testid="main-view" class:chat-open=chat_open>
            <header class="topbar">
                <span class="brand">"Jibber"</span>
                <span class="own-jid" data-testid="own-jid">{move || state.own_jid.get()}</span>
                <ConnectionStatus/>
                <OwnStatus/>
                <AccountSettings/>
                <Preferences/>
                <button class="ghost" data-testid="logout" on:click=logout>{t(Msg::Logout)}</button>
                <button class="ghost" id="logout-forget" data-testid="logout-forget" on:click=move |_| confirm_forget.set(true)>{t(Msg::LogoutForget)}</button>
            </header>
            <Show when=move || confirm_forget.get()>
                <div class="banner danger-zone" role="alertdialog" aria-labelledby="forget-warning" node_ref=forget_dialog
                    on:keydown=move |event| dialog_focus::on_keydown(&event, close_forget)>
                    <p id="forget-warning">{t(Msg::ForgetWarning)}</p>
                    <button class="danger" data-testid="logout-forget-confirm" on:click=forget.clone()>{t(Msg::ForgetConfirm)}</button>
                    <button class="ghost" autofocus=true on:click=move |_| close_forget()>{t(Msg::Cancel)}</button>
                </div>
            </Show>
            <Show when=move || state.storage_error.get().is_some()>
                <p class="warning banner" role="alert" data-testid="storage-error">{move || state.storage_error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || state.notice.get().is_some()>
                <p class="notice" role="status" data-testid="notice">
                    {move || state.notice.get().unwrap_or_default()}
                    <button class="ghost small" aria-label=t(Msg::Dismiss) on:click=move |_| state.notice.set(None)>"×"</button>
                </p>
            </Show>
            <Announcer/>
            <nav class="sidebar" aria-label=t(Msg::SidebarLabel)>
                <NewChat/>
                <SubscriptionRequests/>
                <GroupsPanel/>
                <ConversationList/>
                <AddContact/>
                <RosterList/>
                <BlockedList/>
            </nav>
            <section class="chat-pane" aria-label=t(Msg::ChatPaneLabel)>
                {move || match state.active.get() {
                    Some(id) => view! { <ChatView id=id/> }.into_any(),
                    None => view! { <p class="empty">{t(Msg::PickAChat)}</p> }.into_any(),
                }}
            </section>
        </div>
    }
}

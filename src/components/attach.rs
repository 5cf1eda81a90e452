//! Sharing files in a chat: a button (and dropping or pasting files) uploads them through the
//! server's upload service, with progress and a way to cancel; encrypted chats encrypt first.

use std::rc::Rc;

use chat_client::web::{Cancel, ClientHandle};
use chat_store::ConversationId;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::FileList;

use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

/// The chat's uploads: what is being sent and how far it got.
#[derive(Clone)]
pub struct Uploads {
    conversation: ConversationId,
    /// File name and progress (0..1) of the upload under way.
    pub current: RwSignal<Option<(String, f64)>>,
    cancel: StoredValue<Option<Cancel>, LocalStorage>,
}

impl Uploads {
    pub fn new(conversation: ConversationId) -> Self {
        Self {
            conversation,
            current: RwSignal::new(None),
            cancel: StoredValue::new_local(None),
        }
    }

    /// Shares `files` one after the other.
    pub fn share(&self, files: FileList) {
        let state = expect_context::<AppState>();
        let handle = expect_context::<ClientHandle>();
        let uploads = self.clone();
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        spawn_local(async move {
            for file in files {
                let cancel = Cancel::default();
                uploads.cancel.set_value(Some(cancel.clone()));
                let name = file.name();
                uploads.current.set(Some((name.clone(), 0.0)));
                let current = uploads.current;
                let progress: Rc<dyn Fn(f64)> =
                    Rc::new(move |done| current.set(Some((name.clone(), done))));
                let result = handle
                    .share_file(uploads.conversation.clone(), file, progress, cancel.clone())
                    .await;
                uploads.current.set(None);
                match result {
                    Err(_) if cancel.is_cancelled() => break,
                    Err(reason) => {
                        state.notice.set(Some(tf(
                            Msg::FileNotShared,
                            &[("reason", &crate::reasons::client_error_text(&reason))],
                        )));
                        break;
                    }
                    Ok(()) => {}
                }
            }
        });
    }

    pub fn cancel(&self) {
        if let Some(cancel) = self.cancel.get_value() {
            cancel.cancel();
        }
    }
}

#[component]
pub fn AttachButton() -> impl IntoView {
    let uploads = expect_context::<Uploads>();
    let input = NodeRef::<Input>::new();
    let on_change = {
        let uploads = uploads.clone();
        move |_| {
            if let Some(files) = input.get_untracked().and_then(|i| i.files()) {
                uploads.share(files);
            }
            if let Some(input) = input.get_untracked() {
                input.set_value("");
            }
        }
    };
    let current = uploads.current;
    view! {
        <input type="file" multiple=true class="visually-hidden" data-testid="attach-input" node_ref=input on:change=on_change tabindex="-1" aria-hidden="true"/>
        <button type="button" class="ghost attach" data-testid="attach" aria-label=t(Msg::Attach)
            disabled=move || current.with(Option::is_some)
            on:click=move |_| { if let Some(input) = input.get_untracked() { input.click(); } }>"+"</button>
    }
}

/// Shown while a file uploads.
#[component]
pub fn UploadProgress() -> impl IntoView {
    let uploads = expect_context::<Uploads>();
    let current = uploads.current;
    view! {
        <Show when=move || current.with(Option::is_some)>
            <div class="upload-progress small" data-testid="upload-progress" role="status">
                <span>{move || current.with(|c| c.as_ref().map(|(name, _)| tf(Msg::Uploading, &[("name", name)])).unwrap_or_default())}</span>
                <progress max="1" value=move || current.with(|c| c.as_ref().map_or(0.0, |(_, done)| *done)).to_string()></progress>
                <button type="button" class="ghost small" data-testid="upload-cancel" on:click={
                    let uploads = uploads.clone();
                    move |_| uploads.cancel()
                }>{t(Msg::Cancel)}</button>
            </div>
        </Show>
    }
}

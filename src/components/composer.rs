use chat_client::web::ClientHandle;
use chat_store::ConversationId;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Textarea;
use leptos::prelude::*;

/// Message input: Enter sends, Shift+Enter starts a new line.
#[component]
pub fn Composer(id: ConversationId) -> impl IntoView {
    let handle = expect_context::<ClientHandle>();
    let text = RwSignal::new(String::new());
    let input_ref = NodeRef::<Textarea>::new();

    let send = {
        let handle = handle.clone();
        let id = id.clone();
        move || {
            let body = text.get_untracked();
            if body.trim().is_empty() {
                return;
            }
            handle.send_message(id.clone(), body);
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
    let on_keydown = move |event: KeyboardEvent| {
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        }
    };
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
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
        <form class="composer" on:submit=on_submit>
            <super::attach::AttachButton/>
            <label for="composer" class="visually-hidden">"Message"</label>
            <textarea id="composer" data-testid="composer" rows="1" placeholder="Write a message"
                node_ref=input_ref bind:value=text on:keydown=on_keydown on:paste=on_paste></textarea>
            <button type="submit" data-testid="send">"Send"</button>
        </form>
    }
}

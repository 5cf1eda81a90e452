//! A shared file in the message list: images, video and audio are downloaded (and decrypted,
//! for `aesgcm://` links) and shown inline from a `blob:` URL; other files get a download link.

use crate::i18n::{t, tf, Msg};
use chat_client::media::{parse_aesgcm, MediaKind};
use chat_client::web::ClientHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SharedFile(link: String, kind: MediaKind) -> impl IntoView {
    let handle = expect_context::<ClientHandle>();
    let opened = RwSignal::new(None::<Result<String, chat_client::ClientError>>);
    let encrypted = parse_aesgcm(&link).is_some();
    let name = link
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or("file")
        .to_owned();
    if kind != MediaKind::Other || encrypted {
        let link = link.clone();
        spawn_local(async move { opened.set(Some(handle.open_shared_file(link).await)) });
    }
    on_cleanup(move || {
        if let Some(Ok(url)) = opened.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let plain_link = (!encrypted).then(|| link.clone());
    view! {
        <div class="shared-file" data-testid="shared-file" data-kind=format!("{kind:?}").to_lowercase() data-link=link.clone()>
            {move || match opened.get() {
                None if kind == MediaKind::Other && !encrypted => None,
                None => Some(view! { <p class="small">{t(Msg::FileLoading)}</p> }.into_any()),
                Some(Err(reason)) => Some(view! { <p class="small" data-testid="shared-file-error">{tf(Msg::FileCannotShow, &[("reason", &crate::reasons::client_error_text(&reason))])}</p> }.into_any()),
                Some(Ok(url)) => Some(match kind {
                    MediaKind::Image => view! { <img src=url data-testid="message-image" alt=name.clone() loading="lazy"/> }.into_any(),
                    MediaKind::Video => view! { <video src=url controls=true data-testid="message-video"></video> }.into_any(),
                    MediaKind::Audio => view! { <audio src=url controls=true data-testid="message-audio"></audio> }.into_any(),
                    MediaKind::Other => view! { <a href=url download=name.clone() data-testid="shared-file-download">{tf(Msg::FileDownload, &[("name", &name)])}</a> }.into_any(),
                }),
            }}
            {plain_link.map(|href| { let text = href.clone(); view! { <a class="small" href=href rel="noopener noreferrer nofollow" target="_blank">{text}</a> } })}
        </div>
    }
}

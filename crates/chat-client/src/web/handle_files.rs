//! The UI's file sharing: encrypt (in encrypted chats), ask for a slot, upload with progress,
//! send the link; and opening a shared file for display as a `blob:` URL (so the page's
//! Content-Security-Policy needs no remote image sources).

use std::rc::Rc;

use chat_store::ConversationId;
use futures::channel::oneshot;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, Url};

use super::driver::{Command, Input};
use super::files::FileCommand;
use super::handle::ClientHandle;
use super::http::{self, Cancel};
use crate::ClientError;
use crate::{media, TransferError};

/// A file or link the media code refuses (its words).
fn unusable(error: impl std::fmt::Display) -> TransferError {
    TransferError::Unusable {
        detail: error.to_string(),
    }
}

impl ClientHandle {
    async fn ask_files<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, ClientError>>) -> FileCommand,
    ) -> Result<T, ClientError> {
        let (reply, answer) = oneshot::channel();
        let _ = self
            .inputs
            .unbounded_send(Input::Command(Command::Files(make(reply))));
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    /// Shares `file` in `conversation`: progress goes to `progress` (0..1); `cancel` stops it.
    pub async fn share_file(
        &self,
        conversation: ConversationId,
        file: File,
        progress: Rc<dyn Fn(f64)>,
        cancel: Cancel,
    ) -> Result<(), ClientError> {
        let encrypt = self
            .ask_files(|reply| FileCommand::SharesEncrypted {
                conversation: conversation.clone(),
                reply,
            })
            .await?;
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| TransferError::Unreadable)?;
        let plaintext = Uint8Array::new(&buffer).to_vec();
        let content_type = Some(file.type_()).filter(|t| !t.is_empty());
        let (bytes, encrypted) = if encrypt {
            let encrypted = media::encrypt_file(&plaintext).map_err(unusable)?;
            (encrypted.ciphertext.clone(), Some(encrypted))
        } else {
            (plaintext, None)
        };
        let size = bytes.len() as u64;
        // Ciphertext is opaque bytes to the server, which learns nothing of the file's type.
        let upload_type = if encrypted.is_some() {
            Some("application/octet-stream".to_owned())
        } else {
            content_type
        };
        let slot = self
            .ask_files(|reply| FileCommand::RequestSlot {
                filename: file.name(),
                size,
                content_type: upload_type.clone(),
                reply,
            })
            .await?;
        http::put(&slot, &bytes, upload_type.as_deref(), progress, &cancel).await?;
        let link = encrypted.map_or_else(
            || slot.get_url.clone(),
            |file| file.share_url(&slot.get_url),
        );
        self.send_message(conversation, link);
        Ok(())
    }

    /// Downloads (and, for `aesgcm://` links, decrypts) a shared file and returns a `blob:` URL
    /// for it. The caller revokes it with `Url::revoke_object_url` when done.
    pub async fn open_shared_file(&self, link: String) -> Result<String, ClientError> {
        let bytes = match media::parse_aesgcm(&link) {
            Some(shared) => shared
                .decrypt(&http::get(&shared.download_url).await?)
                .map_err(unusable)?,
            None => http::get(&link).await?,
        };
        let parts = Array::of1(&Uint8Array::from(bytes.as_slice()).into());
        let options = BlobPropertyBag::new();
        let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|_| TransferError::CannotShow)?;
        Url::create_object_url_with_blob(blob.unchecked_ref())
            .map_err(|_| ClientError::Transfer(TransferError::CannotShow))
    }
}

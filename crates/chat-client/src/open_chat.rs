//! The conversation the user opens and reads: which one is shown, creating 1:1 chats, pages of
//! stored messages.

use chat_store::{Changes, Conversation, ConversationId, MessagePage, Millis, Store};
use xmpp_protocol::BareJid;

use crate::error::ClientError;
use crate::Client;

impl<S: Store> Client<S> {
    /// The conversation the user is looking at: its messages do not count as unread.
    pub async fn set_active_conversation(
        &mut self,
        id: Option<ConversationId>,
    ) -> Result<(), ClientError> {
        self.active = id.clone();
        let Some(id) = id else { return Ok(()) };
        let mut conversation = self
            .store
            .conversation(&id)
            .await?
            .unwrap_or_else(|| Conversation::new(id.clone()));
        if conversation.unread > 0 {
            self.mark_displayed(&id).await?;
            conversation.unread = 0;
            self.save(Changes {
                conversation_upserts: vec![conversation],
                ..Changes::default()
            })
            .await?;
        }
        Ok(())
    }

    /// Opens (and creates if needed) a 1:1 conversation with `jid`.
    pub async fn open_direct(&mut self, jid: &str) -> Result<ConversationId, ClientError> {
        let bare: BareJid = jid
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let id = ConversationId::direct(bare.to_string());
        if self.store.conversation(&id).await?.is_none() {
            self.save(Changes {
                conversation_upserts: vec![Conversation::new(id.clone())],
                ..Changes::default()
            })
            .await?;
        }
        self.set_active_conversation(Some(id.clone())).await?;
        Ok(id)
    }

    pub async fn messages(
        &self,
        id: &ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
    ) -> Result<MessagePage, ClientError> {
        Ok(self.store.messages(id, before, limit).await?)
    }
}

use crate::model::{Account, Conversation, ConversationId, Message, OmemoRecord, RosterItem};

/// One atomic batch of mutations. The client gathers everything an incoming stanza or a user
/// action changes and saves it in one call, so a reload never sees half of it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    /// `Some(Some(a))` replaces the account, `Some(None)` deletes it.
    pub account: Option<Option<Account>>,
    pub roster_upserts: Vec<RosterItem>,
    pub roster_removals: Vec<String>,
    /// Replace the whole roster first (a full roster fetch), then apply upserts/removals.
    pub roster_replace: bool,
    pub conversation_upserts: Vec<Conversation>,
    pub conversation_removals: Vec<ConversationId>,
    pub message_upserts: Vec<Message>,
    /// Ids (local primary keys) of messages to delete.
    pub message_removals: Vec<String>,
    /// Delete every message of these conversations (clear history).
    pub clear_conversations: Vec<ConversationId>,
    /// Small JSON settings by key; `None` deletes.
    pub settings: Vec<(String, Option<String>)>,
    /// OMEMO records to write (replacing any with the same key).
    pub omemo_upserts: Vec<OmemoRecord>,
    /// Keys of OMEMO records to delete.
    pub omemo_removals: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self == &Changes::default()
    }

    /// Folds `later` into `self`, as if both were saved in order.
    pub fn merge(&mut self, later: Changes) {
        if later.account.is_some() {
            self.account = later.account;
        }
        if later.roster_replace {
            self.roster_replace = true;
            self.roster_upserts.clear();
            self.roster_removals.clear();
        }
        // A batch applies its deletions before its upserts, so what `later` deletes must also
        // drop the matching upserts of `self`, and what `later` upserts must drop the matching
        // deletions of `self`; otherwise the merged batch would resurrect or lose it.
        self.roster_removals
            .retain(|jid| !later.roster_upserts.iter().any(|item| &item.jid == jid));
        self.conversation_upserts
            .retain(|c| !later.conversation_removals.contains(&c.id));
        self.message_upserts.retain(|m| {
            !later.message_removals.contains(&m.id)
                && !later.clear_conversations.contains(&m.conversation)
                && !later.conversation_removals.contains(&m.conversation)
        });
        self.roster_upserts.extend(later.roster_upserts);
        self.roster_removals.extend(later.roster_removals);
        self.conversation_upserts.extend(later.conversation_upserts);
        self.conversation_removals
            .extend(later.conversation_removals);
        self.clear_conversations.extend(later.clear_conversations);
        self.message_upserts.extend(later.message_upserts);
        self.message_removals.extend(later.message_removals);
        self.settings.extend(later.settings);
        self.omemo_upserts
            .retain(|r| !later.omemo_removals.contains(&r.key));
        self.omemo_removals
            .retain(|key| !later.omemo_upserts.iter().any(|r| &r.key == key));
        self.omemo_upserts.extend(later.omemo_upserts);
        self.omemo_removals.extend(later.omemo_removals);
    }
}

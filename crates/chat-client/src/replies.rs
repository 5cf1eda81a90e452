//! Replies (XEP-0461): sending one (the original named by the id its sender knows, and quoted
//! in a fallback for clients without support) and reading one (the fallback stripped only when
//! its ranges are valid, so a hostile one just leaves the body whole).

use chat_store::{ConversationId, ConversationKind, Direction, Message, Millis, ReplyTo, Store};
use xmpp_protocol::reply::{self, OutgoingReply, Reply};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Jid};

use crate::client::Client;
use crate::error::ClientError;
use crate::groups::clean_nick;

/// What a received message replies to, and its body without the quote fallback. In groups the
/// author is the occupant's nick.
pub(crate) fn read_reply(
    body: String,
    payloads: &[Element],
    kind: ConversationKind,
) -> (String, Option<ReplyTo>) {
    let Some(reply) = Reply::find_in(payloads) else {
        return (body, None);
    };
    let author = reply.to.as_ref().and_then(|to| match kind {
        ConversationKind::Group => to.resource().map(clean_nick),
        ConversationKind::Direct => Some(to.to_bare().to_string()),
    });
    // A reply that is nothing but its quote keeps the quote as its text.
    let split = reply::split_fallback(&body, payloads).filter(|s| !s.text.trim().is_empty());
    let (text, quote) = match split {
        Some(split) => (split.text, split.quote),
        None => (body, String::new()),
    };
    let reply_to = ReplyTo {
        id: reply.id,
        author,
        quote,
    };
    (text, Some(reply_to))
}

/// A pending reply as it goes out: the body with its quote, and the elements naming the original.
pub(crate) fn outgoing_reply(message: &Message) -> Option<OutgoingReply> {
    let reply_to = message.meta.reply.as_ref()?;
    let to = reply_to.author.as_deref().and_then(|author| {
        let jid = match message.conversation.kind {
            ConversationKind::Group => format!("{}/{author}", message.conversation.jid),
            ConversationKind::Direct => author.to_owned(),
        };
        jid.parse::<Jid>().ok()
    });
    let reply = Reply {
        to,
        id: reply_to.id.clone(),
    };
    Some(reply::compose(&reply, &reply_to.quote, &message.body))
}

impl<S: Store> Client<S> {
    /// Sends `body` as a reply to the message `original_id` of `conversation`.
    pub async fn send_reply(
        &mut self,
        conversation: &ConversationId,
        body: &str,
        original_id: &str,
        now: Millis,
    ) -> Result<Message, ClientError> {
        let original = self
            .store
            .find_message(conversation, original_id)
            .await?
            .ok_or(ClientError::Input(crate::InputProblem::MessageGone))?;
        let reply = self.reply_to(&original);
        self.queue_message(conversation, body, None, Some(reply), now)
            .await
    }

    /// How a reply names `original`: in groups by the room's stanza-id and the author's nick,
    /// in 1:1 chats by the id its sender gave it and the sender's address.
    fn reply_to(&self, original: &Message) -> ReplyTo {
        let (id, author) = match original.conversation.kind {
            ConversationKind::Group => {
                let id = original
                    .stanza_id
                    .clone()
                    .or_else(|| original.origin_id.clone())
                    .unwrap_or_else(|| original.id.clone());
                let author = match original.direction {
                    Direction::In => Some(original.sender.clone()),
                    Direction::Out => original
                        .conversation
                        .jid
                        .parse::<BareJid>()
                        .ok()
                        .and_then(|room| self.groups.rooms.get(&room))
                        .map(|entry| entry.room.nick.clone()),
                };
                (id, author)
            }
            ConversationKind::Direct => (
                crate::edits::peer_id(original),
                Some(original.sender.clone()),
            ),
        };
        ReplyTo {
            id,
            author,
            quote: original
                .body
                .chars()
                .take(reply::MAX_QUOTE_CHARS + 1)
                .collect(),
        }
    }
}

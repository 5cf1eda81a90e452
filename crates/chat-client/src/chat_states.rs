//! XEP-0085 typing notifications: shown for the peer, sent (only on change) for us.

use chat_store::{ConversationId, Store};
use xmpp_protocol::chat_states::ChatState;
use xmpp_protocol::{BareJid, Jid, MessageKind};

use crate::client::Client;
use crate::events::ClientEvent;
use crate::ids::random_id;

impl<S: Store> Client<S> {
    /// A live message from a peer: report whether they are typing. Any message with a body
    /// ends "typing" too.
    pub(crate) fn note_chat_state(&mut self, message: &xmpp_protocol::Message, peer: &BareJid) {
        let state = ChatState::find(&message.payloads);
        if state.is_none() && message.body.is_none() {
            return;
        }
        let typing = state == Some(ChatState::Composing) && message.body.is_none();
        self.events.push_back(ClientEvent::Typing {
            jid: peer.to_string(),
            typing,
        });
    }

    /// The user started or stopped typing in `conversation`; tells the peer once per change.
    pub fn set_typing(&mut self, conversation: &ConversationId, typing: bool) {
        let previous = self
            .sync
            .typing
            .insert(conversation.clone(), typing)
            .unwrap_or(false);
        if previous == typing {
            return;
        }
        let Ok(to) = conversation.jid.parse::<BareJid>() else {
            return;
        };
        let state = if typing {
            ChatState::Composing
        } else {
            ChatState::Active
        };
        let mut message = xmpp_protocol::Message {
            to: Some(Jid::Bare(to)),
            id: Some(random_id()),
            kind: MessageKind::Chat,
            ..Default::default()
        };
        message
            .payloads
            .extend([state.into(), ChatState::no_store_hint()]);
        if let Some(session) = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)
        {
            session.send_message(message);
        }
    }
}

//! XEP-0085 chat states: "typing…" and friends, sent alone or with a message.

use crate::ns;
use crate::payload::{wrong_element, ParseError};
use crate::xml::Element;

closed_enum! {
    pub enum ChatState {
        Active => "active",
        Composing => "composing",
        Paused => "paused",
        Inactive => "inactive",
        Gone => "gone",
    }
}

impl ChatState {
    /// The chat state among a message's payloads, if any.
    pub fn find(payloads: &[Element]) -> Option<ChatState> {
        payloads.iter().find_map(|p| ChatState::try_from(p).ok())
    }

    /// `<no-store/>` (XEP-0334): a standalone chat state is not worth archiving.
    pub fn no_store_hint() -> Element {
        Element::new("no-store", ns::HINTS)
    }
}

impl TryFrom<&Element> for ChatState {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.ns != ns::CHAT_STATES {
            return Err(wrong_element(
                element,
                "active|composing|paused|inactive|gone",
                ns::CHAT_STATES,
            ));
        }
        element.name.parse().map_err(|_| {
            wrong_element(
                element,
                "active|composing|paused|inactive|gone",
                ns::CHAT_STATES,
            )
        })
    }
}

impl From<ChatState> for Element {
    fn from(state: ChatState) -> Self {
        Element::new(state.as_str(), ns::CHAT_STATES)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn every_state_round_trips_and_others_are_not_states() {
        for state in ChatState::ALL {
            let xml = Element::from(*state).to_xml();
            assert_eq!(
                ChatState::try_from(&parse_element(&xml).unwrap()).unwrap(),
                *state
            );
        }
        let unknown =
            parse_element("<shouting xmlns='http://jabber.org/protocol/chatstates'/>").unwrap();
        assert!(ChatState::try_from(&unknown).is_err());
        let payloads = vec![
            parse_element("<markable xmlns='urn:xmpp:chat-markers:0'/>").unwrap(),
            Element::from(ChatState::Paused),
        ];
        assert_eq!(ChatState::find(&payloads), Some(ChatState::Paused));
    }
}

//! XEP-0308 last message correction: `<replace xmlns='urn:xmpp:message-correct:0' id='…'/>` in a
//! message whose body replaces the one of the message with that id (its origin-id when sent by
//! Jibber). Only the original sender may correct a message: [`check_corrector`] says so as a
//! typed error, so a contact cannot rewrite what someone else wrote.

use thiserror::Error;

use crate::jid::BareJid;
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

/// The id of the message being corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub id: String,
}

impl TryFrom<&Element> for Replace {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "replace", ns::MESSAGE_CORRECT)?;
        let id = required_attr(element, "replace", "id")?;
        if id.trim().is_empty() {
            return Err(ParseError::InvalidAttribute {
                element: "replace",
                attribute: "id",
                value: id.to_owned(),
                reason: "empty".into(),
            });
        }
        Ok(Replace { id: id.to_owned() })
    }
}

impl From<&Replace> for Element {
    fn from(replace: &Replace) -> Self {
        Element::builder("replace", ns::MESSAGE_CORRECT)
            .attr("id", replace.id.clone())
            .build()
    }
}

impl From<Replace> for Element {
    fn from(replace: Replace) -> Self {
        Element::from(&replace)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CorrectionError {
    #[error("{corrector} tried to correct a message from {original}")]
    NotOriginalSender {
        original: BareJid,
        corrector: BareJid,
    },
}

/// Accepts a correction only from the bare JID that sent the original message.
pub fn check_corrector(original: &BareJid, corrector: &BareJid) -> Result<(), CorrectionError> {
    if original == corrector {
        Ok(())
    } else {
        Err(CorrectionError::NotOriginalSender {
            original: original.clone(),
            corrector: corrector.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn parse_serialise_parse() {
        let xml = "<replace xmlns='urn:xmpp:message-correct:0' id='origin-1'/>";
        let replace = Replace::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(
            replace,
            Replace {
                id: "origin-1".into()
            }
        );
        assert_eq!(
            Replace::try_from(&Element::from(&replace)).unwrap(),
            replace
        );
    }

    #[test]
    fn rejects_missing_or_empty_ids_and_other_elements() {
        for xml in [
            "<replace xmlns='urn:xmpp:message-correct:0'/>",
            "<replace xmlns='urn:xmpp:message-correct:0' id=' '/>",
            "<replace xmlns='urn:xmpp:other' id='x'/>",
        ] {
            assert!(
                Replace::try_from(&parse_element(xml).unwrap()).is_err(),
                "{xml}"
            );
        }
    }

    #[test]
    fn only_the_original_sender_may_correct() {
        let alice: BareJid = "alice@example.org".parse().unwrap();
        let mallory: BareJid = "mallory@example.org".parse().unwrap();
        assert_eq!(check_corrector(&alice, &alice), Ok(()));
        assert_eq!(
            check_corrector(&alice, &mallory),
            Err(CorrectionError::NotOriginalSender {
                original: alice.clone(),
                corrector: mallory
            })
        );
    }
}

//! XEP-0444 message reactions: `<reactions xmlns='urn:xmpp:reactions:0' id='…'>` with one
//! `<reaction>` per emoji; each update replaces the sender's previous set for that message.

use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

pub const REACTIONS: &str = "urn:xmpp:reactions:0";
/// Reactions kept per sender and message; a flood of hundreds is cut, not stored.
pub const MAX_REACTIONS: usize = 16;
/// An emoji (with modifiers and joiners) is a handful of code points.
const MAX_REACTION_CHARS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reactions {
    /// The reacted-to message (its origin-id, or stanza-id in groups).
    pub id: String,
    pub emojis: Vec<String>,
}

impl TryFrom<&Element> for Reactions {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "reactions", REACTIONS)?;
        let id = required_attr(element, "reactions", "id")?;
        if id.trim().is_empty() || id.len() > 256 {
            return Err(ParseError::InvalidAttribute {
                element: "reactions",
                attribute: "id",
                value: id.chars().take(64).collect(),
                reason: "empty or too long".into(),
            });
        }
        let mut emojis: Vec<String> = Vec::new();
        for reaction in element.children_named("reaction", REACTIONS) {
            let text = reaction.text();
            let text = text.trim();
            let usable = !text.is_empty()
                && text.chars().count() <= MAX_REACTION_CHARS
                && !text.chars().any(char::is_control);
            if usable && !emojis.iter().any(|known| known == text) && emojis.len() < MAX_REACTIONS {
                emojis.push(text.to_owned());
            }
        }
        Ok(Reactions {
            id: id.to_owned(),
            emojis,
        })
    }
}

impl From<&Reactions> for Element {
    fn from(reactions: &Reactions) -> Self {
        Element::builder("reactions", REACTIONS)
            .attr("id", reactions.id.clone())
            .append_all(reactions.emojis.iter().map(|emoji| {
                Element::builder("reaction", REACTIONS)
                    .text(emoji.clone())
                    .build()
            }))
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn round_trips_and_bounds_hostile_sets() {
        let reactions = Reactions {
            id: "m1".into(),
            emojis: vec!["👍".into(), "❤️".into()],
        };
        assert_eq!(
            Reactions::try_from(&Element::from(&reactions)).unwrap(),
            reactions
        );
        let flood: String = (0..500)
            .map(|i| format!("<reaction>{i}</reaction>"))
            .collect();
        let xml = format!("<reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>👍</reaction><reaction>👍</reaction><reaction>{}</reaction>{flood}</reactions>", "x".repeat(100));
        let parsed = Reactions::try_from(&parse_element(&xml).unwrap()).unwrap();
        assert_eq!(parsed.emojis.len(), MAX_REACTIONS);
        assert_eq!(parsed.emojis[0], "👍");
        assert!(!parsed.emojis.iter().any(|e| e.len() > 64));
        let empty = Reactions::try_from(
            &parse_element("<reactions xmlns='urn:xmpp:reactions:0' id='m1'/>").unwrap(),
        )
        .unwrap();
        assert!(
            empty.emojis.is_empty(),
            "an empty set removes the sender's reactions"
        );
    }
}

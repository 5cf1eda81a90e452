//! Room configuration through `muc#owner` (XEP-0045 §10.1): fetch the form, answer it (from a
//! preset or field by field), accept the defaults (instant room), destroy.
//!
//! Presets fill the server's own form: fields the server does not offer are reported, never
//! invented, so a preset that cannot be applied is visible instead of silently partial.

use crate::dataforms::{DataForm, FormKind};
use crate::jid::BareJid;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// The two kinds of room Jibber creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomPreset {
    /// Members only, real JIDs visible to members (what OMEMO needs), persistent, hidden, archived.
    PrivateGroup,
    /// Listed publicly, anyone may join, real JIDs visible to moderators only, persistent,
    /// archived; `only_owners_write` makes it moderated so only owners and admins (moderators)
    /// and members speak, and everyone else joins as a visitor.
    PublicChannel { only_owners_write: bool },
}

/// Fields a preset must set; the form type prefix is the standard one.
const PERSISTENT: &str = "muc#roomconfig_persistentroom";
const PUBLIC: &str = "muc#roomconfig_publicroom";
const MEMBERS_ONLY: &str = "muc#roomconfig_membersonly";
const WHOIS: &str = "muc#roomconfig_whois";
const MODERATED: &str = "muc#roomconfig_moderatedroom";
const NAME: &str = "muc#roomconfig_roomname";
/// Prosody's field; other servers call it `muc#roomconfig_enablelogging`, ejabberd `mam`.
const ARCHIVING: [&str; 3] = [
    "muc#roomconfig_enablearchiving",
    "muc#roomconfig_enablelogging",
    "mam",
];
/// ejabberd's "default users as participants": on, a moderated room still lets everyone
/// speak, so it must be off where only owners write. Optional: Prosody has no such field.
const MEMBERS_BY_DEFAULT: &str = "members_by_default";

impl RoomPreset {
    /// `(var, value)` answers; `name` becomes the room's title.
    pub fn answers(self, name: &str) -> Vec<(String, String)> {
        let flag = |on: bool| if on { "1" } else { "0" }.to_owned();
        let (public, members_only, whois, moderated) = match self {
            RoomPreset::PrivateGroup => (false, true, "anyone", false),
            RoomPreset::PublicChannel { only_owners_write } => {
                (true, false, "moderators", only_owners_write)
            }
        };
        let mut answers = vec![
            (PERSISTENT.to_owned(), flag(true)),
            (PUBLIC.to_owned(), flag(public)),
            (MEMBERS_ONLY.to_owned(), flag(members_only)),
            (WHOIS.to_owned(), whois.to_owned()),
            (MODERATED.to_owned(), flag(moderated)),
            (MEMBERS_BY_DEFAULT.to_owned(), flag(!moderated)),
        ];
        answers.extend(ARCHIVING.iter().map(|var| ((*var).to_owned(), flag(true))));
        if !name.trim().is_empty() {
            answers.push((NAME.to_owned(), name.trim().to_owned()));
        }
        answers
    }

    /// The preset's answers as a submission of `form`, and the required settings the form
    /// lacks (archiving counts as present when either of its names is).
    pub fn submit(self, form: &DataForm, name: &str) -> (DataForm, Vec<String>) {
        let answers = self.answers(name);
        let mut missing: Vec<String> = [PERSISTENT, PUBLIC, MEMBERS_ONLY, WHOIS, MODERATED]
            .iter()
            .filter(|var| form.field(var).is_none())
            .map(|var| (*var).to_owned())
            .collect();
        if ARCHIVING.iter().all(|var| form.field(var).is_none()) {
            missing.push(ARCHIVING[0].to_owned());
        }
        (form.submit(&answers), missing)
    }
}

/// `<query xmlns='muc#owner'/>`: asks for the configuration form.
pub fn config_request() -> Element {
    Element::new("query", ns::MUC_OWNER)
}

/// The query carrying a submitted form.
pub fn config_submit(form: &DataForm) -> Element {
    Element::builder("query", ns::MUC_OWNER)
        .append(Element::from(form))
        .build()
}

/// XEP-0045 §10.1.2: an empty submission accepts the defaults and unlocks the room.
pub fn instant_room() -> Element {
    config_submit(&DataForm {
        kind: FormKind::Submit,
        ..DataForm::default()
    })
}

/// Destroys the room (§10.9), pointing occupants at `alternate` if given.
pub fn destroy_request(alternate: Option<&BareJid>, reason: Option<&str>) -> Element {
    let destroy = Element::builder("destroy", ns::MUC_OWNER)
        .attr_opt("jid", alternate.map(BareJid::to_string))
        .append_all(reason.map(|r| Element::builder("reason", ns::MUC_OWNER).text(r).build()))
        .build();
    Element::builder("query", ns::MUC_OWNER)
        .append(destroy)
        .build()
}

/// Reads the form out of a `muc#owner` answer.
pub fn config_form(query: &Element) -> Result<DataForm, ParseError> {
    expect_element(query, "query", ns::MUC_OWNER)?;
    let x = query
        .get_child("x", ns::DATA_FORMS)
        .ok_or(ParseError::MissingChild {
            element: "query",
            child: "x",
        })?;
    DataForm::try_from(x)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    /// The form of a captured `muc#owner` answer's `<x/>`.
    fn captured_form(x: &str) -> DataForm {
        let x = parse_element(x.trim()).unwrap();
        let query = Element::builder("query", ns::MUC_OWNER).append(x).build();
        config_form(&query).unwrap()
    }

    fn prosody_form() -> DataForm {
        captured_form(include_str!(
            "../../tests/fixtures/muc/room-config-form.xml"
        ))
    }

    fn ejabberd_form() -> DataForm {
        captured_form(include_str!(
            "../../tests/fixtures/muc/ejabberd-room-config-form.xml"
        ))
    }

    #[test]
    fn private_group_fills_prosodys_form() {
        let form = prosody_form();
        assert_eq!(form.form_type(), Some(ns::MUC_ROOMCONFIG));
        let (submitted, missing) = RoomPreset::PrivateGroup.submit(&form, "Team");
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(submitted.kind, FormKind::Submit);
        let value = |var: &str| submitted.field(var).unwrap().value().map(str::to_owned);
        assert_eq!(value(MEMBERS_ONLY).as_deref(), Some("1"));
        assert_eq!(value(PUBLIC).as_deref(), Some("0"));
        assert_eq!(value(WHOIS).as_deref(), Some("anyone"));
        assert_eq!(value(NAME).as_deref(), Some("Team"));
        assert_eq!(
            value("muc#roomconfig_enablearchiving").as_deref(),
            Some("1")
        );
        assert_eq!(value("FORM_TYPE").as_deref(), Some(ns::MUC_ROOMCONFIG));
        assert!(submitted.field("muc#roomconfig_enablelogging").is_none());
    }

    #[test]
    fn public_channel_where_only_owners_write_is_moderated() {
        let (submitted, _) = RoomPreset::PublicChannel {
            only_owners_write: true,
        }
        .submit(&prosody_form(), "News");
        let value = |var: &str| submitted.field(var).unwrap().value().map(str::to_owned);
        assert_eq!(value(MODERATED).as_deref(), Some("1"));
        assert_eq!(value(WHOIS).as_deref(), Some("moderators"));
        assert_eq!(value(PUBLIC).as_deref(), Some("1"));
        assert_eq!(value(MEMBERS_ONLY).as_deref(), Some("0"));
    }

    #[test]
    fn ejabberds_form_takes_both_presets_whole() {
        let form = ejabberd_form();
        let (private, missing) = RoomPreset::PrivateGroup.submit(&form, "Team");
        assert!(missing.is_empty(), "{missing:?}");
        let value = |f: &DataForm, var: &str| f.field(var).unwrap().value().map(str::to_owned);
        assert_eq!(value(&private, "mam").as_deref(), Some("1"));
        assert_eq!(value(&private, MEMBERS_ONLY).as_deref(), Some("1"));
        assert_eq!(value(&private, MEMBERS_BY_DEFAULT).as_deref(), Some("1"));
        let preset = RoomPreset::PublicChannel {
            only_owners_write: true,
        };
        let (channel, missing) = preset.submit(&form, "News");
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(value(&channel, MODERATED).as_deref(), Some("1"));
        assert_eq!(
            value(&channel, MEMBERS_BY_DEFAULT).as_deref(),
            Some("0"),
            "newcomers join as visitors"
        );
    }

    #[test]
    fn missing_fields_are_reported() {
        let (_, missing) = RoomPreset::PrivateGroup.submit(&DataForm::default(), "x");
        assert!(missing.contains(&MEMBERS_ONLY.to_owned()));
        assert_eq!(missing.len(), 6);
        assert!(config_form(&config_request()).is_err());
        let instant = instant_room();
        assert!(instant.get_child("x", ns::DATA_FORMS).is_some());
    }
}

//! Invitations: direct (XEP-0249, from the inviter to us) and mediated (XEP-0045 §7.8, relayed
//! by the room), plus declining a mediated one.
//!
//! Both kinds are read into one [`Invitation`] so the inbox does not care how it came; the
//! caller still checks that the room exists before showing a forged one as real.

use crate::jid::{BareJid, Jid};
use crate::ns;
use crate::payload::{expect_element, optional_jid, required_jid, ParseError};
use crate::stanza::{Message, MessageKind};
use crate::xml::Element;

/// `<x xmlns='jabber:x:conference' jid/>` (XEP-0249).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectInvite {
    pub room: BareJid,
    pub password: Option<String>,
    pub reason: Option<String>,
}

/// `<x xmlns='muc#user'><invite from|to>` (XEP-0045 §7.8.2): `from` when the room relays it
/// to us, `to` when we ask the room to relay it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediatedInvite {
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub reason: Option<String>,
    pub password: Option<String>,
}

/// `<x xmlns='muc#user'><decline from|to>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediatedDecline {
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub reason: Option<String>,
}

/// An invitation however it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub room: BareJid,
    /// Who invites us (bare); for mediated invitations the room's word for it.
    pub inviter: BareJid,
    pub reason: Option<String>,
    pub password: Option<String>,
    /// Mediated invitations are declined through the room; direct ones need no answer.
    pub mediated: bool,
}

impl TryFrom<&Element> for DirectInvite {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::CONFERENCE)?;
        Ok(DirectInvite {
            room: required_jid(element, "x", "jid")?,
            password: element.attr("password").map(str::to_owned),
            reason: element.attr("reason").map(str::to_owned),
        })
    }
}

impl From<&DirectInvite> for Element {
    fn from(invite: &DirectInvite) -> Self {
        Element::builder("x", ns::CONFERENCE)
            .attr("jid", invite.room.to_string())
            .attr_opt("password", invite.password.clone())
            .attr_opt("reason", invite.reason.clone())
            .build()
    }
}

impl DirectInvite {
    /// The message that carries it to `invitee` (a `normal` message, as the XEP shows, with a
    /// body for clients that do not know invitations).
    pub fn message(&self, invitee: &BareJid, id: &str) -> Message {
        Message {
            to: Some(Jid::Bare(invitee.clone())),
            id: Some(id.to_owned()),
            kind: MessageKind::Normal,
            body: Some(format!("You are invited to {}", self.room)),
            payloads: vec![Element::from(self)],
            ..Message::default()
        }
    }
}

fn muc_user_child<'a>(element: &'a Element, name: &'static str) -> Result<&'a Element, ParseError> {
    expect_element(element, "x", ns::MUC_USER)?;
    element
        .get_child(name, ns::MUC_USER)
        .ok_or_else(|| crate::payload::wrong_element(element, name, ns::MUC_USER))
}

impl TryFrom<&Element> for MediatedInvite {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let invite = muc_user_child(element, "invite")?;
        Ok(MediatedInvite {
            from: optional_jid(invite, "invite", "from")?,
            to: optional_jid(invite, "invite", "to")?,
            reason: invite.child_text("reason", ns::MUC_USER),
            password: element.child_text("password", ns::MUC_USER),
        })
    }
}

impl From<&MediatedInvite> for Element {
    fn from(invite: &MediatedInvite) -> Self {
        let inner = Element::builder("invite", ns::MUC_USER)
            .attr_opt("from", invite.from.as_ref().map(Jid::to_string))
            .attr_opt("to", invite.to.as_ref().map(Jid::to_string))
            .append_all(invite.reason.as_ref().map(|r| {
                Element::builder("reason", ns::MUC_USER)
                    .text(r.clone())
                    .build()
            }))
            .build();
        Element::builder("x", ns::MUC_USER)
            .append(inner)
            .append_all(invite.password.as_ref().map(|p| {
                Element::builder("password", ns::MUC_USER)
                    .text(p.clone())
                    .build()
            }))
            .build()
    }
}

impl TryFrom<&Element> for MediatedDecline {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let decline = muc_user_child(element, "decline")?;
        Ok(MediatedDecline {
            from: optional_jid(decline, "decline", "from")?,
            to: optional_jid(decline, "decline", "to")?,
            reason: decline.child_text("reason", ns::MUC_USER),
        })
    }
}

impl From<&MediatedDecline> for Element {
    fn from(decline: &MediatedDecline) -> Self {
        let inner = Element::builder("decline", ns::MUC_USER)
            .attr_opt("from", decline.from.as_ref().map(Jid::to_string))
            .attr_opt("to", decline.to.as_ref().map(Jid::to_string))
            .append_all(decline.reason.as_ref().map(|r| {
                Element::builder("reason", ns::MUC_USER)
                    .text(r.clone())
                    .build()
            }))
            .build();
        Element::builder("x", ns::MUC_USER).append(inner).build()
    }
}

/// Asks `room` to relay an invitation to `invitee`.
pub fn mediated_invite_message(room: &BareJid, invitee: &BareJid, reason: Option<&str>) -> Message {
    let invite = MediatedInvite {
        from: None,
        to: Some(Jid::Bare(invitee.clone())),
        reason: reason.map(str::to_owned),
        password: None,
    };
    Message {
        to: Some(Jid::Bare(room.clone())),
        payloads: vec![Element::from(&invite)],
        ..Message::default()
    }
}

/// Declines a mediated invitation: sent to the room, which tells `inviter`.
pub fn decline_message(room: &BareJid, inviter: &BareJid, reason: Option<&str>) -> Message {
    let decline = MediatedDecline {
        from: None,
        to: Some(Jid::Bare(inviter.clone())),
        reason: reason.map(str::to_owned),
    };
    Message {
        to: Some(Jid::Bare(room.clone())),
        payloads: vec![Element::from(&decline)],
        ..Message::default()
    }
}

impl Invitation {
    /// The invitation this message carries (live, offline or from the archive), if any.
    /// A direct invitation is from the message's sender; a mediated one from the room, naming
    /// the inviter inside. Groupchat and error messages never carry invitations.
    pub fn from_message(message: &Message) -> Option<Result<Invitation, ParseError>> {
        if matches!(message.kind, MessageKind::Groupchat | MessageKind::Error) {
            return None;
        }
        let sender = message.from.as_ref()?.to_bare();
        if let Some(direct) = message.find_payload::<DirectInvite>() {
            return Some(direct.map(|direct| Invitation {
                room: direct.room,
                inviter: sender,
                reason: direct.reason,
                password: direct.password,
                mediated: false,
            }));
        }
        let mediated = message.find_payload::<MediatedInvite>()?;
        Some(mediated.and_then(|invite| {
            let inviter = invite.from.ok_or(ParseError::MissingAttribute {
                element: "invite",
                attribute: "from",
            })?;
            Ok(Invitation {
                room: sender,
                inviter: inviter.to_bare(),
                reason: invite.reason,
                password: invite.password,
                mediated: true,
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::stanza::Stanza;
    use crate::xml::parse_element;

    fn message(xml: &str) -> Message {
        match Stanza::try_from(&parse_element(xml).unwrap()).unwrap() {
            Stanza::Message(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_a_direct_invitation_xep_0249_example_1() {
        let m = message(
            r#"<message from="crone1@shakespeare.lit/desktop" to="hecate@shakespeare.lit"><x xmlns="jabber:x:conference" jid="darkcave@macbeth.shakespeare.lit" password="cauldronburn" reason="Hey Hecate, this is the place for all good witches!"/></message>"#,
        );
        let invitation = Invitation::from_message(&m).unwrap().unwrap();
        assert_eq!(
            invitation.room.to_string(),
            "darkcave@macbeth.shakespeare.lit"
        );
        assert_eq!(invitation.inviter.to_string(), "crone1@shakespeare.lit");
        assert_eq!(invitation.password.as_deref(), Some("cauldronburn"));
        assert!(!invitation.mediated);
    }

    #[test]
    fn reads_a_mediated_invitation_xep_0045_example_57() {
        let m = message(
            r#"<message from="coven@chat.shakespeare.lit" id="nzd143v8" to="hecate@shakespeare.lit"><x xmlns="http://jabber.org/protocol/muc#user"><invite from="crone1@shakespeare.lit/desktop"><reason>Hey Hecate, this is the place for all good witches!</reason></invite><password>cauldronburn</password></x></message>"#,
        );
        let invitation = Invitation::from_message(&m).unwrap().unwrap();
        assert_eq!(invitation.room.to_string(), "coven@chat.shakespeare.lit");
        assert_eq!(invitation.inviter.to_string(), "crone1@shakespeare.lit");
        assert!(invitation.mediated);
        assert_eq!(invitation.password.as_deref(), Some("cauldronburn"));
    }

    #[test]
    fn builds_what_it_reads() {
        let room: BareJid = "room@conference.localhost".parse().unwrap();
        let bob: BareJid = "bob@localhost".parse().unwrap();
        let direct = DirectInvite {
            room: room.clone(),
            password: None,
            reason: Some("join us".into()),
        };
        let mut sent = direct.message(&bob, "i1");
        sent.from = Some("alice@localhost/web".parse().unwrap());
        let read = Invitation::from_message(&sent).unwrap().unwrap();
        assert_eq!(read.room, room);
        assert_eq!(read.reason.as_deref(), Some("join us"));
        let decline = decline_message(&room, &bob, Some("no"));
        let parsed = decline.find_payload::<MediatedDecline>().unwrap().unwrap();
        assert_eq!(parsed.to.unwrap().to_string(), "bob@localhost");
        let relay = mediated_invite_message(&room, &bob, None);
        let parsed = relay.find_payload::<MediatedInvite>().unwrap().unwrap();
        assert_eq!(parsed.to.unwrap().to_string(), "bob@localhost");
    }

    #[test]
    fn forged_or_broken_invitations_are_errors() {
        let no_inviter = message(
            r#"<message from="coven@chat.shakespeare.lit"><x xmlns="http://jabber.org/protocol/muc#user"><invite/></x></message>"#,
        );
        assert!(Invitation::from_message(&no_inviter).unwrap().is_err());
        let bad_room =
            message(r#"<message from="a@b"><x xmlns="jabber:x:conference" jid="@@"/></message>"#);
        assert!(Invitation::from_message(&bad_room).unwrap().is_err());
        let groupchat = message(
            r#"<message from="a@b/c" type="groupchat"><x xmlns="jabber:x:conference" jid="r@c"/></message>"#,
        );
        assert!(Invitation::from_message(&groupchat).is_none());
        let plain = message(r#"<message from="a@b"><body>hi</body></message>"#);
        assert!(Invitation::from_message(&plain).is_none());
    }
}

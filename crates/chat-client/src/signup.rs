//! The sign-up screen's view of in-band registration: plain data for the UI, made from the
//! protocol's [`RegistrationEvent`]s. The exchange itself is
//! [`Registration`](xmpp_protocol::register::Registration), driven by the browser driver.

use xmpp_protocol::dataforms::{FieldKind, FormField};
use xmpp_protocol::register::{RegistrationEvent, RegistrationForm, RegistrationRefusal};

/// One question of the server's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignupField {
    pub var: String,
    pub label: String,
    /// Typed text is hidden (passwords).
    pub secret: bool,
    pub required: bool,
    /// `fixed` fields are text to read, not questions.
    pub text_only: bool,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignupUpdate {
    /// The server's questions beyond username and password (which the UI always asks).
    Form {
        domain: String,
        instructions: Option<String>,
        extra_fields: Vec<SignupField>,
    },
    /// Registration only on the server's web page; `url` is shown as a link when known.
    WebOnly {
        domain: String,
        instructions: Option<String>,
        url: Option<String>,
    },
    /// The account exists; the UI logs in with it.
    Registered { jid: String },
    /// Why not. With `can_retry`, the form stays usable.
    Refused {
        reason: SignupProblem,
        can_retry: bool,
    },
}

/// Why a sign-up did not work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignupProblem {
    /// The typed server name is not a domain.
    NotADomain,
    /// No way to connect to `domain` was found (no WebSocket URL configured or discovered).
    NotDiscovered { domain: String },
    /// The server refused (or the exchange failed).
    Refused(RegistrationRefusal),
}

fn field(field: &FormField) -> SignupField {
    SignupField {
        var: field.var.clone(),
        label: field
            .label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| field.var.clone()),
        secret: field.kind == FieldKind::TextPrivate,
        required: field.required,
        text_only: field.kind == FieldKind::Fixed,
        description: field.desc.clone(),
    }
}

/// The update for `event` of a registration with `domain`; `username` names the new account.
pub fn update_for(
    event: RegistrationEvent,
    domain: &str,
    username: &str,
    finished: bool,
) -> SignupUpdate {
    match event {
        RegistrationEvent::Form(RegistrationForm::Fields {
            instructions,
            fields,
        }) => SignupUpdate::Form {
            domain: domain.to_owned(),
            instructions,
            extra_fields: fields
                .iter()
                .filter(|f| f.var != "username" && f.var != "password")
                .map(field)
                .collect(),
        },
        RegistrationEvent::Form(RegistrationForm::WebOnly { instructions, url }) => {
            // Only web links are offered: anything else (javascript:, data:) is not a page.
            let url = url.filter(|u| u.starts_with("https://") || u.starts_with("http://"));
            SignupUpdate::WebOnly {
                domain: domain.to_owned(),
                instructions,
                url,
            }
        }
        RegistrationEvent::Registered => SignupUpdate::Registered {
            jid: format!("{username}@{domain}"),
        },
        RegistrationEvent::Refused(refusal) => SignupUpdate::Refused {
            reason: SignupProblem::Refused(refusal),
            can_retry: !finished,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_only_links_must_be_web_pages() {
        let event = RegistrationEvent::Form(RegistrationForm::WebOnly {
            instructions: None,
            url: Some("javascript:alert(1)".into()),
        });
        assert_eq!(
            update_for(event, "example.org", "", true),
            SignupUpdate::WebOnly {
                domain: "example.org".into(),
                instructions: None,
                url: None
            }
        );
    }

    #[test]
    fn username_and_password_are_not_extra_fields() {
        let fields = vec![
            FormField::new("username", FieldKind::TextSingle, vec![]),
            FormField::new("password", FieldKind::TextPrivate, vec![]),
            FormField {
                label: Some("Email".into()),
                ..FormField::new("email", FieldKind::TextSingle, vec![])
            },
        ];
        let update = update_for(
            RegistrationEvent::Form(RegistrationForm::Fields {
                instructions: None,
                fields,
            }),
            "example.org",
            "",
            false,
        );
        let SignupUpdate::Form { extra_fields, .. } = update else {
            unreachable!("a form")
        };
        assert_eq!(
            extra_fields
                .iter()
                .map(|f| f.label.as_str())
                .collect::<Vec<_>>(),
            ["Email"]
        );
        let refused = update_for(
            RegistrationEvent::Refused(RegistrationRefusal::Conflict),
            "example.org",
            "juliet",
            false,
        );
        assert_eq!(
            refused,
            SignupUpdate::Refused {
                reason: SignupProblem::Refused(RegistrationRefusal::Conflict),
                can_retry: true
            }
        );
    }
}

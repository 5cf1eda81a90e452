//! XEP-0077 in-band registration: the `jabber:iq:register` payload, what a server's answer
//! means for the sign-up form ([`RegistrationForm`]), and [`Registration`], the sans-IO
//! exchange on an unauthenticated stream that creates the account.

mod flow;

pub use flow::{Registration, RegistrationEvent, RegistrationRefusal};

use zeroize::Zeroizing;

use crate::dataforms::{DataForm, FieldKind, FormField};
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// `<query xmlns='jabber:iq:register'>` in requests, forms and answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegisterQuery {
    pub instructions: Option<String>,
    /// The requester is already registered (`<registered/>`).
    pub registered: bool,
    /// Cancel the registration: delete the account (`<remove/>`).
    pub remove: bool,
    /// The legacy fields (`<username/>`, `<password/>`, `<email/>`, ...) with their values.
    pub fields: Vec<(String, String)>,
    /// A XEP-0004 form, which takes precedence over the legacy fields when present.
    pub form: Option<DataForm>,
    /// XEP-0066: a web page where registration happens instead.
    pub url: Option<String>,
}

/// Legacy field names XEP-0077 §14.1 defines; `instructions`, `registered` and `remove` are
/// not fields.
const NOT_FIELDS: [&str; 3] = ["instructions", "registered", "remove"];

impl RegisterQuery {
    /// The request for the server's registration form.
    pub fn request() -> Element {
        Element::new("query", ns::REGISTER)
    }

    /// Changes the password of a logged-in account (XEP-0077 §3.3).
    pub fn change_password(username: &str, password: &str) -> Element {
        RegisterQuery {
            fields: vec![
                ("username".into(), username.into()),
                ("password".into(), password.into()),
            ],
            ..RegisterQuery::default()
        }
        .into()
    }

    /// Deletes the logged-in account (XEP-0077 §3.2).
    pub fn remove_account() -> Element {
        RegisterQuery {
            remove: true,
            ..RegisterQuery::default()
        }
        .into()
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

impl TryFrom<&Element> for RegisterQuery {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "query", ns::REGISTER)?;
        let mut query = RegisterQuery {
            instructions: element.child_text("instructions", ns::REGISTER),
            registered: element.has_child("registered", ns::REGISTER),
            remove: element.has_child("remove", ns::REGISTER),
            ..RegisterQuery::default()
        };
        for child in element.child_elements() {
            if child.ns == ns::REGISTER && !NOT_FIELDS.contains(&child.name.as_str()) {
                query.fields.push((child.name.clone(), child.text()));
            } else if child.is("x", ns::DATA_FORMS) && query.form.is_none() {
                query.form = Some(DataForm::try_from(child)?);
            } else if child.is("x", ns::OOB) && query.url.is_none() {
                query.url = child
                    .child_text("url", ns::OOB)
                    .map(|url| url.trim().to_owned())
                    .filter(|url| !url.is_empty());
            }
        }
        Ok(query)
    }
}

impl From<RegisterQuery> for Element {
    fn from(query: RegisterQuery) -> Self {
        let flag = |present: bool, name: &str| present.then(|| Element::new(name, ns::REGISTER));
        Element::builder("query", ns::REGISTER)
            .append_all(query.instructions.map(|text| {
                Element::builder("instructions", ns::REGISTER)
                    .text(text)
                    .build()
            }))
            .append_all(flag(query.registered, "registered"))
            .append_all(flag(query.remove, "remove"))
            .append_all(
                query
                    .fields
                    .into_iter()
                    .map(|(name, value)| Element::builder(name, ns::REGISTER).text(value).build()),
            )
            .append_all(query.form.as_ref().map(Element::from))
            .append_all(query.url.map(|url| {
                Element::builder("x", ns::OOB)
                    .append(Element::builder("url", ns::OOB).text(url).build())
                    .build()
            }))
            .build()
    }
}

/// What the sign-up screen shows for a server's answer to [`RegisterQuery::request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationForm {
    /// Fields to fill in. `username` and `password` are always among them (the UI asks for the
    /// password twice); the others are the server's extra questions.
    Fields {
        instructions: Option<String>,
        fields: Vec<FormField>,
    },
    /// The server only registers on its web page (CAPTCHA, payment, or a link): `url` if known.
    WebOnly {
        instructions: Option<String>,
        url: Option<String>,
    },
}

impl RegistrationForm {
    pub fn from_query(query: &RegisterQuery) -> Self {
        let instructions = query
            .form
            .as_ref()
            .and_then(|form| (!form.instructions.is_empty()).then(|| form.instructions.join("\n")))
            .or_else(|| query.instructions.clone());
        let web_only = RegistrationForm::WebOnly {
            instructions: instructions.clone(),
            url: query.url.clone(),
        };
        let fields: Vec<FormField> = match &query.form {
            Some(form) if form.is_captcha() => return web_only,
            Some(form) => form
                .fields
                .iter()
                .filter(|f| f.kind != FieldKind::Hidden)
                .cloned()
                .collect(),
            None => query
                .fields
                .iter()
                .map(|(name, _)| {
                    let kind = if name == "password" {
                        FieldKind::TextPrivate
                    } else {
                        FieldKind::TextSingle
                    };
                    FormField {
                        required: true,
                        ..FormField::new(name.clone(), kind, Vec::new())
                    }
                })
                .collect(),
        };
        let has = |name: &str| fields.iter().any(|field| field.var == name);
        if !has("username") || !has("password") {
            return web_only;
        }
        RegistrationForm::Fields {
            instructions,
            fields,
        }
    }
}

/// The sign-up answers; the password is wiped when dropped.
#[derive(Clone)]
pub struct RegistrationAnswers {
    pub username: String,
    pub password: Zeroizing<String>,
    /// The server's extra fields, by `var`.
    pub extra: Vec<(String, String)>,
}

impl std::fmt::Debug for RegistrationAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistrationAnswers")
            .field("username", &self.username)
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

/// The `set` payload answering `query` (a data form if the server sent one, else legacy fields).
pub fn answer(query: &RegisterQuery, answers: &RegistrationAnswers) -> Element {
    let mut values = vec![
        ("username".to_owned(), answers.username.clone()),
        ("password".to_owned(), answers.password.to_string()),
    ];
    values.extend(
        answers
            .extra
            .iter()
            .filter(|(var, _)| var != "username" && var != "password")
            .cloned(),
    );
    let reply = match &query.form {
        Some(form) => RegisterQuery {
            form: Some(form.submit(&values)),
            ..RegisterQuery::default()
        },
        None => RegisterQuery {
            fields: query
                .fields
                .iter()
                .map(|(name, _)| {
                    let value = values
                        .iter()
                        .find(|(var, _)| var == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    (name.clone(), value)
                })
                .collect(),
            ..RegisterQuery::default()
        },
    };
    reply.into()
}

#[cfg(test)]
mod tests;

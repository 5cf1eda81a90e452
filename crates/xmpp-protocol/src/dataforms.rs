//! XEP-0004 data forms: what a server asks for (registration, configuration) and what we answer.

use crate::ns;
use crate::payload::{expect_element, optional_parsed, ParseError};
use crate::xml::Element;

/// Longest unknown field type kept (it is echoed back, so it is bounded).
const MAX_UNKNOWN_KIND_CHARS: usize = 100;

closed_enum! {
    /// The form's `type`.
    #[derive(Default)]
    pub enum FormKind {
        #[default]
        Form => "form",
        Submit => "submit",
        Cancel => "cancel",
        Result => "result",
    }
}

closed_enum! {
    /// XEP-0004 §3.3 field types; `text-single` when absent.
    #[derive(Default)]
    pub enum FieldKind {
        Boolean => "boolean",
        Fixed => "fixed",
        Hidden => "hidden",
        JidMulti => "jid-multi",
        JidSingle => "jid-single",
        ListMulti => "list-multi",
        ListSingle => "list-single",
        TextMulti => "text-multi",
        TextPrivate => "text-private",
        #[default]
        TextSingle => "text-single",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormField {
    /// Empty for `fixed` fields, which are only text to show.
    pub var: String,
    pub kind: FieldKind,
    pub label: Option<String>,
    pub desc: Option<String>,
    pub required: bool,
    pub values: Vec<String>,
    /// `(label, value)` choices of list fields.
    pub options: Vec<(Option<String>, String)>,
    /// The field carries a XEP-0221 media element (a CAPTCHA image or sound).
    pub has_media: bool,
    /// A `type` this client does not know (a newer spec's, a server's own): the field is shown
    /// read-only and sent back as it came, never dropped (`kind` is then `text-single`).
    pub unknown_kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataForm {
    pub kind: FormKind,
    pub title: Option<String>,
    pub instructions: Vec<String>,
    pub fields: Vec<FormField>,
}

impl FormField {
    pub fn new(var: impl Into<String>, kind: FieldKind, values: Vec<String>) -> Self {
        Self {
            var: var.into(),
            kind,
            values,
            ..Self::default()
        }
    }

    pub fn value(&self) -> Option<&str> {
        self.values.first().map(String::as_str)
    }
}

impl DataForm {
    /// The hidden `FORM_TYPE` field, which names what the form is for.
    pub fn form_type(&self) -> Option<&str> {
        self.field("FORM_TYPE")
            .filter(|f| f.kind == FieldKind::Hidden || f.kind == FieldKind::TextSingle)?
            .value()
    }

    pub fn field(&self, var: &str) -> Option<&FormField> {
        self.fields.iter().find(|field| field.var == var)
    }

    /// A CAPTCHA (XEP-0158) cannot be answered without showing remote media, which Jibber does not.
    pub fn is_captcha(&self) -> bool {
        self.form_type() == Some(ns::CAPTCHA) || self.fields.iter().any(|field| field.has_media)
    }

    /// The answer to this form: hidden fields echoed, every other field from `values` by `var`.
    pub fn submit(&self, values: &[(String, String)]) -> DataForm {
        let fields = self
            .fields
            .iter()
            .filter(|field| !field.var.is_empty() && field.kind != FieldKind::Fixed)
            .map(|field| {
                let answer: Vec<String> = values
                    .iter()
                    .filter(|(var, _)| *var == field.var)
                    .map(|(_, v)| v.clone())
                    .collect();
                // Hidden and unknown fields go back as they came.
                let as_given = field.kind == FieldKind::Hidden || field.unknown_kind.is_some();
                let values = if as_given || answer.is_empty() {
                    field.values.clone()
                } else {
                    answer
                };
                FormField {
                    unknown_kind: field.unknown_kind.clone(),
                    ..FormField::new(field.var.clone(), field.kind, values)
                }
            })
            .collect();
        DataForm {
            kind: FormKind::Submit,
            fields,
            ..DataForm::default()
        }
    }
}

impl TryFrom<&Element> for FormField {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "field", ns::DATA_FORMS)?;
        let raw_kind = element.attr("type");
        let (kind, unknown_kind) = match raw_kind.map(str::parse::<FieldKind>) {
            None => (FieldKind::default(), None),
            Some(Ok(kind)) => (kind, None),
            Some(Err(_)) => (
                FieldKind::TextSingle,
                raw_kind.map(|t| t.chars().take(MAX_UNKNOWN_KIND_CHARS).collect()),
            ),
        };
        let var = element.attr("var").unwrap_or_default().to_owned();
        if var.is_empty() && kind != FieldKind::Fixed {
            return Err(ParseError::MissingAttribute {
                element: "field",
                attribute: "var",
            });
        }
        Ok(Self {
            var,
            kind,
            label: element.attr("label").map(str::to_owned),
            desc: element.child_text("desc", ns::DATA_FORMS),
            required: element.has_child("required", ns::DATA_FORMS),
            values: element
                .children_named("value", ns::DATA_FORMS)
                .map(Element::text)
                .collect(),
            options: element
                .children_named("option", ns::DATA_FORMS)
                .map(|option| {
                    (
                        option.attr("label").map(str::to_owned),
                        option
                            .child_text("value", ns::DATA_FORMS)
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            has_media: element.has_child("media", ns::MEDIA_ELEMENT),
            unknown_kind,
        })
    }
}

impl From<&FormField> for Element {
    fn from(field: &FormField) -> Self {
        let text =
            |name: &str, value: &str| Element::builder(name, ns::DATA_FORMS).text(value).build();
        Element::builder("field", ns::DATA_FORMS)
            .attr_opt("var", (!field.var.is_empty()).then(|| field.var.clone()))
            .attr_opt(
                "type",
                field.unknown_kind.clone().or_else(|| {
                    (field.kind != FieldKind::TextSingle).then(|| field.kind.as_str().to_owned())
                }),
            )
            .attr_opt("label", field.label.clone())
            .append_all(field.desc.as_deref().map(|desc| text("desc", desc)))
            .append_all(
                field
                    .required
                    .then(|| Element::new("required", ns::DATA_FORMS)),
            )
            .append_all(field.values.iter().map(|value| text("value", value)))
            .append_all(field.options.iter().map(|(label, value)| {
                Element::builder("option", ns::DATA_FORMS)
                    .attr_opt("label", label.clone())
                    .append(text("value", value))
                    .build()
            }))
            .build()
    }
}

impl TryFrom<&Element> for DataForm {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::DATA_FORMS)?;
        Ok(Self {
            kind: optional_parsed(element, "x", "type")?.unwrap_or_default(),
            title: element.child_text("title", ns::DATA_FORMS),
            instructions: element
                .children_named("instructions", ns::DATA_FORMS)
                .map(Element::text)
                .collect(),
            fields: element
                .children_named("field", ns::DATA_FORMS)
                .map(FormField::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<&DataForm> for Element {
    fn from(form: &DataForm) -> Self {
        Element::builder("x", ns::DATA_FORMS)
            .attr("type", form.kind.as_str())
            .append_all(form.title.as_deref().map(|title| {
                Element::builder("title", ns::DATA_FORMS)
                    .text(title)
                    .build()
            }))
            .append_all(form.instructions.iter().map(|text| {
                Element::builder("instructions", ns::DATA_FORMS)
                    .text(text.clone())
                    .build()
            }))
            .append_all(form.fields.iter().map(Element::from))
            .build()
    }
}

impl From<DataForm> for Element {
    fn from(form: DataForm) -> Self {
        Element::from(&form)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn unknown_field_types_are_kept_and_sent_back_as_they_came() {
        let xml = r#"<x xmlns="jabber:x:data" type="form"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var="muc#roomconfig_roomname" type="text-single"><value>Old</value></field><field var="x-future" type="color-picker" label="Colour"><value>#ff0000</value></field></x>"#;
        let form = DataForm::try_from(&crate::xml::parse_element(xml).unwrap()).unwrap();
        let future = form.field("x-future").unwrap();
        assert_eq!(future.unknown_kind.as_deref(), Some("color-picker"));
        let answer = form.submit(&[
            ("muc#roomconfig_roomname".into(), "New".into()),
            ("x-future".into(), "#00ff00".into()),
        ]);
        assert_eq!(
            answer.field("muc#roomconfig_roomname").unwrap().value(),
            Some("New")
        );
        let kept = answer.field("x-future").unwrap();
        assert_eq!(kept.value(), Some("#ff0000"), "not editable, never dropped");
        let element = Element::from(kept);
        assert_eq!(element.attr("type"), Some("color-picker"));
    }
    use crate::xml::parse_element;

    const PROSODY_REGISTER_FORM: &str = r#"<x xmlns="jabber:x:data" type="form">
        <title>Creating a new account</title>
        <instructions>Choose a username and password for use with this service.</instructions>
        <field var="FORM_TYPE" type="hidden"><value>jabber:iq:register</value></field>
        <field var="username" type="text-single" label="Username"><required/></field>
        <field var="password" type="text-private" label="Password"><required/></field>
        <field var="email" label="Email"/>
    </x>"#;

    #[test]
    fn parses_serialises_and_answers_prosodys_registration_form() {
        let form = DataForm::try_from(&parse_element(PROSODY_REGISTER_FORM).unwrap()).unwrap();
        assert_eq!(form.form_type(), Some("jabber:iq:register"));
        assert_eq!(form.fields.len(), 4);
        assert!(form.field("password").unwrap().required);
        assert_eq!(form.field("password").unwrap().kind, FieldKind::TextPrivate);
        assert!(!form.is_captcha());
        assert_eq!(DataForm::try_from(&Element::from(&form)).unwrap(), form);

        let answer = form.submit(&[
            ("username".into(), "juliet".into()),
            ("password".into(), "s3cret".into()),
        ]);
        assert_eq!(answer.kind, FormKind::Submit);
        assert_eq!(answer.form_type(), Some("jabber:iq:register"));
        assert_eq!(answer.field("username").unwrap().value(), Some("juliet"));
        assert_eq!(answer.field("email").unwrap().values, Vec::<String>::new());
        assert_eq!(DataForm::try_from(&Element::from(&answer)).unwrap(), answer);
    }

    #[test]
    fn recognises_captchas_and_rejects_fields_without_var() {
        let captcha = parse_element(
            r#"<x xmlns="jabber:x:data" type="form"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:captcha</value></field>
               <field var="ocr" label="Enter the text"><media xmlns="urn:xmpp:media-element"/></field></x>"#,
        )
        .unwrap();
        assert!(DataForm::try_from(&captcha).unwrap().is_captcha());
        let bad =
            parse_element(r#"<x xmlns="jabber:x:data"><field type="text-single"/></x>"#).unwrap();
        assert!(DataForm::try_from(&bad)
            .unwrap_err()
            .to_string()
            .contains("var"));
        // An unknown type is kept (shown read-only, sent back), not a reason to refuse the form.
        let odd_type =
            parse_element(r#"<x xmlns="jabber:x:data"><field var="a" type="shout"/></x>"#).unwrap();
        let odd = DataForm::try_from(&odd_type).unwrap();
        assert_eq!(odd.fields[0].unknown_kind.as_deref(), Some("shout"));
    }
}

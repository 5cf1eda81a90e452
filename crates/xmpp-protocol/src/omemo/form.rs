//! The part of XEP-0004 data forms that PubSub publish-options and node configuration need:
//! the form type, and fields with their values. Options, validation hints and instructions of
//! a received form are not kept: a client only reads current values and submits new ones.

use super::codec::too_many;
use super::MAX_FORM_FIELDS;
use crate::ns;
use crate::payload::{expect_element, optional_parsed, ParseError};
use crate::xml::Element;

/// The hidden field naming what a form is for.
pub const FORM_TYPE: &str = "FORM_TYPE";

closed_enum! {
    /// XEP-0004 §3.1 form types.
    pub enum FormKind {
        Form => "form",
        Submit => "submit",
        Cancel => "cancel",
        Result => "result",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub var: Option<String>,
    /// The field type (`hidden`, `text-single`, `list-single`, ...), as sent.
    pub kind: Option<String>,
    pub label: Option<String>,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataForm {
    pub kind: FormKind,
    pub fields: Vec<FormField>,
}

impl FormField {
    /// A submitted field with one value.
    pub fn new(var: &str, value: &str) -> Self {
        Self {
            var: Some(var.to_owned()),
            kind: None,
            label: None,
            values: vec![value.to_owned()],
        }
    }

    pub fn value(&self) -> Option<&str> {
        self.values.first().map(String::as_str)
    }
}

impl DataForm {
    /// A submitted form of type `form_type` with one value per field.
    pub fn submit<'a>(
        form_type: &str,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let form_type = FormField {
            kind: Some("hidden".to_owned()),
            ..FormField::new(FORM_TYPE, form_type)
        };
        let fields = std::iter::once(form_type).chain(
            fields
                .into_iter()
                .map(|(var, value)| FormField::new(var, value)),
        );
        Self {
            kind: FormKind::Submit,
            fields: fields.collect(),
        }
    }

    pub fn form_type(&self) -> Option<&str> {
        self.value(FORM_TYPE)
    }

    pub fn field(&self, var: &str) -> Option<&FormField> {
        self.fields
            .iter()
            .find(|field| field.var.as_deref() == Some(var))
    }

    /// The first value of field `var`.
    pub fn value(&self, var: &str) -> Option<&str> {
        self.field(var).and_then(FormField::value)
    }

    /// The same form without field `var`, e.g. to retry a publish without an option the server
    /// refused.
    pub fn without(&self, var: &str) -> Self {
        let fields = self
            .fields
            .iter()
            .filter(|field| field.var.as_deref() != Some(var))
            .cloned()
            .collect();
        Self {
            kind: self.kind,
            fields,
        }
    }

    /// The same fields submitted under another form type.
    pub fn retyped(&self, form_type: &str) -> Self {
        let form_type = FormField {
            kind: Some("hidden".to_owned()),
            ..FormField::new(FORM_TYPE, form_type)
        };
        let fields = self
            .fields
            .iter()
            .filter(|field| field.var.as_deref() != Some(FORM_TYPE))
            .cloned();
        Self {
            kind: FormKind::Submit,
            fields: std::iter::once(form_type).chain(fields).collect(),
        }
    }
}

impl TryFrom<&Element> for FormField {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "field", ns::DATA_FORMS)?;
        Ok(Self {
            var: element.attr("var").map(str::to_owned),
            kind: element.attr("type").map(str::to_owned),
            label: element.attr("label").map(str::to_owned),
            values: element
                .children_named("value", ns::DATA_FORMS)
                .map(Element::text)
                .collect(),
        })
    }
}

impl From<&FormField> for Element {
    fn from(field: &FormField) -> Self {
        Element::builder("field", ns::DATA_FORMS)
            .attr_opt("var", field.var.clone())
            .attr_opt("type", field.kind.clone())
            .attr_opt("label", field.label.clone())
            .append_all(field.values.iter().map(|value| {
                Element::builder("value", ns::DATA_FORMS)
                    .text(value.clone())
                    .build()
            }))
            .build()
    }
}

impl From<FormField> for Element {
    fn from(field: FormField) -> Self {
        Element::from(&field)
    }
}

impl TryFrom<&Element> for DataForm {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::DATA_FORMS)?;
        let kind = optional_parsed::<FormKind>(element, "x", "type")?.ok_or(
            ParseError::MissingAttribute {
                element: "x",
                attribute: "type",
            },
        )?;
        let mut fields = Vec::new();
        for child in element.children_named("field", ns::DATA_FORMS) {
            if fields.len() >= MAX_FORM_FIELDS {
                return Err(too_many("x", "fields", MAX_FORM_FIELDS));
            }
            fields.push(FormField::try_from(child)?);
        }
        Ok(Self { kind, fields })
    }
}

impl From<&DataForm> for Element {
    fn from(form: &DataForm) -> Self {
        Element::builder("x", ns::DATA_FORMS)
            .attr("type", form.kind.as_str())
            .append_all(form.fields.iter().map(Element::from))
            .build()
    }
}

impl From<DataForm> for Element {
    fn from(form: DataForm) -> Self {
        Element::from(&form)
    }
}

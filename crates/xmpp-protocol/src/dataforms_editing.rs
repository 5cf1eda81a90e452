//! Filling in a received XEP-0004 form field by field: the form itself is the render model (a
//! UI shows its fields, edits their values in place) and its answer carries only the values.

use crate::dataforms::{DataForm, FieldKind, FormField, FormKind};

impl FormField {
    /// The `type` as it came, unknown types included, for a UI to pick the control by.
    pub fn type_name(&self) -> &str {
        self.unknown_kind
            .as_deref()
            .unwrap_or_else(|| self.kind.as_str())
    }

    /// Whether a user may change it: not text to show (`fixed`), not the form's own
    /// bookkeeping (`hidden`), not a type this client cannot render faithfully.
    pub fn editable(&self) -> bool {
        self.unknown_kind.is_none() && !matches!(self.kind, FieldKind::Fixed | FieldKind::Hidden)
    }

    /// Whether a UI shows it at all (hidden fields only travel).
    pub fn shown(&self) -> bool {
        self.kind != FieldKind::Hidden
    }

    /// A boolean field's state (XEP-0004 allows `1`/`true` and `0`/`false`).
    pub fn flag(&self) -> bool {
        matches!(self.value(), Some("1" | "true"))
    }

    /// The values as one text, a line each (how multi-line fields are edited).
    pub fn text(&self) -> String {
        self.values.join("\n")
    }
}

impl DataForm {
    /// Replaces the values of field `var` from what a user typed: one value per line for
    /// `text-multi` and `jid-multi`, `1`/`0` for booleans, the text as is otherwise. Returns
    /// whether the field exists and may be edited.
    pub fn set_text(&mut self, var: &str, text: &str) -> bool {
        let Some(field) = self.editable_field(var) else {
            return false;
        };
        field.values = match field.kind {
            FieldKind::TextMulti => text.lines().map(str::to_owned).collect(),
            FieldKind::JidMulti => text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
            FieldKind::Boolean => {
                let on = matches!(text.trim(), "1" | "true");
                vec![if on { "1" } else { "0" }.to_owned()]
            }
            FieldKind::JidSingle => vec![text.trim().to_owned()],
            _ => vec![text.to_owned()],
        };
        true
    }

    /// Sets a boolean field.
    pub fn set_flag(&mut self, var: &str, on: bool) -> bool {
        self.set_text(var, if on { "1" } else { "0" })
    }

    /// Sets the chosen values of a list field (one for `list-single`).
    pub fn set_choices(&mut self, var: &str, choices: Vec<String>) -> bool {
        let Some(field) = self.editable_field(var) else {
            return false;
        };
        field.values = match field.kind {
            FieldKind::ListSingle => choices.into_iter().take(1).collect(),
            _ => choices,
        };
        true
    }

    fn editable_field(&mut self, var: &str) -> Option<&mut FormField> {
        self.fields
            .iter_mut()
            .find(|field| field.var == var && field.editable())
    }

    /// The submission of the values as they stand: `type=submit`, every field with a `var`
    /// except `fixed` ones, values only (no labels, options or descriptions); `FORM_TYPE` and
    /// fields of unknown types go back as they came. An emptied field is sent empty, so a
    /// cleared setting is cleared.
    pub fn answer(&self) -> DataForm {
        let fields = self
            .fields
            .iter()
            .filter(|field| !field.var.is_empty() && field.kind != FieldKind::Fixed)
            .map(|field| FormField {
                unknown_kind: field.unknown_kind.clone(),
                ..FormField::new(field.var.clone(), field.kind, field.values.clone())
            })
            .collect();
        DataForm {
            kind: FormKind::Submit,
            fields,
            ..DataForm::default()
        }
    }

    /// XEP-0004 §3.1: the answer that abandons the form.
    pub fn cancellation() -> DataForm {
        DataForm {
            kind: FormKind::Cancel,
            ..DataForm::default()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::{parse_element, Element};

    /// One field of every XEP-0004 type, plus one of a type no spec defines.
    const EVERY_TYPE: &str = r#"<x xmlns="jabber:x:data" type="form">
        <title>Room settings</title>
        <field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#roomconfig</value></field>
        <field type="fixed"><value>General</value></field>
        <field var="name" type="text-single" label="Name"><desc>Shown to everyone</desc><required/><value>Old</value></field>
        <field var="secret" type="text-private" label="Password"/>
        <field var="about" type="text-multi" label="About"><value>line one</value><value>line two</value></field>
        <field var="persistent" type="boolean" label="Persistent"><value>0</value></field>
        <field var="whois" type="list-single" label="Who sees addresses"><value>moderators</value><option label="Moderators"><value>moderators</value></option><option label="Anyone"><value>anyone</value></option></field>
        <field var="presence" type="list-multi" label="Broadcast"><value>moderator</value><option><value>moderator</value></option><option><value>visitor</value></option></field>
        <field var="admin" type="jid-single" label="Contact"><value>a@example.org</value></field>
        <field var="owners" type="jid-multi" label="Owners"><value>a@example.org</value></field>
        <field var="colour" type="x-colour" label="Colour"><value>red</value></field>
    </x>"#;

    fn parsed() -> DataForm {
        DataForm::try_from(&parse_element(EVERY_TYPE).unwrap()).unwrap()
    }

    #[test]
    fn the_model_says_how_each_type_is_shown() {
        let form = parsed();
        let types: Vec<&str> = form.fields.iter().map(FormField::type_name).collect();
        assert_eq!(
            types,
            [
                "hidden",
                "fixed",
                "text-single",
                "text-private",
                "text-multi",
                "boolean",
                "list-single",
                "list-multi",
                "jid-single",
                "jid-multi",
                "x-colour"
            ]
        );
        let editable: Vec<bool> = form.fields.iter().map(FormField::editable).collect();
        assert_eq!(
            editable,
            [false, false, true, true, true, true, true, true, true, true, false]
        );
        assert!(!form.fields[0].shown());
        let name = form.field("name").unwrap();
        assert!(name.required);
        assert_eq!(name.label.as_deref(), Some("Name"));
        assert_eq!(name.desc.as_deref(), Some("Shown to everyone"));
        assert_eq!(form.field("about").unwrap().text(), "line one\nline two");
        assert!(!form.field("persistent").unwrap().flag());
        assert_eq!(form.field("whois").unwrap().options.len(), 2);
    }

    #[test]
    fn edits_every_type_and_answers_with_values_only() {
        let mut form = parsed();
        assert!(form.set_text("name", "New name"));
        assert!(form.set_text("secret", "hunter2"));
        assert!(form.set_text("about", "first\nsecond\nthird"));
        assert!(form.set_flag("persistent", true));
        assert!(form.set_choices("whois", vec!["anyone".into(), "ignored".into()]));
        assert!(form.set_choices("presence", vec!["moderator".into(), "visitor".into()]));
        assert!(form.set_text("admin", " b@example.org "));
        assert!(form.set_text("owners", "a@example.org\n\n c@example.org"));
        assert!(
            !form.set_text("colour", "blue"),
            "unknown types stay read-only"
        );
        assert!(!form.set_text("FORM_TYPE", "other"), "hidden fields stay");
        assert!(!form.set_text("missing", "x"));

        let answer = DataForm::try_from(&Element::from(&form.answer())).unwrap();
        assert_eq!(answer.kind, FormKind::Submit);
        assert_eq!(answer.title, None);
        assert_eq!(
            answer.form_type(),
            Some("http://jabber.org/protocol/muc#roomconfig")
        );
        let values = |var: &str| answer.field(var).unwrap().values.clone();
        assert_eq!(values("name"), ["New name"]);
        assert_eq!(values("secret"), ["hunter2"]);
        assert_eq!(values("about"), ["first", "second", "third"]);
        assert_eq!(values("persistent"), ["1"]);
        assert_eq!(values("whois"), ["anyone"]);
        assert_eq!(values("presence"), ["moderator", "visitor"]);
        assert_eq!(values("admin"), ["b@example.org"]);
        assert_eq!(values("owners"), ["a@example.org", "c@example.org"]);
        assert_eq!(values("colour"), ["red"]);
        assert_eq!(answer.field("colour").unwrap().type_name(), "x-colour");
        assert_eq!(answer.fields.len(), 10, "the fixed field is not sent");
        for field in &answer.fields {
            assert!(field.label.is_none() && field.desc.is_none() && field.options.is_empty());
            assert!(!field.required);
        }
    }

    #[test]
    fn a_cleared_field_is_sent_empty_and_cancel_is_a_bare_form() {
        let mut form = parsed();
        assert!(form.set_text("about", ""));
        assert!(form.answer().field("about").unwrap().values.is_empty());
        assert!(form.set_flag("persistent", false));
        assert_eq!(
            form.answer().field("persistent").unwrap().value(),
            Some("0")
        );
        let cancel = Element::from(&DataForm::cancellation());
        assert_eq!(cancel.attr("type"), Some("cancel"));
        assert_eq!(cancel.child_elements().count(), 0);
    }
}

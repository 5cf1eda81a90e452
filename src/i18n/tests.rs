use super::*;

/// The keys whose text in `table` matches `test`.
fn keys_where(table: &[&str], test: impl Fn(&str) -> bool) -> Vec<&'static str> {
    KEYS.iter()
        .zip(table)
        .filter(|(_, text)| test(text))
        .map(|(key, _)| *key)
        .collect()
}

#[test]
fn every_key_has_an_english_and_an_italian_text() {
    assert_eq!(KEYS.len(), EN.len());
    assert_eq!(KEYS.len(), IT.len());
    assert!(KEYS.len() > 100, "the catalogue is read from locales/");
    let missing = keys_where(IT, |text| text.trim().is_empty());
    assert!(missing.is_empty(), "missing in it.ftl: {missing:?}");
    let empty = keys_where(EN, |text| text.trim().is_empty());
    assert!(empty.is_empty(), "empty in en.ftl: {empty:?}");
    assert!(
        IT_UNKNOWN_KEYS.is_empty(),
        "only in it.ftl: {IT_UNKNOWN_KEYS:?}"
    );
}

#[test]
fn keys_are_unique() {
    let mut keys = KEYS.to_vec();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), KEYS.len());
}

#[test]
fn translations_keep_the_placeholders() {
    let mismatched: Vec<&str> = KEYS
        .iter()
        .zip(EN.iter().zip(IT))
        .filter(|(_, (en, it))| placeholders(en) != placeholders(it))
        .map(|(key, _)| *key)
        .collect();
    assert!(mismatched.is_empty(), "placeholders differ: {mismatched:?}");
}

#[test]
fn plural_keys_come_in_pairs() {
    for key in KEYS {
        if let Some(stem) = key.strip_suffix("-one") {
            let other = format!("{stem}-other");
            assert!(KEYS.contains(&other.as_str()), "{key} has no {other}");
        }
    }
}

#[test]
fn placeholders_are_filled_and_unknown_ones_kept() {
    assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
    assert_eq!(fill("{missing} {", &[]), "{missing} {");
    assert_eq!(fill("no placeholder", &[("a", "x")]), "no placeholder");
    assert_eq!(placeholders("{b} {a} {b}"), vec!["a", "b"]);
}

#[test]
fn counts_pick_the_plural_form() {
    set_lang(Lang::It);
    assert_eq!(
        tn(Msg::ContactsCountOne, Msg::ContactsCountOther, 1, &[]),
        "1 contatto"
    );
    assert_eq!(
        tn(Msg::ContactsCountOne, Msg::ContactsCountOther, 3, &[]),
        "3 contatti"
    );
    set_lang(Lang::En);
    assert_eq!(
        tn(Msg::ContactsCountOne, Msg::ContactsCountOther, 0, &[]),
        "0 contacts"
    );
}

#[test]
fn language_tags_match_by_primary_subtag() {
    assert_eq!(Lang::from_tag("it-IT"), Some(Lang::It));
    assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
    assert_eq!(Lang::from_tag("de"), None);
    assert_eq!(Lang::from_tag(""), None);
}

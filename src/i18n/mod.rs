//! Message catalogues: every UI string is a `Msg` whose text comes from `locales/en.ftl` or
//! `locales/it.ftl` (compiled into tables by `build.rs`, so a translation costs a few KB of
//! strings and no runtime). Texts may hold `{name}` placeholders; counts pick a `-one` or
//! `-other` key (English and Italian share that plural rule).

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(test)]
mod tests;

use std::cell::Cell;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A language the UI is translated into.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    /// The BCP 47 tag, for `<html lang>` and `Intl` formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// The language's own name, so a reader of it finds it in the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
        }
    }

    /// The language a tag such as `it`, `it-IT` or `EN-gb` asks for, when it is one we have.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.tag() == primary)
    }

    fn table(self) -> &'static [&'static str] {
        match self {
            Lang::En => EN,
            Lang::It => IT,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

pub fn set_lang(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
}

/// The text of `msg` in `lang`; English when the translation lacks it (the catalogue test
/// keeps that from happening in a release).
pub fn text_in(lang: Lang, msg: Msg) -> &'static str {
    let index = msg as usize;
    lang.table()
        .get(index)
        .copied()
        .filter(|text| !text.is_empty())
        .or_else(|| EN.get(index).copied())
        .unwrap_or("")
}

/// The text of `msg` in the current language.
pub fn t(msg: Msg) -> &'static str {
    text_in(lang(), msg)
}

/// The text of `msg` with its `{name}` placeholders filled in.
pub fn tf(msg: Msg, args: &[(&str, &str)]) -> String {
    fill(t(msg), args)
}

/// `one` for a count of 1, else `other`, with `{n}` and the other placeholders filled in.
pub fn tn(one: Msg, other: Msg, count: u64, args: &[(&str, &str)]) -> String {
    let text = if count == 1 { t(one) } else { t(other) };
    let count = count.to_string();
    let mut all = vec![("n", count.as_str())];
    all.extend_from_slice(args);
    fill(text, &all)
}

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
/// The `{name}` placeholders of a text, sorted, to compare a translation with its original.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
/// Asserts every text `texts` makes, once in English and once in Italian, is there, has its
/// placeholders filled, and is not the English one in Italian (the wording tables' check).
pub fn assert_worded_in_both(texts: impl Fn() -> Vec<String>) {
    set_lang(Lang::En);
    let english = texts();
    set_lang(Lang::It);
    let italian = texts();
    set_lang(Lang::En);
    assert_eq!(english.len(), italian.len());
    for (en, it) in english.iter().zip(&italian) {
        for text in [en, it] {
            assert!(!text.trim().is_empty());
            assert!(!text.contains('{'), "unfilled: {text}");
        }
        assert_ne!(en, it, "not translated: {en}");
    }
}

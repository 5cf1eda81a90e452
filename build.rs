//! Turns the message catalogues (`locales/*.ftl`, one `key = text` per line) into a typed table:
//! `Msg`, one variant per English key, and one `&'static str` array per language in key order.
//! A key missing from a translation becomes an empty string there, and keys a translation has
//! but English lacks are listed, so the catalogue test can name both instead of the build
//! failing with a less helpful message.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn parse(path: &str) -> Vec<(String, String)> {
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = ").or_else(|| line.split_once('=')))
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

fn variant(key: &str) -> String {
    key.split(['-', '.', '_'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    let english = parse("locales/en.ftl");
    let italian: BTreeMap<String, String> = parse("locales/it.ftl").into_iter().collect();
    let mut out = String::new();
    out.push_str(
        "/// One UI message; its text comes from the catalogue of the current language.\n",
    );
    out.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[allow(dead_code)]\npub enum Msg {\n",
    );
    for (key, _) in &english {
        let _ = writeln!(out, "    {},", variant(key));
    }
    out.push_str("}\n\n#[allow(dead_code)]\npub const KEYS: &[&str] = &[\n");
    for (key, _) in &english {
        let _ = writeln!(out, "    {key:?},");
    }
    out.push_str("];\n\npub const EN: &[&str] = &[\n");
    for (_, value) in &english {
        let _ = writeln!(out, "    {value:?},");
    }
    out.push_str("];\n\npub const IT: &[&str] = &[\n");
    for (key, _) in &english {
        let value = italian.get(key).map_or("", String::as_str);
        let _ = writeln!(out, "    {value:?},");
    }
    out.push_str("];\n\n#[allow(dead_code)]\npub const IT_UNKNOWN_KEYS: &[&str] = &[\n");
    for key in italian.keys() {
        if !english.iter().any(|(k, _)| k == key) {
            let _ = writeln!(out, "    {key:?},");
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("catalogue.rs");
    if let Err(error) = fs::write(&dest, out) {
        println!("cargo:warning=could not write {}: {error}", dest.display());
    }
}

//! The roster as one record: a JSON array of the model's roster items.
//!
//! A login with 5,000 contacts used to write 5,000 records, and IndexedDB spent most of the
//! login doing that (issuing the puts alone blocked the page for about 200 ms); one record of the
//! same JSON is written in a few milliseconds. A roster push rewrites the whole list, which
//! costs milliseconds at that size and happens one contact at a time.
//!
//! An entry that cannot be decoded is skipped and reported by reads, and kept as it is by
//! writes (unless the server's roster replaces it), so nothing readable is lost to it.
//!
//! This module is plain Rust, so the encoding is tested natively.

use std::collections::BTreeMap;

use chat_store::RosterItem;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Key of the single record in the `roster_list` store.
pub const ROSTER_SLOT: &str = "current";

/// The `roster_list` store's one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterListRecord {
    pub slot: String,
    pub data: String,
}

/// An entry of the stored list that is not a roster item, with why.
#[derive(Debug)]
pub struct UnreadableEntry {
    /// The entry's `jid`, or its position when it has none.
    pub key: String,
    pub reason: serde_json::Error,
}

/// The items of a stored list, and the entries that could not be decoded.
pub fn decode(data: &str) -> Result<(Vec<RosterItem>, Vec<UnreadableEntry>), serde_json::Error> {
    let entries: Vec<Value> = serde_json::from_str(data)?;
    let mut items = Vec::with_capacity(entries.len());
    let mut unreadable = Vec::new();
    for (position, entry) in entries.into_iter().enumerate() {
        let key = jid_of(&entry).map_or_else(|| format!("#{position}"), str::to_owned);
        match serde_json::from_value(entry) {
            Ok(item) => items.push(item),
            Err(reason) => unreadable.push(UnreadableEntry { key, reason }),
        }
    }
    Ok((items, unreadable))
}

/// The list after a batch's roster changes, in the order the trait documents: the whole
/// roster replaced (when `replace`), then upserts, then removals. `stored` is the current
/// list's JSON, if any; a list that is not JSON at all counts as empty, as reads report it.
pub fn apply(
    stored: Option<&str>,
    replace: bool,
    upserts: &[RosterItem],
    removals: &[String],
) -> Result<String, serde_json::Error> {
    if replace {
        // A login's whole roster: encoded straight from the items.
        let mut by_jid: BTreeMap<&str, &RosterItem> = upserts
            .iter()
            .map(|item| (item.jid.as_str(), item))
            .collect();
        for jid in removals {
            by_jid.remove(jid.as_str());
        }
        return serde_json::to_string(&by_jid.into_values().collect::<Vec<_>>());
    }
    let entries: Vec<Value> = stored
        .and_then(|data| serde_json::from_str(data).ok())
        .unwrap_or_default();
    let mut by_jid = BTreeMap::new();
    let mut without_jid = Vec::new();
    for entry in entries {
        match jid_of(&entry).map(str::to_owned) {
            Some(jid) => {
                by_jid.insert(jid, entry);
            }
            None => without_jid.push(entry),
        }
    }
    for item in upserts {
        by_jid.insert(item.jid.clone(), serde_json::to_value(item)?);
    }
    for jid in removals {
        by_jid.remove(jid);
    }
    let list: Vec<Value> = by_jid.into_values().chain(without_jid).collect();
    serde_json::to_string(&list)
}

fn jid_of(entry: &Value) -> Option<&str> {
    entry.get("jid").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chat_store::Subscription;

    fn item(jid: &str, name: &str) -> RosterItem {
        RosterItem {
            name: Some(name.to_owned()),
            subscription: Subscription::Both,
            ..RosterItem::new(jid)
        }
    }

    fn items(data: &str) -> Vec<RosterItem> {
        let (items, unreadable) = decode(data).unwrap();
        assert!(unreadable.is_empty(), "{unreadable:?}");
        items
    }

    #[test]
    fn a_replaced_roster_is_the_upserts_by_jid_without_the_removals() {
        let stored = apply(None, false, &[item("old@x", "Old")], &[]).unwrap();
        let upserts = [item("b@x", "B"), item("a@x", "A"), item("b@x", "B again")];
        let data = apply(Some(&stored), true, &upserts, &["a@x".to_owned()]).unwrap();
        assert_eq!(items(&data), vec![item("b@x", "B again")]);
    }

    #[test]
    fn pushes_update_add_and_remove_single_contacts() {
        let stored = apply(None, true, &[item("a@x", "A"), item("b@x", "B")], &[]).unwrap();
        let data = apply(
            Some(&stored),
            false,
            &[item("c@x", "C"), item("a@x", "Anna")],
            &["b@x".to_owned()],
        )
        .unwrap();
        assert_eq!(items(&data), vec![item("a@x", "Anna"), item("c@x", "C")]);
    }

    #[test]
    fn an_unreadable_entry_is_reported_and_kept_until_replaced() {
        let stored = r#"[{"jid":"a@x","subscription":"nonsense"},{"jid":"b@x","name":"B","subscription":"both","groups":[]},42]"#;
        let (read, unreadable) = decode(stored).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].jid, "b@x");
        let keys: Vec<&str> = unreadable.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys, ["a@x", "#2"]);

        // A push for another contact keeps both unreadable entries as they were.
        let pushed = apply(Some(stored), false, &[item("c@x", "C")], &[]).unwrap();
        let (read, unreadable) = decode(&pushed).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(unreadable.len(), 2);
        // The server's word on that contact replaces the unreadable entry.
        let fixed = apply(Some(&pushed), false, &[item("a@x", "A")], &[]).unwrap();
        let (read, unreadable) = decode(&fixed).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(unreadable.len(), 1);
    }

    #[test]
    fn a_list_that_is_not_json_is_an_error_to_read_and_empty_to_write() {
        assert!(decode("not json").is_err());
        let data = apply(Some("not json"), false, &[item("a@x", "A")], &[]).unwrap();
        assert_eq!(items(&data), vec![item("a@x", "A")]);
    }
}

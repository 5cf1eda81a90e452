//! The stream resumption's copy in a key-value storage (the tab's `sessionStorage` in the
//! browser): kept in step in parts, it reads back as the whole state, and each stanza waiting
//! for an ack is written once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::HashMap;

use chat_client::resume_copy::{self, KeyValue, ResumeCopy, KEY};
use chat_store::{ConversationId, EncryptionPreference};
use futures::executor::block_on;
use support::{alice_and_bob, pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;

/// A storage that counts writes per key and can refuse them.
#[derive(Default)]
struct Counting {
    values: HashMap<String, String>,
    writes: HashMap<String, usize>,
    full: bool,
}

impl KeyValue for Counting {
    fn get(&self, key: &str) -> Option<String> {
        self.values.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        if self.full {
            return false;
        }
        *self.writes.entry(key.to_owned()).or_default() += 1;
        self.values.insert(key.to_owned(), value.to_owned());
        true
    }

    fn remove(&mut self, key: &str) {
        self.values.remove(key);
    }
}

/// Sends `body` to bob without letting the server see it: it waits for an ack.
fn send_unacked(alice: &mut Device, body: &str, now: u64) {
    let bob = ConversationId::direct("bob@localhost");
    block_on(alice.client.set_encryption(&bob, EncryptionPreference::Off)).unwrap();
    block_on(alice.client.send_message(&bob, body, now)).unwrap();
}

#[test]
fn the_copy_reads_back_as_the_whole_state_and_each_waiting_stanza_is_written_once() {
    let mut server = server_with_friends();
    let (mut alice, _bob) = alice_and_bob(&mut server, NOW);
    let mut storage = Counting::default();
    let mut copy = ResumeCopy::default();
    for n in 0..5 {
        send_unacked(&mut alice, &format!("waiting {n}"), NOW + n);
        copy.keep(&mut storage, alice.client.resume_snapshot());
    }
    let stanza_keys: Vec<&String> = storage.writes.keys().filter(|k| *k != KEY).collect();
    assert!(stanza_keys.len() >= 5, "{stanza_keys:?}");
    assert!(
        storage.writes.iter().all(|(k, n)| k == KEY || *n == 1),
        "each stanza written once: {:?}",
        storage.writes
    );
    let whole = alice.client.saved_resume().unwrap();
    let mut reread = Counting {
        values: storage.values.clone(),
        ..Counting::default()
    };
    assert_eq!(
        resume_copy::take(&mut reread).as_deref(),
        Some(whole.as_str())
    );
    assert!(reread.values.is_empty(), "taken once: {:?}", reread.values);

    // The server acknowledges them: only what still waits stays (what the client sent since).
    pump(&mut server, &mut [&mut alice], NOW + 10);
    let snapshot = alice.client.resume_snapshot().unwrap();
    let waiting = snapshot.meta.waiting;
    assert!(
        waiting < 5,
        "the server acknowledged the messages: {waiting} wait"
    );
    copy.keep(&mut storage, Some(snapshot));
    let stanzas = storage.values.keys().filter(|k| *k != KEY).count();
    assert_eq!(stanzas, waiting, "acknowledged stanzas are removed");
    let mut reread = Counting {
        values: storage.values.clone(),
        ..Counting::default()
    };
    assert_eq!(resume_copy::take(&mut reread), alice.client.saved_resume());

    // No resumable stream (a logout): nothing is left.
    copy.keep(&mut storage, None);
    assert!(storage.values.is_empty(), "{:?}", storage.values);
}

#[test]
fn a_missing_stanza_or_a_full_storage_means_no_resumption_and_an_old_whole_copy_still_reads() {
    let mut server = server_with_friends();
    let (mut alice, _bob) = alice_and_bob(&mut server, NOW);
    let mut storage = Counting::default();
    let mut copy = ResumeCopy::default();
    send_unacked(&mut alice, "waiting", NOW);
    copy.keep(&mut storage, alice.client.resume_snapshot());
    let stanza_key = storage.values.keys().find(|k| *k != KEY).unwrap().clone();
    storage.values.remove(&stanza_key);
    assert_eq!(
        resume_copy::take(&mut storage),
        None,
        "a gap would shift the counts"
    );

    // Storage refuses a stanza: no copy at all, and no retry of this stream's stanzas.
    let mut full = Counting {
        full: true,
        ..Counting::default()
    };
    let mut copy = ResumeCopy::default();
    copy.keep(&mut full, alice.client.resume_snapshot());
    full.full = false;
    send_unacked(&mut alice, "waiting more", NOW + 1);
    copy.keep(&mut full, alice.client.resume_snapshot());
    assert!(full.values.is_empty(), "{:?}", full.values);

    // What an earlier version saved whole reads as it was.
    let whole = alice.client.saved_resume().unwrap();
    let mut old = Counting::default();
    old.set(KEY, &whole);
    assert_eq!(resume_copy::take(&mut old), Some(whole));
}

//! A copy of the stream resumption in a key-value storage (the tab's `sessionStorage`, see
//! `web::tab_resume`), so a reloaded page resumes the stream.
//!
//! It is kept in step after every input, so it is stored in parts: the counts under [`KEY`],
//! and each stanza waiting for an ack under its number, written once and removed once
//! acknowledged. Writing the whole state every time made an account whose 5,000 contacts'
//! servers asked for our features freeze its tab for minutes (every answer waits for an ack,
//! and each of thousands of inputs wrote all of them again).

use std::collections::VecDeque;

use crate::page_resume::{assemble_saved_resume, ResumeMeta, ResumeSnapshot};

pub const KEY: &str = "jibber.resume";

/// Where the copy lives; best effort, as storage may be full or refused.
pub trait KeyValue {
    fn get(&self, key: &str) -> Option<String>;
    /// Whether the value was stored.
    fn set(&mut self, key: &str, value: &str) -> bool;
    fn remove(&mut self, key: &str);
}

fn stanza_key(number: u32) -> String {
    format!("{KEY}.{number}")
}

/// What the previous page left in `storage`, once (it is taken), as `Client::restore_resume`
/// reads it.
pub fn take(storage: &mut impl KeyValue) -> Option<String> {
    let saved = storage.get(KEY);
    storage.remove(KEY);
    let meta: ResumeMeta = match serde_json::from_str(saved.as_deref()?) {
        Ok(meta) => meta,
        // Saved whole by an earlier version.
        Err(_) => return saved,
    };
    let mut unacked = Vec::with_capacity(meta.waiting.min(10_000));
    let mut complete = true;
    for n in 0..meta.waiting {
        let key = stanza_key(stanza_number(meta.acked, n));
        match storage.get(&key) {
            Some(xml) => unacked.push(xml),
            None => complete = false,
        }
        storage.remove(&key);
    }
    // A stanza missing would shift every count after it: better a fresh session.
    complete
        .then(|| assemble_saved_resume(meta, unacked))
        .flatten()
}

/// The stream's number of the `n`th stanza waiting for an ack.
fn stanza_number(acked: u32, n: usize) -> u32 {
    acked.wrapping_add(1).wrapping_add(n as u32)
}

/// Whether stanza `number` is among those `meta` says wait for an ack.
fn is_waiting(number: u32, meta: &ResumeMeta) -> bool {
    let offset = number.wrapping_sub(meta.acked.wrapping_add(1));
    (offset as usize) < meta.waiting
}

/// What this page has written, to write only what changed.
#[derive(Default)]
pub struct ResumeCopy {
    meta: Option<ResumeMeta>,
    /// The numbers of the stanzas written, oldest first.
    stanzas: VecDeque<u32>,
    /// Storage refused a stanza of this stream: it is not saved again (each attempt would
    /// write them all).
    refused: Option<String>,
}

impl ResumeCopy {
    /// Brings the stored copy in step with `snapshot` (or forgets it, with `None`). Best
    /// effort: without it a reload falls back to a fresh session and the archive.
    pub fn keep(&mut self, storage: &mut impl KeyValue, snapshot: Option<ResumeSnapshot<'_>>) {
        let Some(snapshot) = snapshot else {
            if self.meta.take().is_some() {
                storage.remove(KEY);
            }
            self.forget_stanzas(storage);
            return;
        };
        let meta = snapshot.meta;
        if self.refused.as_ref() == Some(&meta.id) {
            return;
        }
        let same_stream = self.meta.as_ref().is_some_and(|old| old.id == meta.id);
        if !same_stream {
            self.forget_stanzas(storage);
        }
        // Acknowledged since: the oldest ones written.
        while let Some(&oldest) = self.stanzas.front() {
            if is_waiting(oldest, &meta) {
                break;
            }
            storage.remove(&stanza_key(oldest));
            self.stanzas.pop_front();
        }
        // What is left must be the oldest still waiting; if not (a resumption that went
        // differently), everything is written again.
        let in_step = self
            .stanzas
            .iter()
            .enumerate()
            .all(|(n, &number)| number == stanza_number(meta.acked, n));
        if !in_step {
            self.forget_stanzas(storage);
        }
        for (n, stanza) in snapshot.unacked.iter().enumerate().skip(self.stanzas.len()) {
            let number = stanza_number(meta.acked, n);
            if !storage.set(&stanza_key(number), &stanza.to_xml()) {
                // Full: no resumption rather than one with a stanza missing.
                self.meta = None;
                storage.remove(KEY);
                self.forget_stanzas(storage);
                self.refused = Some(meta.id);
                return;
            }
            self.stanzas.push_back(number);
        }
        if self.meta.as_ref() != Some(&meta) {
            if let Ok(json) = serde_json::to_string(&meta) {
                storage.set(KEY, &json);
            }
            self.meta = Some(meta);
        }
    }

    fn forget_stanzas(&mut self, storage: &mut impl KeyValue) {
        for number in self.stanzas.drain(..) {
            storage.remove(&stanza_key(number));
        }
    }
}

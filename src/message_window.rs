//! Which slice of a chat's loaded timeline is in the page. A chat may hold thousands of
//! messages; rendering all of them makes every new message and every scroll slow, so the list
//! renders at most [`MAX_ROWS`] and slides that window as the reader scrolls. While the reader
//! follows the newest messages, only the newest [`FOLLOW_ROWS`] stay: a burst of arrivals then
//! renders only the rows that remain, not rows removed again a moment later.

use std::ops::Range;

use chat_store::Message;

/// The most messages rendered at once: a few screens' worth, so scrolling stays smooth.
pub const MAX_ROWS: usize = 200;
/// How far one step of scrolling moves the window.
pub const STEP: usize = 50;
/// The messages rendered while following the newest: a few screens' worth. Scrolling up brings
/// older ones back [`STEP`] at a time, as anywhere else.
pub const FOLLOW_ROWS: usize = 60;

type Key = (u64, String);

fn key_of(message: &Message) -> Key {
    (message.timestamp, message.id.clone())
}

fn before(message: &Message, key: &Key) -> bool {
    (message.timestamp, message.id.as_str()) < (key.0, key.1.as_str())
}

/// Both ends are message keys rather than indexes, so messages inserted anywhere in the
/// timeline (older pages, archive results, new arrivals) never shift what is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageWindow {
    /// The first rendered message; `None`: from the oldest loaded one.
    from: Option<Key>,
    /// The last rendered message; `None`: up to the newest, new arrivals included.
    to: Option<Key>,
    /// The reader is at the newest message: only the newest [`FOLLOW_ROWS`] are rendered, so
    /// arrivals push the oldest rendered ones out (in the same render that adds them).
    following: bool,
}

impl MessageWindow {
    /// The rendered part of `messages` (ordered by timestamp, then id).
    pub fn range(&self, messages: &[Message]) -> Range<usize> {
        let start = self
            .from
            .as_ref()
            .map_or(0, |key| messages.partition_point(|m| before(m, key)));
        let end = self.to.as_ref().map_or(messages.len(), |key| {
            messages.partition_point(|m| !key_less(key, m))
        });
        let start = if self.following && self.to.is_none() {
            start.max(end.saturating_sub(FOLLOW_ROWS))
        } else {
            start
        };
        start..end.max(start)
    }

    /// Whether the newest message is rendered (new arrivals then appear at the bottom).
    pub fn shows_newest(&self) -> bool {
        self.to.is_none()
    }

    /// While the reader is at the bottom: keep only the newest [`FOLLOW_ROWS`].
    pub fn follow(&mut self, messages: &[Message]) {
        if self.to.is_some() {
            return;
        }
        self.following = true;
        self.pin_top(messages);
    }

    /// The reader left the bottom: what is rendered stays, and arrivals are added below it.
    pub fn stop_following(&mut self, messages: &[Message]) {
        self.pin_top(messages);
        self.following = false;
    }

    /// Keeps the first rendered message as the window's top.
    fn pin_top(&mut self, messages: &[Message]) {
        let start = self.range(messages).start;
        self.from = (start > 0)
            .then(|| messages.get(start).map(key_of))
            .flatten();
    }

    /// Shows up to [`STEP`] older loaded messages, dropping as many from the bottom beyond
    /// [`MAX_ROWS`]. False when the oldest loaded message is already shown (load more first).
    pub fn older(&mut self, messages: &[Message]) -> bool {
        let range = self.range(messages);
        self.following = false;
        let start = range.start.saturating_sub(STEP);
        self.from = (start > 0)
            .then(|| messages.get(start).map(key_of))
            .flatten();
        self.trim_bottom(messages, start, range.end);
        start < range.start
    }

    /// After older messages were loaded before the oldest shown one: keep the bottom within
    /// [`MAX_ROWS`] of the new top.
    pub fn after_loading_older(&mut self, messages: &[Message]) {
        let range = self.range(messages);
        self.trim_bottom(messages, range.start, range.end);
    }

    /// Shows up to [`STEP`] newer loaded messages, dropping as many from the top. False when the
    /// newest message is already shown.
    pub fn newer(&mut self, messages: &[Message]) -> bool {
        if self.to.is_none() {
            return false;
        }
        let range = self.range(messages);
        let end = (range.end + STEP).min(messages.len());
        self.to = if end >= messages.len() {
            None
        } else {
            messages.get(end - 1).map(key_of)
        };
        let start = range.start.max(end.saturating_sub(MAX_ROWS));
        self.from = (start > 0)
            .then(|| messages.get(start).map(key_of))
            .flatten();
        true
    }

    /// Back to the newest messages.
    pub fn newest(&mut self, messages: &[Message]) {
        *self = Self::default();
        self.follow(messages);
    }

    fn trim_bottom(&mut self, messages: &[Message], start: usize, end: usize) {
        if end.saturating_sub(start) > MAX_ROWS {
            self.to = messages.get(start + MAX_ROWS - 1).map(key_of);
        }
    }
}

/// `key` sorts before `message`.
fn key_less(key: &Key, message: &Message) -> bool {
    (key.0, key.1.as_str()) < (message.timestamp, message.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_store::{ConversationId, DeliveryState, Direction, MessageEncryption};

    fn message(n: u64) -> Message {
        Message {
            id: format!("m{n:05}"),
            conversation: ConversationId::direct("bob@example.org"),
            direction: Direction::In,
            sender: "bob@example.org".into(),
            body: format!("message {n}"),
            timestamp: 1_000 + n,
            state: DeliveryState::Received,
            encryption: MessageEncryption::Plain,
            origin_id: None,
            stanza_id: None,
            expires_at: None,
            meta: Default::default(),
        }
    }

    fn timeline(range: Range<u64>) -> Vec<Message> {
        range.map(message).collect()
    }

    fn shown(window: &MessageWindow, messages: &[Message]) -> (u64, u64) {
        let range = window.range(messages);
        (
            messages[range.start].timestamp - 1_000,
            messages[range.end - 1].timestamp - 1_000,
        )
    }

    #[test]
    fn a_short_chat_is_shown_whole() {
        let messages = timeline(0..30);
        let mut window = MessageWindow::default();
        window.follow(&messages);
        assert_eq!(window.range(&messages), 0..30);
        assert!(!window.clone().older(&messages), "nothing older is loaded");
    }

    #[test]
    fn following_keeps_the_newest_rows_as_messages_arrive() {
        let mut messages = timeline(0..MAX_ROWS as u64);
        let mut window = MessageWindow::default();
        for n in MAX_ROWS as u64..1_000 {
            messages.push(message(n));
            window.follow(&messages);
            assert_eq!(window.range(&messages).len(), FOLLOW_ROWS);
        }
        assert_eq!(shown(&window, &messages), (940, 999));
    }

    #[test]
    fn a_burst_while_following_shows_only_the_newest_and_leaving_the_bottom_keeps_them() {
        let mut messages = timeline(0..100);
        let mut window = MessageWindow::default();
        window.follow(&messages);
        assert_eq!(shown(&window, &messages), (40, 99));
        // Before `follow` runs again, the rows a render would add are only those that stay.
        messages.extend(timeline(100..227));
        assert_eq!(shown(&window, &messages), (167, 226));
        window.follow(&messages);
        assert_eq!(shown(&window, &messages), (167, 226));
        // The reader scrolls up: nothing moves, and later arrivals are added below.
        window.stop_following(&messages);
        messages.extend(timeline(227..237));
        assert_eq!(shown(&window, &messages), (167, 236));
        assert!(window.shows_newest());
    }

    #[test]
    fn scrolling_back_slides_the_window_and_forward_returns_to_the_newest() {
        let messages = timeline(0..1_000);
        let mut window = MessageWindow::default();
        window.follow(&messages);
        for _ in 0..4 {
            assert!(window.older(&messages));
        }
        // 60 followed, 4 steps of 50 older, trimmed to 200 at the bottom.
        assert_eq!(shown(&window, &messages), (740, 939));
        assert!(!window.shows_newest());
        while window.newer(&messages) {}
        assert!(window.shows_newest());
        assert_eq!(shown(&window, &messages), (800, 999));
        window.newest(&messages);
        assert_eq!(shown(&window, &messages), (940, 999));
    }

    #[test]
    fn reaching_the_oldest_loaded_message_asks_for_more_and_shows_them_once_loaded() {
        let mut messages = timeline(100..300);
        let mut window = MessageWindow::default();
        window.follow(&messages);
        while window.older(&messages) {}
        assert_eq!(shown(&window, &messages), (100, 299));
        let mut all = timeline(50..100);
        all.append(&mut messages);
        window.after_loading_older(&all);
        assert_eq!(shown(&window, &all), (50, 249));
    }

    #[test]
    fn messages_inserted_outside_the_window_do_not_move_it() {
        let mut messages: Vec<Message> = (0..600).map(|n| message(n * 2)).collect();
        let mut window = MessageWindow::default();
        window.follow(&messages);
        for _ in 0..3 {
            window.older(&messages);
        }
        assert!(!window.shows_newest());
        let before = shown(&window, &messages);
        messages.insert(0, message(1));
        messages.push(message(5_000));
        assert_eq!(shown(&window, &messages), before);
    }

    #[test]
    fn an_empty_chat_has_an_empty_window() {
        let mut window = MessageWindow::default();
        window.follow(&[]);
        assert_eq!(window.range(&[]), 0..0);
        assert!(!window.older(&[]));
        assert!(!window.newer(&[]));
    }
}

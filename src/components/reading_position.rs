//! Keeping the reader's place in the message list while rows are added or removed above it.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A message at the top of the view: its id and its offset from the list's top.
pub type Anchor = (String, f64);

/// The message list and whether a correction of its scroll position is pending (scroll events
/// meanwhile describe a place the reader is about to leave, so they are ignored).
#[derive(Clone, Copy)]
pub struct ListScroll {
    pub list: NodeRef<Div>,
    settling: StoredValue<bool>,
}

impl ListScroll {
    pub fn new(list: NodeRef<Div>) -> Self {
        Self {
            list,
            settling: StoredValue::new(false),
        }
    }

    pub fn is_settling(&self) -> bool {
        self.settling.get_value()
    }

    /// Runs `change` (which adds or removes rows above the reader's place) and then scrolls so
    /// the message at the top of the view stays where it was.
    pub fn keep_position<T>(&self, change: impl FnOnce() -> T) -> T {
        let anchor = self.reading_position();
        let result = change();
        if let Some(anchor) = anchor {
            self.restore(anchor);
        }
        result
    }

    pub fn reading_position(&self) -> Option<Anchor> {
        self.list
            .get_untracked()
            .and_then(|list| top_message(&list))
    }

    /// Once the UI has rendered, scrolls so the message of `anchor` is back at its offset.
    pub fn restore(&self, (id, offset): Anchor) {
        let list_ref = self.list;
        let settling = self.settling;
        settling.set_value(true);
        after_render(move || {
            settling.set_value(false);
            let Some(list) = list_ref.get_untracked() else {
                return;
            };
            if let Some(now) = message_offset(&list, &id) {
                list.set_scroll_top(list.scroll_top() + (now - offset).round() as i32);
            }
        });
    }

    pub fn scroll_to_bottom_after_render(&self) {
        let list_ref = self.list;
        after_render(move || {
            if let Some(list) = list_ref.get_untracked() {
                list.set_scroll_top(list.scroll_height());
            }
        });
    }
}

/// Runs `f` before the next paint, once the UI has applied pending updates.
fn after_render(f: impl FnOnce() + 'static) {
    request_animation_frame(f);
}

fn message_rows(list: &web_sys::HtmlDivElement) -> Vec<web_sys::Element> {
    let Ok(rows) = list.query_selector_all("[data-testid=message]") else {
        return Vec::new();
    };
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// The first message visible at the top of `list`.
fn top_message(list: &web_sys::HtmlDivElement) -> Option<Anchor> {
    let top = list.get_bounding_client_rect().top();
    message_rows(list).into_iter().find_map(|row| {
        let rect = row.get_bounding_client_rect();
        (rect.bottom() > top)
            .then(|| {
                row.get_attribute("data-id")
                    .map(|id| (id, rect.top() - top))
            })
            .flatten()
    })
}

fn message_offset(list: &web_sys::HtmlDivElement, id: &str) -> Option<f64> {
    let top = list.get_bounding_client_rect().top();
    message_rows(list)
        .into_iter()
        .find(|row| row.get_attribute("data-id").as_deref() == Some(id))
        .map(|row| row.get_bounding_client_rect().top() - top)
}

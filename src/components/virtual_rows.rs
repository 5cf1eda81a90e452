//! The one rule of the virtual lists (contacts, a group's occupants): with fixed-height rows,
//! which rows a viewport scrolled to `scroll_top` shows, plus `overscan` rows either side so
//! fast scrolling shows no gaps.

use std::ops::Range;

pub fn visible_range(
    scroll_top: f64,
    viewport_height: f64,
    row_height: f64,
    overscan: usize,
    total: usize,
) -> Range<usize> {
    let first = ((scroll_top / row_height) as usize)
        .saturating_sub(overscan)
        .min(total);
    let count = (viewport_height / row_height).ceil() as usize + 2 * overscan;
    first..(first + count).min(total)
}

//! Adopting the login shell's form. `shell/login-shell.js` draws the login form before this
//! module has loaded; the app keeps that form on screen until it knows which screen to show,
//! then either takes over what the user did in it (the login view) or drops it (a stored
//! account). Nothing typed is lost and nothing flashes in between.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDetailsElement, HtmlInputElement};
use zeroize::Zeroizing;

/// What the shell's form held when the app took over.
pub struct ShellForm {
    pub jid: String,
    pub password: Zeroizing<String>,
    pub websocket_url: String,
    pub advanced_open: bool,
    pub pending: Pending,
    /// The focused field's id and its selection, to put the caret back where it was.
    pub focus: Option<(String, Option<u32>, Option<u32>)>,
}

/// A button the user pressed before the app was there to act on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Nothing,
    Login,
    Signup,
}

thread_local! {
    static SHELL: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// Remembers the shell's form in `root`, if the page has one. Returns whether it has.
pub fn adopt(root: &Element) -> bool {
    let shell = root.query_selector("[data-login-shell]").ok().flatten();
    let found = shell.is_some();
    SHELL.with(|cell| *cell.borrow_mut() = shell);
    found
}

/// Whether the shell's form is still on screen.
pub fn showing() -> bool {
    SHELL.with(|cell| cell.borrow().is_some())
}

/// Removes the shell's form (the app shows another screen).
pub fn discard() {
    if let Some(shell) = SHELL.with(|cell| cell.borrow_mut().take()) {
        clear_password(&shell);
        shell.remove();
    }
}

/// Reads and removes the shell's form; `None` when there is none (any more).
pub fn take() -> Option<ShellForm> {
    let shell = SHELL.with(|cell| cell.borrow_mut().take())?;
    let input = |id: &str| {
        shell
            .query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
    };
    let value = |id: &str| input(id).map(|field| field.value()).unwrap_or_default();
    let form = ShellForm {
        jid: value("login-jid"),
        password: Zeroizing::new(value("login-password")),
        websocket_url: value("login-ws-url"),
        advanced_open: shell
            .query_selector("details")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<HtmlDetailsElement>().ok())
            .is_some_and(|details| details.open()),
        pending: match shell
            .query_selector("form")
            .ok()
            .flatten()
            .and_then(|form| form.get_attribute("data-pending"))
            .as_deref()
        {
            Some("login") => Pending::Login,
            Some("signup") => Pending::Signup,
            _ => Pending::Nothing,
        },
        focus: focused_field(&shell).map(|field| {
            (
                field.id(),
                field.selection_start().ok().flatten(),
                field.selection_end().ok().flatten(),
            )
        }),
    };
    clear_password(&shell);
    shell.remove();
    Some(form)
}

/// Puts the focus and caret back on the app's field with the same id.
pub fn restore_focus(focus: &(String, Option<u32>, Option<u32>)) {
    let (id, start, end) = focus;
    let Some(field) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let _ = field.focus();
    // Password and text fields keep a selection; others (e.g. type=url) throw, which is fine.
    let _ = field.set_selection_range(start.unwrap_or(0), end.or(*start).unwrap_or(0));
}

fn focused_field(shell: &Element) -> Option<HtmlInputElement> {
    let active = web_sys::window()?.document()?.active_element()?;
    if !shell.contains(Some(&active)) {
        return None;
    }
    active.dyn_into::<HtmlInputElement>().ok()
}

/// The password leaves the DOM with the shell, not later with garbage collection.
fn clear_password(shell: &Element) {
    if let Some(field) = shell
        .query_selector("#login-password")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
    {
        field.set_value("");
    }
}

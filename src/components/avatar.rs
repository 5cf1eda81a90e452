//! A contact's picture: their verified avatar, or initials on their XEP-0392 colour.

use leptos::prelude::*;

use crate::format::initials;
use crate::state::AppState;

#[component]
pub fn Avatar(jid: String, name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let hue = xmpp_protocol::color::hue(&jid);
    let letters = initials(&name);
    let image = {
        let jid = jid.clone();
        move || state.avatars.with(|avatars| avatars.get(&jid).cloned())
    };
    move || {
        match image() {
        // A `data:` URL made by the client from checked image bytes; the CSP allows only those.
        Some(url) => view! { <img class="avatar" data-testid="avatar" src=url alt="" aria-hidden="true"/> }.into_any(),
        None => view! {
            <span class="avatar" data-testid="avatar-initials" aria-hidden="true"
                style:background-color=format!("hsl({hue:.0}, 45%, 42%)") style:color="#fff">{letters.clone()}</span>
        }
        .into_any(),
    }
    }
}

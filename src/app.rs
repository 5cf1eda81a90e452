use leptos::prelude::*;

use crate::state::{AppState, Screen};
use crate::views::{LoginView, MainView, SignupView};

#[component]
pub fn App() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.screen.get() {
        Screen::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Screen::Login if state.signup_open.get() => view! { <SignupView/> }.into_any(),
        Screen::Login => view! { <LoginView/> }.into_any(),
        Screen::Main => view! { <MainView/> }.into_any(),
    }
}

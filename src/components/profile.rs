//! Profiles: a contact's basic vCard fields and last activity in their details (asked when the
//! details are opened), and the form for editing our own in account settings. Every field is
//! the other side's text and is rendered as text; the URL is a link only for http(s) addresses,
//! which the client already enforced.

use chat_client::web::ClientHandle;
use chat_client::{Availability, Profile};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use xmpp_protocol::profile::safe_url;

use super::contact_actions::report;
use crate::format::last_seen;
use crate::i18n::{t, Msg};
use crate::state::AppState;

/// `(label, data-testid suffix, value)` for each filled-in field, in display order.
fn fields(profile: &Profile) -> Vec<(&'static str, &'static str, String)> {
    [
        (t(Msg::ProfileFullName), "full-name", &profile.full_name),
        (t(Msg::ProfileNickname), "nickname", &profile.nickname),
        (t(Msg::ProfileEmail), "email", &profile.email),
        (t(Msg::ProfilePhone), "tel", &profile.tel),
        (t(Msg::ProfileOrg), "org", &profile.org),
        (t(Msg::ProfileNote), "note", &profile.note),
    ]
    .into_iter()
    .filter_map(|(label, id, value)| value.clone().map(|v| (label, id, v)))
    .collect()
}

#[component]
pub fn ContactProfile(jid: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let profile = {
        let jid = jid.clone();
        move || state.profiles.with(|p| p.get(&jid).cloned())
    };
    let last_seen = {
        let jid = jid.clone();
        move || {
            if state.availability_of(&jid) != Availability::Unavailable {
                return None;
            }
            let seen = state.last_seen.with(|l| l.get(&jid).cloned())?;
            let text = last_seen(seen.as_ref(), js_sys::Date::now() as u64);
            Some(view! { <p class="hint small" data-testid="contact-last-seen">{text}</p> })
        }
    };
    view! {
        <section class="contact-profile" data-testid="contact-profile" aria-label=t(Msg::Profile)>
            {last_seen}
            {move || match profile() {
                None => view! { <p class="hint small" role="status">{t(Msg::ProfileLoading)}</p> }.into_any(),
                Some(None) => view! { <p class="hint small">{t(Msg::ProfileUnreadable)}</p> }.into_any(),
                Some(Some(profile)) if profile.is_empty() => view! { <p class="hint small">{t(Msg::ProfileNone)}</p> }.into_any(),
                Some(Some(profile)) => {
                    let url = profile.url.clone();
                    view! {
                        <dl class="profile-fields">
                            {fields(&profile).into_iter().map(|(label, id, value)| view! {
                                <dt>{label}</dt>
                                <dd data-testid=format!("profile-{id}")>{value}</dd>
                            }).collect_view()}
                            {url.map(|url| {
                                let href = url.clone();
                                view! {
                                    <dt>{t(Msg::ProfileWeb)}</dt>
                                    <dd><a data-testid="profile-url" href=href target="_blank" rel="noopener noreferrer nofollow">{url}</a></dd>
                                }
                            })}
                        </dl>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Our own basic profile fields; filled in from the server when the settings are opened.
#[component]
pub fn ProfileEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let inputs: [(&'static str, &'static str, RwSignal<String>); 7] = [
        (
            t(Msg::ProfileFullName),
            "full-name",
            RwSignal::new(String::new()),
        ),
        (
            t(Msg::ProfileNickname),
            "nickname",
            RwSignal::new(String::new()),
        ),
        (t(Msg::ProfileEmail), "email", RwSignal::new(String::new())),
        (t(Msg::ProfilePhone), "tel", RwSignal::new(String::new())),
        (t(Msg::ProfileWebPage), "url", RwSignal::new(String::new())),
        (t(Msg::ProfileOrg), "org", RwSignal::new(String::new())),
        (t(Msg::ProfileNote), "note", RwSignal::new(String::new())),
    ];
    let [name, nick, email, tel, url, org, note] = inputs.map(|(_, _, signal)| signal);
    // Once our profile arrives, show it, unless the user already started typing.
    Effect::new(move |_| {
        let own = state.own_jid.get();
        if let Some(Some(profile)) = state.profiles.with(|p| p.get(&own).cloned()) {
            let values = [
                &profile.full_name,
                &profile.nickname,
                &profile.email,
                &profile.tel,
                &profile.url,
                &profile.org,
                &profile.note,
            ];
            for ((_, _, signal), value) in inputs.iter().zip(values) {
                if signal.get_untracked().is_empty() {
                    signal.set(value.clone().unwrap_or_default());
                }
            }
        }
    });
    let save = move |event: SubmitEvent| {
        event.prevent_default();
        let value = |signal: RwSignal<String>| {
            Some(signal.get_untracked()).filter(|v| !v.trim().is_empty())
        };
        let entered_url = value(url);
        // The client keeps only http(s) addresses; say so rather than drop it silently.
        if entered_url
            .as_deref()
            .is_some_and(|u| safe_url(u).is_none())
        {
            state.notice.set(Some(t(Msg::ProfileBadUrl).into()));
            return;
        }
        let profile = Profile {
            full_name: value(name),
            nickname: value(nick),
            email: value(email),
            tel: value(tel),
            url: entered_url,
            org: value(org),
            note: value(note),
        };
        let handle = handle.clone();
        report(state, async move { handle.set_profile(profile).await });
    };
    view! {
        <form class="profile-editor" data-testid="profile-editor" on:submit=save>
            <fieldset>
                <legend>{t(Msg::Profile)}</legend>
                {inputs.into_iter().map(|(label, id, signal)| {
                    let input_id = format!("own-profile-{id}");
                    let field = if id == "note" {
                        view! { <textarea id=input_id.clone() data-testid=format!("own-profile-{id}") rows="3" bind:value=signal></textarea> }.into_any()
                    } else {
                        view! { <input id=input_id.clone() data-testid=format!("own-profile-{id}") type="text" bind:value=signal/> }.into_any()
                    };
                    view! { <label for=input_id>{label}</label> {field} }
                }).collect_view()}
                <button type="submit" data-testid="own-profile-save">{t(Msg::ProfileSave)}</button>
            </fieldset>
        </form>
    }
}

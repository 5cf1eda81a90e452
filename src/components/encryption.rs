//! The chat header's padlock (end-to-end encryption on or off for this chat) and the panel
//! that lists the devices' fingerprints and lets the user decide whom to trust.

use chat_client::web::ClientHandle;
use chat_client::{OmemoDevice, Trust};
use chat_store::{ConversationId, EncryptionPreference};
use leptos::prelude::*;

use super::contact_actions::report;
use super::message_item::LockIcon;
use crate::i18n::{t, tf, Msg};
use crate::state::AppState;

fn trust_value(trust: Option<Trust>) -> &'static str {
    match trust {
        Some(Trust::Trusted) => "trusted",
        Some(Trust::Verified) => "verified",
        Some(Trust::Distrusted) => "distrusted",
        Some(Trust::Undecided) | None => "undecided",
    }
}

fn trust_from(value: &str) -> Option<Trust> {
    match value {
        "trusted" => Some(Trust::Trusted),
        "verified" => Some(Trust::Verified),
        "distrusted" => Some(Trust::Distrusted),
        _ => None,
    }
}

#[component]
pub fn EncryptionToggle(id: ConversationId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let jid = id.jid.clone();
    handle.show_omemo_devices(jid.clone());
    let preference = {
        let id = id.clone();
        Memo::new(move |_| {
            state
                .conversations
                .with(|list| list.iter().find(|c| c.id == id).map(|c| c.encryption))
                .unwrap_or_default()
        })
    };
    let has_devices = {
        let jid = jid.clone();
        Memo::new(move |_| {
            state
                .omemo_devices
                .with(|all| all.get(&jid).is_some_and(|d| d.iter().any(|d| d.active)))
        })
    };
    let on = Memo::new(move |_| match preference.get() {
        EncryptionPreference::On => true,
        EncryptionPreference::Off => false,
        EncryptionPreference::Auto => has_devices.get(),
    });
    let toggle = {
        let id = id.clone();
        move |_| {
            let next = if on.get_untracked() {
                EncryptionPreference::Off
            } else {
                EncryptionPreference::On
            };
            let (handle, id) = (handle.clone(), id.clone());
            report(state, async move { handle.set_encryption(id, next).await });
        }
    };
    let title = move || {
        if on.get() {
            t(Msg::EncryptionOnTitle)
        } else if has_devices.get() {
            t(Msg::EncryptionOffTitle)
        } else {
            t(Msg::EncryptionUnavailableTitle)
        }
    };
    let panel_open = RwSignal::new(false);
    view! {
        <button class="ghost small encryption-toggle" data-testid="encryption-toggle" data-encrypted=move || on.get().to_string()
            data-preference=move || match preference.get() { EncryptionPreference::Auto => "auto", EncryptionPreference::On => "on", EncryptionPreference::Off => "off" }
            aria-pressed=move || on.get().to_string() title=title on:click=toggle>
            <LockIcon/>
            " "{move || if on.get() { t(Msg::EncryptionOn) } else { t(Msg::EncryptionOff) }}
        </button>
        <button class="ghost small" data-testid="security-toggle" aria-expanded=move || panel_open.get().to_string()
            on:click=move |_| panel_open.update(|open| *open = !*open)>
            {t(Msg::Keys)}
        </button>
        <Show when=move || panel_open.get()>
            <SecurityPanel jid=jid.clone()/>
        </Show>
    }
}

/// This device's fingerprint, and the contact's and our other devices' keys with their trust.
#[component]
fn SecurityPanel(jid: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let own_jid = state.own_jid.get_untracked();
    handle.show_omemo_devices(own_jid.clone());
    let own = move || state.own_omemo.get();
    view! {
        <section class="security-panel" data-testid="security-panel" aria-label=t(Msg::EncryptionKeys)>
            <h3>{t(Msg::ThisDevice)}</h3>
            {move || match own() {
                Some((device, link)) => view! {
                    <p class="small" data-testid="own-device" data-device-id=device.device_id.to_string()>{tf(Msg::DeviceId, &[("id", &device.device_id.to_string())])}</p>
                    <Fingerprint groups=device.fingerprint.unwrap_or_default() testid="own-fingerprint"/>
                    <details class="verify-own">
                        <summary>{t(Msg::VerifyOwn)}</summary>
                        <super::qr::QrCode data=link.clone() label=t(Msg::VerificationCode)/>
                        <input readonly=true class="small" data-testid="own-verification-link" aria-label=t(Msg::VerificationLink) prop:value=link/>
                    </details>
                }.into_any(),
                None => view! { <p class="small">{t(Msg::KeysNotReady)}</p> }.into_any(),
            }}
            <h3>{tf(Msg::TheirDevices, &[("jid", &jid)])}</h3>
            <DeviceList jid=jid.clone() own=false/>
            <VerifyLink/>
            <h3>{t(Msg::YourOtherDevices)}</h3>
            <DeviceList jid=own_jid own=true/>
            <p class="small hint">{t(Msg::CompareFingerprints)}</p>
        </section>
    }
}

/// Verifies devices with a link from the other person's code (scanned with any QR reader).
#[component]
fn VerifyLink() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let link = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (handle, uri) = (handle.clone(), link.get_untracked());
        report(state, async move {
            handle.verify_with_uri(uri).await?;
            link.set(String::new());
            Ok(())
        });
    };
    view! {
        <form class="verify-link" on:submit=submit>
            <label class="small">{t(Msg::VerifyLink)}
                <input data-testid="verify-link" bind:value=link placeholder="xmpp:name@example.org?omemo-sid-…"/>
            </label>
            <button type="submit" class="small" data-testid="verify-link-submit">{t(Msg::Verify)}</button>
        </form>
    }
}

#[component]
fn DeviceList(jid: String, own: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let devices = {
        let jid = jid.clone();
        move || {
            state
                .omemo_devices
                .with(|all| all.get(&jid).cloned().unwrap_or_default())
        }
    };
    view! {
        <Show when={
            let devices = devices.clone();
            move || !devices().is_empty()
        } fallback=|| view! { <p class="small">{t(Msg::NoDevices)}</p> }>
            <ul class="devices">
                <For each=devices.clone() key=|d: &OmemoDevice| (d.device_id, d.fingerprint_hex.clone(), trust_value(d.trust), d.active)
                    children=move |device| view! { <DeviceRow device=device own=own/> }/>
            </ul>
        </Show>
    }
}

#[component]
fn DeviceRow(device: OmemoDevice, own: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let current = trust_value(device.trust);
    let on_change = {
        let device = device.clone();
        let handle = handle.clone();
        move |ev: leptos::ev::Event| {
            let (Some(trust), Some(fingerprint)) = (
                trust_from(&event_target_value(&ev)),
                device.fingerprint_hex.clone(),
            ) else {
                return;
            };
            let (handle, jid, id) = (handle.clone(), device.jid.clone(), device.device_id);
            report(state, async move {
                handle.set_device_trust(jid, id, fingerprint, trust).await
            });
        }
    };
    let label = tf(Msg::DeviceTrust, &[("id", &device.device_id.to_string())]);
    let (active, device_id) = (device.active, device.device_id);
    let has_key = device.fingerprint.is_some();
    view! {
        <li class="device" data-testid="device" data-device-id=device.device_id.to_string() data-trust=current>
            <p class="small">
                {tf(Msg::DeviceId, &[("id", &device.device_id.to_string())])}
                {(!device.active).then(|| format!(" {}", t(Msg::DeviceInactive)))}
            </p>
            {match device.fingerprint {
                Some(groups) => view! { <Fingerprint groups=groups testid="device-fingerprint"/> }.into_any(),
                None => view! { <p class="small">{t(Msg::KeyNotSeen)}</p> }.into_any(),
            }}
            <Show when=move || own && active>
                <button class="ghost small" data-testid="device-remove" on:click={
                    let handle = handle.clone();
                    move |_| {
                        let handle = handle.clone();
                        report(state, async move { handle.remove_own_device(device_id).await });
                    }
                }>{t(Msg::RemoveDevice)}</button>
            </Show>
            <Show when=move || has_key>
                <select data-testid="device-trust" aria-label=label.clone() on:change=on_change.clone() prop:value=current>
                    <option value="undecided" disabled=true>{t(Msg::TrustUndecided)}</option>
                    <option value="trusted">{t(Msg::TrustTrusted)}</option>
                    <option value="verified">{t(Msg::TrustVerified)}</option>
                    <option value="distrusted">{t(Msg::TrustDistrusted)}</option>
                </select>
            </Show>
        </li>
    }
}

#[component]
fn Fingerprint(groups: Vec<String>, testid: &'static str) -> impl IntoView {
    let spoken = groups.join(" ");
    view! {
        <code class="fingerprint" data-testid=testid aria-label=tf(Msg::Fingerprint, &[("digits", &spoken)])>
            {groups.into_iter().map(|group| view! { <span>{group}</span>" " }).collect_view()}
        </code>
    }
}

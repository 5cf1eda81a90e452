//! Choosing our avatar: the image is decoded, cropped to a square and resized to 96×96 PNG in
//! the browser (a canvas), so huge photos never leave the device and any readable image works.

use crate::i18n::{t, tf, Msg};
use chat_client::web::ClientHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast};

/// Avatar side in pixels (XEP-0084 recommends 32–96).
const SIZE: u32 = 96;

#[component]
pub fn AvatarPicker() -> impl IntoView {
    let handle = expect_context::<ClientHandle>();
    let message = RwSignal::new(None::<(bool, String)>);
    let on_change = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let handle = handle.clone();
        message.set(Some((true, t(Msg::AvatarPreparing).into())));
        resize(file, move |result| match result {
            Ok(bytes) => {
                let handle = handle.clone();
                spawn_local(async move {
                    match handle.set_avatar(bytes, SIZE as u16, SIZE as u16).await {
                        Ok(()) => message.set(Some((true, t(Msg::AvatarUpdated).into()))),
                        Err(reason) => message.set(Some((
                            false,
                            tf(
                                Msg::AvatarFailed,
                                &[("reason", &crate::reasons::client_error_text(&reason))],
                            ),
                        ))),
                    }
                });
            }
            Err(reason) => message.set(Some((false, reason))),
        });
    };
    view! {
        <label for="own-avatar">{t(Msg::Avatar)}</label>
        <input id="own-avatar" data-testid="own-avatar-file" type="file" accept="image/*" on:change=on_change/>
        {move || message.get().map(|(ok, text)| view! {
            <p class=if ok { "hint small" } else { "error small" } role=if ok { "status" } else { "alert" }
                data-testid="own-avatar-message">{text}</p>
        })}
    }
}

/// Decodes `file` as an image and calls `done` with 96×96 PNG bytes or a reason.
fn resize(file: web_sys::File, done: impl Fn(Result<Vec<u8>, String>) + 'static) {
    let not_image = || Err(t(Msg::AvatarNotImage).to_owned());
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
        return done(not_image());
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return done(not_image());
    };
    let done = std::rc::Rc::new(done);
    let on_load = {
        let (image, url, done) = (image.clone(), url.clone(), done.clone());
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            done(draw(&image).ok_or_else(|| t(Msg::AvatarResizeFailed).to_owned()));
        })
    };
    let on_error = {
        let (url, done) = (url.clone(), done.clone());
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            done(Err(t(Msg::AvatarNotImage).to_owned()));
        })
    };
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_onerror(Some(on_error.unchecked_ref()));
    image.set_src(&url);
}

/// Crops the centre square and draws it at `SIZE`; PNG bytes out.
fn draw(image: &web_sys::HtmlImageElement) -> Option<Vec<u8>> {
    let (width, height) = (
        f64::from(image.natural_width()),
        f64::from(image.natural_height()),
    );
    if width < 1.0 || height < 1.0 {
        return None;
    }
    let side = width.min(height);
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(SIZE);
    canvas.set_height(SIZE);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            image,
            (width - side) / 2.0,
            (height - side) / 2.0,
            side,
            side,
            0.0,
            0.0,
            f64::from(SIZE),
            f64::from(SIZE),
        )
        .ok()?;
    let data_url = canvas.to_data_url_with_type("image/png").ok()?;
    let encoded = data_url.split_once(',')?.1;
    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded).ok()
}

//! HTTP transfers of shared files with `XMLHttpRequest` (unlike `fetch`, it reports upload
//! progress and can be cancelled).

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};
use xmpp_protocol::upload::Slot;

use crate::TransferError;

/// Lets the user stop a transfer; checked on every progress event.
#[derive(Clone, Default)]
pub struct Cancel(Rc<Cell<bool>>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// A step the browser refused, with its words (and what was being done, for the log).
fn failed(what: &str) -> impl Fn(wasm_bindgen::JsValue) -> TransferError + '_ {
    move |error| TransferError::Browser {
        detail: match error.as_string() {
            Some(words) => format!("{what}: {words}"),
            None => what.to_owned(),
        },
    }
}

/// Waits for the request to end; `Ok(status)` when it completed, `Err` when it failed or was
/// cancelled.
async fn finish(
    xhr: &XmlHttpRequest,
    cancel: &Cancel,
    progress: Option<Rc<dyn Fn(f64)>>,
) -> Result<u16, TransferError> {
    let (done, finished) = oneshot::channel::<Result<(), TransferError>>();
    let done = Rc::new(Cell::new(Some(done)));
    let settle = {
        let done = done.clone();
        move |outcome: Result<(), TransferError>| {
            if let Some(done) = done.take() {
                let _ = done.send(outcome);
            }
        }
    };
    let on_load = {
        let settle = settle.clone();
        Closure::<dyn FnMut()>::new(move || settle(Ok(())))
    };
    let on_error = {
        let settle = settle.clone();
        Closure::<dyn FnMut()>::new(move || settle(Err(TransferError::ConnectionFailed)))
    };
    let on_abort = Closure::<dyn FnMut()>::new(move || settle(Err(TransferError::Cancelled)));
    let on_progress = {
        let (xhr, cancel) = (xhr.clone(), cancel.clone());
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if cancel.is_cancelled() {
                let _ = xhr.abort();
            } else if let (Some(report), true) = (progress.as_ref(), event.length_computable()) {
                report(event.loaded() / event.total().max(1.0));
            }
        })
    };
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    xhr.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let outcome = finished.await.unwrap_or(Err(TransferError::Cancelled));
    // The closures must live until the request has settled.
    drop((on_load, on_error, on_abort, on_progress));
    outcome.and_then(|()| xhr.status().map_err(failed("reading the answer")))
}

/// PUTs `bytes` to the slot, reporting progress (0..1).
pub async fn put(
    slot: &Slot,
    bytes: &[u8],
    content_type: Option<&str>,
    progress: Rc<dyn Fn(f64)>,
    cancel: &Cancel,
) -> Result<(), TransferError> {
    let xhr = XmlHttpRequest::new().map_err(failed("starting the upload"))?;
    xhr.open("PUT", &slot.put_url)
        .map_err(failed("starting the upload"))?;
    for (name, value) in &slot.put_headers {
        xhr.set_request_header(name, value)
            .map_err(failed("starting the upload"))?;
    }
    if let Some(content_type) = content_type {
        xhr.set_request_header("Content-Type", content_type)
            .map_err(failed("starting the upload"))?;
    }
    let body = Uint8Array::from(bytes);
    xhr.send_with_opt_buffer_source(Some(&body))
        .map_err(failed("sending the file"))?;
    match finish(&xhr, cancel, Some(progress)).await? {
        200..=299 => Ok(()),
        413 => Err(TransferError::TooLarge),
        status => Err(TransferError::Refused { status }),
    }
}

/// Downloads a shared file.
pub async fn get(url: &str) -> Result<Vec<u8>, TransferError> {
    let xhr = XmlHttpRequest::new().map_err(failed("downloading"))?;
    xhr.open("GET", url).map_err(failed("downloading"))?;
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    xhr.send().map_err(failed("downloading"))?;
    match finish(&xhr, &Cancel::default(), None).await? {
        200..=299 => {
            let response = xhr.response().map_err(failed("reading the file"))?;
            Ok(Uint8Array::new(&response).to_vec())
        }
        status => Err(TransferError::NotAvailable { status }),
    }
}

use futures::channel::mpsc::UnboundedSender;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, Event, MessageEvent, WebSocket};

use super::driver::Input;
use crate::Disconnect;

/// One WebSocket connection speaking the `xmpp` subprotocol (RFC 7395). Its callbacks post
/// inputs tagged with `generation`, so late events from an old socket are told apart.
pub(crate) struct Socket {
    ws: WebSocket,
    open: bool,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Socket {
    pub(crate) fn open(
        url: &str,
        generation: u64,
        inputs: UnboundedSender<Input>,
    ) -> Result<Self, Disconnect> {
        let ws = WebSocket::new_with_str(url, "xmpp")
            .map_err(|e| Disconnect::SocketError(describe(&e)))?;
        let tx = inputs.clone();
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| {
            let _ = tx.unbounded_send(Input::SocketOpen(generation));
        });
        let tx = inputs.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // RFC 7395 frames are text; a binary frame is a protocol violation we report.
            let frame = event.data().as_string();
            let _ = tx.unbounded_send(Input::Frame(generation, frame));
        });
        let tx = inputs.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            let reason = Disconnect::Closed {
                code: event.code(),
                reason: Some(event.reason()).filter(|r| !r.is_empty()),
            };
            let _ = tx.unbounded_send(Input::SocketClosed(generation, reason));
        });
        let tx = inputs;
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| {
            let _ = tx.unbounded_send(Input::SocketClosed(generation, Disconnect::SocketFailed));
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        ws.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            ws,
            open: false,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
            _on_error: on_error,
        })
    }

    pub(crate) fn mark_open(&mut self) {
        self.open = true;
    }

    pub(crate) fn is_open(&self) -> bool {
        self.open
    }

    pub(crate) fn send(&self, frame: &str) -> Result<(), String> {
        self.ws.send_with_str(frame).map_err(|e| describe(&e))
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        let _ = self.ws.close();
    }
}

fn describe(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_default()
}

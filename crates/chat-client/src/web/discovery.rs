use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::discovery::{fallback_url, host_meta_urls, websocket_from_json, websocket_from_xrd};

/// XEP-0156 lookup for `domain`, falling back to the conventional endpoint.
pub async fn discover_websocket(domain: &str) -> String {
    let [json_url, xrd_url] = host_meta_urls(domain);
    if let Some(url) = fetch_text(&json_url)
        .await
        .and_then(|doc| websocket_from_json(&doc))
    {
        return url;
    }
    if let Some(url) = fetch_text(&xrd_url)
        .await
        .and_then(|doc| websocket_from_xrd(&doc))
    {
        return url;
    }
    fallback_url(domain)
}

/// GET `url` as text; any failure (network, CSP, status) is "nothing there".
pub(crate) async fn fetch_text(url: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.ok()?;
    let response: Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The deployment's options from a `config.json` (beside index.html, or beside widget.js);
/// missing or broken means it sets none.
pub async fn load_config(url: &str) -> crate::app_options::OptionLayer {
    fetch_text(url)
        .await
        .map(|text| crate::app_options::OptionLayer::from_json(&text))
        .unwrap_or_default()
}

//! XEP-0156: finding a server's WebSocket endpoint from its domain via host-meta.
//! Pure functions; the browser driver does the fetching.

use serde::Deserialize;

const WEBSOCKET_REL: &str = "urn:xmpp:alt-connections:websocket";
const XRD_NS: &str = "http://docs.oasis-open.org/ns/xri/xrd-1.0";

/// Where to look, in order: JSON first (cheaper to parse), then the XRD document.
pub fn host_meta_urls(domain: &str) -> [String; 2] {
    [
        format!("https://{domain}/.well-known/host-meta.json"),
        format!("https://{domain}/.well-known/host-meta"),
    ]
}

/// The endpoint most servers use when they publish none.
pub fn fallback_url(domain: &str) -> String {
    format!("wss://{domain}/xmpp-websocket")
}

/// Only WebSocket URLs are usable; anything else from a host-meta document is ignored.
pub fn is_websocket_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("wss://") || lower.starts_with("ws://")) && lower.len() > "ws://".len()
}

#[derive(Deserialize)]
struct HostMetaJson {
    #[serde(default)]
    links: Vec<LinkJson>,
}

#[derive(Deserialize)]
struct LinkJson {
    #[serde(default)]
    rel: String,
    #[serde(default)]
    href: String,
}

/// The WebSocket endpoint from a `host-meta.json` document, preferring `wss://`.
pub fn websocket_from_json(document: &str) -> Option<String> {
    let parsed: HostMetaJson = serde_json::from_str(document).ok()?;
    pick(
        parsed
            .links
            .into_iter()
            .filter(|l| l.rel == WEBSOCKET_REL)
            .map(|l| l.href),
    )
}

/// The WebSocket endpoint from a `host-meta` XRD document, preferring `wss://`.
pub fn websocket_from_xrd(document: &str) -> Option<String> {
    let root = xmpp_protocol::xml::parse_element(document).ok()?;
    if root.name != "XRD" || root.ns != XRD_NS {
        return None;
    }
    let hrefs = root
        .children_named("Link", XRD_NS)
        .filter(|link| link.attr("rel") == Some(WEBSOCKET_REL))
        .filter_map(|link| link.attr("href").map(str::to_owned));
    pick(hrefs)
}

fn pick(candidates: impl Iterator<Item = String>) -> Option<String> {
    let usable: Vec<String> = candidates.filter(|u| is_websocket_url(u)).collect();
    usable
        .iter()
        .find(|u| u.to_ascii_lowercase().starts_with("wss://"))
        .or_else(|| usable.first())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_prefers_secure_websocket() {
        let doc = r#"{"links":[
            {"rel":"urn:xmpp:alt-connections:xbosh","href":"https://example.org/http-bind"},
            {"rel":"urn:xmpp:alt-connections:websocket","href":"ws://example.org/ws"},
            {"rel":"urn:xmpp:alt-connections:websocket","href":"wss://example.org/ws"}]}"#;
        assert_eq!(
            websocket_from_json(doc).as_deref(),
            Some("wss://example.org/ws")
        );
    }

    #[test]
    fn xrd_is_read() {
        let doc = r#"<?xml version='1.0' encoding='utf-8'?>
<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Link rel="urn:xmpp:alt-connections:websocket" href="ws://127.0.0.1:5280/xmpp-websocket"/>
</XRD>"#;
        assert_eq!(
            websocket_from_xrd(doc).as_deref(),
            Some("ws://127.0.0.1:5280/xmpp-websocket")
        );
    }

    #[test]
    fn hostile_documents_give_nothing() {
        assert_eq!(websocket_from_json("not json"), None);
        assert_eq!(
            websocket_from_json(
                r#"{"links":[{"rel":"urn:xmpp:alt-connections:websocket","href":"javascript:alert(1)"}]}"#
            ),
            None
        );
        assert_eq!(websocket_from_xrd("<XRD><unclosed>"), None);
        assert_eq!(
            websocket_from_xrd("<html xmlns='http://www.w3.org/1999/xhtml'/>"),
            None
        );
    }

    #[test]
    fn urls_for_a_domain() {
        assert_eq!(
            host_meta_urls("example.org")[0],
            "https://example.org/.well-known/host-meta.json"
        );
        assert_eq!(
            fallback_url("example.org"),
            "wss://example.org/xmpp-websocket"
        );
    }
}

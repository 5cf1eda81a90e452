//! Sharing files: XEP-0363 HTTP File Upload (finding the service, asking for a slot, the slot it
//! grants) and XEP-0066 out-of-band data, which tells the recipient the message is a file.

use crate::disco::DiscoInfo;
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

pub const HTTP_UPLOAD: &str = "urn:xmpp:http:upload:0";
pub use crate::disco::{disco_items, disco_items_request, DiscoItem, DISCO_ITEMS};

/// Longest URL accepted from a slot or a message (browsers cope with more; nobody needs it).
const MAX_URL_CHARS: usize = 4096;
/// Headers XEP-0363 allows the service to ask for; others must be ignored.
const ALLOWED_HEADERS: [&str; 3] = ["Authorization", "Cookie", "Expires"];

/// `<request xmlns='urn:xmpp:http:upload:0' filename size content-type/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRequest {
    pub filename: String,
    pub size: u64,
    pub content_type: Option<String>,
}

/// The service's answer: where to PUT the file (with these headers) and where it can be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub put_url: String,
    pub put_headers: Vec<(String, String)>,
    pub get_url: String,
}

/// `<x xmlns='jabber:x:oob'><url/></x>`: the message body is this file's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfBand {
    pub url: String,
}

/// Whether `info` describes an upload service, and the largest file it takes (if it says).
pub fn upload_service(info: &DiscoInfo) -> Option<Option<u64>> {
    if !info.has_feature(HTTP_UPLOAD) {
        return None;
    }
    let limit = info
        .extensions
        .iter()
        .filter(|form| form.form_type() == Some(HTTP_UPLOAD))
        .find_map(|form| form.field("max-file-size")?.value()?.trim().parse().ok());
    Some(limit)
}

impl From<&SlotRequest> for Element {
    fn from(request: &SlotRequest) -> Self {
        Element::builder("request", HTTP_UPLOAD)
            .attr("filename", request.filename.clone())
            .attr("size", request.size.to_string())
            .attr_opt("content-type", request.content_type.clone())
            .build()
    }
}

fn checked_url(url: &str, element: &'static str) -> Result<String, ParseError> {
    let url = url.trim();
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    if !scheme_ok || url.chars().count() > MAX_URL_CHARS || url.chars().any(char::is_control) {
        let value = url.chars().take(64).collect();
        return Err(ParseError::InvalidContent {
            element,
            value,
            reason: "not a usable http(s) URL".into(),
        });
    }
    Ok(url.to_owned())
}

impl TryFrom<&Element> for Slot {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "slot", HTTP_UPLOAD)?;
        let put = element
            .get_child("put", HTTP_UPLOAD)
            .ok_or(ParseError::MissingChild {
                element: "slot",
                child: "put",
            })?;
        let get = element
            .get_child("get", HTTP_UPLOAD)
            .ok_or(ParseError::MissingChild {
                element: "slot",
                child: "get",
            })?;
        let put_headers = put
            .children_named("header", HTTP_UPLOAD)
            .filter_map(|header| {
                let name = header.attr("name")?;
                let value = header.text();
                let allowed = ALLOWED_HEADERS
                    .iter()
                    .any(|allowed| allowed.eq_ignore_ascii_case(name));
                (allowed && !value.contains(['\r', '\n'])).then(|| (name.to_owned(), value))
            })
            .collect();
        Ok(Self {
            put_url: checked_url(required_attr(put, "put", "url")?, "put")?,
            put_headers,
            get_url: checked_url(required_attr(get, "get", "url")?, "get")?,
        })
    }
}

impl From<&OutOfBand> for Element {
    fn from(oob: &OutOfBand) -> Self {
        Element::builder("x", ns::OOB)
            .append(
                Element::builder("url", ns::OOB)
                    .text(oob.url.clone())
                    .build(),
            )
            .build()
    }
}

impl TryFrom<&Element> for OutOfBand {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::OOB)?;
        let url = element
            .child_text("url", ns::OOB)
            .ok_or(ParseError::MissingChild {
                element: "x",
                child: "url",
            })?;
        Ok(Self {
            url: checked_url(&url, "url")?,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn a_slot_keeps_allowed_headers_and_refuses_other_schemes() {
        let xml = "<slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example/a/b.png'>\
            <header name='Authorization'>Basic x</header><header name='Host'>evil</header>\
            <header name='Cookie'>a\nb</header></put><get url='https://up.example/a/b.png'/></slot>";
        let slot = Slot::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(
            slot.put_headers,
            vec![("Authorization".to_owned(), "Basic x".to_owned())]
        );
        assert_eq!(slot.get_url, "https://up.example/a/b.png");
        let hostile = xml.replace("https://up.example/a/b.png'/>", "javascript:alert(1)'/>");
        assert!(Slot::try_from(&parse_element(&hostile).unwrap()).is_err());
        assert!(
            Slot::try_from(&parse_element("<slot xmlns='urn:xmpp:http:upload:0'/>").unwrap())
                .is_err()
        );
    }

    #[test]
    fn a_request_and_an_oob_element_round_trip() {
        let request = SlotRequest {
            filename: "cat <1>.png".into(),
            size: 1234,
            content_type: Some("image/png".into()),
        };
        let xml = Element::from(&request).to_xml();
        assert!(
            xml.contains("filename=\"cat &lt;1&gt;.png\"") && xml.contains("size=\"1234\""),
            "{xml}"
        );
        let oob = OutOfBand {
            url: "https://up.example/f.jpg".into(),
        };
        assert_eq!(OutOfBand::try_from(&Element::from(&oob)).unwrap(), oob);
    }

    #[test]
    fn the_upload_service_and_its_limit_are_read_from_disco() {
        let xml = "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='store' type='file'/>\
            <feature var='urn:xmpp:http:upload:0'/><x xmlns='jabber:x:data' type='result'>\
            <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>\
            <field var='max-file-size'><value>10485760</value></field></x></query>";
        let info = DiscoInfo::try_from(&parse_element(xml).unwrap()).unwrap();
        assert_eq!(upload_service(&info), Some(Some(10_485_760)));
        let items = "<query xmlns='http://jabber.org/protocol/disco#items'><item jid='upload.example'/><item jid='conf.example'/></query>";
        assert_eq!(
            disco_items(&parse_element(items).unwrap(), 1).unwrap(),
            vec![DiscoItem {
                jid: "upload.example".into(),
                node: None,
                name: None
            }]
        );
    }
}

//! XEP-0199 XMPP ping: the server checks we are alive; we may check the server.

use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// `<ping xmlns='urn:xmpp:ping'/>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ping;

impl TryFrom<&Element> for Ping {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "ping", ns::PING).map(|()| Ping)
    }
}

impl From<Ping> for Element {
    fn from(_: Ping) -> Self {
        Element::new("ping", ns::PING)
    }
}

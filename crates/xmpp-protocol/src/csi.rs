//! XEP-0352 client state indication: top-level `<active/>` / `<inactive/>` nonzas that let
//! the server hold back unimportant traffic while the tab is hidden.

use crate::ns;
use crate::xml::Element;

/// The nonza for the tab being visible (`true`) or hidden.
pub fn state_element(active: bool) -> Element {
    Element::new(if active { "active" } else { "inactive" }, ns::CSI)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_both_nonzas() {
        assert_eq!(
            state_element(true).to_xml(),
            r#"<active xmlns="urn:xmpp:csi:0"/>"#
        );
        assert_eq!(
            state_element(false).to_xml(),
            r#"<inactive xmlns="urn:xmpp:csi:0"/>"#
        );
    }
}

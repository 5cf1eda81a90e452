//! The fake MUC service's own address (`conference.DOMAIN`), like Prosody's: its disco#info
//! (a conference identity with the MUC feature) and disco#items, the public rooms with names.

use xmpp_protocol::xml::Element;

use super::muc::attr_escape;
use super::{ConnId, FakeServer, CLIENT};

const DISCO_INFO: &str = "http://jabber.org/protocol/disco#info";
const DISCO_ITEMS: &str = "http://jabber.org/protocol/disco#items";

impl FakeServer {
    /// From now on the service refuses to list its rooms.
    pub fn refuse_room_listing(&mut self) {
        self.muc.refuse_listing = true;
    }

    pub(super) fn muc_service_iq(&mut self, id: ConnId, iq: &Element) {
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let service = self.muc_domain();
        let Some(child) = iq.child_elements().next() else {
            return;
        };
        let payload = if child.is("query", DISCO_INFO) {
            format!("<query xmlns='{DISCO_INFO}'><identity category='conference' type='text' name='Chatrooms'/><feature var='http://jabber.org/protocol/muc'/></query>")
        } else if child.is("query", DISCO_ITEMS) && !self.muc.refuse_listing {
            let mut rooms: Vec<(&String, &super::muc::FakeRoom)> = self
                .muc
                .rooms
                .iter()
                .filter(|(_, room)| room.public && !room.locked)
                .collect();
            rooms.sort_by(|a, b| a.0.cmp(b.0));
            let items: String = rooms
                .iter()
                .map(|(jid, room)| {
                    let name = room
                        .name
                        .as_deref()
                        .map(|n| format!(" name='{}'", attr_escape(n)))
                        .unwrap_or_default();
                    format!("<item jid='{jid}'{name}/>")
                })
                .collect();
            format!("<query xmlns='{DISCO_ITEMS}'>{items}</query>")
        } else {
            let condition = if self.muc.refuse_listing {
                "forbidden"
            } else {
                "service-unavailable"
            };
            let error = format!("<iq xmlns='{CLIENT}' type='error' id='{iq_id}' from='{service}'><error type='cancel'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            return self.send(id, error);
        };
        self.send(
            id,
            format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{service}'>{payload}</iq>"),
        );
    }
}

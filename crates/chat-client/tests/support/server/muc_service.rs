//! The fake MUC service's own address (`conference.DOMAIN`), like Prosody's: its disco#info
//! (a conference identity with the MUC feature) and disco#items, the public rooms with names;
//! and private messages between occupants (XEP-0045 §7.5), relayed from the sender's nick.

use xmpp_protocol::xml::{parse_element, Element};

use super::muc::{attr_escape, bare_of};
use super::{ConnId, FakeServer, CLIENT};

const DISCO_INFO: &str = "http://jabber.org/protocol/disco#info";
const DISCO_ITEMS: &str = "http://jabber.org/protocol/disco#items";

impl FakeServer {
    /// XEP-0425 0.3: a moderator's request to retract a message, announced to everyone.
    pub(super) fn muc_moderate(
        &mut self,
        id: ConnId,
        user: &str,
        room_jid: &str,
        iq_id: &str,
        request: &Element,
    ) {
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return;
        };
        let moderator = room
            .occupants
            .iter()
            .find(|(_, o)| bare_of(&o.full) == user && o.role == "moderator")
            .map(|(nick, _)| nick.clone());
        let Some(moderator) = moderator else {
            return self.muc_error(id, "iq", room_jid, Some(iq_id), "auth", "forbidden");
        };
        let target = attr_escape(request.attr("id").unwrap_or_default());
        let reason = request
            .child_text("reason", "urn:xmpp:message-moderate:1")
            .map(|r| format!("<reason>{}</reason>", attr_escape(&r)))
            .unwrap_or_default();
        let targets: Vec<(ConnId, String)> = room
            .occupants
            .values()
            .map(|o| (o.conn, o.full.clone()))
            .collect();
        // The announcement has a body, so the room's archive keeps it like any message (a
        // device catching up later learns of the removal from there).
        let announcement = format!("<message xmlns='{CLIENT}' type='groupchat' from='{room_jid}'><retract id='{target}' xmlns='urn:xmpp:message-retract:1'><moderated by='{room_jid}/{moderator}' xmlns='urn:xmpp:message-moderate:1'/>{reason}</retract><body>This message was removed by a moderator.</body></message>");
        if let Ok(element) = parse_element(&announcement) {
            self.archive(room_jid, &element);
        }
        for (conn, full) in targets {
            self.send(
                conn,
                announcement.replacen(
                    "type='groupchat'",
                    &format!("type='groupchat' to='{full}'"),
                    1,
                ),
            );
        }
        self.send(
            id,
            format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{room_jid}'/>"),
        );
    }

    /// A role change by nick (XEP-0045 §8): moderators change participants' and visitors'
    /// roles; `none` kicks (status 307). Everyone in the room sees the new presence.
    pub(super) fn muc_set_role(
        &mut self,
        id: ConnId,
        user: &str,
        room_jid: &str,
        to: &str,
        iq_id: &str,
        item: &Element,
    ) {
        let nick = item.attr("nick").unwrap_or_default().to_owned();
        let role = item.attr("role").unwrap_or_default().to_owned();
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return;
        };
        let actor_is_moderator = room
            .occupants
            .values()
            .any(|o| bare_of(&o.full) == user && o.role == "moderator");
        if !actor_is_moderator {
            return self.muc_error(id, "iq", to, Some(iq_id), "auth", "forbidden");
        }
        let Some(target) = room.occupants.get(&nick) else {
            return self.muc_error(id, "iq", to, Some(iq_id), "cancel", "item-not-found");
        };
        let target_affiliation = room.affiliation(bare_of(&target.full));
        if matches!(target_affiliation.as_str(), "owner" | "admin") && role != "moderator" {
            return self.muc_error(id, "iq", to, Some(iq_id), "cancel", "not-allowed");
        }
        let kicked = role == "none";
        let targets: Vec<(ConnId, String)> = room
            .occupants
            .values()
            .map(|o| (o.conn, o.full.clone()))
            .collect();
        if let Some(occupant) = self
            .muc
            .rooms
            .get_mut(room_jid)
            .and_then(|r| r.occupants.get_mut(&nick))
        {
            occupant.role = role.clone();
        }
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return;
        };
        let extra: &[u16] = if kicked { &[307] } else { &[] };
        let frames: Vec<(ConnId, String)> = targets
            .iter()
            .map(|(conn, full)| {
                (
                    *conn,
                    self.occupant_presence(room, room_jid, &nick, full, extra, kicked),
                )
            })
            .collect();
        for (conn, frame) in frames {
            self.send(conn, frame);
        }
        if kicked {
            if let Some(room) = self.muc.rooms.get_mut(room_jid) {
                room.occupants.remove(&nick);
            }
        }
        self.send(
            id,
            format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{to}'/>"),
        );
    }

    /// Relays a private message to the occupant `to` names, from the sender's occupant JID;
    /// like Prosody, only occupants may send them and an unknown nick is `item-not-found`.
    pub(super) fn muc_private_message(
        &mut self,
        id: ConnId,
        full: &str,
        room_jid: &str,
        to: &str,
        message: &Element,
    ) {
        let nick = to.split_once('/').map(|(_, n)| n).unwrap_or_default();
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return;
        };
        let sender = room
            .occupants
            .iter()
            .find(|(_, o)| o.full == full)
            .map(|(n, _)| n.clone());
        let target = room.occupants.get(nick).map(|o| (o.conn, o.full.clone()));
        let (Some(sender), Some((conn, target_full))) = (sender, target) else {
            let stanza_id = message
                .attr("id")
                .map(|i| format!(" id='{i}'"))
                .unwrap_or_default();
            return self.send(id, format!("<message xmlns='{CLIENT}' type='error' from='{to}'{stanza_id}><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"));
        };
        let mut out = message.clone();
        out.set_attr("from", format!("{room_jid}/{sender}"));
        out.set_attr("to", target_full);
        self.send(conn, out.to_xml());
    }

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
            format!(
                "<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{service}'>{payload}</iq>"
            ),
        );
    }
}

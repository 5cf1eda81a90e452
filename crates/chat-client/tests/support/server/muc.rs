//! The fake server's MUC service (`conference.DOMAIN`), after Prosody 0.12's behaviour: join
//! and leave presences with status codes 110/201/100, occupant-id, nick conflicts, members-only
//! refusals, groupchat reflection with the room's stanza-id, affiliation changes (only the
//! first item of a batch, like Prosody), the owner's configuration form, disco#info, mediated
//! invitations and declines, self-ping and the room's archive (naming senders' real JIDs in
//! non-anonymous rooms).

use std::collections::{BTreeMap, HashMap};

use xmpp_protocol::xml::{parse_element, Element};

use super::{ConnId, FakeServer, CLIENT};

const MUC: &str = "http://jabber.org/protocol/muc";
const MUC_USER: &str = "http://jabber.org/protocol/muc#user";
const MUC_ADMIN: &str = "http://jabber.org/protocol/muc#admin";
const MUC_OWNER: &str = "http://jabber.org/protocol/muc#owner";
const DATA: &str = "jabber:x:data";
const CONFIG_FORM: &str =
    include_str!("../../../../xmpp-protocol/tests/fixtures/muc/room-config-form.xml");

pub struct Occupant {
    pub conn: ConnId,
    pub full: String,
    pub role: String,
}

#[derive(Default)]
pub struct FakeRoom {
    /// By nick.
    pub occupants: BTreeMap<String, Occupant>,
    /// By bare user JID.
    pub affiliations: HashMap<String, String>,
    pub members_only: bool,
    pub moderated: bool,
    pub non_anonymous: bool,
    pub public: bool,
    /// The room's title (`muc#roomconfig_roomname`).
    pub name: Option<String>,
    /// Created and not configured yet.
    pub locked: bool,
    /// How many items each admin `set` carried, for assertions.
    pub admin_batch_sizes: Vec<usize>,
}

impl FakeRoom {
    pub(super) fn affiliation(&self, bare: &str) -> String {
        self.affiliations
            .get(bare)
            .cloned()
            .unwrap_or_else(|| "none".into())
    }

    fn role_for(&self, affiliation: &str) -> &'static str {
        match affiliation {
            "owner" | "admin" => "moderator",
            "member" => "participant",
            _ if self.moderated => "visitor",
            _ => "participant",
        }
    }
}

#[derive(Default)]
pub(super) struct Muc {
    pub rooms: HashMap<String, FakeRoom>,
    /// Answer the service's disco#items with `forbidden`.
    pub refuse_listing: bool,
}

/// A value escaped for a single-quoted attribute.
pub(super) fn attr_escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('\'', "&apos;")
}

pub(super) fn bare_of(jid: &str) -> &str {
    jid.split('/').next().unwrap_or_default()
}

impl FakeServer {
    pub(super) fn muc_domain(&self) -> String {
        format!("conference.{}", self.domain)
    }

    pub fn room(&self, room: &str) -> Option<&FakeRoom> {
        self.muc.rooms.get(room)
    }

    pub fn room_mut(&mut self, room: &str) -> Option<&mut FakeRoom> {
        self.muc.rooms.get_mut(room)
    }

    /// A stanza addressed to the MUC service; returns whether it was one.
    pub(super) fn muc_stanza(&mut self, id: ConnId, stanza: &Element) -> bool {
        let Some(to) = stanza.attr("to").map(str::to_owned) else {
            return false;
        };
        let room = bare_of(&to).to_owned();
        if room == self.muc_domain() && stanza.name == "iq" {
            self.muc_service_iq(id, stanza);
            return true;
        }
        if !room.ends_with(&format!("@{}", self.muc_domain())) {
            return false;
        }
        let Some(full) = self.conns.get(&id).and_then(|c| c.full_jid.clone()) else {
            return true;
        };
        match stanza.name.as_str() {
            "presence" => self.muc_presence(id, &full, &room, &to, stanza),
            "message" if to.contains('/') && stanza.attr("type") == Some("chat") => {
                self.muc_private_message(id, &full, &room, &to, stanza)
            }
            "message" => self.muc_message(id, &full, &room, stanza),
            "iq" => self.muc_iq(id, &full, &room, &to, stanza),
            _ => {}
        }
        true
    }

    pub(super) fn occupant_presence(
        &self,
        room: &FakeRoom,
        room_jid: &str,
        nick: &str,
        to: &str,
        extra_status: &[u16],
        unavailable: bool,
    ) -> String {
        let Some(occupant) = room.occupants.get(nick) else {
            return String::new();
        };
        let affiliation = room.affiliation(bare_of(&occupant.full));
        let role = if unavailable {
            "none"
        } else {
            occupant.role.as_str()
        };
        let is_self = bare_of(to) == bare_of(&occupant.full) && to == occupant.full;
        let show_jid = room.non_anonymous || is_self;
        let jid = if show_jid {
            format!(" jid='{}'", occupant.full)
        } else {
            String::new()
        };
        let mut status: Vec<u16> = extra_status.to_vec();
        if is_self {
            status.push(110);
            if room.non_anonymous {
                status.push(100);
            }
        }
        let status: String = status
            .iter()
            .map(|c| format!("<status code='{c}'/>"))
            .collect();
        let kind = if unavailable {
            " type='unavailable'"
        } else {
            ""
        };
        format!("<presence xmlns='{CLIENT}' from='{room_jid}/{nick}' to='{to}'{kind}><occupant-id xmlns='urn:xmpp:occupant-id:0' id='oid-{}'/><x xmlns='{MUC_USER}'><item affiliation='{affiliation}' role='{role}'{jid}/>{status}</x></presence>", bare_of(&occupant.full))
    }

    pub(super) fn muc_error(
        &mut self,
        id: ConnId,
        kind: &str,
        from: &str,
        stanza_id: Option<&str>,
        error_type: &str,
        condition: &str,
    ) {
        let stanza_id = stanza_id.map(|i| format!(" id='{i}'")).unwrap_or_default();
        self.send(id, format!("<{kind} xmlns='{CLIENT}' type='error' from='{from}'{stanza_id}><error type='{error_type}'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></{kind}>"));
    }

    fn muc_presence(
        &mut self,
        id: ConnId,
        full: &str,
        room_jid: &str,
        to: &str,
        presence: &Element,
    ) {
        let nick = to
            .split_once('/')
            .map(|(_, n)| n.to_owned())
            .unwrap_or_default();
        let user = bare_of(full).to_owned();
        if presence.attr("type") == Some("unavailable") {
            let Some(room) = self.muc.rooms.get(room_jid) else {
                return;
            };
            let Some((nick, _)) = room.occupants.iter().find(|(_, o)| o.full == full) else {
                return;
            };
            let nick = nick.clone();
            let targets: Vec<(ConnId, String)> = room
                .occupants
                .values()
                .map(|o| (o.conn, o.full.clone()))
                .collect();
            let frames: Vec<(ConnId, String)> = targets
                .iter()
                .map(|(c, f)| {
                    (
                        *c,
                        self.occupant_presence(room, room_jid, &nick, f, &[], true),
                    )
                })
                .collect();
            for (conn, frame) in frames {
                self.send(conn, frame);
            }
            if let Some(room) = self.muc.rooms.get_mut(room_jid) {
                room.occupants.remove(&nick);
            }
            return;
        }
        if nick.is_empty() {
            return self.muc_error(id, "presence", to, None, "modify", "jid-malformed");
        }
        let created = !self.muc.rooms.contains_key(room_jid);
        if created {
            let mut room = FakeRoom {
                locked: true,
                non_anonymous: true,
                ..FakeRoom::default()
            };
            room.affiliations.insert(user.clone(), "owner".into());
            self.muc.rooms.insert(room_jid.to_owned(), room);
        }
        let Some(room) = self.muc.rooms.get_mut(room_jid) else {
            return;
        };
        let already = room.occupants.values().any(|o| o.full == full);
        if let Some(holder) = room.occupants.get(&nick) {
            if holder.full != full {
                return self.muc_error(id, "presence", to, None, "cancel", "conflict");
            }
        }
        let affiliation = room.affiliation(&user);
        if affiliation == "outcast" {
            return self.muc_error(id, "presence", to, None, "auth", "forbidden");
        }
        if room.members_only && affiliation == "none" {
            return self.muc_error(id, "presence", to, None, "auth", "registration-required");
        }
        if room.locked && affiliation != "owner" {
            return self.muc_error(id, "presence", to, None, "cancel", "item-not-found");
        }
        let role = room.role_for(&affiliation).to_owned();
        room.occupants.insert(
            nick.clone(),
            Occupant {
                conn: id,
                full: full.to_owned(),
                role,
            },
        );
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return;
        };
        let mut frames = Vec::new();
        if !already {
            for other in room.occupants.keys().filter(|n| **n != nick) {
                frames.push((
                    id,
                    self.occupant_presence(room, room_jid, other, full, &[], false),
                ));
            }
        }
        for occupant in room.occupants.values() {
            let extra: &[u16] = if created && occupant.full == full {
                &[201]
            } else {
                &[]
            };
            frames.push((
                occupant.conn,
                self.occupant_presence(room, room_jid, &nick, &occupant.full, extra, false),
            ));
        }
        if !already {
            frames.push((id, format!("<message xmlns='{CLIENT}' type='groupchat' from='{room_jid}' to='{full}'><subject/></message>")));
        }
        for (conn, frame) in frames {
            self.send(conn, frame);
        }
    }

    fn muc_message(&mut self, id: ConnId, full: &str, room_jid: &str, message: &Element) {
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return self.muc_error(
                id,
                "message",
                room_jid,
                message.attr("id"),
                "cancel",
                "item-not-found",
            );
        };
        if let Some(x) = message.get_child("x", MUC_USER) {
            let inviter = bare_of(full).to_owned();
            if let Some(invite) = x.get_child("invite", MUC_USER) {
                let invitee = bare_of(invite.attr("to").unwrap_or_default()).to_owned();
                let relayed = format!("<message xmlns='{CLIENT}' from='{room_jid}' to='{invitee}'><body>{inviter} invited you to the room {room_jid}</body><x xmlns='{MUC_USER}'><invite from='{inviter}'/></x></message>");
                self.deliver_with_archive(&invitee, relayed);
            } else if let Some(decline) = x.get_child("decline", MUC_USER) {
                let target = bare_of(decline.attr("to").unwrap_or_default()).to_owned();
                let relayed = format!("<message xmlns='{CLIENT}' from='{room_jid}' to='{target}'><x xmlns='{MUC_USER}'><decline from='{inviter}'/></x></message>");
                self.deliver_with_archive(&target, relayed);
            }
            return;
        }
        if message.attr("type") != Some("groupchat") {
            return;
        }
        let Some((nick, occupant)) = room.occupants.iter().find(|(_, o)| o.full == full) else {
            return self.muc_error(
                id,
                "message",
                room_jid,
                message.attr("id"),
                "cancel",
                "not-acceptable",
            );
        };
        if occupant.role == "visitor" {
            return self.muc_error(
                id,
                "message",
                room_jid,
                message.attr("id"),
                "auth",
                "forbidden",
            );
        }
        let nick = nick.clone();
        let mut out = message.clone();
        out.set_attr("from", format!("{room_jid}/{nick}"));
        out.remove_attr("to");
        out.append_child(
            Element::builder("occupant-id", "urn:xmpp:occupant-id:0")
                .attr("id", format!("oid-{}", bare_of(full)))
                .build(),
        );
        if out.get_child("body", CLIENT).is_some() {
            // Like Prosody: a non-anonymous room's archive names the sender's real JID.
            let mut archived = out.clone();
            if room.non_anonymous {
                archived.append_child(
                    Element::builder("x", MUC_USER)
                        .append(
                            Element::builder("item", MUC_USER)
                                .attr("jid", bare_of(full))
                                .build(),
                        )
                        .build(),
                );
            }
            let archive_id = self.archive(room_jid, &archived);
            out.append_child(
                Element::builder("stanza-id", "urn:xmpp:sid:0")
                    .attr("id", archive_id)
                    .attr("by", room_jid)
                    .build(),
            );
        }
        let Some(room) = self.muc.rooms.get(room_jid) else {
            return;
        };
        let targets: Vec<(ConnId, String)> = room
            .occupants
            .values()
            .map(|o| (o.conn, o.full.clone()))
            .collect();
        for (conn, to) in targets {
            let mut copy = out.clone();
            copy.set_attr("to", to);
            self.send(conn, copy.to_xml());
        }
    }

    /// Like Prosody: invitations are archived for the invitee and kept for them while offline.
    fn deliver_with_archive(&mut self, user_bare: &str, frame: String) {
        let Ok(element) = parse_element(&frame) else {
            return;
        };
        if element.get_child("body", CLIENT).is_some() {
            self.archive(user_bare, &element);
        }
        self.route(user_bare, element);
    }

    fn muc_iq(&mut self, id: ConnId, full: &str, room_jid: &str, to: &str, iq: &Element) {
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let kind = iq.attr("type").unwrap_or_default().to_owned();
        let user = bare_of(full).to_owned();
        let Some(child) = iq.child_elements().next().cloned() else {
            return;
        };
        let result = |payload: &str| {
            format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{to}'>{payload}</iq>")
        };
        if to != room_jid {
            // Self-ping (XEP-0410) to an occupant JID.
            let nick = to.split_once('/').map(|(_, n)| n).unwrap_or_default();
            let joined = self
                .muc
                .rooms
                .get(room_jid)
                .and_then(|r| r.occupants.get(nick))
                .is_some_and(|o| o.full == full);
            if joined {
                self.send(id, result(""));
            } else {
                self.muc_error(id, "iq", to, Some(&iq_id), "modify", "not-acceptable");
            }
            return;
        }
        if !self.muc.rooms.contains_key(room_jid) {
            return self.muc_error(id, "iq", to, Some(&iq_id), "cancel", "item-not-found");
        }
        match (kind.as_str(), child.name.as_str(), child.ns.as_str()) {
            ("get", "query", "http://jabber.org/protocol/disco#info") => {
                let Some(room) = self.muc.rooms.get(room_jid) else {
                    return;
                };
                let mut features = vec![
                    "http://jabber.org/protocol/muc",
                    "urn:xmpp:mam:2",
                    "urn:xmpp:message-moderate:1",
                ];
                for (on, yes, no) in [
                    (room.members_only, "muc_membersonly", "muc_open"),
                    (room.non_anonymous, "muc_nonanonymous", "muc_semianonymous"),
                    (room.moderated, "muc_moderated", "muc_unmoderated"),
                    (room.public, "muc_public", "muc_hidden"),
                ] {
                    features.push(if on { yes } else { no });
                }
                let features: String = features
                    .iter()
                    .map(|f| format!("<feature var='{f}'/>"))
                    .collect();
                let name = room.name.clone().unwrap_or_else(|| room_jid.to_owned());
                let name = attr_escape(&name);
                let count = room.occupants.len();
                let info = format!("<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field><field var='muc#roominfo_occupants'><value>{count}</value></field></x>");
                self.send(id, result(&format!("<query xmlns='http://jabber.org/protocol/disco#info'><identity category='conference' type='text' name='{name}'/>{features}{info}</query>")));
            }
            ("get", "query", MUC_OWNER) => {
                let form = CONFIG_FORM
                    .lines()
                    .filter(|l| !l.starts_with("<!--"))
                    .collect::<String>();
                self.send(
                    id,
                    result(&format!("<query xmlns='{MUC_OWNER}'>{form}</query>")),
                );
            }
            ("set", "query", MUC_OWNER) => {
                let Some(room) = self.muc.rooms.get_mut(room_jid) else {
                    return;
                };
                if room.affiliation(&user) != "owner" {
                    return self.muc_error(id, "iq", to, Some(&iq_id), "auth", "forbidden");
                }
                if let Some(form) = child.get_child("x", DATA) {
                    let value = |var: &str| {
                        form.children_named("field", DATA)
                            .find(|f| f.attr("var") == Some(var))
                            .and_then(|f| f.child_text("value", DATA))
                    };
                    let flag = |var: &str, default: bool| {
                        value(var)
                            .map(|v| v == "1" || v == "true")
                            .unwrap_or(default)
                    };
                    room.members_only = flag("muc#roomconfig_membersonly", room.members_only);
                    room.moderated = flag("muc#roomconfig_moderatedroom", room.moderated);
                    room.public = flag("muc#roomconfig_publicroom", room.public);
                    if let Some(name) = value("muc#roomconfig_roomname") {
                        room.name = Some(name.to_owned()).filter(|n| !n.is_empty());
                    }
                    if let Some(whois) = value("muc#roomconfig_whois") {
                        room.non_anonymous = whois == "anyone";
                    }
                }
                room.locked = false;
                // §10.2.1: occupants hear that the configuration changed (not for an instant
                // room's empty form, nor a cancel).
                let changed = child.get_child("x", DATA).is_some_and(|x| {
                    x.attr("type") == Some("submit") && x.child_elements().next().is_some()
                });
                let notify: Vec<(ConnId, String)> = if changed {
                    room.occupants
                        .values()
                        .map(|o| (o.conn, format!("<message xmlns='{CLIENT}' type='groupchat' from='{room_jid}' to='{}'><x xmlns='{MUC_USER}'><status code='104'/></x></message>", o.full)))
                        .collect()
                } else {
                    Vec::new()
                };
                self.send(id, result(""));
                for (conn, frame) in notify {
                    self.send(conn, frame);
                }
            }
            ("set", "query", MUC_ADMIN) => {
                let items: Vec<Element> =
                    child.children_named("item", MUC_ADMIN).cloned().collect();
                let Some(room) = self.muc.rooms.get_mut(room_jid) else {
                    return;
                };
                room.admin_batch_sizes.push(items.len());
                if let Some(item) = items.first().filter(|i| i.attr("nick").is_some()) {
                    let item = item.clone();
                    return self.muc_set_role(id, &user, room_jid, to, &iq_id, &item);
                }
                if !matches!(room.affiliation(&user).as_str(), "owner" | "admin") {
                    return self.muc_error(id, "iq", to, Some(&iq_id), "auth", "forbidden");
                }
                // Prosody applies only the first item.
                if let Some(item) = items.first() {
                    if let (Some(jid), Some(affiliation)) =
                        (item.attr("jid"), item.attr("affiliation"))
                    {
                        room.affiliations
                            .insert(bare_of(jid).to_owned(), affiliation.to_owned());
                    }
                }
                self.send(id, result(""));
            }
            ("get", "query", MUC_ADMIN) => {
                let Some(room) = self.muc.rooms.get(room_jid) else {
                    return;
                };
                let wanted = child
                    .get_child("item", MUC_ADMIN)
                    .and_then(|i| i.attr("affiliation"))
                    .unwrap_or("member")
                    .to_owned();
                let items: String = room
                    .affiliations
                    .iter()
                    .filter(|(_, a)| **a == wanted)
                    .map(|(j, a)| format!("<item affiliation='{a}' jid='{j}'/>"))
                    .collect();
                self.send(
                    id,
                    result(&format!("<query xmlns='{MUC_ADMIN}'>{items}</query>")),
                );
            }
            ("set", "moderate", "urn:xmpp:message-moderate:1") => {
                let child = child.clone();
                self.muc_moderate(id, &user, room_jid, &iq_id, &child);
            }
            ("set", "query", "urn:xmpp:mam:2") => {
                let room_jid = room_jid.to_owned();
                self.on_archive_query_of(id, &room_jid, Some(&room_jid), &iq_id, Some(&child));
            }
            _ => self.muc_error(id, "iq", to, Some(&iq_id), "cancel", "service-unavailable"),
        }
        let _ = MUC;
    }
}

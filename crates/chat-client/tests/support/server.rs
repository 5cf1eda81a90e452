//! An in-process XMPP server speaking RFC 7395 frames: enough of Prosody's behaviour (SASL
//! with real SCRAM checks, bind, roster, presence, message routing, offline storage and
//! archive ids) to test the client natively and deterministically.

use std::collections::{BTreeMap, HashMap};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use xmpp_protocol::xml::{parse_element, Element};

use super::scram::ScramExchange;

mod sync;
pub use sync::ServerSm;
mod contacts;
pub mod muc;
mod muc_service;
pub mod pep;
mod private_storage;
mod profile;
mod retention_pep;
pub mod upload;

const FRAMING: &str = "urn:ietf:params:xml:ns:xmpp-framing";
const STREAM: &str = "http://etherx.jabber.org/streams";
const SASL: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
const BIND: &str = "urn:ietf:params:xml:ns:xmpp-bind";
const CLIENT: &str = "jabber:client";
const ROSTER: &str = "jabber:iq:roster";

pub type ConnId = usize;

#[derive(Default)]
enum Auth {
    #[default]
    None,
    Scram(ScramExchange),
    Done(String),
}

#[derive(Default)]
struct Conn {
    auth: Auth,
    full_jid: Option<String>,
    available: bool,
    closed: bool,
    to_client: Vec<String>,
    carbons: bool,
    /// XEP-0198 state once the client enabled it.
    sm: Option<ServerSm>,
    /// Dropped without `<close/>` while stream management was on: stanzas are queued for a
    /// resumption, as Prosody's mod_smacks does.
    hibernating: bool,
}

pub struct FakeServer {
    pub domain: String,
    passwords: HashMap<String, String>,
    rosters: HashMap<String, Vec<(String, String)>>,
    conns: BTreeMap<ConnId, Conn>,
    offline: HashMap<String, Vec<Element>>,
    next_conn: ConnId,
    next_archive_id: u64,
    /// `(user, contact)` pairs with an outgoing subscription request pending (`ask`).
    asks: std::collections::HashSet<(String, String)>,
    /// Subscription requests waiting for a user to come online, by recipient user.
    pending_requests: HashMap<String, Vec<String>>,
    roster_versions: HashMap<String, u64>,
    blocklists: HashMap<String, Vec<String>>,
    /// Roster item names by `(user, contact)`.
    names: HashMap<(String, String), String>,
    /// Every frame received, for assertions.
    pub received: Vec<(ConnId, String)>,
    /// Whether the post-login features offer XEP-0352 client state indication.
    pub offer_csi: bool,
    /// When set, the next frame sent to a client is replaced by this one.
    pub inject_next: Option<String>,
    /// Per user: (archive id, stamp, message) in archive order (XEP-0313).
    archives: HashMap<String, Vec<(String, u64, Element)>>,
    /// The server's clock for archive stamps (ms); tests move it.
    pub clock: u64,
    /// When false the server offers no stream management (an older server).
    pub offer_sm: bool,
    /// Draw a new SCRAM salt for every exchange, as ejabberd does when it stores plain
    /// passwords (`auth_password_format: plain`).
    pub fresh_salt_per_login: bool,
    scram_exchanges: u64,
    /// Sent to the client right before the next archive query's results, e.g. a live message
    /// that crosses the catch-up.
    pub before_archive_results: Option<String>,
    profiles: profile::Profiles,
    retention_pep: retention_pep::RetentionPep,
    pub pep: pep::Pep,
    muc: muc::Muc,
    private_storage: private_storage::PrivateStorage,
}

impl FakeServer {
    pub fn new(domain: &str) -> Self {
        Self {
            domain: domain.to_owned(),
            passwords: HashMap::new(),
            rosters: HashMap::new(),
            conns: BTreeMap::new(),
            offline: HashMap::new(),
            next_conn: 1,
            next_archive_id: 1,
            asks: Default::default(),
            pending_requests: HashMap::new(),
            roster_versions: HashMap::new(),
            blocklists: HashMap::new(),
            names: HashMap::new(),
            received: Vec::new(),
            offer_csi: true,
            inject_next: None,
            archives: HashMap::new(),
            clock: 1_790_000_000_000,
            offer_sm: true,
            fresh_salt_per_login: false,
            scram_exchanges: 0,
            before_archive_results: None,
            profiles: Default::default(),
            retention_pep: Default::default(),
            pep: Default::default(),
            muc: Default::default(),
            private_storage: Default::default(),
        }
    }

    pub fn add_account(&mut self, user: &str, password: &str) {
        self.passwords.insert(user.to_owned(), password.to_owned());
    }

    pub fn set_password(&mut self, user: &str, password: &str) {
        self.add_account(user, password);
    }

    /// A mutual subscription between two local users.
    pub fn befriend(&mut self, a: &str, b: &str) {
        let (ja, jb) = (self.bare(a), self.bare(b));
        self.rosters
            .entry(a.to_owned())
            .or_default()
            .push((jb, "both".into()));
        self.rosters
            .entry(b.to_owned())
            .or_default()
            .push((ja, "both".into()));
    }

    fn bare(&self, user: &str) -> String {
        format!("{user}@{}", self.domain)
    }

    pub fn connect(&mut self) -> ConnId {
        let id = self.next_conn;
        self.next_conn += 1;
        self.conns.insert(id, Conn::default());
        id
    }

    /// The connection drops without a `<close/>`: with stream management on, the session
    /// hibernates and can be resumed.
    pub fn disconnect(&mut self, id: ConnId) {
        if let Some(conn) = self.conns.get_mut(&id) {
            conn.hibernating = !conn.closed && conn.sm.is_some();
            conn.closed = true;
            conn.available = conn.available && conn.hibernating;
        }
    }

    fn end(&mut self, id: ConnId) {
        if let Some(conn) = self.conns.get_mut(&id) {
            conn.closed = true;
            conn.hibernating = false;
            conn.available = false;
        }
    }

    pub fn is_closed(&self, id: ConnId) -> bool {
        self.conns.get(&id).is_none_or(|c| c.closed)
    }

    pub fn take_frames(&mut self, id: ConnId) -> Vec<String> {
        self.conns
            .get_mut(&id)
            .map(|c| std::mem::take(&mut c.to_client))
            .unwrap_or_default()
    }

    fn send(&mut self, id: ConnId, frame: String) {
        let frame = self.inject_next.take().unwrap_or(frame);
        if let Some(conn) = self.conns.get_mut(&id) {
            if let Some(sm) = conn.sm.as_mut().filter(|_| sync::is_stanza_frame(&frame)) {
                sm.queue.push_back(frame.clone());
            }
            if !conn.closed {
                conn.to_client.push(frame);
            }
        }
    }

    /// Delivers `frame` as is, e.g. a forged stanza.
    /// The MUC service forgets `room` (destroyed, or expired), telling no one.
    pub fn forget_room(&mut self, room: &str) {
        self.muc.rooms.remove(room);
    }

    pub fn deliver_raw(&mut self, id: ConnId, frame: &str) {
        self.send(id, frame.to_owned());
    }

    fn user_of(&self, id: ConnId) -> Option<String> {
        match &self.conns.get(&id)?.auth {
            Auth::Done(user) => Some(user.clone()),
            _ => None,
        }
    }

    pub fn handle(&mut self, id: ConnId, frame: &str) {
        self.received.push((id, frame.to_owned()));
        let Ok(element) = parse_element(frame) else {
            self.send(id, stream_error("not-well-formed"));
            self.disconnect(id);
            return;
        };
        if element.ns == CLIENT && matches!(element.name.as_str(), "message" | "presence" | "iq") {
            if let Some(sm) = self.conns.get_mut(&id).and_then(|c| c.sm.as_mut()) {
                sm.inbound += 1;
            }
        }
        match (element.name.as_str(), element.ns.as_str()) {
            ("open", FRAMING) => self.on_open(id),
            ("close", FRAMING) => {
                self.send(id, format!("<close xmlns='{FRAMING}'/>"));
                self.go_offline(id);
                self.end(id);
            }
            (_, sync::SM) => self.on_sm(id, &element),
            ("auth", SASL) => self.on_auth(id, &element),
            ("response", SASL) => self.on_response(id, &element),
            ("iq", CLIENT) => self.on_iq(id, element),
            ("message", CLIENT) => self.on_message(id, element),
            ("presence", CLIENT) => self.on_presence(id, element),
            _ => {}
        }
    }

    fn on_open(&mut self, id: ConnId) {
        let open = format!(
            "<open xmlns='{FRAMING}' from='{}' id='s{id}' version='1.0' xml:lang='en'/>",
            self.domain
        );
        self.send(id, open);
        let features = if self.user_of(id).is_some() {
            let sm = if self.offer_sm {
                format!("<sm xmlns='{}'/>", sync::SM)
            } else {
                String::new()
            };
            let csi = if self.offer_csi {
                "<csi xmlns='urn:xmpp:csi:0'/>"
            } else {
                ""
            };
            format!("<features xmlns='{STREAM}'><bind xmlns='{BIND}'><required/></bind><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>{sm}{csi}</features>")
        } else {
            format!("<features xmlns='{STREAM}'><mechanisms xmlns='{SASL}'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></features>")
        };
        self.send(id, features);
    }

    fn on_auth(&mut self, id: ConnId, auth: &Element) {
        let payload = B64.decode(auth.text().trim()).unwrap_or_default();
        let payload = String::from_utf8_lossy(&payload).into_owned();
        let passwords = self.passwords.clone();
        match auth.attr("mechanism") {
            Some("PLAIN") => {
                let parts: Vec<&str> = payload.split('\0').collect();
                let ok = parts.len() == 3 && passwords.get(parts[1]).is_some_and(|p| p == parts[2]);
                if ok {
                    self.succeed(id, parts[1].to_owned(), None);
                } else {
                    self.fail(id);
                }
            }
            Some("SCRAM-SHA-1") => {
                self.scram_exchanges += 1;
                let salt = if self.fresh_salt_per_login {
                    format!("fresh-salt-{}", self.scram_exchanges)
                } else {
                    "fake-server-salt".to_owned()
                };
                match ScramExchange::start(&payload, |u| passwords.get(u).cloned(), salt.as_bytes())
                {
                    Some((exchange, server_first)) => {
                        if let Some(conn) = self.conns.get_mut(&id) {
                            conn.auth = Auth::Scram(exchange);
                        }
                        self.send(
                            id,
                            format!(
                                "<challenge xmlns='{SASL}'>{}</challenge>",
                                B64.encode(server_first)
                            ),
                        );
                    }
                    None => self.fail(id),
                }
            }
            _ => self.fail(id),
        }
    }

    fn on_response(&mut self, id: ConnId, response: &Element) {
        let payload = B64.decode(response.text().trim()).unwrap_or_default();
        let payload = String::from_utf8_lossy(&payload).into_owned();
        let verdict = match self.conns.get(&id).map(|c| &c.auth) {
            Some(Auth::Scram(exchange)) => exchange
                .finish(&payload)
                .map(|v| (exchange.username.clone(), v)),
            _ => None,
        };
        match verdict {
            Some((user, server_final)) => self.succeed(id, user, Some(server_final)),
            None => self.fail(id),
        }
    }

    fn succeed(&mut self, id: ConnId, user: String, server_final: Option<String>) {
        if let Some(conn) = self.conns.get_mut(&id) {
            conn.auth = Auth::Done(user);
        }
        let body = server_final.map(|f| B64.encode(f)).unwrap_or_default();
        self.send(id, format!("<success xmlns='{SASL}'>{body}</success>"));
    }

    fn fail(&mut self, id: ConnId) {
        if let Some(conn) = self.conns.get_mut(&id) {
            conn.auth = Auth::None;
        }
        self.send(id, format!("<failure xmlns='{SASL}'><not-authorized/><text>Invalid username or password</text></failure>"));
    }

    fn on_iq(&mut self, id: ConnId, iq: Element) {
        if self.muc_stanza(id, &iq)
            || self.contacts_iq(id, &iq)
            || self.profile_iq(id, &iq)
            || self.retention_pep_iq(id, &iq)
            || self.pep_iq(id, &iq)
            || self.upload_iq(id, &iq)
            || self.private_storage_iq(id, &iq)
        {
            return;
        }
        let Some(user) = self.user_of(id) else { return };
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let kind = iq.attr("type").unwrap_or_default().to_owned();
        let child = iq.child_elements().next().cloned();
        match (kind.as_str(), child.as_ref().map(|c| (c.name.as_str(), c.ns.as_str()))) {
            ("set", Some(("bind", BIND))) => {
                let resource = child
                    .as_ref()
                    .and_then(|c| c.child_text("resource", BIND))
                    .filter(|r| !r.is_empty())
                    .unwrap_or_else(|| format!("r{id}"));
                let full = format!("{}/{resource}", self.bare(&user));
                if let Some(conn) = self.conns.get_mut(&id) {
                    conn.full_jid = Some(full.clone());
                }
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'><bind xmlns='{BIND}'><jid>{full}</jid></bind></iq>"));
            }
            ("get", Some(("query", ROSTER))) if self.roster_is_current(&user, child.as_ref()) => {
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"));
            }
            ("get", Some(("query", ROSTER))) => {
                let ver = self.roster_version(&user);
                let items: String = self
                    .rosters
                    .get(&user)
                    .map(|items| items.iter().map(|(jid, sub)| format!("<item jid='{jid}' subscription='{sub}'/>")).collect())
                    .unwrap_or_default();
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'><query xmlns='{ROSTER}' ver='{ver}'>{items}</query></iq>"));
            }
            ("get", Some(("ping", "urn:xmpp:ping"))) | ("set", Some(("session", _))) => {
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"));
            }
            ("set", Some(("enable", sync::CARBONS))) => {
                if let Some(conn) = self.conns.get_mut(&id) {
                    conn.carbons = true;
                }
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"));
            }
            ("set", Some(("query", sync::MAM))) => self.on_archive_query(id, &user, &iq_id, child.as_ref()),
            ("result" | "error", _) => {}
            _ => self.send(id, format!(
                "<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
            )),
        }
    }

    fn on_message(&mut self, id: ConnId, mut message: Element) {
        if self.muc_stanza(id, &message) {
            return;
        }
        let Some(from) = self.conns.get(&id).and_then(|c| c.full_jid.clone()) else {
            return;
        };
        let Some(to) = message
            .attr("to")
            .map(|t| t.split('/').next().unwrap_or_default().to_owned())
        else {
            return;
        };
        if self.blocks(&to, &from) {
            return;
        }
        message.set_attr("from", from.clone());
        let sender = from.split('/').next().unwrap_or_default().to_owned();
        // Like Prosody's default policy: messages with a body are archived, receipts are not.
        if message.get_child("body", CLIENT).is_some() {
            self.archive(&sender, &message);
            let archive_id = self.archive(&to, &message);
            message.append_child(
                Element::builder("stanza-id", "urn:xmpp:sid:0")
                    .attr("id", archive_id)
                    .attr("by", to.clone())
                    .build(),
            );
        }
        self.send_carbons(id, &sender, &message);
        self.route(&to, message);
    }

    /// Delivers to every available resource of `bare`, or keeps it for later.
    fn route(&mut self, bare: &str, message: Element) {
        let targets: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| {
                c.available
                    && (!c.closed || c.hibernating)
                    && c.full_jid
                        .as_deref()
                        .is_some_and(|j| j.starts_with(&format!("{bare}/")))
            })
            .map(|(id, _)| *id)
            .collect();
        if targets.is_empty() {
            // XEP-0203: the stamp says when the server received it (whole seconds, like Prosody).
            let stamp = xmpp_protocol::format_datetime(self.clock - self.clock % 1000);
            let mut delayed = message;
            delayed.append_child(
                Element::builder("delay", "urn:xmpp:delay")
                    .attr("stamp", stamp)
                    .build(),
            );
            self.offline
                .entry(bare.to_owned())
                .or_default()
                .push(delayed);
            return;
        }
        for target in targets {
            self.send(target, message.to_xml());
        }
    }

    fn on_presence(&mut self, id: ConnId, presence: Element) {
        if self.muc_stanza(id, &presence) {
            return;
        }
        let Some(user) = self.user_of(id) else { return };
        let Some(full) = self.conns.get(&id).and_then(|c| c.full_jid.clone()) else {
            return;
        };
        if presence.attr("to").is_some()
            && presence
                .attr("type")
                .is_some_and(|t| t.contains("subscribe"))
        {
            self.on_subscription(&user, &presence);
            return;
        }
        if presence.attr("to").is_some()
            || presence.attr("type").is_some_and(|t| t != "unavailable")
        {
            return;
        }
        let available = presence.attr("type").is_none();
        if !available {
            self.note_logout(&user, &presence);
        }
        let was_available = self.conns.get(&id).is_some_and(|c| c.available);
        if let Some(conn) = self.conns.get_mut(&id) {
            conn.available = available;
        }
        // Presence goes to those allowed to see it; on coming online we get theirs (RFC 6121 §4).
        let subscribers = self.contacts_with(&user, &["from", "both"]);
        let mut outgoing = presence.clone();
        outgoing.set_attr("from", full.clone());
        for contact in &subscribers {
            for target in self.available_conns_of(contact) {
                self.send(target, outgoing.to_xml());
            }
        }
        if available && !was_available {
            self.deliver_pending_requests(id, &user);
            for contact in &self.contacts_with(&user, &["to", "both"]) {
                let peers: Vec<String> = self
                    .available_conns_of(contact)
                    .iter()
                    .filter_map(|c| self.conns.get(c)?.full_jid.clone())
                    .collect();
                for peer in peers {
                    self.send(id, format!("<presence xmlns='{CLIENT}' from='{peer}'/>"));
                }
            }
            let bare = self.bare(&user);
            for message in self.offline.remove(&bare).unwrap_or_default() {
                self.send(id, message.to_xml());
            }
        }
    }

    fn available_conns_of(&self, bare: &str) -> Vec<ConnId> {
        self.conns
            .iter()
            .filter(|(_, c)| {
                c.available
                    && (!c.closed || c.hibernating)
                    && c.full_jid
                        .as_deref()
                        .is_some_and(|j| j.starts_with(&format!("{bare}/")))
            })
            .map(|(id, _)| *id)
            .collect()
    }

    fn go_offline(&mut self, id: ConnId) {
        if self.conns.get(&id).is_some_and(|c| c.available) {
            let _ = self.on_presence_unavailable(id);
        }
    }

    fn on_presence_unavailable(&mut self, id: ConnId) -> Option<()> {
        let unavailable =
            parse_element(&format!("<presence xmlns='{CLIENT}' type='unavailable'/>")).ok()?;
        self.on_presence(id, unavailable);
        Some(())
    }
}

fn stream_error(condition: &str) -> String {
    format!("<error xmlns='{STREAM}'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></error>")
}

//! The fake server's contact handling: roster sets and pushes with versions, subscriptions
//! (RFC 6121 §3, simplified to the states the client can observe), the XEP-0191 block list
//! and XEP-0077 registration on an unauthenticated stream.

use super::{ConnId, FakeServer, CLIENT, ROSTER};
use xmpp_protocol::xml::Element;

const BLOCKING: &str = "urn:xmpp:blocking";
const REGISTER: &str = "jabber:iq:register";

impl FakeServer {
    /// Handles the IQs of this module; returns whether it did.
    pub(super) fn contacts_iq(&mut self, id: ConnId, iq: &Element) -> bool {
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let kind = iq.attr("type").unwrap_or_default().to_owned();
        let Some(child) = iq.child_elements().next().cloned() else {
            return false;
        };
        let Some(user) = self.user_of(id) else {
            if child.is("query", REGISTER) {
                self.register(id, &iq_id, &kind, &child);
                return true;
            }
            return false;
        };
        match (kind.as_str(), child.name.as_str(), child.ns.as_str()) {
            ("set", "query", REGISTER) if child.has_child("remove", REGISTER) => {
                self.passwords.remove(&user);
                self.rosters.remove(&user);
                self.send(
                    id,
                    format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
                );
                // XEP-0077 §3.2: the server then ends the stream.
                self.send(
                    id,
                    "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>".to_owned(),
                );
                self.disconnect(id);
            }
            ("set", "query", REGISTER) => {
                match (child.child_text("username", REGISTER), child.child_text("password", REGISTER)) {
                    (Some(name), Some(password)) if name == user && !password.is_empty() => {
                        self.passwords.insert(user.clone(), password);
                        self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"));
                    }
                    _ => self.send(id, format!(
                        "<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
                    )),
                }
            }
            ("set", "query", ROSTER) => {
                for item in child.children_named("item", ROSTER) {
                    let jid = item.attr("jid").unwrap_or_default().to_owned();
                    if item.attr("subscription") == Some("remove") {
                        self.rosters
                            .entry(user.clone())
                            .or_default()
                            .retain(|(j, _)| *j != jid);
                        self.asks.remove(&(user.clone(), jid.clone()));
                        self.push_item(
                            &user,
                            &format!("<item jid='{jid}' subscription='remove'/>"),
                        );
                    } else {
                        let entry = self.rosters.entry(user.clone()).or_default();
                        if !entry.iter().any(|(j, _)| *j == jid) {
                            entry.push((jid.clone(), "none".into()));
                        }
                        match item.attr("name") {
                            Some(name) => self
                                .names
                                .insert((user.clone(), jid.clone()), name.to_owned()),
                            None => self.names.remove(&(user.clone(), jid.clone())),
                        };
                        self.push_item_for(&user, &jid, "");
                    }
                }
                self.send(
                    id,
                    format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
                );
            }
            ("get", "blocklist", BLOCKING) => {
                let items: String = self
                    .blocklists
                    .get(&user)
                    .into_iter()
                    .flatten()
                    .map(|j| format!("<item jid='{j}'/>"))
                    .collect();
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'><blocklist xmlns='{BLOCKING}'>{items}</blocklist></iq>"));
            }
            ("set", "block" | "unblock", BLOCKING) => {
                let jids: Vec<String> = child
                    .children_named("item", BLOCKING)
                    .filter_map(|i| i.attr("jid").map(str::to_owned))
                    .collect();
                let list = self.blocklists.entry(user.clone()).or_default();
                if child.name == "block" {
                    list.extend(jids.iter().cloned());
                } else {
                    list.retain(|j| !jids.contains(j));
                }
                self.send(
                    id,
                    format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"),
                );
                for conn in self.conns_of(&user) {
                    self.send(
                        conn,
                        format!(
                            "<iq xmlns='{CLIENT}' type='set' id='push-{iq_id}'>{}</iq>",
                            child.to_xml()
                        ),
                    );
                }
            }
            _ => return false,
        }
        true
    }

    pub(super) fn roster_version(&self, user: &str) -> String {
        format!("v{}", self.roster_versions.get(user).copied().unwrap_or(1))
    }

    pub(super) fn roster_is_current(&self, user: &str, query: Option<&Element>) -> bool {
        query
            .and_then(|q| q.attr("ver"))
            .is_some_and(|ver| ver == self.roster_version(user))
    }

    pub(super) fn blocks(&self, bare: &str, sender_full: &str) -> bool {
        let sender = sender_full.split('/').next().unwrap_or_default();
        let user = bare.split('@').next().unwrap_or_default();
        self.blocklists
            .get(user)
            .is_some_and(|list| list.iter().any(|j| j == sender))
    }

    /// Contacts of `user` whose subscription is one of `states`.
    pub(super) fn contacts_with(&self, user: &str, states: &[&str]) -> Vec<String> {
        self.rosters
            .get(user)
            .into_iter()
            .flatten()
            .filter(|(_, s)| states.contains(&s.as_str()))
            .map(|(j, _)| j.clone())
            .collect()
    }

    pub(super) fn on_subscription(&mut self, user: &str, presence: &Element) {
        let kind = presence.attr("type").unwrap_or_default().to_owned();
        let to = presence
            .attr("to")
            .unwrap_or_default()
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let from = self.bare(user);
        let to_user = to.split('@').next().unwrap_or_default().to_owned();
        if self.blocks(&to, &from) {
            return;
        }
        match kind.as_str() {
            "subscribe" => {
                let entry = self.rosters.entry(user.to_owned()).or_default();
                if !entry.iter().any(|(j, _)| *j == to) {
                    entry.push((to.clone(), "none".into()));
                }
                self.asks.insert((user.to_owned(), to.clone()));
                self.push_item_for(user, &to, "");
                let mut request = presence.clone();
                request.set_attr("from", from.clone());
                self.pending_requests
                    .entry(to_user.clone())
                    .or_default()
                    .push(request.to_xml());
                for conn in self.available_conns_of(&to) {
                    self.send(conn, request.to_xml());
                }
            }
            "subscribed" => {
                // `user` approves `to`: `to` gains "to", `user` gains "from".
                if !self.asks.remove(&(to_user.clone(), from.clone())) {
                    return;
                }
                self.pending_requests
                    .entry(user.to_owned())
                    .or_default()
                    .retain(|r| !r.contains(&format!("from=\"{to}\"")));
                self.upgrade(&to_user, &from, "to");
                self.upgrade(user, &to, "from");
                for conn in self.available_conns_of(&to) {
                    self.send(
                        conn,
                        format!("<presence xmlns='{CLIENT}' from='{from}' type='subscribed'/>"),
                    );
                    let peers: Vec<String> = self
                        .available_conns_of(&from)
                        .iter()
                        .filter_map(|c| self.conns.get(c)?.full_jid.clone())
                        .collect();
                    for peer in peers {
                        self.send(conn, format!("<presence xmlns='{CLIENT}' from='{peer}'/>"));
                    }
                }
            }
            "unsubscribed" => {
                self.pending_requests
                    .entry(user.to_owned())
                    .or_default()
                    .retain(|r| !r.contains(&format!("from=\"{to}\"")));
                if self.asks.remove(&(to_user.clone(), from.clone())) {
                    self.push_item_for(&to_user, &from, "");
                    for conn in self.available_conns_of(&to) {
                        self.send(
                            conn,
                            format!(
                                "<presence xmlns='{CLIENT}' from='{from}' type='unsubscribed'/>"
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn deliver_pending_requests(&mut self, id: ConnId, user: &str) {
        for request in self.pending_requests.get(user).cloned().unwrap_or_default() {
            self.send(id, request);
        }
    }

    fn upgrade(&mut self, user: &str, contact: &str, gained: &str) {
        let entry = self.rosters.entry(user.to_owned()).or_default();
        match entry.iter_mut().find(|(j, _)| j == contact) {
            Some((_, state)) => {
                *state = match (state.as_str(), gained) {
                    ("none", g) => g.to_owned(),
                    ("to", "from") | ("from", "to") | ("both", _) => "both".to_owned(),
                    (same, _) => same.to_owned(),
                }
            }
            None => entry.push((contact.to_owned(), gained.to_owned())),
        }
        self.push_item_for(user, contact, "");
    }

    fn push_item_for(&mut self, user: &str, contact: &str, extra: &str) {
        let state = self
            .rosters
            .get(user)
            .into_iter()
            .flatten()
            .find(|(j, _)| j == contact)
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        let ask = if self.asks.contains(&(user.to_owned(), contact.to_owned())) {
            " ask='subscribe'"
        } else {
            ""
        };
        let name = self
            .names
            .get(&(user.to_owned(), contact.to_owned()))
            .map(|n| format!(" name='{n}'"))
            .unwrap_or_default();
        let extra = format!("{extra}{name}");
        self.push_item(
            user,
            &format!("<item jid='{contact}' subscription='{state}'{ask}{extra}/>"),
        );
    }

    fn push_item(&mut self, user: &str, item: &str) {
        let version = self.roster_versions.get(user).copied().unwrap_or(1) + 1;
        self.roster_versions.insert(user.to_owned(), version);
        for conn in self.conns_of(user) {
            self.send(conn, format!("<iq xmlns='{CLIENT}' type='set' id='rp{version}'><query xmlns='{ROSTER}' ver='v{version}'>{item}</query></iq>"));
        }
    }

    fn conns_of(&self, user: &str) -> Vec<ConnId> {
        let prefix = format!("{}/", self.bare(user));
        self.conns
            .iter()
            .filter(|(_, c)| {
                !c.closed
                    && c.full_jid
                        .as_deref()
                        .is_some_and(|j| j.starts_with(&prefix))
            })
            .map(|(id, _)| *id)
            .collect()
    }

    fn register(&mut self, id: ConnId, iq_id: &str, kind: &str, query: &Element) {
        if kind == "get" {
            let form = "<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>\
                <field var='username' label='Username'><required/></field><field var='password' type='text-private' label='Password'><required/></field></x>";
            self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'><query xmlns='{REGISTER}'><username/><password/>{form}</query></iq>"));
            return;
        }
        let value = |var: &str| {
            query
                .get_child("x", "jabber:x:data")
                .and_then(|x| {
                    x.children_named("field", "jabber:x:data")
                        .find(|f| f.attr("var") == Some(var))
                        .and_then(|f| f.child_text("value", "jabber:x:data"))
                })
                .or_else(|| query.child_text(var, REGISTER))
                .unwrap_or_default()
        };
        let (username, password) = (value("username"), value("password"));
        let error = if username.is_empty() || password.is_empty() {
            Some(("modify", "not-acceptable"))
        } else if self.passwords.contains_key(&username) {
            Some(("cancel", "conflict"))
        } else {
            None
        };
        match error {
            Some((kind, condition)) => self.send(id, format!(
                "<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='{kind}'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
            )),
            None => {
                self.passwords.insert(username, password);
                self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'/>"));
            }
        }
    }
}

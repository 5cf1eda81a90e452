//! The fake server's stream management (XEP-0198 with resumption), carbons (XEP-0280) and
//! archive (XEP-0313 with XEP-0059 paging), close to what Prosody's mod_smacks, mod_carbons
//! and mod_mam do.

use std::collections::VecDeque;

use xmpp_protocol::format_datetime;
use xmpp_protocol::mam::ArchiveQuery;
use xmpp_protocol::xml::Element;

use super::{ConnId, FakeServer, CLIENT};

pub const SM: &str = "urn:xmpp:sm:3";
pub const CARBONS: &str = "urn:xmpp:carbons:2";
pub const MAM: &str = "urn:xmpp:mam:2";
const FORWARD: &str = "urn:xmpp:forward:0";
const RSM: &str = "http://jabber.org/protocol/rsm";

#[derive(Debug, Default)]
pub struct ServerSm {
    pub id: String,
    /// Stanzas received from the client.
    pub inbound: u32,
    /// The client's last `h`.
    pub acked: u32,
    /// Stanzas sent and not acknowledged, oldest first.
    pub queue: VecDeque<String>,
}

pub fn is_stanza_frame(frame: &str) -> bool {
    ["<message", "<presence", "<iq"]
        .iter()
        .any(|start| frame.starts_with(start))
}

impl FakeServer {
    pub(super) fn on_sm(&mut self, id: ConnId, element: &Element) {
        match element.name.as_str() {
            "enable" if self.offer_sm => {
                let sm_id = format!("sm-{id}");
                if let Some(conn) = self.conns.get_mut(&id) {
                    conn.sm = Some(ServerSm {
                        id: sm_id.clone(),
                        ..ServerSm::default()
                    });
                }
                self.send(
                    id,
                    format!("<enabled xmlns='{SM}' id='{sm_id}' resume='true' max='600'/>"),
                );
            }
            "r" => {
                let h = self
                    .conns
                    .get(&id)
                    .and_then(|c| c.sm.as_ref())
                    .map(|sm| sm.inbound);
                if let Some(h) = h {
                    self.send(id, format!("<a xmlns='{SM}' h='{h}'/>"));
                }
            }
            "a" => {
                let h = element.attr("h").and_then(|h| h.parse().ok()).unwrap_or(0);
                if let Some(sm) = self.conns.get_mut(&id).and_then(|c| c.sm.as_mut()) {
                    ack(sm, h);
                }
            }
            "resume" => self.on_resume(id, element),
            _ => {}
        }
    }

    fn on_resume(&mut self, id: ConnId, element: &Element) {
        let user = self.user_of(id);
        let previd = element.attr("previd").unwrap_or_default().to_owned();
        let h: u32 = element.attr("h").and_then(|h| h.parse().ok()).unwrap_or(0);
        let old = self.conns.iter().find_map(|(old_id, conn)| {
            let matches = conn.hibernating && conn.sm.as_ref().is_some_and(|sm| sm.id == previd);
            let same_user = conn
                .full_jid
                .as_deref()
                .zip(user.as_deref())
                .is_some_and(|(jid, user)| jid.starts_with(&format!("{user}@")));
            (matches && same_user).then_some(*old_id)
        });
        let Some(old_id) = old else {
            self.send(id, format!("<failed xmlns='{SM}'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>"));
            return;
        };
        let Some(mut old) = self.conns.remove(&old_id) else {
            return;
        };
        let mut sm = old.sm.take().unwrap_or_default();
        ack(&mut sm, h);
        let resend: Vec<String> = sm.queue.iter().cloned().collect();
        let handled = sm.inbound;
        if let Some(conn) = self.conns.get_mut(&id) {
            conn.full_jid = old.full_jid.take();
            conn.available = true;
            conn.carbons = old.carbons;
            conn.sm = Some(ServerSm {
                queue: VecDeque::new(),
                ..sm
            });
        }
        self.send(
            id,
            format!("<resumed xmlns='{SM}' previd='{previd}' h='{handled}'/>"),
        );
        for frame in resend {
            self.send(id, frame);
        }
    }

    /// Hibernated sessions time out: what they had queued is dropped (it is in the archive).
    pub fn expire_hibernated(&mut self) {
        for conn in self.conns.values_mut().filter(|c| c.hibernating) {
            conn.hibernating = false;
            conn.available = false;
            conn.sm = None;
        }
    }

    /// Stores `message` in `user`'s archive and returns its archive id.
    pub(super) fn archive(&mut self, user_bare: &str, message: &Element) -> String {
        let archive_id = format!("arch-{}", self.next_archive_id);
        self.next_archive_id += 1;
        self.clock += 1;
        let entries = self.archives.entry(user_bare.to_owned()).or_default();
        entries.push((archive_id.clone(), self.clock, message.clone()));
        archive_id
    }

    /// Copies a message sent by one resource to the sender's other resources with carbons on.
    pub(super) fn send_carbons(&mut self, from_conn: ConnId, sender_bare: &str, message: &Element) {
        let targets: Vec<(ConnId, String)> = self
            .conns
            .iter()
            .filter(|(id, c)| {
                **id != from_conn && c.carbons && c.available && (!c.closed || c.hibernating)
            })
            .filter_map(|(id, c)| {
                Some((
                    *id,
                    c.full_jid
                        .clone()
                        .filter(|j| j.starts_with(&format!("{sender_bare}/")))?,
                ))
            })
            .collect();
        for (target, full) in targets {
            let carbon = Element::builder("message", CLIENT)
                .attr("from", sender_bare)
                .attr("to", full)
                .attr("type", "chat")
                .append(
                    Element::builder("sent", CARBONS)
                        .append(
                            Element::builder("forwarded", FORWARD)
                                .append(message.clone())
                                .build(),
                        )
                        .build(),
                )
                .build();
            self.send(target, carbon.to_xml());
        }
    }

    pub(super) fn on_archive_query(
        &mut self,
        id: ConnId,
        user: &str,
        iq_id: &str,
        query: Option<&Element>,
    ) {
        let bare = self.bare(user);
        self.on_archive_query_of(id, &bare, None, iq_id, query);
    }

    /// Answers a query of `bare`'s archive (a user's, or a room's when `from` is the room).
    pub(super) fn on_archive_query_of(
        &mut self,
        id: ConnId,
        bare: &str,
        from: Option<&str>,
        iq_id: &str,
        query: Option<&Element>,
    ) {
        let Some(query) = query.and_then(|q| ArchiveQuery::try_from(q).ok()) else {
            return;
        };
        let bare = bare.to_owned();
        let to = self
            .conns
            .get(&id)
            .and_then(|c| c.full_jid.clone())
            .unwrap_or_default();
        let with = query.with.as_ref().map(ToString::to_string);
        let all: Vec<(String, u64, Element)> = self
            .archives
            .get(&bare)
            .map(|entries| {
                entries
                    .iter()
                    .filter(|(_, _, m)| {
                        with.as_ref().is_none_or(|w| {
                            [m.attr("from"), m.attr("to")]
                                .iter()
                                .flatten()
                                .any(|j| j.starts_with(w.as_str()))
                        })
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let max = query.set.max.unwrap_or(100) as usize;
        let position = |archive_id: &str| all.iter().position(|(i, _, _)| i == archive_id);
        let (range, complete) = match (&query.set.after, &query.set.before) {
            (Some(after), _) => match position(after) {
                Some(index) => {
                    let end = (index + 1 + max).min(all.len());
                    (index + 1..end, end == all.len())
                }
                None => {
                    self.send(id, format!("<iq xmlns='{CLIENT}' type='error' id='{iq_id}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
                    return;
                }
            },
            (None, Some(before)) => {
                let end = if before.is_empty() {
                    all.len()
                } else {
                    position(before).unwrap_or(0)
                };
                let start = end.saturating_sub(max);
                (start..end, start == 0)
            }
            (None, None) => (0..max.min(all.len()), max >= all.len()),
        };
        if let Some(frame) = self.before_archive_results.take() {
            self.send(id, frame);
        }
        let page = &all[range];
        for (archive_id, stamp, message) in page {
            let result = Element::builder("message", CLIENT)
                .attr("to", to.clone())
                .attr_opt("from", from)
                .append(
                    Element::builder("result", MAM)
                        .attr("queryid", query.query_id.clone())
                        .attr("id", archive_id.clone())
                        .append(
                            Element::builder("forwarded", FORWARD)
                                .append(
                                    Element::builder("delay", "urn:xmpp:delay")
                                        .attr("stamp", format_datetime(*stamp - *stamp % 1000))
                                        .build(),
                                )
                                .append(message.clone())
                                .build(),
                        )
                        .build(),
                )
                .build();
            self.send(id, result.to_xml());
        }
        let set = match (page.first(), page.last()) {
            (Some(first), Some(last)) => {
                format!("<first>{}</first><last>{}</last>", first.0, last.0)
            }
            _ => String::new(),
        };
        let complete = if complete { " complete='true'" } else { "" };
        let from = from.map(|f| format!(" from='{f}'")).unwrap_or_default();
        self.send(id, format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}'{from}><fin xmlns='{MAM}'{complete}><set xmlns='{RSM}'>{set}<count>{}</count></set></fin></iq>", all.len()));
    }

    /// Archives a body-less chat marker from `peer` to `user`, as Prosody does with markers.
    pub fn archive_marker(&mut self, user: &str, peer: &str) {
        let (to, from) = (self.bare(user), self.bare(peer));
        let marker = Element::builder("message", CLIENT)
            .attr("from", format!("{from}/r"))
            .attr("to", to.clone())
            .attr("type", "chat")
            .append(
                Element::builder("displayed", "urn:xmpp:chat-markers:0")
                    .attr("id", "x")
                    .build(),
            )
            .build();
        self.archive(&to, &marker);
    }

    /// The id of the newest entry in `user`'s archive.
    pub fn newest_archive_id(&self, user: &str) -> Option<String> {
        self.archives
            .get(&self.bare(user))?
            .last()
            .map(|(id, _, _)| id.clone())
    }

    /// How many messages `user`'s archive holds.
    pub fn archived(&self, user: &str) -> usize {
        self.archives.get(&self.bare(user)).map_or(0, Vec::len)
    }
}

fn ack(sm: &mut ServerSm, h: u32) {
    let newly = h.wrapping_sub(sm.acked) as usize;
    for _ in 0..newly.min(sm.queue.len()) {
        sm.queue.pop_front();
    }
    sm.acked = h;
}

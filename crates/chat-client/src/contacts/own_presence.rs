//! Our own presence: availability and status text (kept across reloads), invisibility (by
//! not sending presence), idle time (XEP-0319), client state (XEP-0352) and the caps
//! (XEP-0115) that tell contacts and the server what Jibber supports.

use chat_store::{Changes, Store};
use serde::{Deserialize, Serialize};
use xmpp_protocol::caps::Caps;
use xmpp_protocol::disco::{DiscoInfo, Identity};
use xmpp_protocol::idle::Idle;
use xmpp_protocol::{ns, Millis, Presence, Show};

use super::{write_json, OWN_PRESENCE_KEY};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;

/// Our caps node (XEP-0115 §4: a URL identifying the software).
pub const JIBBER_CAPS_NODE: &str = "https://jibber.chat";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnShow {
    #[default]
    Online,
    Away,
    Dnd,
    Xa,
    /// Connected but shown as offline: no available presence is sent.
    Invisible,
}

impl OwnShow {
    pub const ALL: [OwnShow; 5] = [
        OwnShow::Online,
        OwnShow::Away,
        OwnShow::Dnd,
        OwnShow::Xa,
        OwnShow::Invisible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OwnShow::Online => "online",
            OwnShow::Away => "away",
            OwnShow::Dnd => "dnd",
            OwnShow::Xa => "xa",
            OwnShow::Invisible => "invisible",
        }
    }

    pub fn from_str_opt(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|show| show.as_str() == value)
    }

    fn show(self) -> Option<Show> {
        match self {
            OwnShow::Away => Some(Show::Away),
            OwnShow::Dnd => Some(Show::Dnd),
            OwnShow::Xa => Some(Show::Xa),
            OwnShow::Online | OwnShow::Invisible => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnPresence {
    pub show: OwnShow,
    #[serde(default)]
    pub status: String,
    /// Our nickname (XEP-0172), sent with subscription requests.
    #[serde(default)]
    pub nick: Option<String>,
    /// Since when the user has not interacted (set by the UI when it notices), not stored.
    #[serde(skip)]
    pub idle_since: Option<Millis>,
}

/// Status texts longer than this are cut: they are shown in contact lists.
pub const MAX_STATUS_CHARS: usize = 200;

/// What Jibber is and supports, answered to disco#info and hashed into our caps.
pub fn jibber_disco_info() -> DiscoInfo {
    let mut features: Vec<String> = [
        ns::DISCO_INFO,
        ns::CAPS,
        ns::PING,
        ns::BLOCKING,
        ns::IDLE,
        ns::VCARD_UPDATE,
        "urn:xmpp:avatar:metadata+notify",
        "http://jabber.org/protocol/nick+notify",
        ns::EPHEMERAL,
        "urn:jibber:retention:0+notify",
        xmpp_protocol::mds::NOTIFY,
        xmpp_protocol::reply::REPLY,
    ]
    .map(String::from)
    .to_vec();
    features.extend(xmpp_protocol::omemo::publish::NOTIFY_FEATURES.map(String::from));
    features.sort();
    DiscoInfo {
        node: None,
        identities: vec![Identity {
            category: "client".into(),
            kind: "web".into(),
            lang: None,
            name: Some("Jibber".into()),
        }],
        features,
        extensions: Vec::new(),
    }
}

pub fn jibber_caps() -> Caps {
    Caps::for_info(JIBBER_CAPS_NODE, &jibber_disco_info())
}

impl<S: Store> Client<S> {
    /// The presence we broadcast now, or `None` when invisible.
    pub(crate) fn own_presence_stanza(&self) -> Option<Presence> {
        let own = &self.contacts.own;
        if own.show == OwnShow::Invisible {
            return None;
        }
        let mut presence = Presence::available();
        presence.show = own.show.show();
        presence.status = Some(own.status.clone()).filter(|s| !s.is_empty());
        presence.payloads.push(jibber_caps().into());
        presence
            .payloads
            .extend(own.idle_since.map(|since| Idle { since }.into()));
        Some(presence)
    }

    pub(crate) fn send_own_presence(&mut self) {
        let stanza = self.own_presence_stanza();
        if let Some(session) = self.session.as_mut() {
            session.send_presence(stanza.unwrap_or_else(Presence::unavailable));
        }
    }

    /// Changes availability and status text; stored, and broadcast if online.
    pub async fn set_own_presence(
        &mut self,
        show: OwnShow,
        status: &str,
    ) -> Result<(), ClientError> {
        let was_invisible = self.contacts.own.show == OwnShow::Invisible;
        self.contacts.own.show = show;
        self.contacts.own.status = status
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_STATUS_CHARS)
            .collect();
        // Going invisible is an unavailable presence; staying invisible sends nothing.
        if !(was_invisible && show == OwnShow::Invisible) {
            self.send_own_presence();
        }
        let mut changes = Changes::default();
        write_json(&mut changes, OWN_PRESENCE_KEY, &self.contacts.own);
        self.events
            .push_back(ClientEvent::OwnPresence(self.contacts.own.clone()));
        self.save(changes).await
    }

    /// Sets our nickname: published on PEP (XEP-0172), sent with future requests, kept across reloads.
    pub async fn set_nick(&mut self, nick: &str, now: Millis) -> Result<(), ClientError> {
        let nick: String = nick
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(xmpp_protocol::nick::MAX_NICK_CHARS)
            .collect();
        self.contacts.own.nick = Some(nick).filter(|n| !n.is_empty());
        self.publish_nick(now);
        let mut changes = Changes::default();
        write_json(&mut changes, OWN_PRESENCE_KEY, &self.contacts.own);
        self.events
            .push_back(ClientEvent::OwnPresence(self.contacts.own.clone()));
        self.save(changes).await
    }

    pub(crate) fn own_nick(&self) -> Option<String> {
        self.contacts.own.nick.clone()
    }

    /// The user stopped (`Some(since)`) or resumed (`None`) interacting; contacts see it in
    /// our presence (XEP-0319).
    pub fn set_idle(&mut self, since: Option<Millis>) {
        if self.contacts.own.idle_since != since {
            self.contacts.own.idle_since = since;
            if self.contacts.own.show != OwnShow::Invisible {
                self.send_own_presence();
            }
        }
    }

    /// The tab was hidden (`false`) or shown: XEP-0352 lets the server batch unimportant
    /// traffic meanwhile. Only sent to servers that offer CSI: to others an unknown element
    /// is a stream error.
    pub fn set_client_active(&mut self, active: bool) {
        self.contacts.client_inactive = !active;
        self.send_client_state();
    }

    /// Tells the server whether the page is in use. Also after a resumed stream: the server
    /// keeps the state of the stream resumed, e.g. "inactive" from a page that was reloaded.
    pub(crate) fn send_client_state(&mut self) {
        let active = !self.contacts.client_inactive;
        let Some(session) = self.session.as_mut() else {
            return;
        };
        if session.features().is_some_and(|f| f.has("csi", ns::CSI)) {
            session.send_nonza(xmpp_protocol::csi::state_element(active));
        }
    }

    pub fn own_presence(&self) -> &OwnPresence {
        &self.contacts.own
    }
}

//! The UI's state: plain data in signals, changed only by [`AppState::apply`] from the
//! client's events. Views read it; they never talk to the network or storage.

use std::collections::HashMap;

use chat_client::signup::SignupUpdate;
use chat_client::{
    Availability, ClientEvent, ConnectionState, LastSeen, OmemoDevice, OwnPresence, Profile,
    RetentionSettings, SubscriptionRequest,
};
use chat_store::{Conversation, ConversationId, Message, RosterItem};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Waiting for stored data, so a returning user never sees the login form flash.
    Loading,
    Login,
    Main,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactPresence {
    pub availability: Availability,
    pub status: Option<String>,
}

/// What a contact's presence says about their activity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// XEP-0319: when they last used their client, while online.
    pub idle_since: Option<u64>,
    /// When they went offline (seen by this device).
    pub last_seen: Option<u64>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub screen: RwSignal<Screen>,
    pub own_jid: RwSignal<String>,
    pub login_error: RwSignal<Option<String>>,
    pub logging_in: RwSignal<bool>,
    pub connection: RwSignal<ConnectionState>,
    pub roster: RwSignal<Vec<RosterItem>>,
    pub presence: RwSignal<HashMap<String, ContactPresence>>,
    pub conversations: RwSignal<Vec<Conversation>>,
    pub active: RwSignal<Option<ConversationId>>,
    /// Messages of the active conversation, oldest first.
    pub messages: RwSignal<Vec<Message>>,
    pub has_older: RwSignal<bool>,
    /// Older history has been asked of the server's archive and not answered yet.
    pub history_loading: RwSignal<bool>,
    pub storage_error: RwSignal<Option<String>>,
    /// Peers currently typing to us.
    pub typing: RwSignal<std::collections::HashSet<String>>,
    /// The login screen shows the sign-up form instead.
    pub signup_open: RwSignal<bool>,
    pub signup: RwSignal<Option<SignupUpdate>>,
    pub requests: RwSignal<Vec<SubscriptionRequest>>,
    pub blocklist: RwSignal<Vec<String>>,
    /// Verified avatars as `data:` URLs, by bare JID (our own included).
    pub avatars: RwSignal<HashMap<String, String>>,
    pub activity: RwSignal<HashMap<String, Activity>>,
    pub own_presence: RwSignal<OwnPresence>,
    /// Contacts' own nicknames (XEP-0172), used where the roster has no name.
    pub nicks: RwSignal<HashMap<String, String>>,
    /// Profiles asked for when a contact's details were opened (`None`: could not be read);
    /// a missing key means the answer has not come yet.
    pub profiles: RwSignal<HashMap<String, Option<Profile>>>,
    /// Contacts' last activity as their server reported it (`None`: unknown).
    pub last_seen: RwSignal<HashMap<String, Option<LastSeen>>>,
    /// The latest short notice (an action that failed or finished).
    pub notice: RwSignal<Option<String>>,
    /// Disappearing-message settings (chats' own timers are on their conversations).
    pub retention: RwSignal<RetentionSettings>,
    /// This device's OMEMO identity and its verification link.
    pub own_omemo: RwSignal<Option<(OmemoDevice, String)>>,
    /// Known OMEMO devices by bare JID (for our own: the other devices).
    pub omemo_devices: RwSignal<HashMap<String, Vec<OmemoDevice>>>,
    /// Groups by room address.
    pub rooms: RwSignal<HashMap<String, chat_client::RoomView>>,
    /// Occupants shown per room (capped) and their total.
    pub occupants: RwSignal<HashMap<String, (Vec<chat_client::OccupantView>, usize)>>,
    pub invitations: RwSignal<Vec<chat_client::GroupInvitation>>,
    /// Private groups' members and whether each can read encrypted messages, by room address.
    pub group_readers: RwSignal<HashMap<String, Vec<chat_client::GroupReader>>>,
    /// The server's listed groups and why they could not be listed (`None` until browsed).
    pub directory: RwSignal<Option<(Vec<chat_client::DirectoryRoom>, Option<String>)>>,
    /// Each room's affiliation lists, once the member-list editor read them.
    pub room_members: RwSignal<HashMap<String, Vec<chat_client::RoomMember>>>,
    /// An owner's open settings dialog per room: the form, or that it was saved or refused.
    pub room_settings: RwSignal<HashMap<String, chat_client::RoomSettings>>,
}

impl AppState {
    pub fn new() -> Self {
        Self {
            screen: RwSignal::new(Screen::Loading),
            own_jid: RwSignal::new(String::new()),
            login_error: RwSignal::new(None),
            logging_in: RwSignal::new(false),
            connection: RwSignal::new(ConnectionState::Disconnected),
            roster: RwSignal::new(Vec::new()),
            presence: RwSignal::new(HashMap::new()),
            conversations: RwSignal::new(Vec::new()),
            active: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            has_older: RwSignal::new(false),
            history_loading: RwSignal::new(false),
            storage_error: RwSignal::new(None),
            typing: RwSignal::new(std::collections::HashSet::new()),
            signup_open: RwSignal::new(false),
            signup: RwSignal::new(None),
            requests: RwSignal::new(Vec::new()),
            blocklist: RwSignal::new(Vec::new()),
            avatars: RwSignal::new(HashMap::new()),
            activity: RwSignal::new(HashMap::new()),
            own_presence: RwSignal::new(OwnPresence::default()),
            nicks: RwSignal::new(HashMap::new()),
            profiles: RwSignal::new(HashMap::new()),
            last_seen: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(None),
            retention: RwSignal::new(RetentionSettings::default()),
            own_omemo: RwSignal::new(None),
            omemo_devices: RwSignal::new(HashMap::new()),
            rooms: RwSignal::new(HashMap::new()),
            occupants: RwSignal::new(HashMap::new()),
            invitations: RwSignal::new(Vec::new()),
            group_readers: RwSignal::new(HashMap::new()),
            directory: RwSignal::new(None),
            room_members: RwSignal::new(HashMap::new()),
            room_settings: RwSignal::new(HashMap::new()),
        }
    }

    pub fn apply(&self, event: ClientEvent) {
        match event {
            ClientEvent::Connection(state) => {
                if state == ConnectionState::Online {
                    self.logging_in.set(false);
                    self.notice.set(None);
                }
                self.connection.set(state);
            }
            ClientEvent::LoggedIn { jid } => {
                self.signup_open.set(false);
                self.signup.set(None);
                self.own_jid.set(jid);
                self.login_error.set(None);
                self.screen.set(Screen::Main);
            }
            ClientEvent::LoginFailed(error) => {
                self.signup_open.set(false);
                self.logging_in.set(false);
                self.login_error
                    .set(Some(crate::format::login_error(&error)));
                self.screen.set(Screen::Login);
            }
            ClientEvent::NeedPassword { jid, reason } => {
                self.own_jid.set(jid);
                self.logging_in.set(false);
                self.login_error.set(Some(
                    crate::reasons::password_prompt_text(reason).to_owned(),
                ));
                self.screen.set(Screen::Login);
            }
            ClientEvent::Roster(items) => self.roster.set(items),
            ClientEvent::Presence {
                jid,
                availability,
                status,
            } => {
                self.presence.update(|p| {
                    p.insert(
                        jid,
                        ContactPresence {
                            availability,
                            status,
                        },
                    );
                });
            }
            ClientEvent::Conversations(list) => self.conversations.set(list),
            ClientEvent::Message(message) => {
                let sender = self.roster.with_untracked(|roster| {
                    roster
                        .iter()
                        .find(|item| item.jid == message.conversation.jid)
                        .and_then(|item| item.name.clone())
                });
                let sender = sender.unwrap_or_else(|| message.conversation.jid.clone());
                let now = js_sys::Date::now() as u64;
                crate::notify::incoming(&message, &sender, now);
                // A message event also reports edits and state changes of known messages.
                if crate::notify::is_news(&message, now)
                    && !self
                        .messages
                        .with_untracked(|list| list.iter().any(|m| m.id == message.id))
                {
                    // An undecryptable message's body is only the sender's fallback text.
                    let readable = !matches!(
                        message.encryption,
                        chat_store::MessageEncryption::Undecryptable { .. }
                    );
                    let open = readable
                        && self.active.get_untracked().as_ref() == Some(&message.conversation);
                    crate::components::announcer::incoming(&sender, &message.body, open);
                }
                self.upsert_message(message)
            }
            ClientEvent::MessagesRemoved(ids) => self
                .messages
                .update(|list| list.retain(|m| !ids.contains(&m.id))),
            ClientEvent::HistoryCleared(conversation) => {
                let shown = self.active.get_untracked();
                if conversation.is_none() || conversation == shown {
                    self.messages.set(Vec::new());
                    self.has_older.set(false);
                }
            }
            ClientEvent::RetentionSettings(settings) => self.retention.set(settings),
            ClientEvent::StorageError(reason) => self
                .storage_error
                .set(Some(crate::reasons::storage_problem_text(&reason))),
            ClientEvent::Dropped(reason) => leptos::logging::warn!("{reason}"),
            ClientEvent::HistoryLoaded {
                conversation,
                complete,
            } => {
                if self
                    .active
                    .with_untracked(|a| a.as_ref() == Some(&conversation))
                {
                    self.history_loading.set(false);
                    self.has_older.set(!complete);
                }
            }
            ClientEvent::Typing { jid, typing } => self.typing.update(|set| {
                if typing {
                    set.insert(jid);
                } else {
                    set.remove(&jid);
                }
            }),
            ClientEvent::HistoryUnavailable(reason) => {
                self.history_loading.set(false);
                self.notice
                    .set(Some(crate::reasons::history_problem_text(&reason)));
            }
            ClientEvent::LoggedOut => self.reset_to_login(),
            other => self.apply_contacts(other),
        }
    }

    fn upsert_message(&self, message: Message) {
        if self
            .active
            .with_untracked(|a| a.as_ref() != Some(&message.conversation))
        {
            return;
        }
        self.messages.update(|list| {
            list.retain(|m| m.id != message.id);
            let key = (message.timestamp, message.id.clone());
            let at = list.partition_point(|m| (m.timestamp, m.id.clone()) <= key);
            list.insert(at, message);
        });
    }

    fn reset_to_login(&self) {
        self.requests.set(Vec::new());
        self.blocklist.set(Vec::new());
        self.avatars.set(HashMap::new());
        self.activity.set(HashMap::new());
        self.profiles.set(HashMap::new());
        self.own_omemo.set(None);
        self.omemo_devices.set(HashMap::new());
        self.rooms.set(HashMap::new());
        self.occupants.set(HashMap::new());
        self.invitations.set(Vec::new());
        self.last_seen.set(HashMap::new());
        self.roster.set(Vec::new());
        self.presence.set(HashMap::new());
        self.conversations.set(Vec::new());
        self.active.set(None);
        self.messages.set(Vec::new());
        self.logging_in.set(false);
        self.screen.set(Screen::Login);
    }

    fn apply_contacts(&self, event: ClientEvent) {
        match event {
            ClientEvent::SubscriptionRequests(list) => self.requests.set(list),
            ClientEvent::BlockList(list) => self.blocklist.set(list),
            ClientEvent::Avatar { jid, data_url } => {
                self.avatars.update(|avatars| match data_url {
                    Some(url) => {
                        avatars.insert(jid, url);
                    }
                    None => {
                        avatars.remove(&jid);
                    }
                })
            }
            ClientEvent::ContactActivity {
                jid,
                idle_since,
                last_seen,
            } => self.activity.update(|activity| {
                activity.insert(
                    jid,
                    Activity {
                        idle_since,
                        last_seen,
                    },
                );
            }),
            ClientEvent::OwnPresence(own) => self.own_presence.set(own),
            ClientEvent::ContactNicks(nicks) => self.nicks.set(nicks),
            ClientEvent::ContactProfile { jid, profile } => self.profiles.update(|p| {
                p.insert(jid, profile);
            }),
            ClientEvent::LastActivity { jid, seen } => self.last_seen.update(|l| {
                l.insert(jid, seen);
            }),
            ClientEvent::Notice(notice) => {
                self.notice.set(Some(crate::notices::notice_text(&notice)))
            }
            ClientEvent::OmemoKeysNotPublished { node, reason } => {
                self.notice.set(Some(crate::i18n::tf(
                    crate::i18n::Msg::OmemoKeysNotPublished,
                    &[
                        ("node", &node),
                        ("reason", &crate::notices::refusal_text(&reason)),
                    ],
                )))
            }
            ClientEvent::OwnOmemoDevice {
                device,
                verification_uri,
            } => self.own_omemo.set(Some((device, verification_uri))),
            ClientEvent::OmemoDevices { jid, devices } => self.omemo_devices.update(|all| {
                all.insert(jid, devices);
            }),
            ClientEvent::Registration(update) => {
                if matches!(update, SignupUpdate::Registered { .. }) {
                    self.logging_in.set(true);
                }
                self.signup.set(Some(update));
            }
            other => self.apply_groups(other),
        }
    }

    pub fn availability_of(&self, jid: &str) -> Availability {
        self.presence
            .with(|p| p.get(jid).map(|c| c.availability))
            .unwrap_or(Availability::Unavailable)
    }
}

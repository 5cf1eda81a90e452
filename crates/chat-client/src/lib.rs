//! The client: wires the sans-IO XMPP [`Session`](xmpp_protocol::Session) to a
//! [`Store`](chat_store::Store) and turns both into plain events for the UI.
//!
//! [`Client`] is generic over the store and takes frames and the time from its caller, so it
//! runs natively in tests against an in-process server. The browser driver in [`web`] owns a
//! `Client`, feeds it from a WebSocket and arms its timers.

mod account_admin;
pub mod app_options;
mod backoff;
mod chat_states;
mod client;
mod contacts;
pub mod deep_link;
pub mod discovery;
mod edits;
mod ephemeral;
mod ephemeral_sync;
mod error;
mod events;
mod groups;
mod ids;
mod incoming;
mod ingest;
mod known_ids;
mod markers;
pub mod media;
mod notices;
mod omemo;
mod open_chat;
mod outgoing;
mod page_resume;
mod read_sync;
mod replies;
pub mod resume_copy;
mod session_events;
pub mod signup;
mod stored_login;
mod sync;
mod upload;

pub use account_admin::MIN_PASSWORD_CHARS;
pub use backoff::Backoff;
pub use client::{Client, LoginRequest};
pub use contacts::{LastSeen, NewContact, OwnPresence, OwnShow, SubscriptionRequest, MAX_REQUESTS};
pub use ephemeral::RetentionSettings;
pub use error::{
    ClientError, ConnectionProblem, Disconnect, InputProblem, LoginError, OmemoError,
    PasswordPrompt, TransferError,
};
pub use events::{Availability, ClientEvent, ConnectionState, HistoryProblem, StorageProblem};
pub use groups::{
    clean_nick, private_chat_id, private_chat_occupant, DirectoryRoom, GroupInvitation,
    GroupPreset, GroupReader, OccupantView, RoomMember, RoomSettings, RoomStatus, RoomView,
    SettingsProblem, MAX_LISTED_ROOMS, OCCUPANTS_SHOWN,
};
pub use ids::random_id;
pub use notices::{CannotWrite, GroupAction, GroupEnded, GroupRefusal, Notice, Refusal};
pub use omemo::{OmemoDevice, ReaderStatus, Trust};
pub use page_resume::{ResumeMeta, ResumeSnapshot};
pub use xmpp_protocol::dataforms::{DataForm, FieldKind, FormField};
pub use xmpp_protocol::muc::{Affiliation, Role};
pub use xmpp_protocol::profile::Profile;

#[cfg(target_arch = "wasm32")]
pub mod web;

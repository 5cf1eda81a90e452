//! An owner's room settings (XEP-0045 §10.2): fetch the server's configuration form, send
//! back the values the owner edited, or cancel. The form arrives as
//! [`ClientEvent::RoomSettings`] and is edited through `DataForm`'s own editing methods, so
//! whatever fields the server offers are shown, not a fixed list.

use chat_store::{Millis, Store};
use xmpp_protocol::dataforms::DataForm;
use xmpp_protocol::muc::config::{config_form, config_request, config_submit};
use xmpp_protocol::{BareJid, Iq, Jid};

use super::commands::parse_room;
use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;

/// The room's name field, mirrored into the room list as soon as the server accepts it.
const NAME_FIELD: &str = "muc#roomconfig_roomname";

/// Where an owner's settings dialog stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RoomSettings {
    /// The server's form, with the room's current values.
    Form(DataForm),
    /// The server accepted the submitted values.
    Saved,
    /// The server refused to give or to take the form.
    Failed(SettingsProblem),
}

/// Why an owner's settings dialog failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsProblem {
    /// The server's answer is not a form.
    NotAForm,
    NotOpened(crate::Refusal),
    NotSaved(crate::Refusal),
}

impl<S: Store> Client<S> {
    /// Asks `room` for its configuration form (owners only); it arrives as
    /// [`ClientEvent::RoomSettings`].
    pub fn request_room_settings(&mut self, room: &str, now: Millis) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        let iq = Iq::get(Some(Jid::Bare(room.clone())), random_id(), config_request());
        self.send_requested_group_iq(iq, GroupRequest::SettingsForm { room }, now)
    }

    /// Sends the edited form's values (see `DataForm::answer`).
    pub fn submit_room_settings(
        &mut self,
        room: &str,
        form: &DataForm,
        now: Millis,
    ) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        let name = form
            .field(NAME_FIELD)
            .and_then(|field| field.value())
            .map(str::to_owned);
        let iq = Iq::set(
            Some(Jid::Bare(room.clone())),
            random_id(),
            config_submit(&form.answer()),
        );
        self.send_requested_group_iq(iq, GroupRequest::SettingsSubmit { room, name }, now)
    }

    /// Tells the room the owner closed the form without saving (§10.2: `type=cancel`).
    pub fn cancel_room_settings(&mut self, room: &str, now: Millis) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        let iq = Iq::set(
            Some(Jid::Bare(room.clone())),
            random_id(),
            config_submit(&DataForm::cancellation()),
        );
        self.send_requested_group_iq(iq, GroupRequest::SettingsCancel, now)
    }

    pub(super) fn on_settings_form(&mut self, room: &BareJid, answer: Answer<'_>) {
        let settings = match answer {
            Ok(payload) => match payload.map(config_form) {
                Some(Ok(form)) => RoomSettings::Form(form),
                _ => RoomSettings::Failed(SettingsProblem::NotAForm),
            },
            Err(error) => RoomSettings::Failed(SettingsProblem::NotOpened(
                crate::Refusal::from_error(error),
            )),
        };
        self.emit_settings(room, settings);
    }

    pub(super) fn on_settings_submitted(
        &mut self,
        room: &BareJid,
        name: Option<String>,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut chat_store::Changes,
    ) {
        let settings = match answer {
            Ok(_) => {
                if let Some(entry) = self.groups.rooms.get_mut(room) {
                    entry.known.name = name.filter(|n| !n.trim().is_empty());
                    self.persist_rooms(changes);
                }
                self.emit_rooms();
                self.request_room_info(room, now);
                RoomSettings::Saved
            }
            Err(error) => {
                RoomSettings::Failed(SettingsProblem::NotSaved(crate::Refusal::from_error(error)))
            }
        };
        self.emit_settings(room, settings);
    }

    fn emit_settings(&mut self, room: &BareJid, settings: RoomSettings) {
        self.events.push_back(ClientEvent::RoomSettings {
            room: room.to_string(),
            settings,
        });
    }
}

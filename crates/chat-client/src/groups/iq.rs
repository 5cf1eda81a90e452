//! IQs this module sends and what their answers mean.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::disco::DiscoInfo;
use xmpp_protocol::mam::ArchiveFin;
use xmpp_protocol::muc::config::{config_form, config_request, config_submit, instant_room};
use xmpp_protocol::muc::moderation::ModerationVersion;
use xmpp_protocol::muc::{self_ping, self_ping_verdict, Affiliation, RoomPreset, SelfPingVerdict};
use xmpp_protocol::omemo::PublishRequest;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, ErrorCondition, Iq, Jid, StanzaError};

use super::RoomFeatures;
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;
use crate::notices::{Notice, Refusal};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GroupRequest {
    ConfigForm {
        room: BareJid,
        preset: RoomPreset,
        name: String,
    },
    ConfigSubmit {
        room: BareJid,
    },
    /// The room of an accepted invitation, asked whether it exists before joining it.
    InvitedRoom {
        room: BareJid,
        password: Option<String>,
    },
    /// An owner opened the room's settings.
    SettingsForm {
        room: BareJid,
    },
    /// An owner saved them; `name` is the room name they set.
    SettingsSubmit {
        room: BareJid,
        name: Option<String>,
    },
    /// An owner closed them unsaved; nothing to do with the answer.
    SettingsCancel,
    /// The room's disco#info; `renamed` when its configuration changed, so its name is
    /// taken again even though one is known.
    RoomInfo {
        room: BareJid,
        renamed: bool,
    },
    GrantMembership {
        room: BareJid,
        invitee: BareJid,
        reason: Option<String>,
    },
    Affiliation {
        room: BareJid,
        target: BareJid,
        affiliation: Affiliation,
    },
    /// A role change; `action` says what it was, for a refusal's message.
    Role {
        room: BareJid,
        action: crate::GroupAction,
    },
    /// One of the room's affiliation lists.
    AffiliationList {
        room: BareJid,
        affiliation: Affiliation,
    },
    /// One affiliation list of a private group (its members, for OMEMO).
    MemberList {
        room: BareJid,
    },
    /// A page of the room's archive; `query_id` names its results, `catch_up` pages on.
    Archive {
        room: BareJid,
        query_id: String,
        catch_up: bool,
    },
    Bookmarks,
    /// XEP-0048 bookmarks in private XML storage.
    LegacyBookmarks,
    /// The PEP node `storage:bookmarks` (XEP-0048 over PEP).
    LegacyPepBookmarks,
    /// Private storage rewritten after a join or leave.
    LegacyBookmarksWrite,
    /// The MUC service's rooms.
    Directory,
    /// Asking the room to remove someone's message (XEP-0425).
    Moderate {
        room: BareJid,
    },
    /// A listed room's name and occupant count.
    DirectoryInfo {
        room: BareJid,
    },
    /// Does the room of an invitation exist?
    CheckInvitation {
        room: BareJid,
    },
    /// XEP-0410: are we still in `room`?
    SelfPing {
        room: BareJid,
    },
    /// Publishing a bookmark; `attempt` counts the repairs tried after refusals,
    /// `then_configure` is the original request of a reduced publish (see `PublishRecovery`).
    BookmarkPublish {
        request: Box<PublishRequest>,
        attempt: u8,
        then_configure: Option<Box<PublishRequest>>,
    },
    /// Configuring the bookmarks node after a refused publish; `republish` once it is done.
    BookmarkConfigure {
        request: Box<PublishRequest>,
        attempt: u8,
        republish: bool,
    },
    /// Retracting a bookmark: a failure is only worth a notice.
    BookmarkRetract,
}

/// An IQ answer: the payload, or the error (`None` on timeout).
pub(crate) type Answer<'a> = Result<Option<&'a Element>, Option<&'a StanzaError>>;

impl<S: Store> Client<S> {
    /// Sends a request the user asked for: not being online is an error to show them.
    pub(crate) fn send_requested_group_iq(
        &mut self,
        iq: Iq,
        purpose: GroupRequest,
        now: Millis,
    ) -> Result<(), ClientError> {
        if self.send_group_iq(iq, purpose, now) {
            Ok(())
        } else {
            Err(ClientError::NotConnected)
        }
    }

    pub(crate) fn send_group_iq(&mut self, iq: Iq, purpose: GroupRequest, now: Millis) -> bool {
        let Some(id) = self.send_iq_online(iq, now) else {
            return false;
        };
        self.groups.pending.insert(id, purpose);
        true
    }

    pub(crate) fn request_config_form(
        &mut self,
        room: &BareJid,
        preset: RoomPreset,
        name: String,
        now: Millis,
    ) {
        let iq = Iq::get(Some(Jid::Bare(room.clone())), random_id(), config_request());
        self.send_group_iq(
            iq,
            GroupRequest::ConfigForm {
                room: room.clone(),
                preset,
                name,
            },
            now,
        );
    }

    /// A room someone else's client created and left locked: accept the defaults.
    pub(crate) fn send_instant_room(&mut self, room: &BareJid, now: Millis) {
        let iq = Iq::set(Some(Jid::Bare(room.clone())), random_id(), instant_room());
        self.send_group_iq(iq, GroupRequest::ConfigSubmit { room: room.clone() }, now);
    }

    pub(crate) fn request_room_info(&mut self, room: &BareJid, now: Millis) {
        self.send_room_info_request(room, false, now);
    }

    /// After status 104 (configuration changed): the name may be new.
    pub(crate) fn refresh_room_info(&mut self, room: &BareJid, now: Millis) {
        self.send_room_info_request(room, true, now);
    }

    fn send_room_info_request(&mut self, room: &BareJid, renamed: bool, now: Millis) {
        let iq = Iq::get(
            Some(Jid::Bare(room.clone())),
            random_id(),
            DiscoInfo::request(None),
        );
        let purpose = GroupRequest::RoomInfo {
            room: room.clone(),
            renamed,
        };
        self.send_group_iq(iq, purpose, now);
    }

    /// XEP-0410: asks every room we believe we are in whether we still are; the driver calls
    /// this now and then, since a room can lose us without our connection dropping.
    pub fn self_ping_rooms(&mut self, now: Millis) {
        let joined: Vec<(BareJid, String)> = self
            .groups
            .rooms
            .values()
            .filter(|e| e.room.is_joined())
            .map(|e| (e.room.jid.clone(), e.room.nick.clone()))
            .collect();
        for (room, nick) in joined {
            if let Ok(iq) = self_ping(&room, &nick, &random_id()) {
                self.send_group_iq(iq, GroupRequest::SelfPing { room }, now);
            }
        }
    }

    /// Claims answers to this module's IQs; returns whether it was one.
    pub(crate) async fn on_groups_iq_answer(
        &mut self,
        id: &str,
        answer: Answer<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(purpose) = self.groups.pending.remove(id) else {
            return Ok(false);
        };
        match purpose {
            GroupRequest::ConfigForm { room, preset, name } => {
                let form = answer.ok().flatten().map(config_form);
                match form {
                    Some(Ok(form)) => {
                        let (submission, missing) = preset.submit(&form, &name);
                        if !missing.is_empty() {
                            self.notice(Notice::GroupSettingsMissing {
                                fields: missing.iter().map(ToString::to_string).collect(),
                            });
                        }
                        let iq = Iq::set(
                            Some(Jid::Bare(room.clone())),
                            random_id(),
                            config_submit(&submission),
                        );
                        self.send_group_iq(iq, GroupRequest::ConfigSubmit { room }, now);
                    }
                    _ => {
                        self.notice(Notice::GroupSettingsUnreadable {
                            room: room.to_string(),
                        });
                        self.send_instant_room(&room, now);
                    }
                }
            }
            GroupRequest::ConfigSubmit { room } => match answer {
                Ok(_) => self.request_room_info(&room, now),
                Err(error) => self.notice(Notice::GroupNotConfigured {
                    room: room.to_string(),
                    reason: Refusal::from_error(error),
                }),
            },
            GroupRequest::InvitedRoom { room, password } => {
                self.on_invited_room(&room, password, answer, now).await?
            }
            GroupRequest::SettingsForm { room } => self.on_settings_form(&room, answer),
            GroupRequest::SettingsSubmit { room, name } => {
                self.on_settings_submitted(&room, name, answer, now, changes)
            }
            GroupRequest::SettingsCancel => {}
            GroupRequest::RoomInfo { room, renamed } => {
                if let Some(Ok(info)) = answer.ok().flatten().map(DiscoInfo::try_from) {
                    if let Some(entry) = self.groups.rooms.get_mut(&room) {
                        entry.features = RoomFeatures {
                            known: true,
                            members_only: info.has_feature("muc_membersonly"),
                            non_anonymous: info.has_feature("muc_nonanonymous"),
                            moderated: info.has_feature("muc_moderated"),
                            public: info.has_feature("muc_public"),
                            moderation: ModerationVersion::of_features(&info.features),
                        };
                        if entry.known.name.is_none() || renamed {
                            entry.known.name = info
                                .identities
                                .iter()
                                .find_map(|i| i.name.clone())
                                .filter(|n| !n.trim().is_empty() && *n != room.to_string());
                            self.persist_rooms(changes);
                        }
                    }
                    self.emit_rooms();
                    self.on_room_features(&room, now, changes).await?;
                }
            }
            GroupRequest::MemberList { room } => {
                self.on_member_list(&room, answer, now, changes).await?
            }
            GroupRequest::GrantMembership {
                room,
                invitee,
                reason,
            } => match answer {
                Ok(_) => {
                    self.add_group_member(&room, &invitee, now);
                    self.send_direct_invite(&room, &invitee, reason)
                }
                Err(error) => self.notice(Notice::InviteeNotMember {
                    invitee: invitee.to_string(),
                    room: room.to_string(),
                    reason: Refusal::from_error(error),
                }),
            },
            GroupRequest::Affiliation {
                room,
                target,
                affiliation,
            } => self.on_affiliation_changed(&room, &target, affiliation, answer),
            GroupRequest::Role { action, .. } => self.on_role_changed(action, answer),
            GroupRequest::AffiliationList { room, affiliation } => {
                self.on_affiliation_list(&room, affiliation, answer)
            }
            GroupRequest::Archive {
                room,
                query_id,
                catch_up,
            } => {
                let fin = answer
                    .ok()
                    .flatten()
                    .map(ArchiveFin::try_from)
                    .and_then(Result::ok);
                self.on_room_archive_page(&room, &query_id, catch_up, fin, now, changes)
                    .await?;
            }
            GroupRequest::Bookmarks => self.on_bookmarks(answer, now, changes).await?,
            GroupRequest::LegacyPepBookmarks => {
                self.on_legacy_pep_bookmarks(answer, now, changes).await?
            }
            GroupRequest::LegacyBookmarksWrite => {
                if let Err(error) = answer {
                    self.bookmark_change_failed(error);
                }
            }
            GroupRequest::LegacyBookmarks => self.on_legacy_bookmarks(answer, now, changes).await?,
            GroupRequest::Directory => self.on_directory(answer),
            GroupRequest::Moderate { room } => self.on_moderate_answer(&room, answer),
            GroupRequest::DirectoryInfo { room } => self.on_directory_info(&room, answer),
            GroupRequest::CheckInvitation { room } => {
                let missing = matches!(answer, Err(Some(error)) if matches!(
                    error.condition,
                    ErrorCondition::ItemNotFound | ErrorCondition::RemoteServerNotFound
                ));
                if missing {
                    self.drop_invitation_to(&room, changes);
                }
            }
            GroupRequest::SelfPing { room } => {
                let verdict = self_ping_verdict(match answer {
                    Ok(_) => Some(Ok(())),
                    Err(Some(error)) => Some(Err(error.condition.name())),
                    Err(None) => None,
                });
                if verdict == SelfPingVerdict::NotJoined {
                    // The room forgot us (restarted, or a lost presence): join again.
                    self.send_join(&room, now);
                    self.emit_rooms();
                }
            }
            GroupRequest::BookmarkPublish {
                request,
                attempt,
                then_configure,
            } => match answer {
                Ok(_) => {
                    if let Some(original) = then_configure {
                        self.configure_bookmarks(*original, attempt, false, now);
                    }
                }
                Err(error) => self.on_bookmark_refused(*request, attempt, error, now),
            },
            GroupRequest::BookmarkConfigure {
                request,
                attempt,
                republish,
            } => match answer {
                Ok(_) if republish => self.send_bookmark(*request, attempt, None, now),
                Ok(_) => {}
                Err(error) => self.bookmark_change_failed(error),
            },
            GroupRequest::BookmarkRetract => {
                if let Err(error) = answer {
                    self.bookmark_change_failed(error);
                }
            }
        }
        Ok(true)
    }
}

# English UI messages. `key = text`; `{name}` is filled in by the app; keys ending in
# -one/-other are the singular and plural of a count `{n}`.

# src/app.rs
app-loading = Loading…
app-load-failed = Jibber could not load. Check the connection and reload the page.

# src/boot.rs
storage-refused = This browser refused local storage ({error}). Jibber works, but forgets everything when the page closes.
storage-blocked = Jibber was updated, but another Jibber tab still uses the previous version. Close or reload that tab to continue; nothing stored is lost.

# src/views/login.rs
login-enter-address = Enter your full address, like alice@example.org.
login-enter-password = Enter your password.
login-tagline = Private chat on the open XMPP network.
login-address = Your address
login-password = Password
connection-settings = Connection settings
websocket-url = WebSocket URL
websocket-url-placeholder = found automatically
login-ws-hint = Leave empty to look it up from your server (XEP-0156).
login-connecting = Connecting…
login-submit = Log in
login-new-here = New here?
login-create-account = Create an account
login-error-invalid-jid = That address is not valid: {detail}
login-error-not-authorized = Wrong address or password.
login-error-unreachable = Could not reach the server: {detail}
login-error-protocol = The server sent data Jibber could not understand: {detail}
login-error-refused = The server refused the login: {detail}
login-error-storage = Could not save the account on this device: {detail}

# src/views/signup.rs
signup-enter-server = Enter the server's name, like example.org.
signup-bad-username = Choose a username without spaces or @.
signup-short-password = Choose a password of at least {n} characters.
signup-passwords-differ = The two passwords are different.
signup-server = Server
signup-asking = Asking the server…
signup-continue = Continue
signup-web-only = {domain} creates accounts on its web page.
signup-web-link = Register on the server's web page
signup-app-refused = {domain} does not create accounts from apps. Register on its web page, then log in here.
signup-new-account = Your new account
signup-username = Username
signup-password-again = Password again
signup-creating = Creating…
signup-submit = Create account
signup-back = Back to log in
signup-required = {label} (required)

# src/views/main_view.rs
logout = Log out
logout-forget = Forget this device…
forget-warning = Log out and delete everything Jibber keeps on this device: chats, contacts, settings and the keys of this device's encryption (OMEMO) identity. That identity is gone for good: messages encrypted for it can no longer be read here, and your contacts will see a new device when you log in again.
forget-confirm = Forget this device
cancel = Cancel
dismiss = Dismiss
sidebar-label = Chats and contacts
chat-pane-label = Conversation
pick-a-chat = Pick a chat or start a new one.
announce-message = {sender}: {text}
announce-message-elsewhere = New message from {sender}

# src/format.rs
delivery-pending = Waiting to send
delivery-sent = Sent
delivery-delivered = Delivered
delivery-read = Read
delivery-failed = Not sent: {reason}
duration-seconds-one = {n} second
duration-seconds-other = {n} seconds
duration-minutes-one = {n} minute
duration-minutes-other = {n} minutes
duration-hours-one = {n} hour
duration-hours-other = {n} hours
duration-days-one = {n} day
duration-days-other = {n} days
last-seen-just-now = Last seen just now
last-seen-minutes-one = Last seen {n} minute ago
last-seen-minutes-other = Last seen {n} minutes ago
last-seen-hours-one = Last seen {n} hour ago
last-seen-hours-other = Last seen {n} hours ago
last-seen-days-one = Last seen {n} day ago
last-seen-days-other = Last seen {n} days ago
last-seen-with-status = {ago}: “{status}”
last-seen-unknown = Last seen: unknown
show-online = Online
show-away = Away
show-dnd = Do not disturb
show-xa = Away for a while
show-invisible = Invisible
role-moderator = moderator
role-participant = participant
role-visitor = visitor

# src/notify.rs
notification-new-message = New message

# src/components/account.rs
changing-password = Changing the password…
account = Account
new-password = New password
new-password-again = New password again
change-password = Change password
delete-account-warning = Delete {jid} on the server? Your contacts, their approvals and the server's message archive are lost for good, and this device forgets all chats. This cannot be undone.
delete-account-confirm = Delete my account
delete-account-keep = Keep it
delete-account = Delete account…
language = Language

# src/components/add_contact.rs
add-contact-asked = Asked {jid} to share their status. They appear online once they approve.
add-contact-failed = Could not add the contact: {reason}
add-contact = Add a contact
address = Address
add-contact-name = Name (optional)
add-contact-groups = Groups (optional, comma-separated)
add-contact-share = Let them see my status too
add-contact-submit = Add contact

# src/components/attach.rs
file-not-shared = The file was not shared: {reason}
attach = Share a file
uploading = Sending {name}…

# src/components/avatar_picker.rs
avatar-preparing = Preparing the picture…
avatar-updated = Avatar updated.
avatar-failed = Could not set the avatar: {reason}
avatar = Avatar
avatar-not-image = That file is not an image Jibber can read.
avatar-resize-failed = Could not resize the picture.

# src/components/block_toggle.rs
unblock = Unblock
block = Block

# src/components/connection_status.rs
connection-online = Online
connection-connecting = Connecting…
connection-reconnecting = Offline, reconnecting…
connection-offline = Offline
connection-problem = Connection problem
connection-retry = Retry now

# src/components/contact_actions.rs
contact-actions-label = Actions for {name}
name = Name
contact-groups = Groups (comma-separated)
save = Save
contact-remove = Remove contact

# src/components/conversation_list.rs
chats = Chats
no-chats = No chats yet.
unread = unread

# src/components/new_chat.rs
new-chat-enter-address = Enter an address, like bob@example.org.
new-chat = Start a chat with
new-chat-open = Open

# src/components/notifications.rs
notifications-hint = Show a notification when a message arrives while Jibber is in the background
notifications-enable = Turn on notifications
sound-toggle = Sound for new messages

# src/components/own_status.rs
own-show = Status
own-status-text = Status message
own-status-placeholder = What are you up to?
own-nick = Nickname (shown to your contacts)
own-status-save = Update status

# src/components/qr.rs
qr-too-long = This link is too long for a code.

# src/components/requests.rs
requests = Requests
requests-hint = These people want to see when you are online.
requests-ask-back = When approving, also ask to see their status
requests-show-all = Show all {n}
approve = Approve
deny = Deny
blocked-count = Blocked ({n})
nobody-blocked = Nobody is blocked.

# src/components/shared_file.rs
file-loading = Loading the file…
file-cannot-show = The file cannot be shown: {reason}
file-download = Download {name}

# src/components/profile.rs
profile-full-name = Full name
profile-nickname = Nickname
profile-email = Email
profile-phone = Phone
profile-org = Organisation
profile-note = Note
profile-web = Web
profile-web-page = Web page (https://…)
profile = Profile
profile-loading = Loading profile…
profile-unreadable = The profile could not be read.
profile-none = No profile.
profile-bad-url = The web page must be an address starting with https:// or http://.
profile-save = Save profile

# src/components/chat_view.rs
group-joining = Joining the group…
back-to-chats = Back to chats
messages = Messages
loading = Loading…
load-older = Show older messages
no-messages = No messages yet. Say hello!
jump-newest = Newest messages ↓
typing = {jid} is typing…

# src/components/message_actions.rs
copied = Copied
copy-failed = Could not copy: {reason}
message-actions = Actions for this message
react-with = React with {emoji}
reply = Reply
copy = Copy
quote = Quote
edit = Edit
retract-confirm = Retract for everyone?
retract = Retract
clipboard-unavailable = this browser gives no clipboard access
clipboard-refused = the browser refused

# src/components/message_item.rs
disappears-at = Disappears at {time}
encrypted = End-to-end encrypted
encrypted-untrusted = End-to-end encrypted by a device you have not trusted yet
retracted = This message was retracted.
message-moderated = This message was removed by a moderator.
message-moderated-reason = This message was removed by a moderator: {reason}
not-sent = Not sent: {reason}
edited = · edited
reactions = Reactions
reaction-from = {emoji} from {names}

# src/components/message_reply.rs
you = You
reply-to = Reply to {author}: {text}. Show the message
replying-to = Replying to {author}: {text}

# src/components/retention.rs
custom-timer-error = Custom timer: {error}.
pick-a-timer = Pick a timer.
messages-kept = Messages are kept
messages-disappear = Messages disappear after {duration}
off = Off
custom = Custom…
seconds = Seconds
retention-menu = Disappearing messages and history
chat-retention = Disappearing messages in this chat
retention-default-option = Default ({timer})
retention-off = off
no-archive = Don't archive on the server
no-archive-hint = Disappearing messages then skip the server's archive: they are never stored there, but your other devices that are offline will not get them either.
retention-note = Jibber asks {jid}'s apps to delete these messages too. Apps without support for disappearing messages (XEP-0466) may keep them.
clear-history-open = Clear history…
clear-history-warning = Delete every message with {jid} from this device? The server's archive is not changed, but Jibber will not fetch these messages again.
clear-history = Clear history
disappearing-messages = Disappearing messages
default-retention = Default for chats without their own timer
honour-peer-timers = Delete messages when their sender's timer runs out
retention-hint = The age of a message counts from when it was sent. Your other Jibber devices get these settings too.
clear-all-open = Clear all chats…
clear-all-warning = Delete every message of every chat from this device? The server's archive is not changed, but Jibber will not fetch these messages again.
clear-all = Clear all chats

# src/components/roster_list.rs
contacts-count-one = {n} contact
contacts-count-other = {n} contacts
contacts-shown = {shown} of {n} contacts
contacts = Contacts
search-contacts = Search contacts
sort-contacts = Sort contacts
sort-by-name = By name
sort-by-recent = By recent activity
no-contacts = No contacts yet. Add one by address above.
idle-since = idle since {time}
last-seen-at = last seen {time}
subscription-both-pending = request sent; they asked too
subscription-sent = request sent
subscription-wants = wants to see your status
subscription-they-dont-see = does not see your status
subscription-you-dont-see = you do not see their status
subscription-none = not sharing status
presence-available = available
presence-away = away
presence-dnd = do not disturb
presence-xa = away for a while
presence-unavailable = offline

# src/components/groups.rs
groups = Groups
group-needs-name = Give the group a name.
new-group = New group
group-kind = Kind
group-kind-private = Private group: members only, invitation needed, members see each other
group-kind-public = Public channel: anyone can find and join it
group-owners-only = Only owners and admins can write
create = Create
join-group-enter-address = Enter a group address, like team@conference.example.org.
join-group = Join a group
join = Join
invitations = Invitations
invitations-count-one = {n} invitation
invitations-count-other = {n} invitations
invites-you-to = invites you to
decline = Decline

# src/components/group_header.rs
people = People:
leave = Leave
people-in-group = People in this group
and-more = and {n} more
invite = Invite
invite-someone = Invite someone

# src/components/composer.rs
editing-hint = Editing your message — Enter saves, Escape cancels
cancel-reply = Cancel the reply
message = Message
write-a-message = Write a message
send-as-disappearing = Send as disappearing
composer-timer-chat = ⏱ Chat setting
composer-timer-5m = ⏱ 5 minutes
composer-timer-1h = ⏱ 1 hour
composer-timer-1d = ⏱ 1 day
send = Send

# src/components/encryption.rs
encryption-on-title = End-to-end encrypted (OMEMO): only your and their devices can read this chat. Click to send unencrypted.
encryption-off-title = Not encrypted: the server can read this chat. Click to encrypt it.
encryption-unavailable-title = Not encrypted: this contact has no device that supports OMEMO yet. Click to require encryption (messages wait until they can be encrypted).
encryption-on = Encrypted
encryption-off = Not encrypted
keys = Keys
encryption-keys = Encryption keys
this-device = This device
device-id = Device {id}
verify-own = Show a code to verify this device
verification-code = Verification code of this device
verification-link = Verification link of this device
keys-not-ready = Encryption keys are not ready yet.
their-devices = {jid}'s devices
your-other-devices = Your other devices
compare-fingerprints = Compare fingerprints with your contact in person or over a call; mark a device verified only when they match.
verify-link = Verify with their code's link (xmpp:…)
verify = Verify
no-devices = No devices known.
device-trust = Trust in device {id}
device-inactive = (no longer in use)
key-not-seen = Key not seen yet
remove-device = Remove this device
trust-undecided = Undecided
trust-trusted = Trusted
trust-verified = Verified
trust-distrusted = Distrusted
fingerprint = Fingerprint {digits}

# src/components/group_readers.rs
group-encryption-on-title = End-to-end encrypted (OMEMO) for every member's devices. Click to send unencrypted.
group-encryption-off-title = Not encrypted: the server can read this group. Click to encrypt it.
group-encryption-on = Encrypted
group-encryption-off = Not encrypted
who-cant-read = Who can't read this
who-cant-read-count = Who can't read this ({n})
who-cant-read-group = Who can't read this group
group-plaintext-warning = Send unencrypted in this group? The server and anyone who gets its archive will be able to read what you send from now on.
send-unencrypted = Send unencrypted
keep-encryption = Keep encryption
group-readers-nobody = Nobody else is in this group yet.
group-readers-all-one = The only other member can read encrypted messages.
group-readers-all-other = All {n} members can read encrypted messages.
reader-ready = {jid} can read encrypted messages.
reader-checking = Fetching {jid}'s keys…
reader-no-devices = {jid} has no device with encryption (OMEMO): ask them to open Jibber or another client with OMEMO.
reader-unreachable = {jid}'s keys could not be fetched ({why}): ask them to open their client so it publishes its keys again.
reader-untrusted = {jid}'s keys are not trusted: verify their key (open a chat with them, then “{keys}”).
send-anyway-question = {names} can't read encrypted messages yet (see “{who}”). Send it encrypted for everyone else?

# src/components/composer.rs
send-to-others = Send to the others
dont-send = Don't send

# src/components/room_browser.rs
browse-groups = Browse groups
public-groups = Public groups
search = Search
name-or-address = Name or address
no-public-groups-match = No public groups match.
show-more = Show more ({n} more)
room-occupants = {n} in it

# src/components/occupant_actions.rs
occupant-no-address = The group does not show this person's address.
take-voice = Take voice
give-voice = Give voice
make-moderator = Make moderator
remove-from-group = Remove from group
make-member = Make member
make-admin = Make admin
make-owner = Make owner
ban = Ban
manage-this-person = Manage this person
reason-optional = Reason (optional)
manage = Manage

# src/components/member_list.rs
members = Members
members-of-group = Members of this group
address-to-add = Address to add
add-as = As
affiliation-member = member
affiliation-admin = admin
affiliation-owner = owner
affiliation-outcast = banned
add = Add
remove = Remove

# src/components/moderate_action.rs
moderate-confirm = Remove for everyone?
moderate-remove = Remove (moderator)

# src/components/chat_view.rs
private-chat-note = A private message to someone in a group: not end-to-end encrypted, and the group's server can read it.

# src/pwa.rs
update-available = Update available —
reload = Reload

# src/shortcuts.rs
keyboard-shortcuts = Keyboard shortcuts
shortcut-next-chat = Next chat
shortcut-previous-chat = Previous chat
shortcut-close = Close the open dialog or panel
shortcut-help = Show these shortcuts
close = Close

# src/components/preferences.rs
preferences = Preferences
theme = Theme
theme-system = Like the system
theme-light = Light
theme-dark = Dark
protocol-handler = Open xmpp: links with Jibber
protocol-handler-unsupported = This browser cannot open links with Jibber.
protocol-handler-asked = Your browser asks whether Jibber may open xmpp: links.
protocol-handler-refused = The browser refused to open xmpp: links with Jibber.

# src/routing.rs
join-failed = Could not join {room}: {reason}
link-failed = Could not open the link: {reason}.
link-verified = Verified {jid}'s devices from the link.
link-verify-failed = Could not verify the link's devices: {reason}

# src/notices.rs (the client's notices and group reasons)
notice-profile-saved = Profile saved.
notice-profile-not-saved = Could not save your profile: {reason}
notice-password-changed = Your password was changed.
notice-password-not-changed = The password was not changed: {reason}
notice-password-may-not-have-changed = The connection dropped before the server confirmed the new password; it may not have changed.
notice-account-deleted = Your account was deleted.
notice-account-not-deleted = The account was not deleted: {reason}
notice-invitation-sent = Invitation sent to {jid}.
notice-not-sharing-status = {jid} is not sharing their status with you.
group-ended-with-reason = {text}: {reason}
group-ended-plain = {text}.
group-kicked = You were removed from the group
group-banned = You are banned from the group
group-closed = The group was closed
group-removed = You are no longer a member of this group.
group-nick-conflict = Someone in the group already uses your nickname.
group-members-only = This group is for members only; ask an owner to invite you.
group-forbidden = You are banned from this group.
group-needs-password = This group needs a password.
group-not-found = This group does not exist.
group-creation-not-allowed = You may not create groups on this server.
group-full = The group is full.
group-refused = The group refused to let you in ({condition}).
group-no-voice = You can't write here: only owners and admins (and people they give a voice) can post in this channel.
group-not-in = You are not in this group.
group-encryption-note-private = Messages in this private group are end-to-end encrypted (OMEMO) for every member's devices.
group-encryption-note-unavailable = End-to-end encryption (OMEMO) is unavailable here: members can't see each other's addresses, so their keys can't be fetched. Only private groups (members only, addresses visible to members) can be encrypted.

# src/components/room_settings.rs
room-config-open = Settings
room-config-title = Group settings
room-config-loading = Loading the settings…
room-config-save = Save
room-config-cancel = Cancel
room-config-required = (required)
room-config-read-only = This setting cannot be changed here; it is kept as it is.
room-config-one-per-line = One per line.

# src/notices.rs, src/reasons.rs, src/message_reasons.rs: the client's typed reasons
reason-no-answer = no answer
notice-block-failed = Could not block {jid}: {reason}
notice-unblock-failed = Could not unblock {jid}: {reason}
notice-contact-not-changed = Could not change {jid} in your contacts: {reason}
notice-nick-not-published = Could not publish your nickname: {reason}
notice-avatar-not-published = Could not publish your avatar: {reason}
notice-bookmarks-not-synced = Your other devices may not see this group change ({reason}).
notice-group-settings-missing = The server does not offer every setting this kind of group needs ({fields}); check the group's settings.
notice-group-settings-unreadable = Could not read the settings of {room}; it was created with the server's defaults.
notice-group-not-configured = The group {room} could not be configured ({reason}).
notice-message-not-removed = Could not remove the message in {room}: {why}.
notice-group-action-refused = Could not {action}: {why}.
notice-invitee-not-member = {jid} could not be made a member of {room} ({reason}), so no invitation was sent.
notice-group-already-exists = {room} already exists; you joined it instead of creating a new group.
notice-invitation-room-gone = The group {room} does not exist, so the invitation to it was removed.
notice-retention-not-shared = Your other devices could not be told about the disappearing-message settings: {reason}
moderation-forbidden = only moderators may remove messages
moderation-not-found = the group no longer has that message
group-unsupported = the group's server does not support it
group-no-answer = the group did not answer
group-refused-it = the group refused it ({condition})
roles-forbidden = you do not have the rights for that in this group
roles-not-allowed = the group does not allow that (an owner cannot be demoted by an admin, and the last owner must stay)
roles-not-found = nobody by that name is in the group
roles-last-owner = that would leave the group without an owner
roles-bad-request = the group did not understand the request
action-read-member-list = read the member list
action-kick = remove {nick} from the group
action-take-voice = take {nick}'s voice
action-give-voice = give {nick} a voice
action-make-moderator = make {nick} a moderator
action-ban = ban {jid}
action-remove-affiliation = remove {jid}'s affiliation
action-make-owner = make {jid} an owner
action-make-admin = make {jid} an admin
action-make-member = make {jid} a member
error-not-logged-in = You are not logged in.
error-not-connected = Not connected; try again when Jibber is online.
error-shutting-down = Jibber is shutting down.
error-omemo-not-ready = Encryption (OMEMO) is not ready on this device.
error-omemo-rejected = Encryption: {detail}
error-cannot-remove-own-device = This device cannot remove itself; log out and forget this device instead.
error-keys-pending = Encryption keys are still being fetched; try again in a moment.
input-message-gone = That message is gone.
input-not-own-message = Only your own messages can be changed.
input-empty-correction = A correction needs some text; retract the message to remove it.
input-bad-nickname = That nickname cannot be used in a group.
input-nick-not-addressable = That nickname cannot be addressed.
input-join-group-first = Join the group first.
input-no-moderation = This group's server cannot remove messages (no XEP-0425 moderation).
input-no-group-id-yet = The group has not confirmed this message yet; try again in a moment.
input-choose-someone = Choose someone in the group.
input-no-uploads = Your server does not accept file uploads.
input-file-too-large = The file is too large: your server takes files up to {mb} MB.
input-enter-address = Enter an address like bob@example.org.
input-own-address = That is your own address.
input-cannot-block-self = You cannot block yourself.
input-not-an-address = "{input}" is not an address: {detail}
input-not-a-group-address = A group address looks like name@conference.example.org.
input-short-password = A password needs at least {n} characters.
input-unacceptable = This cannot be used: {detail}
store-unavailable = Storage is not available: {detail}
store-full = This device's storage is full: free some space or clear old chats, then reload; what was already stored is kept ({detail}).
store-corrupt = Stored data could not be read ({what}): {detail}
store-blocked = Storage is being upgraded by another tab: {detail}
store-failed = Storage failed: {detail}
store-omemo-keys-unreadable = The stored encryption keys could not be read ({detail}). Encrypted chats cannot be used on this device until it is reset.
store-omemo-keys-not-saved = Encryption keys could not be saved: {detail}
history-offline = Older messages can be loaded from the server once Jibber is online again.
history-archive-refused = The message archive could not be read: {reason}
history-group = The history of {room} could not be read.
connection-stored-login-rejected = The stored login no longer works.
connection-stream-error = The server ended the connection: {detail}
login-error-not-websocket-url = "{url}" is not a WebSocket URL (ws:// or wss://).
disconnect-closed = connection closed (code {code})
disconnect-socket-error = the WebSocket could not be opened: {detail}
disconnect-socket-failed = the WebSocket connection failed
disconnect-session-ended = the session ended
disconnect-device-offline = this device is offline
password-prompt-enter = Enter your password to connect.
password-prompt-may-have-changed = Your password may have changed. Enter it again to reconnect.
password-prompt-new-salt = Your server chose a new salt for your password at this login, so it does not keep the keys Jibber saved instead of your password (ejabberd storing plain passwords does this). Jibber never stores the password itself: on this server, enter it after every reload.
transfer-slot-refused = The upload service refused the file: {detail}
transfer-slot-timeout = The upload service did not answer in time.
transfer-no-slot = The upload service gave no upload address.
transfer-bad-slot = The upload service answered oddly: {detail}
transfer-too-large = The file server says the file is too large.
transfer-refused = The file server refused the file (HTTP {status}).
transfer-not-available = The file is not available (HTTP {status}).
transfer-connection-failed = The connection to the file server failed.
transfer-cancelled = The transfer was cancelled.
transfer-browser = The browser refused the transfer ({detail}).
transfer-unreadable = The file could not be read.
transfer-cannot-show = The file could not be shown.
transfer-unusable = The file cannot be used: {detail}
signup-not-a-domain = Enter the server's name, like example.org.
signup-not-discovered = Could not find how to connect to {domain}. Enter its WebSocket URL under Connection settings.
signup-taken = That username is already taken. Choose another one.
signup-not-acceptable = The server did not accept these details
signup-not-allowed = This server does not allow creating accounts from an app
signup-rate-limited = Too many accounts were created recently; try again later
signup-refused = The server refused the registration ({condition})
signup-timeout = The server did not answer in time.
settings-not-a-form = The settings could not be read (the server's answer is not a form).
settings-not-opened = The settings could not be opened ({reason}).
settings-not-saved = The settings were not saved ({reason}).
fail-invalid-recipient = The recipient's address is not valid.
fail-cannot-write-in-group = You can't write in this group.
fail-rejoin-for-private = Join the group again to send private messages in it.
fail-group-refused = The group refused this message ({condition}).
fail-cannot-encrypt = Encryption is on for this chat but {why}. Turn encryption off for this chat to send it unencrypted.
fail-no-omemo-device = {jid} has no device that can receive encrypted messages (OMEMO). Turn encryption off for this chat to send it unencrypted.
fail-not-encrypted-for = It could not be encrypted for {jid} ({devices}). Check their devices' trust, or turn encryption off for this chat.
fail-group-cannot-encrypt = This group is end-to-end encrypted but {why}. Switch encryption off for this group to send it unencrypted.
fail-group-alone = It could not be encrypted: nobody else is in this group yet. Switch encryption off for this group to send it unencrypted.
fail-group-nobody-can-read = It could not be encrypted: no member has a device that can read it ({devices}). Check the group's "who can't read this" list, or switch encryption off for this group.
fail-encryption-failed = It could not be encrypted: {detail}
omemo-keys-not-ready = this device's encryption keys are not ready
omemo-other-tab = another Jibber tab in this browser holds your encryption keys; use that tab for encrypted chats (this one takes over when it closes)
omemo-other-account = this device holds the encryption keys of another account; forget this device to use encryption
omemo-no-randomness = this browser gives no secure randomness, so encryption keys cannot be made or used
omemo-keys-unreadable = the stored encryption keys could not be read ({detail})
devices-none-usable = none of their devices has a usable key
device-problem = device {id} of {jid}: {why}
device-distrusted = its key is distrusted
device-undecided = its key waits for a trust decision
device-no-bundle = it has published no usable keys
device-invalid-address = its address or device id is invalid
device-fetch-failed = its keys could not be fetched ({condition})
device-fetch-timed-out = its keys could not be fetched in time
device-unusable = its keys are unusable ({detail})
unreadable-because = This encrypted message cannot be read: {why}.
unreadable-malformed = The encrypted message is malformed and cannot be read.
unreadable-not-for-this-device = it was not encrypted for this device
unreadable-before-this-device = it was sent before this device existed
unreadable-no-session = there is no session with the sender's device
unreadable-used-pre-key = it uses a key this device no longer has (already used, or from before a reset)
unreadable-distrusted = it comes from a distrusted device
unreadable-identity-changed = the sender's device has a new key; reset the session to accept it
unreadable-tampered = it was tampered with, or is not from the session it claims
unreadable-refused = This encrypted message was decrypted but refused: {detail}.
unreadable-unknown-group-sender = This encrypted message cannot be read: the group did not reveal who sent it (their address), so their keys cannot be looked up. It may have been sent by someone who left before you joined.
omemo-keys-not-published = Your encryption keys could not be published ({node} refused: {reason}); contacts may not be able to write to you encrypted.
directory-refused = The server would not list its groups ({reason}).
timer-not-a-number = the timer is not a whole number of seconds: "{typed}"
timer-too-short = a timer must be at least one second
timer-too-long = a timer longer than ten years is not accepted
uri-not-xmpp = not an xmpp: link
uri-too-long = the link is too long
uri-bad-escape = the link has a broken %-escape or is not UTF-8
uri-bad-address = the link's address is not valid
uri-authority = the link names an authority (xmpp://…), which Jibber does not follow
uri-unknown-action = the link asks for "{action}", which Jibber does not do
uri-bad-fingerprint = the link carries a fingerprint that is not a device id and hex key
uri-too-many-fingerprints = the link carries too many fingerprints
signup-connection-lost = The connection to the server was lost before it answered.

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

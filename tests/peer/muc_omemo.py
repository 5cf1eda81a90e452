"""OMEMO in groups for the test peer: joining a room, encrypting a groupchat message for every member's
devices, and reading the room's archive (to check what went over the wire).

A groupchat OMEMO message is encrypted for the members' real (bare) JIDs, which a non-anonymous room shows
in its presences; slixmpp's XEP-0045 plugin keeps them, and slixmpp-omemo reads the sender's real JID from
there when decrypting. Like slixmpp-omemo's own MUC example, the recipients are the occupants' real JIDs
(and, when given, the members passed in the command: members who are not in the room right now).
"""

from slixmpp.jid import JID  # pylint: disable=no-name-in-module

from xmpp_peer import MAM_MAX_MESSAGES, MAM_PAGE_SIZE, require_strings

JOIN_TIMEOUT_SECONDS = 20


class GroupCommands:
    """Mixed into OmemoPeer: needs `self.omemo`, `self.omemo_lock` and `self.send_omemo2`."""

    def group_commands(self):
        return {
            "join_room": (self.cmd_join_room, "joined"),
            "send_omemo_group": (self.cmd_send_omemo_group, "sent"),
            "room_mam": (self.cmd_room_mam, "room_mam"),
        }

    @property
    def muc(self):
        return self["xep_0045"]

    async def cmd_join_room(self, command):
        room, nick = require_strings(command, "room", "nick")
        # No history on join: the test reads history through the room's archive when it wants it.
        await self.muc.join_muc_wait(JID(room), nick, maxstanzas=0, timeout=JOIN_TIMEOUT_SECONDS)
        return {"room": room, "nick": nick, "occupants": self.occupant_jids(room)}

    def occupant_jids(self, room):
        """The real bare JIDs of the room's occupants by nick (None where the room hides them)."""
        occupants = {}
        for nick in self.muc.get_roster(JID(room)) or []:
            jid = self.muc.get_jid_property(JID(room), nick, "jid")
            occupants[nick] = JID(jid).bare if jid else None
        return occupants

    def group_recipients(self, room, command):
        members = command.get("members") or []
        if not isinstance(members, list) or not all(isinstance(m, str) and m for m in members):
            raise ValueError("members must be a list of JIDs")
        everyone = {JID(m).bare for m in members} | {j for j in self.occupant_jids(room).values() if j}
        everyone.discard(self.boundjid.bare)
        if not everyone:
            raise ValueError(f"nobody in {room} to encrypt for")
        return everyone

    async def cmd_send_omemo_group(self, command):
        """Encrypts `body` for every member of `room` (OMEMO 2 unless "version" is "legacy")."""
        room, body = require_strings(command, "room", "body")
        recipients = self.group_recipients(room, command)
        if command.get("version") == "legacy":
            return await self.send_legacy_group(room, body, recipients)
        # The SCE envelope of a groupchat message names the room as its recipient.
        return await self.send_omemo2(room, body, recipients, mtype="groupchat")

    async def send_legacy_group(self, room, body, recipients):
        msg = self.make_message(mto=room, mbody=body, mtype="groupchat")
        msg["id"] = self.new_id()
        async with self.omemo_lock:
            encrypted, errors = await self.omemo.encrypt_message(msg, {JID(j) for j in recipients})
            if encrypted is None:
                raise RuntimeError(f"slixmpp-omemo produced no message for {sorted(recipients)}")
            encrypted["type"] = "groupchat"
            encrypted.send()
        return {
            "to": room,
            "id": encrypted["id"],
            "recipients": sorted(recipients),
            "errors": [repr(e) for e in errors],
        }

    async def cmd_room_mam(self, command):
        """The stanzas (XML strings, oldest first) of the room's own archive."""
        (room,) = require_strings(command, "room")
        stanzas = []
        results = self["xep_0313"].iterate(jid=JID(room), rsm={"max": MAM_PAGE_SIZE}, total=MAM_MAX_MESSAGES)
        async for result in results:
            stanzas.append(str(result["mam_result"]["forwarded"]["stanza"]))
        return {"room": room, "stanzas": stanzas}

    def groupchat_sender(self, msg):
        """The real bare JID behind a groupchat message's nick, or None for our own reflection."""
        room = JID(msg["from"].bare)
        nick = msg["from"].resource
        if nick == self.own_nick(room):
            return None
        jid = self.muc.get_jid_property(room, nick, "jid")
        if not jid:
            raise ValueError(f"the real JID of {nick} in {room} is unknown")
        return JID(jid).bare

    def own_nick(self, room):
        try:
            return self.muc.get_our_jid_in_room(room).split("/", 1)[1]
        except (KeyError, IndexError):
            return None

"""The OMEMO test peer: a real, independent OMEMO device (python-omemo through slixmpp-omemo).

Legacy OMEMO goes through slixmpp-omemo; OMEMO 2, which slixmpp-omemo 2.2 cannot encrypt or decrypt,
drives python-omemo's SessionManager directly with the SCE envelope from sce.py.
"""

import asyncio
import xml.etree.ElementTree as ET
from pathlib import Path

import oldmemo
import oldmemo.etree
import twomemo
import twomemo.etree
from omemo.session_manager import MessageNotForUs
from slixmpp.jid import JID  # pylint: disable=no-name-in-module
from slixmpp.xmlstream.handler import CoroutineCallback
from slixmpp.xmlstream.matcher import MatchXPath

import omemo_plugin  # noqa: F401 - registers the plugin with slixmpp
import sce
from muc_omemo import GroupCommands
from xmpp_peer import Peer, emit, require_strings

LEGACY_NS = oldmemo.oldmemo.NAMESPACE
OMEMO2_NS = twomemo.twomemo.NAMESPACE
EME_NS = "urn:xmpp:eme:0"
FALLBACK_BODY = "This message is OMEMO encrypted."


def store_file(store_dir, jid):
    return Path(store_dir) / f"omemo-{JID(jid).bare}.json"


def describe_device(session_manager, device):
    return {
        "jid": device.bare_jid,
        "device_id": device.device_id,
        "fingerprint": "".join(session_manager.format_identity_key(device.identity_key)),
        "identity_key": device.identity_key.hex(),
        "namespaces": sorted(device.namespaces),
        "active": {namespace: active for namespace, active in device.active},
        "trust": device.trust_level_name,
        "label": device.label,
    }


def eme_element(namespace):
    return ET.Element(f"{{{EME_NS}}}encryption", namespace=namespace, name="OMEMO")


class OmemoPeer(GroupCommands, Peer):
    def __init__(self, jid, password, store_dir):
        super().__init__(jid, password)
        self.register_plugin("xep_0045")
        self.register_plugin("xep_0384", {"store_path": str(store_file(store_dir, jid))})
        # Ratchet state must advance in stanza order: one OMEMO operation at a time.
        self.omemo_lock = asyncio.Lock()
        # slixmpp's "message" event skips body-less stanzas, but key transport messages have no body.
        self.register_handler(
            CoroutineCallback("OMEMO messages", MatchXPath("{jabber:client}message"), self.on_any_message)
        )

    def commands(self):
        return {
            **super().commands(),
            "send_omemo": (self.cmd_send_omemo, "sent"),
            "send_omemo2": (self.cmd_send_omemo2, "sent"),
            "device_info": (self.cmd_device_info, "device_info"),
            "devices": (self.cmd_devices, "devices"),
            **self.group_commands(),
        }

    @property
    def omemo(self):
        return self["xep_0384"]

    async def prepare_session(self):
        # Creating the session manager publishes the device lists and bundles of both OMEMO versions.
        await self.omemo.get_session_manager()

    async def cmd_send_omemo(self, command):
        to, body = require_strings(command, "to", "body")
        msg = self.make_message(mto=to, mbody=body, mtype="chat")
        msg["id"] = self.new_id()
        # Sent under the lock too, so stanzas leave in the order their ratchet steps were taken.
        async with self.omemo_lock:
            encrypted, errors = await self.omemo.encrypt_message(msg, JID(to))
            if encrypted is None:
                raise RuntimeError(f"slixmpp-omemo produced no message for {to}")
            encrypted.append(eme_element(LEGACY_NS))
            encrypted.send()
        return {"to": to, "id": encrypted["id"], "namespace": LEGACY_NS, "errors": [repr(e) for e in errors]}

    async def cmd_send_omemo2(self, command):
        to, body = require_strings(command, "to", "body")
        return await self.send_omemo2(to, body, {JID(to).bare}, mtype="chat")

    async def send_omemo2(self, to, body, recipients, mtype):
        """OMEMO 2 for the devices of `recipients` (bare JIDs); the envelope is addressed to `to`."""
        envelope = sce.build_envelope(body, self.boundjid.bare, JID(to).bare)
        async with self.omemo_lock:
            await self.omemo.refresh_device_lists({JID(j) for j in recipients})
            session_manager = await self.omemo.get_session_manager()
            messages, errors = await session_manager.encrypt(
                frozenset(recipients), {OMEMO2_NS: envelope}, backend_priority_order=[OMEMO2_NS]
            )
            if not messages:
                raise RuntimeError(f"python-omemo produced no OMEMO 2 message for {sorted(recipients)}")
            # Like slixmpp-omemo's legacy messages: a fallback body for clients without OMEMO.
            msg = self.make_message(mto=to, mbody=FALLBACK_BODY, mtype=mtype)
            msg["id"] = self.new_id()
            for message in messages:
                msg.append(twomemo.etree.serialize_message(message))
            msg.append(eme_element(OMEMO2_NS))
            msg.enable("store")
            msg.send()
        return {
            "to": to,
            "id": msg["id"],
            "namespace": OMEMO2_NS,
            "recipients": sorted(recipients),
            "errors": [repr(e) for e in errors],
        }

    async def cmd_device_info(self, _command):
        session_manager = await self.omemo.get_session_manager()
        own, others = await session_manager.get_own_device_information()
        return {
            **describe_device(session_manager, own),
            "other_devices": [describe_device(session_manager, device) for device in others],
        }

    async def cmd_devices(self, command):
        """Reports the devices of `jid` as this peer knows them after fetching its device lists."""
        (jid,) = require_strings(command, "jid")
        bare = JID(jid).bare
        session_manager = await self.omemo.get_session_manager()
        if bare != self.boundjid.bare:
            await self.omemo.refresh_device_lists({JID(bare)}, force_download=True)
        devices = await session_manager.get_device_information(bare)
        return {"jid": bare, "devices": [describe_device(session_manager, d) for d in devices]}

    def on_message(self, msg):
        if self.omemo.is_encrypted(msg):
            return
        if msg["type"] == "groupchat" and msg["body"] and not msg["subject"]:
            room, nick = msg["from"].bare, msg["from"].resource
            emit("message", **{"from": room, "room": room, "nick": nick, "body": msg["body"], "id": msg["id"],
                               "type": "groupchat", "encrypted": False, "namespace": None})
            return
        super().on_message(msg)

    async def on_any_message(self, msg):
        namespaces = self.omemo.is_encrypted(msg)
        if not namespaces or msg["type"] == "error":
            return
        report = {"from": msg["from"].bare, "resource": msg["from"].resource, "id": msg["id"], "stanza": str(msg)}
        async with self.omemo_lock:
            try:
                if msg["type"] == "groupchat":
                    sender = self.groupchat_sender(msg)
                    if sender is None:
                        return  # The room reflecting our own message: not encrypted for this device.
                    report.update({"from": sender, "room": msg["from"].bare, "nick": msg["from"].resource})
                    recipient = msg["from"].bare
                elif msg["type"] in ("chat", "normal"):
                    sender, recipient = msg["from"].bare, self.boundjid.bare
                else:
                    raise ValueError(f"OMEMO in a {msg['type']!r} message is not supported by this peer")
                event, fields = await self.decrypt(msg, namespaces, sender, recipient)
            except Exception as error:  # noqa: BLE001 - every failure is reported to the driver
                emit("undecryptable", reason=f"{type(error).__name__}: {error}", **report)
                return
        emit(event, **report, **fields)

    async def decrypt(self, msg, namespaces, sender, recipient):
        """Returns the event to report and its fields; `recipient` is what an OMEMO 2 envelope must name."""
        # A stanza may carry both versions; ours is addressed in at most one of them, OMEMO 2 preferred.
        if OMEMO2_NS in namespaces:
            try:
                return await self.decrypt_omemo2(msg, sender, recipient)
            except MessageNotForUs:
                if LEGACY_NS not in namespaces:
                    raise
        return await self.decrypt_legacy(msg, sender)

    async def decrypt_omemo2(self, msg, sender, recipient):
        session_manager = await self.omemo.get_session_manager()
        message = twomemo.etree.parse_message(msg.xml.find(f"{{{OMEMO2_NS}}}encrypted"), sender)
        plaintext, device, _ = await session_manager.decrypt(message)
        fields = {"namespace": OMEMO2_NS, "device_id": device.device_id}
        if plaintext is None:
            return "key_transport", fields
        envelope = sce.parse_envelope(plaintext, sender, recipient)
        fields["sce"] = envelope["affixes"]
        if envelope["body"] is None:
            return "envelope", {**fields, "content": envelope["content"]}
        return "message", {**fields, "body": envelope["body"], "type": msg["type"], "encrypted": True}

    async def decrypt_legacy(self, msg, sender):
        session_manager = await self.omemo.get_session_manager()
        element = msg.xml.find(f"{{{LEGACY_NS}}}encrypted")
        message = await oldmemo.etree.parse_message(element, sender, self.boundjid.bare, session_manager)
        plaintext, device, _ = await session_manager.decrypt(message)
        fields = {"namespace": LEGACY_NS, "device_id": device.device_id}
        # Legacy OMEMO encrypts the body text alone; without one it is a key transport message.
        if not plaintext:
            return "key_transport", fields
        return "message", {**fields, "body": plaintext.decode("utf-8"), "type": msg["type"], "encrypted": True}

"""The plain (unencrypted) XMPP test peer and the JSON-lines event output it shares with its subclasses."""

import asyncio
import json

import slixmpp
from slixmpp.jid import JID  # pylint: disable=no-name-in-module

MAM_PAGE_SIZE = 50
MAM_MAX_MESSAGES = 500


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def require_strings(command, *names):
    values = [command.get(name) for name in names]
    if not all(isinstance(value, str) and value for value in values):
        wanted = ", ".join(f"'{name}'" for name in names)
        raise ValueError(f"{command.get('cmd')} needs non-empty string fields {wanted}")
    return values


class Peer(slixmpp.ClientXMPP):
    """A client that sends and reports plain messages; subclasses add abilities through `commands()`."""

    def __init__(self, jid, password):
        # Loopback test server without TLS: plaintext SASL must be allowed at construction.
        super().__init__(
            jid,
            password,
            plugin_config={"feature_mechanisms": {"unencrypted_plain": True, "unencrypted_scram": True}},
        )
        self.enable_direct_tls = False
        self.enable_starttls = False
        self.enable_plaintext = True
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0199")
        self.register_plugin("xep_0313")
        self.session_ready = asyncio.get_running_loop().create_future()
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("message", self.on_message)
        self.add_event_handler("failed_auth", self.on_failed_auth)
        self.add_event_handler("connection_failed", self.on_connection_failed)
        self.add_event_handler("disconnected", self.on_disconnected)

    def commands(self):
        """Maps a command name to (handler, name of the event that answers it)."""
        return {
            "send": (self.cmd_send, "sent"),
            "send_raw": (self.cmd_send_raw, "sent"),
            "mam": (self.cmd_mam, "mam"),
        }

    async def prepare_session(self):
        """Runs after login, before the peer reports itself ready."""

    async def on_session_start(self, _event):
        try:
            self.send_presence()
            await self.get_roster()
            await self.prepare_session()
        except Exception as error:  # noqa: BLE001 - the driver learns why the start failed
            self.fail_start(f"{type(error).__name__}: {error}")
            return
        if not self.session_ready.done():
            self.session_ready.set_result(True)

    def on_message(self, msg):
        if msg["type"] not in ("chat", "normal") or not msg["body"]:
            return
        emit(
            "message",
            **{
                "from": msg["from"].bare,
                "resource": msg["from"].resource,
                "body": msg["body"],
                "id": msg["id"],
                "type": msg["type"],
                "encrypted": False,
                "namespace": None,
            },
        )

    def fail_start(self, reason):
        if not self.session_ready.done():
            self.session_ready.set_exception(RuntimeError(reason))

    def on_failed_auth(self, _event):
        self.fail_start("authentication failed")

    def on_connection_failed(self, error):
        self.fail_start(f"connection failed: {error}")

    def on_disconnected(self, reason):
        self.fail_start(f"disconnected before the session started: {reason}")

    async def cmd_send(self, command):
        to, body = require_strings(command, "to", "body")
        msg = self.make_message(mto=to, mbody=body, mtype="chat")
        msg["id"] = self.new_id()
        msg.send()
        return {"to": to, "id": msg["id"]}

    async def cmd_send_raw(self, command):
        """Sends hand-written XML as it is, e.g. a forged or replayed OMEMO message."""
        (xml,) = require_strings(command, "xml")
        self.send_raw(xml)
        return {}

    async def cmd_mam(self, command):
        """Reports the stanzas of the own archive exchanged with `with`, oldest first, as XML strings."""
        (with_jid,) = require_strings(command, "with")
        stanzas = []
        results = self["xep_0313"].iterate(
            with_jid=JID(with_jid), rsm={"max": MAM_PAGE_SIZE}, total=MAM_MAX_MESSAGES
        )
        async for result in results:
            stanzas.append(str(result["mam_result"]["forwarded"]["stanza"]))
        return {"with": with_jid, "stanzas": stanzas}

#!/usr/bin/env python3
"""An XMPP test peer for the end-to-end tests, driven by JSON lines.

stdin, one command per line (an optional "ref" is echoed in the answer):
  {"cmd": "send", "to": JID, "body": TEXT}
  {"cmd": "quit"}
stdout, one event per line:
  {"event": "ready", "jid": FULL_JID}
  {"event": "message", "from": BARE_JID, "resource": RESOURCE, "body": TEXT, "id": ID, "type": TYPE}
  {"event": "sent", "ref": REF, "to": JID, "id": ID}
  {"event": "error", "message": TEXT, "ref": REF}
  {"event": "bye"}

The password comes from the PEER_PASSWORD environment variable, not the command line.
New abilities (OMEMO) are added as subclasses of Peer with more entries in `commands()`.
"""

import argparse
import asyncio
import json
import logging
import os
import sys

import slixmpp


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


class Peer(slixmpp.ClientXMPP):
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
        self.session_ready = asyncio.get_running_loop().create_future()
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("message", self.on_message)
        self.add_event_handler("failed_auth", self.on_failed_auth)
        self.add_event_handler("connection_failed", self.on_connection_failed)
        self.add_event_handler("disconnected", self.on_disconnected)

    def commands(self):
        return {"send": self.cmd_send}

    async def on_session_start(self, _event):
        self.send_presence()
        await self.get_roster()
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
        to, body = command.get("to"), command.get("body")
        if not isinstance(to, str) or not isinstance(body, str):
            raise ValueError("send needs string fields 'to' and 'body'")
        msg = self.make_message(mto=to, mbody=body, mtype="chat")
        msg["id"] = self.new_id()
        msg.send()
        return {"to": to, "id": msg["id"]}


async def read_commands(peer):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    handlers = peer.commands()
    while line := await reader.readline():
        if not line.strip():
            continue
        ref = None
        try:
            command = json.loads(line)
            if not isinstance(command, dict):
                raise ValueError("a command is a JSON object")
            ref = command.get("ref")
            name = command.get("cmd")
            if name == "quit":
                return
            if name not in handlers:
                raise ValueError(f"unknown command {name!r}")
            result = await handlers[name](command)
            emit("sent" if name == "send" else "done", ref=ref, **(result or {}))
        except Exception as error:  # noqa: BLE001 - every failure is reported to the driver
            emit("error", message=str(error), ref=ref)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jid", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--debug", action="store_true", help="log the XMPP traffic to stderr")
    args = parser.parse_args()
    password = os.environ.get("PEER_PASSWORD")
    if not password:
        parser.error("PEER_PASSWORD is not set")
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, stream=sys.stderr)

    peer = Peer(args.jid, password)
    peer.connect(args.host, args.port)
    try:
        await asyncio.wait_for(peer.session_ready, timeout=20)
    except Exception as error:  # noqa: BLE001 - reported, then a non-zero exit
        emit("error", message=f"could not start the session: {error}")
        return 2
    emit("ready", jid=str(peer.boundjid))
    await read_commands(peer)
    peer.disconnect()
    try:
        await asyncio.wait_for(peer.disconnected, timeout=5)
    except asyncio.TimeoutError:
        pass
    emit("bye")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

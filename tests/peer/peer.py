#!/usr/bin/env python3
"""An XMPP test peer for the end-to-end tests, driven by JSON lines.

stdin, one command per line (an optional "ref" is echoed in the answer):
  {"cmd": "send", "to": JID, "body": TEXT}                plain chat message
  {"cmd": "send_raw", "xml": XML}                          any stanza, sent as written
  {"cmd": "mam", "with": JID}                              the own archive's stanzas exchanged with JID
  {"cmd": "quit"}
  with --omemo also:
  {"cmd": "send_omemo", "to": JID, "body": TEXT}           legacy OMEMO (eu.siacs.conversations.axolotl)
  {"cmd": "send_omemo2", "to": JID, "body": TEXT}          OMEMO 2 (urn:xmpp:omemo:2) with an SCE envelope
  {"cmd": "device_info"}                                   this device: id, fingerprint, other own devices
  {"cmd": "devices", "jid": JID}                           the devices of JID after fetching its device lists
  {"cmd": "join_room", "room": ROOM, "nick": NICK}         joins a MUC room (answer: "joined" with occupants' real JIDs)
  {"cmd": "send_omemo_group", "room": ROOM, "body": TEXT, "members": [JID...], "version": "omemo2" | "legacy"}
                                                          groupchat OMEMO for the occupants' and the given members'
                                                          devices (OMEMO 2 unless "legacy"; the envelope names the room)
  {"cmd": "room_mam", "room": ROOM}                        the room archive's stanzas, as XML strings
stdout, one event per line:
  {"event": "ready", "jid": FULL_JID, "omemo": null | DEVICE}
  {"event": "message", "from": BARE_JID, "resource": RESOURCE, "body": TEXT, "id": ID, "type": TYPE,
   "encrypted": BOOL, "namespace": null | NS, ...}       OMEMO ones add "device_id", "stanza" (as received)
                                                          and, for OMEMO 2, "sce" (the envelope's affixes);
                                                          groupchat ones add "room" and "nick" ("from" is the
                                                          sender's real JID when encrypted, else the room)
  {"event": "key_transport", "from", "namespace", "device_id", "stanza", ...}   body-less OMEMO message
  {"event": "envelope", "from", "content", "sce", ...}   OMEMO 2 envelope without a body
  {"event": "undecryptable", "from", "reason", "stanza", ...}
  {"event": "sent", "ref": REF, "to": JID, "id": ID, ...}
  {"event": "device_info" | "devices" | "mam", "ref": REF, ...}
  {"event": "error", "message": TEXT, "ref": REF}
  {"event": "bye"}
DEVICE = {"jid", "device_id", "fingerprint" (64 hex, Curve25519 form), "identity_key" (Ed25519, hex),
          "namespaces", "active", "trust", "label"}

The password comes from the PEER_PASSWORD environment variable, not the command line.
With --omemo the device lives in a JSON file in --omemo-store: reuse the directory to keep the device.
"""

import argparse
import asyncio
import json
import logging
import os
import sys

from xmpp_peer import Peer, emit


async def read_commands(peer):
    loop = asyncio.get_running_loop()
    # Room for a burst of raw stanzas in one command (benchmarks send 1,000 messages at once).
    reader = asyncio.StreamReader(limit=16 * 1024 * 1024)
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
            handler, answer = handlers[name]
            result = await handler(command)
            emit(answer, ref=ref, **(result or {}))
        except Exception as error:  # noqa: BLE001 - every failure is reported to the driver
            emit("error", message=f"{type(error).__name__}: {error}", ref=ref)


def make_peer(args, password):
    if not args.omemo:
        return Peer(args.jid, password)
    if not args.omemo_store:
        raise SystemExit("--omemo needs --omemo-store DIR")
    # Imported only here: the plain peer must not need the OMEMO packages to start.
    from omemo_peer import OmemoPeer  # pylint: disable=import-outside-toplevel

    if args.omemo_legacy_only:
        from omemo_plugin import publish_legacy_only  # pylint: disable=import-outside-toplevel

        publish_legacy_only()
    return OmemoPeer(args.jid, password, args.omemo_store)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jid", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--omemo", action="store_true", help="be an OMEMO device (legacy and OMEMO 2)")
    parser.add_argument("--omemo-store", help="directory of the OMEMO device's JSON store")
    parser.add_argument(
        "--omemo-legacy-only", action="store_true", help="only legacy OMEMO, like clients without OMEMO 2"
    )
    parser.add_argument("--debug", action="store_true", help="log the XMPP traffic to stderr")
    args = parser.parse_args()
    password = os.environ.get("PEER_PASSWORD")
    if not password:
        parser.error("PEER_PASSWORD is not set")
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, stream=sys.stderr)

    peer = make_peer(args, password)
    peer.connect(args.host, args.port)
    try:
        # Creating an OMEMO device (200 prekeys, four PEP nodes) takes longer than a plain login.
        await asyncio.wait_for(peer.session_ready, timeout=50 if args.omemo else 20)
        device = (await peer.cmd_device_info({})) if args.omemo else None
    except Exception as error:  # noqa: BLE001 - reported, then a non-zero exit
        emit("error", message=f"could not start the session: {error}")
        return 2
    emit("ready", jid=str(peer.boundjid), omemo=device)
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

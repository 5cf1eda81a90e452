"""A minimal XEP-0420 (Stanza Content Encryption) envelope with the affixes OMEMO 2 uses.

slixmpp-omemo 2.2 has no SCE, so the OMEMO 2 plaintext is built and checked here.
"""

import secrets
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

SCE_NS = "urn:xmpp:sce:1"
CLIENT_NS = "jabber:client"
MAX_RPAD_BYTES = 32


class SceError(Exception):
    """The decrypted OMEMO 2 plaintext is not an acceptable SCE envelope."""


def _tag(name):
    return f"{{{SCE_NS}}}{name}"


def build_envelope(body, sender, recipient, now=None):
    """Returns the UTF-8 envelope carrying `body` from bare JID `sender` to bare JID `recipient`."""
    now = now or datetime.now(timezone.utc)
    # rpad hides the body length; its own length is random too.
    rpad = secrets.token_urlsafe(1 + secrets.randbelow(MAX_RPAD_BYTES))
    # Written by hand so that each element carries its namespace the way XMPP clients write it
    # (ElementTree would invent ns0: prefixes).
    envelope = (
        f"<envelope xmlns='{SCE_NS}'>"
        f"<content><body xmlns='{CLIENT_NS}'>{escape(body)}</body></content>"
        f"<rpad>{escape(rpad)}</rpad>"
        f"<from jid={quoteattr(sender)}/>"
        f"<to jid={quoteattr(recipient)}/>"
        f"<time stamp={quoteattr(now.strftime('%Y-%m-%dT%H:%M:%SZ'))}/>"
        "</envelope>"
    )
    return envelope.encode("utf-8")


def parse_envelope(plaintext, sender, recipient):
    """Checks an envelope received from bare JID `sender` by bare JID `recipient`.

    Returns a dict with `body` (None when the content has none), the affixes found and the content's
    child element tags. Raises SceError when it is not an envelope or its from/to affixes name anyone else.
    """
    try:
        envelope = ET.fromstring(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ET.ParseError) as error:
        raise SceError(f"the plaintext is not XML: {error}") from error
    if envelope.tag != _tag("envelope"):
        raise SceError(f"the plaintext is <{envelope.tag}>, not an SCE envelope")
    content = envelope.find(_tag("content"))
    if content is None:
        raise SceError("the envelope has no <content>")

    affixes = {}
    for name, attribute in (("from", "jid"), ("to", "jid"), ("time", "stamp")):
        element = envelope.find(_tag(name))
        affixes[name] = None if element is None else element.get(attribute)
    affixes["rpad"] = envelope.find(_tag("rpad")) is not None
    if affixes["from"] is not None and affixes["from"] != sender:
        raise SceError(f"the envelope says it is from {affixes['from']}, the stanza came from {sender}")
    if affixes["to"] is not None and affixes["to"] != recipient:
        raise SceError(f"the envelope is addressed to {affixes['to']}, not to {recipient}")

    body = content.find(f"{{{CLIENT_NS}}}body")
    return {
        "body": None if body is None else (body.text or ""),
        "affixes": affixes,
        "content": [child.tag for child in content],
    }

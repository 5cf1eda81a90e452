//! XML namespaces used by the protocol, in one place so parsers and builders cannot drift apart.

/// RFC 6120 client stanzas.
pub const CLIENT: &str = "jabber:client";
/// RFC 6120 stream elements (`<features>`, `<error>`).
pub const STREAM: &str = "http://etherx.jabber.org/streams";
/// RFC 7395 WebSocket framing (`<open/>`, `<close/>`).
pub const FRAMING: &str = "urn:ietf:params:xml:ns:xmpp-framing";
/// RFC 6120 SASL negotiation.
pub const SASL: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
/// RFC 6120 resource binding.
pub const BIND: &str = "urn:ietf:params:xml:ns:xmpp-bind";
/// RFC 3921 session establishment (legacy, still announced by some servers).
pub const SESSION: &str = "urn:ietf:params:xml:ns:xmpp-session";
/// RFC 6120 stanza error conditions.
pub const STANZAS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";
/// RFC 6120 stream error conditions.
pub const STREAMS: &str = "urn:ietf:params:xml:ns:xmpp-streams";
/// RFC 6121 roster.
pub const ROSTER: &str = "jabber:iq:roster";
/// RFC 6121 roster versioning stream feature.
pub const ROSTER_VER: &str = "urn:xmpp:features:rosterver";
/// XEP-0199 XMPP ping.
pub const PING: &str = "urn:xmpp:ping";
/// XEP-0203 delayed delivery.
pub const DELAY: &str = "urn:xmpp:delay";
/// XEP-0359 unique and stable stanza ids.
pub const SID: &str = "urn:xmpp:sid:0";
/// XEP-0198 stream management, version 3.
pub const SM3: &str = "urn:xmpp:sm:3";
/// The namespace the `xml:` prefix is bound to by definition.
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// XEP-0384 legacy OMEMO (0.3.0): elements, device list and bundle payloads.
pub const OMEMO_LEGACY: &str = "eu.siacs.conversations.axolotl";
/// XEP-0384 OMEMO 2 (0.8+): elements, device list and bundle payloads.
pub const OMEMO2: &str = "urn:xmpp:omemo:2";
/// XEP-0420 stanza content encryption envelope.
pub const SCE: &str = "urn:xmpp:sce:1";
/// XEP-0380 explicit message encryption.
pub const EME: &str = "urn:xmpp:eme:0";
/// XEP-0334 message processing hints (`<store/>`).
pub const HINTS: &str = "urn:xmpp:hints";
/// XEP-0466 ephemeral messages (`<ephemeral timer/>`).
pub const EPHEMERAL: &str = "urn:xmpp:ephemeral:0";
/// Jibber's own PEP node and payload: retention settings shared by the user's devices.
pub const JIBBER_RETENTION: &str = "urn:jibber:retention:0";
/// XEP-0060 publish-subscribe requests and results.
pub const PUBSUB: &str = "http://jabber.org/protocol/pubsub";
/// XEP-0060 event notifications.
pub const PUBSUB_EVENT: &str = "http://jabber.org/protocol/pubsub#event";
/// XEP-0060 owner use cases (node configuration).
pub const PUBSUB_OWNER: &str = "http://jabber.org/protocol/pubsub#owner";
/// XEP-0060 application-specific error conditions (`precondition-not-met`).
pub const PUBSUB_ERRORS: &str = "http://jabber.org/protocol/pubsub#errors";
/// XEP-0060 `FORM_TYPE` of publish-options forms.
pub const PUBSUB_PUBLISH_OPTIONS: &str = "http://jabber.org/protocol/pubsub#publish-options";
/// XEP-0060 `FORM_TYPE` of node configuration forms.
pub const PUBSUB_NODE_CONFIG: &str = "http://jabber.org/protocol/pubsub#node_config";
/// XEP-0004 data forms.
pub const DATA_FORMS: &str = "jabber:x:data";
/// XEP-0033 extended stanza addressing (forbidden inside an SCE envelope).
pub const ADDRESS: &str = "http://jabber.org/protocol/address";
/// XEP-0297 stanza forwarding.
pub const FORWARD: &str = "urn:xmpp:forward:0";
/// XEP-0280 message carbons, version 2.
pub const CARBONS: &str = "urn:xmpp:carbons:2";
/// XEP-0313 message archive management, version 2.
pub const MAM: &str = "urn:xmpp:mam:2";
/// XEP-0059 result set management.
pub const RSM: &str = "http://jabber.org/protocol/rsm";
/// XEP-0184 message delivery receipts.
pub const RECEIPTS: &str = "urn:xmpp:receipts";
/// XEP-0333 chat markers.
pub const MARKERS: &str = "urn:xmpp:chat-markers:0";
/// XEP-0085 chat state notifications.
pub const CHAT_STATES: &str = "http://jabber.org/protocol/chatstates";
/// XEP-0077 in-band registration.
pub const REGISTER: &str = "jabber:iq:register";
/// XEP-0077 stream feature announcing in-band registration.
pub const REGISTER_FEATURE: &str = "http://jabber.org/features/iq-register";
/// XEP-0066 out-of-band data (the registration web page).
pub const OOB: &str = "jabber:x:oob";
/// XEP-0158 CAPTCHA forms.
pub const CAPTCHA: &str = "urn:xmpp:captcha";
/// XEP-0221 media elements in data forms.
pub const MEDIA_ELEMENT: &str = "urn:xmpp:media-element";
/// XEP-0191 blocking command.
pub const BLOCKING: &str = "urn:xmpp:blocking";
/// XEP-0030 service discovery.
pub const DISCO_INFO: &str = "http://jabber.org/protocol/disco#info";
/// XEP-0115 entity capabilities.
pub const CAPS: &str = "http://jabber.org/protocol/caps";
/// XEP-0084 avatar data node.
pub const AVATAR_DATA: &str = "urn:xmpp:avatar:data";
/// XEP-0084 avatar metadata node.
pub const AVATAR_METADATA: &str = "urn:xmpp:avatar:metadata";
/// XEP-0054 vCard.
pub const VCARD: &str = "vcard-temp";
/// XEP-0153 vCard-based avatar hash in presence.
pub const VCARD_UPDATE: &str = "vcard-temp:x:update";
/// XEP-0172 user nickname.
pub const NICK: &str = "http://jabber.org/protocol/nick";
/// XEP-0319 last user interaction in presence.
pub const IDLE: &str = "urn:xmpp:idle:1";
/// XEP-0352 client state indication.
pub const CSI: &str = "urn:xmpp:csi:0";
/// XEP-0308 Last Message Correction.
pub const MESSAGE_CORRECT: &str = "urn:xmpp:message-correct:0";
/// XEP-0012 last activity.
pub const LAST: &str = "jabber:iq:last";
/// XEP-0045 multi-user chat: the join request.
pub const MUC: &str = "http://jabber.org/protocol/muc";
/// XEP-0045 occupant data in presence and messages (items, status codes, invitations).
pub const MUC_USER: &str = "http://jabber.org/protocol/muc#user";
/// XEP-0045 affiliation and role changes.
pub const MUC_ADMIN: &str = "http://jabber.org/protocol/muc#admin";
/// XEP-0045 room configuration and destruction.
pub const MUC_OWNER: &str = "http://jabber.org/protocol/muc#owner";
/// XEP-0045 `FORM_TYPE` of the room configuration form.
pub const MUC_ROOMCONFIG: &str = "http://jabber.org/protocol/muc#roomconfig";
/// XEP-0421 anonymous unique occupant identifiers.
pub const OCCUPANT_ID: &str = "urn:xmpp:occupant-id:0";
/// XEP-0249 direct MUC invitations.
pub const CONFERENCE: &str = "jabber:x:conference";
/// XEP-0402 PEP native bookmarks (the node and its payload).
pub const BOOKMARKS2: &str = "urn:xmpp:bookmarks:1";

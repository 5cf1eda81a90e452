//! Stanzas as the server sends them: captured ones from the test fixtures, and generated
//! rosters and archive pages of a realistic size.

/// A legacy OMEMO 1:1 message as Bob received it from Conversations-style clients.
pub const OMEMO_MESSAGE: &str = include_str!(
    "../../crates/xmpp-protocol/tests/fixtures/omemo-legacy-1to1-message.session.received-by-bob.xml"
);
/// A group message with an OMEMO 2 payload, as received from the room.
pub const MUC_OMEMO2_MESSAGE: &str = include_str!(
    "../../crates/xmpp-protocol/tests/fixtures/muc-omemo2-groupchat.received-by-carol.xml"
);

/// A roster result with `contacts` items, each with a name and a group.
pub fn roster(contacts: usize) -> String {
    let mut xml = String::from(
        "<iq xmlns='jabber:client' type='result' id='roster-1' to='alice@localhost/web'>\
         <query xmlns='jabber:iq:roster' ver='v1'>",
    );
    for n in 0..contacts {
        xml.push_str(&format!(
            "<item jid='contact{n}@example.org' name='Contact {n}' subscription='both'>\
             <group>Friends</group></item>"
        ));
    }
    xml.push_str("</query></iq>");
    xml
}

/// One archive result (XEP-0313) carrying a plain chat message with the usual extras.
pub fn archive_result(n: usize) -> String {
    format!(
        "<message xmlns='jabber:client' to='alice@localhost/web' from='alice@localhost'>\
         <result xmlns='urn:xmpp:mam:2' queryid='q1' id='archive-{n}'>\
         <forwarded xmlns='urn:xmpp:forward:0'>\
         <delay xmlns='urn:xmpp:delay' stamp='2026-11-24T10:00:{:02}Z'/>\
         <message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost/web' \
         type='chat' id='m{n}'><body>Message number {n}, with a few words in it</body>\
         <origin-id xmlns='urn:xmpp:sid:0' id='o{n}'/>\
         <markable xmlns='urn:xmpp:chat-markers:0'/><request xmlns='urn:xmpp:receipts'/>\
         <active xmlns='http://jabber.org/protocol/chatstates'/></message>\
         </forwarded></result></message>",
        n % 60
    )
}

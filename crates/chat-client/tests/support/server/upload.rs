//! The fake server's upload service (XEP-0363) as Prosody's mod_http_file_share presents it:
//! listed in the domain's disco#items, a disco#info with the size limit, and slots on request.

use super::{ConnId, FakeServer, CLIENT};
use xmpp_protocol::xml::Element;

const DISCO_ITEMS: &str = "http://jabber.org/protocol/disco#items";
const DISCO_INFO: &str = "http://jabber.org/protocol/disco#info";
const UPLOAD: &str = "urn:xmpp:http:upload:0";
/// The largest file the fake service takes.
pub const UPLOAD_LIMIT: u64 = 1000;

impl FakeServer {
    fn upload_jid(&self) -> String {
        format!("upload.{}", self.domain)
    }

    /// Handles disco and slot IQs addressed to the domain or the upload service.
    pub(super) fn upload_iq(&mut self, id: ConnId, iq: &Element) -> bool {
        let Some(child) = iq.child_elements().next().cloned() else {
            return false;
        };
        let to = iq.attr("to").unwrap_or_default().to_owned();
        let iq_id = iq.attr("id").unwrap_or_default().to_owned();
        let reply = if child.is("query", DISCO_ITEMS) && to == self.domain {
            format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{to}'><query xmlns='{DISCO_ITEMS}'><item jid='{}'/><item jid='{}'/><item jid='pubsub.{to}' node='x'/></query></iq>", self.upload_jid(), self.muc_domain())
        } else if child.is("query", DISCO_INFO) && to == self.upload_jid() {
            format!(
                "<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{to}'><query xmlns='{DISCO_INFO}'><identity category='store' type='file'/><feature var='{UPLOAD}'/>\
                 <x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>{UPLOAD}</value></field><field var='max-file-size'><value>{UPLOAD_LIMIT}</value></field></x></query></iq>"
            )
        } else if child.is("request", UPLOAD) && to == self.upload_jid() {
            let name = child.attr("filename").unwrap_or("file");
            let url = format!("https://{}/share/{iq_id}/{name}", self.upload_jid());
            format!("<iq xmlns='{CLIENT}' type='result' id='{iq_id}' from='{to}'><slot xmlns='{UPLOAD}'><put url='{url}'><header name='Authorization'>Bearer t</header></put><get url='{url}'/></slot></iq>")
        } else {
            return false;
        };
        self.send(id, reply);
        true
    }
}

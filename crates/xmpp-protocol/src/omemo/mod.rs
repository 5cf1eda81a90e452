//! OMEMO (XEP-0384) on the wire: the XML of encrypted messages, device lists, bundles, the
//! XEP-0420 envelope OMEMO 2 encrypts, and the PEP requests that publish and fetch them.
//!
//! Both wire versions are covered: legacy `eu.siacs.conversations.axolotl` ([`legacy`]) and
//! OMEMO 2 `urn:xmpp:omemo:2` ([`omemo2`]). Everything here is plain data: keys, signatures
//! and ciphertexts are the decoded base64 bytes, and the cryptography lives elsewhere. Every
//! type parses with `TryFrom<&Element>` (errors are [`ParseError`](crate::ParseError)s saying
//! "not my element" or "malformed, because ...") and serialises with `From<T> for Element`.
//!
//! Parsing follows the interop rules of the implementer's note: device lists and bundles are
//! read leniently (unknown children ignored, unusable devices set aside with the reason), while
//! the closed `<encrypted>` format is read strictly. Counts are bounded so a hostile stanza
//! costs bounded work.

mod codec;
mod device_id;

pub mod bundle;
pub mod devicelist;
pub mod eme;
pub mod form;
pub mod legacy;
pub mod omemo2;
pub mod publish;
pub mod pubsub;
pub mod sce;

pub use bundle::{LegacyBundle, Omemo2Bundle, PreKey};
pub use device_id::{DeviceId, DeviceIdError};
pub use devicelist::{LegacyDeviceList, Omemo2Device, Omemo2DeviceList};
pub use eme::{Encryption, OmemoEncrypted, StoreHint, FALLBACK_BODY};
pub use form::{DataForm, FormField, FormKind};
pub use legacy::{LegacyEncrypted, LegacyKey};
pub use omemo2::{Omemo2Encrypted, Omemo2Key, Omemo2Recipient};
pub use publish::{OmemoNodeContent, PublishFailure, PublishRecovery};
pub use pubsub::{
    ItemsEvent, ItemsRequest, ItemsResult, NodeConfiguration, PubSubItem, PublishRequest,
};
pub use sce::{Envelope, SceError};

/// Most `<key>` elements one `<encrypted>` header may carry (all recipients together). A large
/// group chat reaches a few hundred devices; more than this is treated as an attack.
pub const MAX_KEYS: usize = 1000;
/// Most devices one device list may announce.
pub const MAX_DEVICES: usize = 256;
/// Most one-time prekeys one bundle may carry; clients publish about 100.
pub const MAX_PREKEYS: usize = 1000;
/// Most items one PubSub result or event may carry.
pub const MAX_ITEMS: usize = 1000;
/// Most fields one data form may carry.
pub const MAX_FORM_FIELDS: usize = 256;

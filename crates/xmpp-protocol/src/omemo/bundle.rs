//! Bundles: the public keys another device needs to start a session with this one.
//!
//! Legacy keys are 33 bytes (`0x05` ‖ Curve25519 u), OMEMO 2 keys 32 bytes (the identity key
//! `ik` is Ed25519); signatures are 64 bytes in both. Lengths are checked here so the
//! cryptography never sees a truncated key. Unknown children are ignored.

use super::codec::{base64_child, decode_exact, fill_once, key_id, too_many};
use super::MAX_PREKEYS;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

const LEGACY_KEY_LEN: usize = 33;
const OMEMO2_KEY_LEN: usize = 32;
const SIGNATURE_LEN: usize = 64;

/// A one-time prekey: id and public key bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreKey {
    pub id: u32,
    pub public_key: Vec<u8>,
}

/// `<bundle xmlns='eu.siacs.conversations.axolotl'>`, published on the node of one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyBundle {
    pub signed_pre_key_id: u32,
    pub signed_pre_key: Vec<u8>,
    /// Over the 33-byte signed prekey; byte 63 may carry a sign bit (libsignal).
    pub signed_pre_key_signature: Vec<u8>,
    pub identity_key: Vec<u8>,
    pub pre_keys: Vec<PreKey>,
}

/// `<bundle xmlns='urn:xmpp:omemo:2'>`, published as the item named after the device id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omemo2Bundle {
    pub signed_pre_key_id: u32,
    pub signed_pre_key: Vec<u8>,
    /// Ed25519 signature over the raw 32-byte signed prekey.
    pub signed_pre_key_signature: Vec<u8>,
    /// Ed25519 public key.
    pub identity_key: Vec<u8>,
    pub pre_keys: Vec<PreKey>,
}

/// Element names of one bundle dialect.
struct Dialect {
    ns: &'static str,
    key_len: usize,
    spk: &'static str,
    spk_id: &'static str,
    spks: &'static str,
    ik: &'static str,
    pk: &'static str,
    pk_id: &'static str,
}

const LEGACY: Dialect = Dialect {
    ns: ns::OMEMO_LEGACY,
    key_len: LEGACY_KEY_LEN,
    spk: "signedPreKeyPublic",
    spk_id: "signedPreKeyId",
    spks: "signedPreKeySignature",
    ik: "identityKey",
    pk: "preKeyPublic",
    pk_id: "preKeyId",
};

const OMEMO2: Dialect = Dialect {
    ns: ns::OMEMO2,
    key_len: OMEMO2_KEY_LEN,
    spk: "spk",
    spk_id: "id",
    spks: "spks",
    ik: "ik",
    pk: "pk",
    pk_id: "id",
};

/// The fields common to both dialects, in the order of the struct fields.
type BundleParts = (u32, Vec<u8>, Vec<u8>, Vec<u8>, Vec<PreKey>);

impl Dialect {
    fn parse(&self, element: &Element) -> Result<BundleParts, ParseError> {
        expect_element(element, "bundle", self.ns)?;
        let (mut spk, mut spks, mut ik, mut prekeys) = (None, None, None, None);
        for child in element.child_elements().filter(|child| child.ns == self.ns) {
            let slot = match child.name.as_str() {
                name if name == self.spk => &mut spk,
                name if name == self.spks => &mut spks,
                name if name == self.ik => &mut ik,
                "prekeys" => &mut prekeys,
                _ => continue,
            };
            fill_once(slot, child, "bundle")?;
        }
        let missing = |child| ParseError::MissingChild {
            element: "bundle",
            child,
        };
        let spk = spk.ok_or(missing(self.spk))?;
        let signed_pre_key_id = key_id(spk, self.spk, self.spk_id)?;
        let signed_pre_key = decode_exact(spk, self.spk, self.key_len)?;
        let signature = decode_exact(spks.ok_or(missing(self.spks))?, self.spks, SIGNATURE_LEN)?;
        let identity_key = decode_exact(ik.ok_or(missing(self.ik))?, self.ik, self.key_len)?;
        let mut pre_keys = Vec::new();
        for pk in prekeys
            .ok_or(missing("prekeys"))?
            .children_named(self.pk, self.ns)
        {
            if pre_keys.len() >= MAX_PREKEYS {
                return Err(too_many("prekeys", "prekeys", MAX_PREKEYS));
            }
            pre_keys.push(PreKey {
                id: key_id(pk, self.pk, self.pk_id)?,
                public_key: decode_exact(pk, self.pk, self.key_len)?,
            });
        }
        Ok((
            signed_pre_key_id,
            signed_pre_key,
            signature,
            identity_key,
            pre_keys,
        ))
    }

    fn write(
        &self,
        spk_id: u32,
        spk: &[u8],
        spks: &[u8],
        ik: &[u8],
        pre_keys: &[PreKey],
    ) -> Element {
        let pre_keys = pre_keys.iter().map(|pk| {
            Element::builder(self.pk, self.ns)
                .attr(self.pk_id, pk.id.to_string())
                .text(super::codec::encode(&pk.public_key))
                .build()
        });
        Element::builder("bundle", self.ns)
            .append(
                Element::builder(self.spk, self.ns)
                    .attr(self.spk_id, spk_id.to_string())
                    .text(super::codec::encode(spk))
                    .build(),
            )
            .append(base64_child(self.spks, self.ns, spks))
            .append(base64_child(self.ik, self.ns, ik))
            .append(
                Element::builder("prekeys", self.ns)
                    .append_all(pre_keys)
                    .build(),
            )
            .build()
    }
}

impl LegacyBundle {
    pub fn pre_key(&self, id: u32) -> Option<&PreKey> {
        self.pre_keys.iter().find(|pk| pk.id == id)
    }
}

impl Omemo2Bundle {
    pub fn pre_key(&self, id: u32) -> Option<&PreKey> {
        self.pre_keys.iter().find(|pk| pk.id == id)
    }
}

impl TryFrom<&Element> for LegacyBundle {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let (signed_pre_key_id, signed_pre_key, signed_pre_key_signature, identity_key, pre_keys) =
            LEGACY.parse(element)?;
        Ok(Self {
            signed_pre_key_id,
            signed_pre_key,
            signed_pre_key_signature,
            identity_key,
            pre_keys,
        })
    }
}

impl From<&LegacyBundle> for Element {
    fn from(b: &LegacyBundle) -> Self {
        LEGACY.write(
            b.signed_pre_key_id,
            &b.signed_pre_key,
            &b.signed_pre_key_signature,
            &b.identity_key,
            &b.pre_keys,
        )
    }
}

impl From<LegacyBundle> for Element {
    fn from(bundle: LegacyBundle) -> Self {
        Element::from(&bundle)
    }
}

impl TryFrom<&Element> for Omemo2Bundle {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let (signed_pre_key_id, signed_pre_key, signed_pre_key_signature, identity_key, pre_keys) =
            OMEMO2.parse(element)?;
        Ok(Self {
            signed_pre_key_id,
            signed_pre_key,
            signed_pre_key_signature,
            identity_key,
            pre_keys,
        })
    }
}

impl From<&Omemo2Bundle> for Element {
    fn from(b: &Omemo2Bundle) -> Self {
        OMEMO2.write(
            b.signed_pre_key_id,
            &b.signed_pre_key,
            &b.signed_pre_key_signature,
            &b.identity_key,
            &b.pre_keys,
        )
    }
}

impl From<Omemo2Bundle> for Element {
    fn from(bundle: Omemo2Bundle) -> Self {
        Element::from(&bundle)
    }
}

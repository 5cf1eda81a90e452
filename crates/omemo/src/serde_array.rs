//! Serde support for fixed-size byte arrays (serde's derive stops at 32 elements and writes
//! arrays as tuples). Serialises as bytes; accepts bytes or a sequence of numbers.

use std::fmt;

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};
use zeroize::Zeroize;

pub(crate) fn serialize<S: Serializer, const N: usize>(
    bytes: &[u8; N],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
) -> Result<[u8; N], D::Error> {
    deserializer.deserialize_bytes(ArrayVisitor::<N>)
}

struct ArrayVisitor<const N: usize>;

impl<'de, const N: usize> Visitor<'de> for ArrayVisitor<N> {
    type Value = [u8; N];

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{N} bytes")
    }

    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        <[u8; N]>::try_from(v).map_err(|_| E::invalid_length(v.len(), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = [0u8; N];
        for (i, slot) in out.iter_mut().enumerate() {
            match seq.next_element::<u8>()? {
                Some(b) => *slot = b,
                None => {
                    out.zeroize();
                    return Err(A::Error::invalid_length(i, &self));
                }
            }
        }
        if seq.next_element::<u8>()?.is_some() {
            out.zeroize();
            return Err(A::Error::invalid_length(N + 1, &self));
        }
        Ok(out)
    }
}

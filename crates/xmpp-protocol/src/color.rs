//! XEP-0392 consistent colour generation: the same name gets the same hue in every client.

use sha1::{Digest, Sha1};

/// The hue angle in degrees (0..360) for `text` (a JID or nickname), XEP-0392 §5.1.
pub fn hue(text: &str) -> f64 {
    let digest = Sha1::digest(text.as_bytes());
    let value = u16::from_le_bytes([digest[0], digest[1]]);
    f64::from(value) / 65536.0 * 360.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vectors of XEP-0392 §13.
    #[test]
    fn reproduces_the_xep_0392_vectors() {
        for (input, expected) in [
            ("Romeo", 327.255),
            ("juliet@capulet.lit", 209.410),
            ("😺", 331.199),
            ("council", 359.994),
        ] {
            assert!(
                (hue(input) - expected).abs() < 0.001,
                "{input}: {}",
                hue(input)
            );
        }
    }
}

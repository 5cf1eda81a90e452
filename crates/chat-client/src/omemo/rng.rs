//! Randomness for OMEMO: a ChaCha20 generator seeded from the platform's entropy source for
//! each operation, so a missing entropy source is an error and never a weak key.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

/// `Err` when the browser gives no secure randomness (so no OMEMO keys can be made or used).
pub(crate) fn crypto_rng() -> Result<ChaCha20Rng, chat_store::OmemoUnavailable> {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut()).map_err(|_| chat_store::OmemoUnavailable::NoRandomness)?;
    Ok(ChaCha20Rng::from_seed(*seed))
}

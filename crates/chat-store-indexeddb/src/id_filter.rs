//! Which ids a conversation's stored messages may carry: a scalable Bloom filter.
//!
//! Before a batch of arrivals is stored, each is looked up by its ids to find a copy already
//! stored (`Store::find_messages_by_ids`). A burst of 1,000 new messages meant 2,000 or more
//! IndexedDB requests, all answering "not stored". The filter answers "certainly not stored" for
//! almost all of them from one read; only the ids it cannot rule out are looked up.
//!
//! The filter never forgets an id (a deleted message leaves its bits set): it may answer
//! "maybe" for an id no message carries, never "no" for one a stored message carries. It is
//! made of layers; ids go into the last one, and when that is full a new one, twice as large up
//! to [`MAX_CAPACITY`], is added, so the error rate stays bounded as a chat grows while only the
//! last layer changes on a write.
//!
//! This module is plain Rust, so it is tested natively.

/// Bits per id a layer is sized for.
const BITS_PER_ID: usize = 16;
/// Bit positions per id. With 16 bits per id, a full layer says "maybe" for about 1 in 2,000
/// ids it never saw.
const HASHES: u64 = 11;
/// Ids the first layer holds (1 KB of bits).
pub const FIRST_CAPACITY: u32 = 512;
/// The largest layer's ids (32 KB of bits): a record stays well below the size at which the
/// browser moves a value out into a file of its own.
pub const MAX_CAPACITY: u32 = 16_384;

/// One layer: `capacity` ids' worth of bits, `count` of them used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub capacity: u32,
    pub count: u32,
    pub bits: Vec<u8>,
}

impl Layer {
    fn new(capacity: u32) -> Self {
        Self {
            capacity,
            count: 0,
            bits: vec![0; bytes_for(capacity)],
        }
    }

    fn positions(&self, hash: (u64, u64)) -> impl Iterator<Item = usize> {
        let bits = (self.bits.len() * 8) as u64;
        let (first, step) = hash;
        (0..HASHES).map(move |i| (first.wrapping_add(i.wrapping_mul(step)) % bits) as usize)
    }

    fn has(&self, hash: (u64, u64)) -> bool {
        self.positions(hash)
            .all(|bit| self.bits[bit / 8] & (1 << (bit % 8)) != 0)
    }

    fn set(&mut self, hash: (u64, u64)) {
        let positions: Vec<usize> = self.positions(hash).collect();
        for bit in positions {
            self.bits[bit / 8] |= 1 << (bit % 8);
        }
        self.count = self.count.saturating_add(1);
    }
}

fn bytes_for(capacity: u32) -> usize {
    (capacity as usize * BITS_PER_ID).div_ceil(8)
}

/// The ids of one conversation's stored messages, approximately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdFilter {
    layers: Vec<Layer>,
}

impl Default for IdFilter {
    fn default() -> Self {
        Self {
            layers: vec![Layer::new(FIRST_CAPACITY)],
        }
    }
}

impl IdFilter {
    /// A filter from stored layers, in order; `None` if they cannot be one (none at all, or a
    /// layer whose bits do not match its capacity).
    pub fn from_layers(layers: Vec<Layer>) -> Option<Self> {
        let sound = |layer: &Layer| {
            (1..=MAX_CAPACITY).contains(&layer.capacity)
                && layer.count <= layer.capacity
                && layer.bits.len() == bytes_for(layer.capacity)
        };
        (!layers.is_empty() && layers.iter().all(sound)).then_some(Self { layers })
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// False only if no id added so far is `id`.
    pub fn may_contain(&self, id: &str) -> bool {
        let hash = hash(id);
        self.layers.iter().any(|layer| layer.has(hash))
    }

    /// Adds `id`; returns the index of the layer that changed (`None` when `id` was already
    /// taken for present).
    pub fn insert(&mut self, id: &str) -> Option<usize> {
        let hash = hash(id);
        if self.layers.iter().any(|layer| layer.has(hash)) {
            return None;
        }
        let full = self
            .layers
            .last()
            .is_none_or(|last| last.count >= last.capacity);
        if full {
            let capacity = self.layers.last().map_or(FIRST_CAPACITY, |last| {
                last.capacity.saturating_mul(2).min(MAX_CAPACITY)
            });
            self.layers.push(Layer::new(capacity));
        }
        let index = self.layers.len() - 1;
        self.layers[index].set(hash);
        Some(index)
    }
}

/// Two independent 64-bit hashes of `id` (FNV-1a, then two different finalisers), for double
/// hashing. Fixed here rather than taken from `std`, whose hashers may change between Rust
/// releases: the filter is stored.
fn hash(id: &str) -> (u64, u64) {
    let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        fnv ^= u64::from(byte);
        fnv = fnv.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // An odd step visits distinct positions for every bit count that is a power of two.
    (mix(fnv), mix(fnv ^ 0x9e37_79b9_7f4a_7c15) | 1)
}

/// The SplitMix64 finaliser: spreads FNV's weak low bits over the whole word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn every_added_id_is_found_as_the_filter_grows() {
        let mut filter = IdFilter::default();
        let ids: Vec<String> = (0..40_000).map(|n| format!("stanza-{n}")).collect();
        for id in &ids {
            filter.insert(id);
        }
        assert!(ids.iter().all(|id| filter.may_contain(id)));
        let capacities: Vec<u32> = filter.layers().iter().map(|l| l.capacity).collect();
        assert_eq!(
            &capacities[..7],
            &[512, 1024, 2048, 4096, 8192, 16_384, 16_384]
        );
        assert!(capacities.iter().all(|&c| c <= MAX_CAPACITY));
    }

    #[test]
    fn ids_never_added_are_rarely_taken_for_present() {
        let mut filter = IdFilter::default();
        for n in 0..20_000 {
            filter.insert(&format!("{n:08x}-7c1e-4e6a-9d3b-known"));
        }
        let strangers = 100_000;
        let false_positives = (0..strangers)
            .filter(|n| filter.may_contain(&format!("{n:08x}-7c1e-4e6a-9d3b-other")))
            .count();
        // Six layers at about 1 in 2,000 each.
        assert!(
            false_positives < strangers / 200,
            "{false_positives} of {strangers}"
        );
    }

    #[test]
    fn adding_an_id_twice_changes_nothing_the_second_time() {
        let mut filter = IdFilter::default();
        assert_eq!(filter.insert("romeo@montague.lit/1"), Some(0));
        assert_eq!(filter.insert("romeo@montague.lit/1"), None);
        assert_eq!(filter.layers()[0].count, 1);
    }

    #[test]
    fn a_full_layer_is_followed_by_a_larger_one_and_only_that_changes() {
        let mut filter = IdFilter::default();
        let mut n = 0;
        while filter.layers().len() == 1 {
            let changed = filter.insert(&format!("id-{n}"));
            assert!(changed.is_none() || changed == Some(0) || filter.layers().len() == 2);
            n += 1;
        }
        assert_eq!(filter.layers()[0].count, FIRST_CAPACITY);
        assert_eq!(filter.layers()[1].capacity, 2 * FIRST_CAPACITY);
        assert_eq!(filter.layers()[1].count, 1);
    }

    #[test]
    fn stored_layers_round_trip_and_unsound_ones_are_refused() {
        let mut filter = IdFilter::default();
        filter.insert("a");
        let again = IdFilter::from_layers(filter.layers().to_vec()).unwrap();
        assert!(again.may_contain("a"));
        assert_eq!(again, filter);

        assert_eq!(IdFilter::from_layers(Vec::new()), None);
        let mut short = filter.layers()[0].clone();
        short.bits.pop();
        assert_eq!(IdFilter::from_layers(vec![short]), None);
        let mut overfull = filter.layers()[0].clone();
        overfull.count = overfull.capacity + 1;
        assert_eq!(IdFilter::from_layers(vec![overfull]), None);
        let empty = Layer {
            capacity: 0,
            count: 0,
            bits: Vec::new(),
        };
        assert_eq!(IdFilter::from_layers(vec![empty]), None);
    }

    #[test]
    fn the_hash_is_the_stored_one() {
        // Stored filters depend on these exact values (worked out independently from the FNV-1a
        // and SplitMix64 definitions): changing the hash needs a new schema version.
        assert_eq!(hash(""), (0xf52a_15e9_a9b5_e89b, 0xe9d3_2759_6b86_9821));
        assert_eq!(
            hash("romeo@montague.lit/1"),
            (0x4166_95e0_be35_5ff2, 0x6c31_83f8_45c1_f915)
        );
    }
}

//! A fixed-size Bloom filter of match-key hashes (emails, phones): it tells
//! quickly which imported rows cannot have a duplicate, in the same memory
//! however many rows the store and the file hold.
//!
//! It is only a prefilter before the exact lookup in the store: a false
//! positive costs that lookup, and there are no false negatives, so a
//! duplicate is never missed. Past its design size it answers "maybe" more
//! often, which makes an import slower, never wrong.
//!
//! The layout is the split block Bloom filter of Apache Parquet: a key sets
//! one bit in each of the eight 32-bit words of one 32-byte block, so a lookup
//! reads one cache line.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Size of the filter: 4 MiB holds about 3M keys (a 1M-row import and a store
/// of its size) with under 1% false positives.
const BYTES: usize = 4 << 20;

/// Odd multipliers picking the bit of each word (Parquet's).
const SALT: [u32; 8] = [
    0x47b6_137b,
    0x4497_4d91,
    0x8824_ad5b,
    0xa2b7_289d,
    0x7054_95c7,
    0x2df1_424b,
    0x9efc_4947,
    0x5c6b_fb31,
];

/// The 64-bit hash of a match key the filter takes.
pub(super) fn key_hash(k: &str) -> u64 {
    let mut h = DefaultHasher::new();
    k.hash(&mut h);
    h.finish()
}

#[derive(Clone, Copy, Default)]
#[repr(align(32))]
struct Block([u32; 8]);

/// Hashes of match keys seen (see the module documentation).
pub(super) struct KeyFilter {
    blocks: Vec<Block>,
}

impl KeyFilter {
    /// An empty filter of the import's size.
    pub(super) fn new() -> Self {
        Self::with_bytes(BYTES)
    }

    fn with_bytes(bytes: usize) -> Self {
        let n = (bytes / std::mem::size_of::<Block>()).clamp(1, u32::MAX as usize);
        KeyFilter {
            blocks: vec![Block::default(); n],
        }
    }

    /// The block of hash `h` and the bit to set in each of its words.
    fn locate(&self, h: u64) -> (usize, [u32; 8]) {
        // The high half picks the block (multiply-shift instead of a modulo),
        // the low half the bits.
        let block = ((h >> 32) * self.blocks.len() as u64) >> 32;
        let key = h as u32;
        let mask = SALT.map(|s| 1u32 << (key.wrapping_mul(s) >> 27));
        (block as usize, mask)
    }

    /// Adds the key with hash `h` (from [`key_hash`]).
    pub(super) fn insert(&mut self, h: u64) {
        let (b, mask) = self.locate(h);
        for (w, m) in self.blocks[b].0.iter_mut().zip(mask) {
            *w |= m;
        }
    }

    /// False when the key with hash `h` was certainly never added.
    pub(super) fn may_contain(&self, h: u64) -> bool {
        let (b, mask) = self.locate(h);
        self.blocks[b].0.iter().zip(mask).all(|(w, m)| w & m != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(i: u64) -> String {
        format!("person.{i}@example.com")
    }

    /// Share of `probes` keys never added that the filter still reports.
    fn false_positive_rate(f: &KeyFilter, absent: std::ops::Range<u64>) -> f64 {
        let n = absent.end - absent.start;
        let hits = absent
            .filter(|i| f.may_contain(key_hash(&format!("absent.{i}@example.org"))))
            .count();
        hits as f64 / n as f64
    }

    #[test]
    fn every_added_key_is_found_even_far_past_the_design_size() {
        // 64 KiB is meant for about 48k keys; add four times that.
        let mut f = KeyFilter::with_bytes(64 << 10);
        for i in 0..200_000 {
            f.insert(key_hash(&email(i)));
        }
        assert!((0..200_000).all(|i| f.may_contain(key_hash(&email(i)))));
        assert!(f.may_contain(key_hash(&email(0))));
    }

    #[test]
    fn an_empty_filter_contains_nothing() {
        let f = KeyFilter::with_bytes(1 << 10);
        assert_eq!(false_positive_rate(&f, 0..10_000), 0.0);
    }

    #[test]
    fn false_positives_stay_near_the_design_rate() {
        // The import's load: about 3M keys in 4 MiB, 11 bits a key; here the
        // same load in 64 KiB. The design rate there is about 0.8%.
        let bytes = 64 << 10;
        let keys = (bytes * 8 / 11) as u64;
        let mut f = KeyFilter::with_bytes(bytes);
        for i in 0..keys {
            f.insert(key_hash(&email(i)));
        }
        assert!((0..keys).all(|i| f.may_contain(key_hash(&email(i)))));
        let rate = false_positive_rate(&f, 0..200_000);
        assert!(rate > 0.0 && rate < 0.015, "false positive rate {rate}");
    }

    #[test]
    fn the_import_filter_is_the_design_size() {
        let f = KeyFilter::new();
        assert_eq!(f.blocks.len() * std::mem::size_of::<Block>(), BYTES);
        assert_eq!(std::mem::size_of::<Block>(), 32);
    }
}

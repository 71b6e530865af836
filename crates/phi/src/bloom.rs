//! A Bloom filter in front of the typo set (`typos.fst`): `build.rs` writes it (this file is also
//! a module of the build script), the tagger reads it in place.
//!
//! Why: the typo test asks the set about a dozen variants of a word, nearly all absent, and an
//! fst walk costs ~1,500 instructions; the filter answers "absent" for ~99% of them in ~30, and
//! only the rest walk the fst. It never answers "absent" for a member.
//!
//! Layout, little-endian: `MAGIC`, the number of probes (u32), the size in bits as a power of two
//! (u32), then the bits.

use super::word_table::hash;

/// The first bytes of a filter.
pub const MAGIC: &[u8; 4] = b"HNB1";
const HEADER: usize = 12;

/// The bit positions of `key`: double hashing over one 64-bit hash.
fn probes(key: &[u8], k: u32, bits: u32) -> impl Iterator<Item = usize> {
    let h = hash(key);
    let (a, b) = (h, h.rotate_left(32) | 1);
    let mask = (1u64 << bits) - 1;
    (0..u64::from(k)).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) & mask) as usize)
}

/// A filter read in place.
pub struct Bloom<'a> {
    bits: &'a [u8],
    k: u32,
    log2: u32,
}

impl<'a> Bloom<'a> {
    /// Checks the header and the size.
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let field = |at: usize| bytes.get(at..at + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes);
        let (k, log2) = (field(4)?, field(8)?);
        let bits = bytes.get(HEADER..)?;
        (bytes.get(..4)? == MAGIC && (3..=40).contains(&log2) && (1..=16).contains(&k) && bits.len() == 1 << (log2 - 3)).then_some(Bloom { bits, k, log2 })
    }

    /// Whether `key` may be in the set (`false`: it certainly is not).
    pub fn may_contain(&self, key: &[u8]) -> bool {
        probes(key, self.k, self.log2).all(|p| self.bits[p / 8] >> (p % 8) & 1 == 1)
    }
}

// (The build script writes filters; the library itself only in its tests.)
#[cfg_attr(not(test), allow(dead_code))]
/// Writes a filter of `keys` with `k` probes and about `bits_per_key` bits a key.
pub fn build<'k>(keys: impl ExactSizeIterator<Item = &'k [u8]>, k: u32, bits_per_key: usize) -> Vec<u8> {
    let log2 = (keys.len() * bits_per_key).max(64).next_power_of_two().trailing_zeros();
    let mut bits = vec![0u8; 1 << (log2 - 3)];
    for key in keys {
        for p in probes(key, k, log2) {
            bits[p / 8] |= 1 << (p % 8);
        }
    }
    let mut out = Vec::with_capacity(HEADER + bits.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&k.to_le_bytes());
    out.extend_from_slice(&log2.to_le_bytes());
    out.extend_from_slice(&bits);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_always_pass_and_most_others_do_not() {
        let members: Vec<String> = (0..10_000).map(|i| format!("m{i}")).collect();
        let bytes = build(members.iter().map(|m| m.as_bytes()), 4, 10);
        let Some(b) = Bloom::new(&bytes) else { panic!("the filter was not read back") };
        assert!(members.iter().all(|m| b.may_contain(m.as_bytes())));
        let false_positives = (0..10_000).filter(|i| b.may_contain(format!("x{i}").as_bytes())).count();
        assert!(false_positives < 500, "{false_positives} of 10,000");
        assert!(Bloom::new(&bytes[..bytes.len() - 1]).is_none());
        assert!(Bloom::new(b"HNB0\x04\0\0\0\x03\0\0\0\0").is_none());
    }
}

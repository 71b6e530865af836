//! The words lexicon as a static hash table: `build.rs` writes it (this file is also a module of
//! the build script), the tagger reads it in place from the bytes compiled into the binary.
//!
//! Why not the `fst` map the other lexicons use: the tagger looks up every word of every note
//! that no cache may keep (names, words in no dictionary, the typo test's variants), and an fst
//! walk costs ~2,000 instructions a word, a probe here ~60. The table is larger (~9 MB against
//! ~4 MB) but is only mapped, never parsed: start-up stays at zero.
//!
//! Layout, all little-endian: `MAGIC`, the table's size as a power of two (u32), then the slots
//! (u64 each), then the keys, each followed by its value (u64). A slot is 0 when empty; else it
//! holds the key's offset in the key bytes (bits 0–23), its length (bits 24–29) and 34 bits of
//! its hash (bits 30–63), so that a probe rarely touches the key bytes of another word.

/// The first bytes of a table.
pub const MAGIC: &[u8; 4] = b"HNW1";
const HEADER: usize = 8;
const OFFSET_BITS: u32 = 24;
const LEN_BITS: u32 = 6;
const TAG_BITS: u32 = 64 - OFFSET_BITS - LEN_BITS;
/// The longest key a table holds.
pub const MAX_LEN: usize = (1 << LEN_BITS) - 1;

/// A slot's bits above the offset: the key's tag (the hash's low bits: the slot index comes from
/// its high ones) and its length.
fn meta(h: u64, len: usize) -> u64 {
    (h & ((1 << TAG_BITS) - 1)) << LEN_BITS | len as u64
}

/// The hash of a key: FxHash over 8-byte chunks, then a finaliser that spreads every bit (the
/// slot index comes from the high bits, the tag from the low ones).
pub fn hash(word: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = word.len() as u64;
    for chunk in word.chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

/// A table read in place.
pub struct Table<'a> {
    slots: &'a [u8],
    keys: &'a [u8],
    bits: u32,
}

impl<'a> Table<'a> {
    /// Checks the header and the sizes; the slots and keys are read as they are probed.
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let bits = u32::from_le_bytes(bytes.get(4..HEADER)?.try_into().ok()?);
        if bytes.get(..4)? != MAGIC || !(1..=31).contains(&bits) {
            return None;
        }
        let (slots, keys) = bytes.get(HEADER..)?.split_at_checked(8usize << bits)?;
        Some(Table { slots, keys, bits })
    }

    /// The value of `word`, if the table holds it.
    pub fn get(&self, word: &[u8]) -> Option<u64> {
        if word.is_empty() || word.len() > MAX_LEN {
            return None;
        }
        let h = hash(word);
        let want = meta(h, word.len());
        let mask = (1usize << self.bits) - 1;
        let mut i = (h >> (64 - self.bits)) as usize;
        // A table is never full (see `build`): an empty slot ends every probe.
        for _ in 0..=mask {
            let slot = u64::from_le_bytes(self.slots.get(8 * i..8 * i + 8)?.try_into().ok()?);
            if slot == 0 {
                return None;
            }
            if slot >> OFFSET_BITS == want {
                let at = (slot & ((1 << OFFSET_BITS) - 1)) as usize;
                let entry = self.keys.get(at..at + word.len() + 8)?;
                if &entry[..word.len()] == word {
                    return Some(u64::from_le_bytes(entry[word.len()..].try_into().ok()?));
                }
            }
            i = (i + 1) & mask;
        }
        None
    }
}

// (The build script writes tables; the library itself only in its tests.)
#[cfg_attr(not(test), allow(dead_code))]
/// Writes a table of `entries` (distinct keys of 1 to [`MAX_LEN`] bytes), at most 5/8 full.
pub fn build<'k>(entries: impl ExactSizeIterator<Item = (&'k [u8], u64)>) -> Result<Vec<u8>, String> {
    let bits = (entries.len() * 8 / 5).max(2).next_power_of_two().trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut slots = vec![0u64; 1 << bits];
    let mut keys = Vec::new();
    for (word, value) in entries {
        if word.is_empty() || word.len() > MAX_LEN {
            return Err(format!("key of {} bytes", word.len()));
        }
        if keys.len() >= 1 << OFFSET_BITS {
            return Err("more key bytes than offsets reach".into());
        }
        let h = hash(word);
        let slot = meta(h, word.len()) << OFFSET_BITS | keys.len() as u64;
        keys.extend_from_slice(word);
        keys.extend_from_slice(&value.to_le_bytes());
        let mut i = (h >> (64 - bits)) as usize;
        while slots[i] != 0 {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }
    let mut out = Vec::with_capacity(HEADER + 8 * slots.len() + keys.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&bits.to_le_bytes());
    for s in slots {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&keys);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_answers_what_it_holds_and_nothing_else() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
        let bytes = build(words.iter().enumerate().map(|(i, w)| (w.as_bytes(), i as u64 * 7 + 1))).unwrap_or_default();
        let Some(t) = Table::new(&bytes) else { panic!("the table was not read back") };
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w.as_bytes()), Some(i as u64 * 7 + 1), "{w}");
        }
        for w in ["", "w5000x", "w1", "w12x ", "x".repeat(MAX_LEN + 1).as_str()] {
            assert_eq!(t.get(w.as_bytes()), None, "{w}");
        }
    }

    #[test]
    fn a_damaged_table_is_refused_or_answers_nothing() {
        let bytes = build([(&b"smith"[..], 3u64)].into_iter()).unwrap_or_default();
        assert!(Table::new(&bytes[..bytes.len() - 20]).is_none_or(|t| t.get(b"smith").is_none()));
        assert!(Table::new(b"HNW0\x02\0\0\0").is_none());
        assert!(Table::new(&bytes[..6]).is_none());
        assert!(build([(&b""[..], 1u64)].into_iter()).is_err());
    }
}

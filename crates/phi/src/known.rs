//! A small hash map from words of up to 16 bytes to what the lexicons say of them, for the
//! tokenizer's caches: the word's bytes are the key, held inline, so a probe is a multiply and one
//! compare with no string hashing and no pointer to follow (a `HashMap<Box<str>, _>` cost ~150
//! instructions a token, most of the time spent looking up a note's words).

use super::lexicon::Entry;

/// What a cache holds per word: its lexicon entry and its word classes.
pub(super) type Facts = (Entry, u32);

/// The map. Open addressing with linear probing, at most half full.
pub(super) struct Known {
    /// 0 marks an empty slot (no word is empty or holds a 0 byte).
    keys: Vec<u128>,
    facts: Vec<Facts>,
    len: usize,
}

impl Known {
    /// An empty map with room for about `words` words before it grows.
    pub fn with_capacity(words: usize) -> Self {
        let slots = (2 * words).max(16).next_power_of_two();
        Known { keys: vec![0; slots], facts: vec![(Entry::NONE, 0); slots], len: 0 }
    }

    /// The key of `word`: its bytes, zero-padded; `None` for a word longer than 16 bytes or empty.
    pub fn key(word: &str) -> Option<u128> {
        let b = word.as_bytes();
        let mut k = [0u8; 16];
        k.get_mut(..b.len()).filter(|_| !b.is_empty())?.copy_from_slice(b);
        Some(u128::from_le_bytes(k))
    }

    /// [`Self::key`] of `text[start..end]`, read as one 16-byte load where the text allows.
    pub fn key_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
        let len = end.checked_sub(start).filter(|l| (1..=16).contains(l))?;
        match text.get(start..start + 16) {
            Some(w) => Some(u128::from_le_bytes(w.try_into().ok()?) & (u128::MAX >> (8 * (16 - len)))),
            None => Self::key(std::str::from_utf8(text.get(start..end)?).ok()?),
        }
    }

    /// Forgets every word (their bytes are overwritten, also before a map grown large shrinks
    /// back: freed memory keeps what it held).
    pub fn clear(&mut self) {
        self.keys.fill(0);
        self.len = 0;
        if self.keys.len() > 1024 {
            *self = Known::with_capacity(64);
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    fn slot(&self, key: u128) -> usize {
        let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - self.keys.len().trailing_zeros())) as usize
    }

    pub fn get(&self, key: u128) -> Option<Facts> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            match self.keys[i] {
                0 => return None,
                k if k == key => return Some(self.facts[i]),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Adds `key` (not yet in the map).
    pub fn insert(&mut self, key: u128, facts: Facts) {
        if 2 * (self.len + 1) > self.keys.len() {
            let old = std::mem::replace(self, Known::with_capacity(self.keys.len()));
            for (k, f) in old.keys.into_iter().zip(old.facts).filter(|(k, _)| *k != 0) {
                self.put(k, f);
            }
        }
        self.put(key, facts);
    }

    fn put(&mut self, key: u128, facts: Facts) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        while self.keys[i] != 0 {
            i = (i + 1) & mask;
        }
        self.keys[i] = key;
        self.facts[i] = facts;
        self.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_after_the_map_grows_and_long_words_have_no_key() {
        let mut m = Known::with_capacity(4);
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            let Some(k) = Known::key(w) else { panic!("{w} has no key") };
            assert_eq!(m.get(k), None);
            m.insert(k, (Entry::NONE, i as u32));
        }
        assert_eq!(m.len(), 1000);
        let mut small = Known::with_capacity(4);
        small.insert(Known::key("w1").unwrap_or_default(), (Entry::NONE, 1));
        small.clear();
        assert_eq!((small.len(), Known::key("w1").and_then(|k| small.get(k))), (0, None));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(Known::key(w).and_then(|k| m.get(k)).map(|f| f.1), Some(i as u32), "{w}");
        }
        assert!(Known::key("abcdefghijklmnop").is_some());
        let text = b"so the patient abcdefghijklmnopq said";
        for (s, e) in [(0, 2), (3, 6), (7, 14), (15, 31), (33, 37), (36, 37)] {
            let word = std::str::from_utf8(&text[s..e]).unwrap_or_default();
            assert_eq!(Known::key_at(text, s, e), Known::key(word), "{word}");
        }
        assert_eq!(Known::key_at(text, 15, 32), None);
        assert_eq!(Known::key("abcdefghijklmnopq"), None);
        assert_eq!(Known::key(""), None);
    }
}

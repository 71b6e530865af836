//! Runs of bytes of one class (letters, word characters), found 64 bytes at a time.
//!
//! A loop that steps byte by byte to the end of each word mispredicts a branch at every word
//! boundary (word lengths are random), and that, not the work, was most of the cost of the
//! passes over a note. Here each block of 64 bytes becomes a bit mask first (a loop the compiler
//! turns into vector code), and the runs are read off the mask with bit operations.

/// Calls `f(start, end)` for every maximal run of bytes of `bytes` for which `class` holds, in
/// order (`end` exclusive).
pub(super) fn for_each_run(bytes: &[u8], class: impl Fn(u8) -> bool, mut f: impl FnMut(usize, usize)) {
    // Where the run still open at the end of the previous block began.
    let mut open: Option<usize> = None;
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let base = block * 64;
        // One 0/1 byte per byte of the block (vector code), then eight bytes to eight bits at a
        // time: multiplying by this constant gathers the low bit of every byte into the top byte.
        let mut flags = [0u8; 64];
        for (f, &b) in flags.iter_mut().zip(chunk) {
            *f = u8::from(class(b));
        }
        let mut mask = 0u64;
        for (i, eight) in flags.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes([eight[0], eight[1], eight[2], eight[3], eight[4], eight[5], eight[6], eight[7]]);
            mask |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
        }
        // Bit i of `prev`: byte i - 1 is in the class (bit 0: the last byte of the block before).
        let prev = (mask << 1) | u64::from(open.is_some());
        let mut starts = mask & !prev;
        let mut ends = !mask & prev;
        if chunk.len() < 64 {
            // Past the end of the text: a run open there ends at the text's end (below).
            ends &= (1u64 << chunk.len()) - 1;
        }
        loop {
            let s = if starts != 0 { starts.trailing_zeros() } else { 64 };
            let e = if ends != 0 { ends.trailing_zeros() } else { 64 };
            if s == 64 && e == 64 {
                break;
            }
            // A byte is never both a start and an end; an end always follows a start (or closes
            // the run left open by the block before).
            if e < s {
                if let Some(start) = open.take() {
                    f(start, base + e as usize);
                }
                ends &= ends - 1;
            } else {
                open = Some(base + s as usize);
                starts &= starts - 1;
            }
        }
    }
    if let Some(start) = open {
        f(start, bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs found byte by byte, to compare with.
    fn runs_slowly(bytes: &[u8], class: impl Fn(u8) -> bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, &b) in bytes.iter().enumerate() {
            match (class(b), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, bytes.len()));
        }
        out
    }

    #[test]
    fn runs_across_block_boundaries_equal_a_byte_by_byte_scan() {
        let mut texts: Vec<Vec<u8>> = vec![Vec::new(), b"a".to_vec(), b" ".to_vec(), vec![b'x'; 64], vec![b'x'; 65], vec![b'x'; 128], [vec![b' '; 63], vec![b'x'; 2]].concat()];
        // Pseudo-random letters and spaces of many lengths, so runs start and end on every bit.
        let mut seed = 7u64;
        for len in 0..300 {
            let t: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    if (seed >> 60) < 5 { b' ' } else { b'a' }
                })
                .collect();
            texts.push(t);
        }
        for t in texts {
            let mut got = Vec::new();
            for_each_run(&t, |b| b.is_ascii_alphabetic(), |s, e| got.push((s, e)));
            assert_eq!(got, runs_slowly(&t, |b| b.is_ascii_alphabetic()), "{:?}", String::from_utf8_lossy(&t));
        }
    }
}

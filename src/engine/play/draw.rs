//! The run's random numbers: the `draw`th 64-bit word of the ChaCha8 stream that `rand_chacha`
//! gives for the run's seed, computed from the one 64-byte block that holds it.
//!
//! `rand_chacha` always refills four blocks, and in this build (no `std`, so no run-time CPU
//! dispatch) it does so with SSE2 alone; a run draws a single word at a time and seeks first,
//! so three quarters of that work was thrown away on every draw. The words are the same:
//! the tests compare this with `rand_chacha` over many seeds and positions.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// "expand 32-byte k", ChaCha's constant words.
const SIGMA: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// The `draw`th number from the run's ChaCha8 stream, scaled into `0..bound`.
/// Every draw uses exactly one 64-bit word, so a run's RNG state is just `(seed, draws)`.
pub fn draw_below(seed: u64, draw: u64, bound: u64) -> u64 {
    let x = word(seed, draw);
    ((u128::from(x) * u128::from(bound)) >> 64) as u64
}

/// The `draw`th 64-bit word of `ChaCha8Rng::seed_from_u64(seed)` (stream 0).
pub fn word(seed: u64, draw: u64) -> u64 {
    // The key is the seed as `rand_core` expands it (constructing the generator computes no
    // block).
    let key = ChaCha8Rng::seed_from_u64(seed).get_seed();
    // Word `2 * draw` of the stream: block `draw / 8`, words `2 * (draw % 8)` and the next.
    let block = block8(&key, draw / 8);
    let at = 2 * (draw % 8) as usize;
    u64::from(block[at]) | (u64::from(block[at + 1]) << 32)
}

/// One ChaCha block with 8 rounds: `key`, a 64-bit block counter and a zero 64-bit stream id,
/// as `rand_chacha` lays them out.
fn block8(key: &[u8; 32], counter: u64) -> [u32; 16] {
    let mut init = [0u32; 16];
    init[..4].copy_from_slice(&SIGMA);
    for (w, k) in init[4..12].iter_mut().zip(key.chunks_exact(4)) {
        *w = u32::from_le_bytes([k[0], k[1], k[2], k[3]]);
    }
    init[12] = counter as u32;
    init[13] = (counter >> 32) as u32;
    let mut x = init;
    for _ in 0..4 {
        quarter(&mut x, 0, 4, 8, 12);
        quarter(&mut x, 1, 5, 9, 13);
        quarter(&mut x, 2, 6, 10, 14);
        quarter(&mut x, 3, 7, 11, 15);
        quarter(&mut x, 0, 5, 10, 15);
        quarter(&mut x, 1, 6, 11, 12);
        quarter(&mut x, 2, 7, 8, 13);
        quarter(&mut x, 3, 4, 9, 14);
    }
    for (o, i) in x.iter_mut().zip(init) {
        *o = o.wrapping_add(i);
    }
    x
}

#[inline(always)]
fn quarter(x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// What `rand_chacha` gives: seek to the word and read one `u64`.
    fn reference(seed: u64, draw: u64) -> u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_word_pos(u128::from(draw) * 2);
        rng.next_u64()
    }

    #[test]
    fn every_word_is_the_one_rand_chacha_gives() {
        for seed in (0..64).chain([u64::MAX, 1 << 63, 0xDEAD_BEEF]) {
            for draw in (0..40).chain([63, 64, 65, 1 << 20, (1 << 32) + 7, u64::MAX / 2]) {
                assert_eq!(word(seed, draw), reference(seed, draw), "seed {seed} draw {draw}");
            }
        }
    }

    #[test]
    fn a_stream_read_in_order_is_the_words_in_order() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for draw in 0..100 {
            assert_eq!(word(7, draw), rng.next_u64(), "draw {draw}");
        }
    }

    #[test]
    fn draws_fall_below_their_bound() {
        for draw in 0..200 {
            for bound in [1, 2, 3, 7, 100] {
                assert!(draw_below(3, draw, bound) < bound);
            }
        }
    }
}

//! A small, seeded pseudo-random number generator (xoshiro256** seeded by
//! splitmix64).
//!
//! The engine needs reproducible streams, not cryptographic quality. Each
//! Monte Carlo sample gets its own stream derived from the run's seed and the
//! sample's index, so results do not depend on how samples are spread over
//! threads. This module does not try to reproduce KTAB's Mersenne-Twister
//! stream; stochastic SMP runs are reproducible within statecraft only.

/// splitmix64 step: used to expand a seed into a full generator state.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** generator.
#[derive(Debug, Clone)]
pub struct Rng {
    state: [u64; 4],
}

impl Rng {
    /// A generator seeded from one 64-bit seed.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut state = [0u64; 4];
        for word in &mut state {
            *word = splitmix64(&mut sm);
        }
        // An all-zero state would be a fixed point; splitmix64 never yields
        // four zeros in a row, but guard anyway so the type has no bad state.
        if state == [0; 4] {
            state[0] = 1;
        }
        Rng { state }
    }

    /// An independent stream for item `index` of a run seeded with `seed`.
    pub fn for_stream(seed: u64, index: u64) -> Self {
        let mut sm = seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mixed = splitmix64(&mut sm) ^ splitmix64(&mut sm).rotate_left(17);
        Rng::new(mixed)
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.state[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.state[1] << 17;
        self.state[2] ^= self.state[0];
        self.state[3] ^= self.state[1];
        self.state[1] ^= self.state[2];
        self.state[0] ^= self.state[3];
        self.state[2] ^= t;
        self.state[3] = self.state[3].rotate_left(45);
        result
    }

    /// A uniform number in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in [low, high].
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.next_f64()
    }
}

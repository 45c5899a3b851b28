//! Flat `f64` tables and the stride plans that map the entries of a large
//! table onto those of a smaller one whose variables are a subset.
//!
//! Every table in the crate lists its variables outermost first: the last
//! variable varies fastest. A [`Projection`] is computed once (when a junction
//! tree is compiled) and then drives sum- and max-marginalisation and
//! multiplication in tight loops with no hashing and no allocation. Adjacent
//! dimensions that step through the small table in lockstep are merged, so the
//! innermost loop usually runs over a long contiguous block.
//!
//! Tables of at least [`PARALLEL_MIN`] entries are split into pieces of whole
//! runs and processed on rayon's threads; results do not depend on how many.
//!
//! This module knows nothing about variables' names or networks.

use rayon::prelude::*;

/// Most dimensions a table can have after merging. A table with more than 64
/// dimensions of two or more states would have over 2^64 entries, which the
/// size checks rule out long before a projection is built.
const MAX_DIMS: usize = 64;

/// Tables with at least this many entries are processed by several threads.
const PARALLEL_MIN: usize = 1 << 18;

/// Pieces a large table is split into.
const PIECES: usize = 4;

/// Maps each entry of a big table onto one entry of a small table.
#[derive(Debug, Clone)]
pub(crate) struct Projection {
    /// Outer (merged) dimensions, outermost first: cardinality and the step
    /// in the small table.
    outer_cards: Vec<usize>,
    outer_strides: Vec<usize>,
    /// The dimension just outside the runs, walked without the odometer:
    /// its length (1 if there is none) and its step in the small table.
    mid_len: usize,
    mid_stride: usize,
    /// The innermost merged dimension: its length and its step in the small table.
    run_len: usize,
    run_stride: usize,
    big_len: usize,
}

/// Strides of a table whose dimensions have the given cardinalities (last fastest).
pub(crate) fn strides(cards: &[usize]) -> Vec<usize> {
    let mut strides = vec![0; cards.len()];
    let mut step = 1;
    for (stride, &card) in strides.iter_mut().zip(cards).rev() {
        *stride = step;
        step *= card;
    }
    strides
}

impl Projection {
    /// `big_vars` and `small_vars` are variable ids; `cards` is indexed by id.
    /// Every small variable must occur among the big ones.
    pub(crate) fn new(big_vars: &[usize], small_vars: &[usize], cards: &[usize]) -> Self {
        let small_cards: Vec<usize> = small_vars.iter().map(|&v| cards[v]).collect();
        let small_strides = strides(&small_cards);
        let big_cards: Vec<usize> = big_vars.iter().map(|&v| cards[v]).collect();
        let steps: Vec<usize> = big_vars
            .iter()
            .map(|v| {
                small_vars
                    .iter()
                    .position(|s| s == v)
                    .map_or(0, |i| small_strides[i])
            })
            .collect();
        Self::from_dims(&big_cards, &steps)
    }

    /// From the big table's cardinalities and, for each, the step it makes in
    /// the small table (0 when the dimension is summed out).
    pub(crate) fn from_dims(big_cards: &[usize], steps: &[usize]) -> Self {
        let big_len = big_cards.iter().product();
        // Merge from the innermost dimension outwards.
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(big_cards.len());
        for (&card, &step) in big_cards.iter().zip(steps).rev() {
            if card == 1 {
                continue;
            }
            match merged.last_mut() {
                Some(inner) if step == inner.1 * inner.0 => inner.0 *= card,
                _ => merged.push((card, step)),
            }
        }
        let (run_len, run_stride) = if merged.is_empty() {
            (1, 0)
        } else {
            merged.remove(0)
        };
        let (mid_len, mid_stride) = if merged.is_empty() {
            (1, 0)
        } else {
            merged.remove(0)
        };
        merged.reverse();
        debug_assert!(merged.len() < MAX_DIMS);
        Self {
            outer_cards: merged.iter().map(|d| d.0).collect(),
            outer_strides: merged.iter().map(|d| d.1).collect(),
            mid_len,
            mid_stride,
            run_len,
            run_stride,
            big_len,
        }
    }

    pub(crate) fn big_len(&self) -> usize {
        self.big_len
    }

    /// Calls `f(run, small_base)` for each innermost run, in order; run `r`
    /// covers big entries `r * run_len .. (r + 1) * run_len`.
    #[inline]
    fn for_each_run(&self, f: impl FnMut(usize, usize)) {
        self.for_each_run_in(0, self.runs(), f);
    }

    fn runs(&self) -> usize {
        self.big_len / self.run_len.max(1)
    }

    /// Like [`Projection::for_each_run`] for runs `first .. first + count`.
    /// Runs within one step of the middle dimension are walked by adding its
    /// stride; only past it does the odometer over the outer dimensions turn.
    #[inline]
    fn for_each_run_in(&self, first: usize, count: usize, mut f: impl FnMut(usize, usize)) {
        let depth = self.outer_cards.len().min(MAX_DIMS);
        let cards = &self.outer_cards[..depth];
        let steps = &self.outer_strides[..depth];
        let mut counter = [0usize; MAX_DIMS];
        let mid_len = self.mid_len.max(1);
        let mid_stride = self.mid_stride;
        // Mixed-radix digits of the first run's block give the odometer's start.
        let mut base = 0;
        let mut rest = first / mid_len;
        for d in (0..depth).rev() {
            counter[d] = rest % cards[d];
            rest /= cards[d];
            base += counter[d] * steps[d];
        }
        let mut m = first % mid_len;
        let mut run = first;
        let end = first + count;
        while run < end {
            let take = (mid_len - m).min(end - run);
            let mut j = base + m * mid_stride;
            for _ in 0..take {
                f(run, j);
                run += 1;
                j += mid_stride;
            }
            m = 0;
            let mut d = depth;
            while d > 0 {
                d -= 1;
                counter[d] += 1;
                base += steps[d];
                if counter[d] < cards[d] {
                    break;
                }
                base -= steps[d] * cards[d];
                counter[d] = 0;
            }
        }
    }

    /// How many runs each parallel piece takes, or `None` to stay sequential.
    /// The number of pieces is fixed, not taken from the thread count, so
    /// that sums are added in the same order on any machine.
    fn parallel_runs(&self) -> Option<usize> {
        if self.big_len < PARALLEL_MIN {
            return None;
        }
        Some(self.runs().div_ceil(PIECES).max(1))
    }

    /// `small[j] += big[i]` for every big entry `i` mapped to `j`. Large
    /// tables are split between threads, each summing into its own copy of
    /// the small table; the copies are added in a fixed order, so the result
    /// does not depend on scheduling.
    pub(crate) fn sum_into(&self, big: &[f64], small: &mut [f64]) {
        let Some(per_piece) = self.parallel_runs() else {
            self.sum_runs(0, self.runs(), big, small);
            return;
        };
        let pieces = self.runs().div_ceil(per_piece);
        let partials: Vec<Vec<f64>> = (0..pieces)
            .into_par_iter()
            .map(|piece| {
                let first = piece * per_piece;
                let count = per_piece.min(self.runs() - first);
                let mut partial = vec![0.0; small.len()];
                let start = first * self.run_len;
                self.sum_runs(
                    first,
                    count,
                    &big[start..start + count * self.run_len],
                    &mut partial,
                );
                partial
            })
            .collect();
        for partial in partials {
            for (out, x) in small.iter_mut().zip(partial) {
                *out += x;
            }
        }
    }

    /// Sums runs `first .. first + count`, whose entries are `big` (a slice
    /// starting at run `first`), into `small`.
    fn sum_runs(&self, first: usize, count: usize, big: &[f64], small: &mut [f64]) {
        let n = self.run_len;
        let mut at = 0;
        // One loop per kind of run, so the kind is not tested run by run.
        match self.run_stride {
            0 => self.for_each_run_in(first, count, |_, j| {
                small[j] += big[at..at + n].iter().sum::<f64>();
                at += n;
            }),
            1 => self.for_each_run_in(first, count, |_, j| {
                for (out, x) in small[j..j + n].iter_mut().zip(&big[at..at + n]) {
                    *out += x;
                }
                at += n;
            }),
            s => self.for_each_run_in(first, count, |_, j| {
                for (k, x) in big[at..at + n].iter().enumerate() {
                    small[j + k * s] += x;
                }
                at += n;
            }),
        }
    }

    /// `small[j] = max(small[j], big[i])`.
    pub(crate) fn max_into(&self, big: &[f64], small: &mut [f64]) {
        let n = self.run_len;
        let s = self.run_stride;
        let mut chunks = big.chunks_exact(n);
        self.for_each_run(|_, j| {
            let Some(block) = chunks.next() else { return };
            match s {
                0 => {
                    let m = block.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    small[j] = small[j].max(m);
                }
                1 => {
                    for (out, x) in small[j..j + n].iter_mut().zip(block) {
                        *out = out.max(*x);
                    }
                }
                _ => {
                    for (k, x) in block.iter().enumerate() {
                        let out = &mut small[j + k * s];
                        *out = out.max(*x);
                    }
                }
            }
        });
    }

    /// `big[i] *= small[j]`; large tables in parallel pieces.
    pub(crate) fn multiply(&self, big: &mut [f64], small: &[f64]) {
        match self.parallel_runs() {
            None => self.multiply_runs(0, self.runs(), big, small),
            Some(per_piece) => big
                .par_chunks_mut(per_piece * self.run_len)
                .enumerate()
                .for_each(|(piece, part)| {
                    let count = part.len() / self.run_len.max(1);
                    self.multiply_runs(piece * per_piece, count, part, small);
                }),
        }
    }

    fn multiply_runs(&self, first: usize, count: usize, big: &mut [f64], small: &[f64]) {
        let n = self.run_len;
        let mut at = 0;
        match self.run_stride {
            0 => self.for_each_run_in(first, count, |_, j| {
                let m = small[j];
                if m != 1.0 {
                    for x in &mut big[at..at + n] {
                        *x *= m;
                    }
                }
                at += n;
            }),
            1 => self.for_each_run_in(first, count, |_, j| {
                for (x, m) in big[at..at + n].iter_mut().zip(&small[j..j + n]) {
                    *x *= m;
                }
                at += n;
            }),
            s => self.for_each_run_in(first, count, |_, j| {
                for (k, x) in big[at..at + n].iter_mut().enumerate() {
                    *x *= small[j + k * s];
                }
                at += n;
            }),
        }
    }

    /// `big[i] = small[j]`; large tables in parallel pieces.
    pub(crate) fn assign(&self, big: &mut [f64], small: &[f64]) {
        match self.parallel_runs() {
            None => self.assign_runs(0, self.runs(), big, small),
            Some(per_piece) => big
                .par_chunks_mut(per_piece * self.run_len)
                .enumerate()
                .for_each(|(piece, part)| {
                    let count = part.len() / self.run_len.max(1);
                    self.assign_runs(piece * per_piece, count, part, small);
                }),
        }
    }

    fn assign_runs(&self, first: usize, count: usize, big: &mut [f64], small: &[f64]) {
        let n = self.run_len;
        let mut at = 0;
        match self.run_stride {
            0 => self.for_each_run_in(first, count, |_, j| {
                big[at..at + n].fill(small[j]);
                at += n;
            }),
            1 => self.for_each_run_in(first, count, |_, j| {
                big[at..at + n].copy_from_slice(&small[j..j + n]);
                at += n;
            }),
            s => self.for_each_run_in(first, count, |_, j| {
                for (k, x) in big[at..at + n].iter_mut().enumerate() {
                    *x = small[j + k * s];
                }
                at += n;
            }),
        }
    }

    /// Calls `f(i, j)` for every big entry `i` and the small entry `j` it maps to.
    pub(crate) fn for_each_pair(&self, mut f: impl FnMut(usize, usize)) {
        let n = self.run_len;
        let s = self.run_stride;
        self.for_each_run(|run, j| {
            for k in 0..n {
                f(run * n + k, j + k * s);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_sums_out_the_middle_variable() {
        // Variables 0, 1, 2 with 2, 3, 2 states; project onto (0, 2).
        let cards = [2, 3, 2];
        let big: Vec<f64> = (0..12).map(f64::from).collect();
        let projection = Projection::new(&[0, 1, 2], &[0, 2], &cards);
        let mut small = vec![0.0; 4];
        projection.sum_into(&big, &mut small);
        // Entry (a, c) sums b: index a*6 + b*2 + c.
        assert_eq!(small, vec![0.0 + 2.0 + 4.0, 1.0 + 3.0 + 5.0, 24.0, 27.0]);
    }

    #[test]
    fn projection_onto_reordered_variables() {
        let cards = [2, 3];
        let big: Vec<f64> = (0..6).map(f64::from).collect();
        let projection = Projection::new(&[0, 1], &[1, 0], &cards);
        let mut small = vec![0.0; 6];
        projection.sum_into(&big, &mut small);
        assert_eq!(small, vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    }
}

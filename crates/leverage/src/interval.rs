//! Closed intervals of non-negative reals, for carrying ranges through the leverage
//! arithmetic (shares, totals, indices).
//!
//! Only the operations the engine needs, on non-negative operands: sums, products,
//! quotients, hulls and clamping. A figure the sources agree on is a degenerate
//! interval. No rounding is done here; presentation rounds.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub const ZERO: Interval = Interval {
        low: 0.0,
        high: 0.0,
    };

    /// An interval from two ends, in either order.
    pub fn new(a: f64, b: f64) -> Interval {
        Interval {
            low: a.min(b),
            high: a.max(b),
        }
    }

    pub fn point(x: f64) -> Interval {
        Interval { low: x, high: x }
    }

    pub fn mid(self) -> f64 {
        (self.low + self.high) / 2.0
    }

    pub fn width(self) -> f64 {
        self.high - self.low
    }

    pub fn plus(self, other: Interval) -> Interval {
        Interval::new(self.low + other.low, self.high + other.high)
    }

    /// The product of two non-negative intervals.
    pub fn times(self, other: Interval) -> Interval {
        Interval::new(self.low * other.low, self.high * other.high)
    }

    pub fn scale(self, factor: f64) -> Interval {
        Interval::new(self.low * factor, self.high * factor)
    }

    /// The quotient of two non-negative intervals; `None` when the divisor may be 0.
    pub fn divided_by(self, other: Interval) -> Option<Interval> {
        if other.low <= 0.0 {
            return None;
        }
        Some(Interval::new(self.low / other.high, self.high / other.low))
    }

    /// `1 − self`, for a share.
    pub fn complement(self) -> Interval {
        Interval::new(1.0 - self.high, 1.0 - self.low)
    }

    /// The smallest interval holding both.
    pub fn hull(self, other: Interval) -> Interval {
        Interval::new(self.low.min(other.low), self.high.max(other.high))
    }

    /// Both ends clamped into `[low, high]`.
    pub fn clamp(self, low: f64, high: f64) -> Interval {
        Interval::new(self.low.clamp(low, high), self.high.clamp(low, high))
    }

    /// True when every value of `self` exceeds every value of `other`.
    pub fn above(self, other: Interval) -> bool {
        self.low > other.high
    }
}

impl fmt::Display for Interval {
    /// Four significant decimals, one number when the ends agree at that precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let low = format!("{:.4}", self.low);
        let high = format!("{:.4}", self.high);
        if low == high {
            f.write_str(&low)
        } else {
            write!(f, "{low}–{high}")
        }
    }
}

/// A share interval as percentages: `81–99%`, `1.1–1.4%`, `36%`.
pub fn percent(share: Interval) -> String {
    let p = |x: f64| {
        let v = x * 100.0;
        if v != 0.0 && v.abs() < 10.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        }
    };
    let (low, high) = (p(share.low), p(share.high));
    if low == high {
        format!("{low}%")
    } else {
        format!("{low}–{high}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_on_non_negative_intervals() {
        let a = Interval::new(0.6, 0.3);
        assert_eq!((a.low, a.high), (0.3, 0.6));
        assert_eq!(a.times(a), Interval::new(0.09, 0.36));
        assert_eq!(a.complement(), Interval::new(0.4, 0.7));
        let total = Interval::point(600.0).divided_by(Interval::new(0.5, 0.6));
        assert_eq!(total, Some(Interval::new(1000.0, 1200.0)));
        assert_eq!(
            Interval::point(1.0).divided_by(Interval::new(0.0, 1.0)),
            None
        );
        assert_eq!(a.hull(Interval::point(0.9)), Interval::new(0.3, 0.9));
        assert!(Interval::new(0.5, 0.7).above(Interval::new(0.1, 0.49)));
        assert!(!Interval::new(0.5, 0.7).above(Interval::new(0.1, 0.5)));
        assert_eq!(percent(Interval::new(0.81, 0.99)), "81–99%");
        assert_eq!(percent(Interval::new(0.011_33, 0.013_85)), "1.1–1.4%");
        assert_eq!(percent(Interval::point(0.0)), "0%");
    }
}

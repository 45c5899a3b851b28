//! The leverage engine: which partner can hurt a target most, through which channels,
//! with the ranges the sources leave and the evidence behind every input.
//!
//! For a target actor and a date, [`leverage`] reads each channel kind's observations
//! into each partner's share of the target's total ([`shares`]), forms a leverage index
//! per partner and channel — share × (1 − substitutability), weighted by the channel's
//! importance — and sums it ([`index`]); it ranks the partners, says whether the ranking
//! can change anywhere inside the ranges, and lists the inputs that drive it. All
//! arithmetic is on [`Interval`]s. docs/leverage.md gives the formula and every reading
//! rule.
//!
//! The engine is a pure function of a model view: no I/O, no printing, no clock. It
//! does not judge how willing a partner is to use its leverage, nor weigh channels by
//! anything the model does not state (weights are the caller's, equal by default).

pub mod error;
pub mod index;
pub mod interval;
pub mod section;
pub mod shares;

pub use error::LeverageError;
pub use index::{
    ChannelIndex, DEFAULT_WIDENING, Driver, Leverage, Options, PartnerLeverage, leverage,
};
pub use interval::{Interval, percent};
pub use section::leverage_section;
pub use shares::{
    ChannelShares, Input, InputRole, LEVEL_SHARES, PartnerShare, ShareBasis, Skipped, Total,
    amount, channel_shares, level_share,
};

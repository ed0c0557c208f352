//! Fine ranges (罚款幅度) over [`Fen`], the crate's one money type: a fine is a legal amount
//! and must add up to the fen in every document, so ranges are whole 分, never floating point.
//!
//! Not here: the amount itself, its parsing and display (see [`crate::money`]).

use crate::money::Fen;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A fine range, both ends included: 0 ≤ min ≤ max.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RangeFields")]
pub struct FineRange {
    min: Fen,
    max: Fen,
}

#[derive(Deserialize)]
struct RangeFields {
    min: Fen,
    max: Fen,
}

impl TryFrom<RangeFields> for FineRange {
    type Error = String;

    fn try_from(r: RangeFields) -> Result<Self, Self::Error> {
        FineRange::new(r.min, r.max).ok_or_else(|| format!("罚款幅度无效：{}至{}", r.min, r.max))
    }
}

impl FineRange {
    /// `None` unless min ≤ max ([`Fen`] is never negative).
    pub fn new(min: Fen, max: Fen) -> Option<FineRange> {
        (min <= max).then_some(FineRange { min, max })
    }

    /// A range given in whole 元, as statutes state them (五百元以上二千元以下); `None` when
    /// an end is negative or too large, or min > max.
    pub fn from_yuan(min: i64, max: i64) -> Option<FineRange> {
        FineRange::new(Fen::from_yuan(min).ok()?, Fen::from_yuan(max).ok()?)
    }

    pub fn min(self) -> Fen {
        self.min
    }

    pub fn max(self) -> Fen {
        self.max
    }

    pub fn contains(self, amount: Fen) -> bool {
        self.min <= amount && amount <= self.max
    }

    /// Whether `inner` lies wholly inside this range.
    pub fn covers(self, inner: FineRange) -> bool {
        self.min <= inner.min && inner.max <= self.max
    }

    /// The point `percent`% of the way from min to max, as an exact fraction of 分: returned
    /// rounded down and rounded up, so that "at or below" and "at or above" it are both exact.
    pub fn point(self, percent: u32) -> (Fen, Fen) {
        let span = i128::from(self.max.get() - self.min.get());
        let scaled = span * i128::from(percent.min(100));
        let down = scaled / 100;
        let up = down + i128::from(scaled % 100 != 0);
        // Both lie within [0, span], so min + offset lies within [min, max].
        let at = |offset: i128| {
            Fen::new(self.min.get() + offset as i64).expect("a point of the range lies within it")
        };
        (at(down), at(up))
    }
}

/// `500.00元至2,000.00元`, or `200.00元` when both ends are equal.
impl fmt::Display for FineRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}至{}", self.min, self.max)
        }
    }
}

//! Three-valued logic (Kleene's strong logic): yes, no, or unknown because the activity
//! left out a fact a rule needs, or because the date is too coarse to say.
//!
//! The engine combines criteria with these connectives, so an unknown fact only makes
//! the answer unknown when the answer depends on it: a restriction that matches on
//! known fields settles "restricted" whatever the unknown fields are. Kleene logic is
//! sound but not complete: it never turns an unknown into a yes or a no, and it may
//! leave unknown an answer that a case-by-case analysis could settle.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    Yes,
    No,
    Unknown,
}

impl Truth {
    pub fn from_bool(value: bool) -> Truth {
        if value { Truth::Yes } else { Truth::No }
    }

    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::No, _) | (_, Truth::No) => Truth::No,
            (Truth::Yes, Truth::Yes) => Truth::Yes,
            _ => Truth::Unknown,
        }
    }

    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::Yes, _) | (_, Truth::Yes) => Truth::Yes,
            (Truth::No, Truth::No) => Truth::No,
            _ => Truth::Unknown,
        }
    }

    pub fn negate(self) -> Truth {
        match self {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            Truth::Unknown => Truth::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Truth::Yes => "yes",
            Truth::No => "no",
            Truth::Unknown => "unknown",
        }
    }
}

/// The conjunction of any number of truths (yes for none).
pub fn all(truths: impl IntoIterator<Item = Truth>) -> Truth {
    truths.into_iter().fold(Truth::Yes, Truth::and)
}

/// The disjunction of any number of truths (no for none).
pub fn any(truths: impl IntoIterator<Item = Truth>) -> Truth {
    truths.into_iter().fold(Truth::No, Truth::or)
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, *};

    #[test]
    fn connectives_follow_kleene() {
        let values = [Yes, No, Unknown];
        for a in values {
            for b in values {
                // De Morgan holds in Kleene logic.
                assert_eq!(a.and(b).negate(), a.negate().or(b.negate()));
                assert_eq!(a.and(b), b.and(a));
                assert_eq!(a.or(b), b.or(a));
            }
        }
        assert_eq!(Unknown.and(No), No);
        assert_eq!(Unknown.or(Yes), Yes);
        assert_eq!(Unknown.and(Yes), Unknown);
        assert_eq!(super::all(Vec::<Truth>::new()), Yes);
        assert_eq!(super::any(Vec::<Truth>::new()), No);
    }
}

//! Dates with their precision.
//!
//! Sources give dates at many precisions: a day, a month, a year, a decade, or a span
//! such as "the second half of the nineteenth century". A [`Date`] keeps the precision it
//! was written with and covers an interval of days, so comparisons ("published by D",
//! "in force at D") are interval comparisons. This module does no calendar arithmetic
//! beyond the proleptic Gregorian calendar and never looks at the clock.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day, as (year, month, day), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// Builds a day, checking that it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for durations.
    pub fn ordinal(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day with the given ordinal (inverse of [`Day::ordinal`]).
    pub fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Day {
            year: i32::try_from(y).unwrap_or(i32::MAX),
            month: u8::try_from(m).unwrap_or(1),
            day: u8::try_from(d).unwrap_or(1),
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// How precisely a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    Decade,
    Interval,
}

/// A date at the precision a source gives it; it covers the days `start..=end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub start: Day,
    pub end: Day,
    pub precision: Precision,
    /// The precisions of the two ends of an interval, so it is written back as it was read.
    bounds: (Precision, Precision),
}

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date {text:?}: {why} (expected YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1990s, or an interval A/B)"
)]
pub struct DateError {
    pub text: String,
    pub why: &'static str,
}

impl Date {
    /// A single day.
    pub fn day(day: Day) -> Date {
        Date {
            start: day,
            end: day,
            precision: Precision::Day,
            bounds: (Precision::Day, Precision::Day),
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYYs` (decade) or `A/B` where A and B are
    /// any of the former.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let error = |why| DateError {
            text: text.to_string(),
            why,
        };
        if let Some((a, b)) = text.split_once('/') {
            let a = Self::parse_simple(a).map_err(|e| error(e.why))?;
            let b = Self::parse_simple(b).map_err(|e| error(e.why))?;
            if b.end < a.start {
                return Err(error("the interval ends before it starts"));
            }
            return Ok(Date {
                start: a.start,
                end: b.end,
                precision: Precision::Interval,
                bounds: (a.precision, b.precision),
            });
        }
        Self::parse_simple(text)
    }

    fn parse_simple(text: &str) -> Result<Date, DateError> {
        let error = |why| DateError {
            text: text.to_string(),
            why,
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(decade) = text.strip_suffix('s') {
            if !digits(decade, 4) || !decade.ends_with('0') {
                return Err(error(
                    "a decade is written as four digits ending in 0, then s",
                ));
            }
            let year: i32 = decade.parse().map_err(|_| error("bad year"))?;
            return Ok(Date {
                start: Day {
                    year,
                    month: 1,
                    day: 1,
                },
                end: Day {
                    year: year + 9,
                    month: 12,
                    day: 31,
                },
                precision: Precision::Decade,
                bounds: (Precision::Decade, Precision::Decade),
            });
        }
        let parts: Vec<&str> = text.split('-').collect();
        if parts.is_empty() || !digits(parts[0], 4) {
            return Err(error("the year must have four digits"));
        }
        let year: i32 = parts[0].parse().map_err(|_| error("bad year"))?;
        match parts.len() {
            1 => Ok(Date {
                start: Day {
                    year,
                    month: 1,
                    day: 1,
                },
                end: Day {
                    year,
                    month: 12,
                    day: 31,
                },
                precision: Precision::Year,
                bounds: (Precision::Year, Precision::Year),
            }),
            2 | 3 => {
                if !digits(parts[1], 2) {
                    return Err(error("the month must have two digits"));
                }
                let month: u8 = parts[1].parse().map_err(|_| error("bad month"))?;
                if !(1..=12).contains(&month) {
                    return Err(error("the month must be 01 to 12"));
                }
                if parts.len() == 2 {
                    return Ok(Date {
                        start: Day {
                            year,
                            month,
                            day: 1,
                        },
                        end: Day {
                            year,
                            month,
                            day: days_in_month(year, month),
                        },
                        precision: Precision::Month,
                        bounds: (Precision::Month, Precision::Month),
                    });
                }
                if !digits(parts[2], 2) {
                    return Err(error("the day must have two digits"));
                }
                let day: u8 = parts[2].parse().map_err(|_| error("bad day"))?;
                let day =
                    Day::new(year, month, day).ok_or_else(|| error("no such day in that month"))?;
                Ok(Date::day(day))
            }
            _ => Err(error("too many parts")),
        }
    }

    /// The years this date touches (for checking that a source states them).
    pub fn years(&self) -> Vec<i32> {
        match self.precision {
            Precision::Decade => vec![self.start.year],
            Precision::Interval => {
                if self.start.year == self.end.year {
                    vec![self.start.year]
                } else {
                    vec![self.start.year, self.end.year]
                }
            }
            _ => vec![self.start.year],
        }
    }

    /// True when the two dates share at least one day.
    pub fn overlaps(&self, other: &Date) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Chronological order by start, then end: the order tables and timelines use.
    pub fn chronological(&self, other: &Date) -> Ordering {
        (self.start, self.end).cmp(&(other.start, other.end))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.precision == Precision::Interval {
            write_at(f, self.start, self.bounds.0)?;
            write!(f, "/")?;
            write_at(f, self.end, self.bounds.1)
        } else {
            write_at(f, self.start, self.precision)
        }
    }
}

/// Writes one end of a date at the given precision, the way it was parsed.
fn write_at(f: &mut fmt::Formatter<'_>, day: Day, precision: Precision) -> fmt::Result {
    match precision {
        Precision::Day | Precision::Interval => write!(f, "{day}"),
        Precision::Month => write!(f, "{:04}-{:02}", day.year, day.month),
        Precision::Year => write!(f, "{:04}", day.year),
        Precision::Decade => write!(f, "{:04}s", day.year - day.year.rem_euclid(10)),
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, start: &str, end: &str) {
        let date = Date::parse(text).expect("parses");
        assert_eq!(
            (date.start.to_string(), date.end.to_string()),
            (start.into(), end.into())
        );
        assert_eq!(date.to_string(), text, "displays as written");
    }

    #[test]
    fn precisions_cover_their_days() {
        check("2019-04-25", "2019-04-25", "2019-04-25");
        check("2016-02", "2016-02-01", "2016-02-29");
        check("2017", "2017-01-01", "2017-12-31");
        check("1990s", "1990-01-01", "1999-12-31");
        check("1850/1899", "1850-01-01", "1899-12-31");
        check("2011-03/2013-09", "2011-03-01", "2013-09-30");
        check("2014-09-22/2014-10-01", "2014-09-22", "2014-10-01");
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "2019-4",
            "19",
            "2019-13",
            "2019-02-30",
            "1995s",
            "2019/2018",
            "x",
            "2019-01-01-01",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn ordinal_round_trips() {
        for z in [-800_000, -1, 0, 1, 18_000, 20_000, 2_000_000] {
            assert_eq!(Day::from_ordinal(z).ordinal(), z);
        }
        assert_eq!(Day::new(1970, 1, 1).map(Day::ordinal), Some(0));
        assert_eq!(Day::new(2000, 3, 1).map(Day::ordinal), Some(11_017));
    }
}

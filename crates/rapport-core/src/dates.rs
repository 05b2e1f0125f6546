//! Calendar dates that may lack a year (birthdays from phones often do) and
//! the fixed text form instants are stored in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// A month and day with an optional year: `1985-03-14` or `--03-14` (the
/// vCard 4 form for a date without a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(export, type = "string")]
pub struct PartialDate {
    /// The year, when known.
    pub year: Option<i32>,
    /// 1–12.
    pub month: u32,
    /// 1–31, valid for the month (29 February allowed without a year).
    pub day: u32,
}

impl PartialDate {
    /// A full date.
    pub fn from_date(d: NaiveDate) -> Self {
        PartialDate {
            year: Some(d.year()),
            month: d.month(),
            day: d.day(),
        }
    }

    /// Checks that month and day form a real date (in a leap year when the year is unknown).
    pub fn new(year: Option<i32>, month: u32, day: u32) -> Option<Self> {
        if year.is_some_and(|y| !YEARS.contains(&y)) {
            return None;
        }
        NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
        Some(PartialDate { year, month, day })
    }

    /// The day this date falls on in `year`: 29 February falls on 28 February in common years.
    pub fn anniversary_in(&self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default())
    }

    /// Whole years from this date to `on`, when the year is known.
    pub fn years_on(&self, on: NaiveDate) -> Option<i32> {
        let y = self.year?;
        let mut years = on.year() - y;
        if on < self.anniversary_in(on.year()) {
            years -= 1;
        }
        Some(years)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

impl FromStr for PartialDate {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "date",
                format!("'{s}' is not a date (YYYY-MM-DD or --MM-DD)"),
            )
        };
        let s = s.trim();
        if let Some(md) = s.strip_prefix("--") {
            let (m, d) = md.split_once('-').ok_or_else(bad)?;
            let month = m.parse().map_err(|_| bad())?;
            let day = d.parse().map_err(|_| bad())?;
            return PartialDate::new(None, month, day).ok_or_else(bad);
        }
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?;
        check_day(d, "date")?;
        Ok(PartialDate::from_date(d))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The years a book holds: four digits, the form every stored date is
/// written and read in (`YYYY-MM-DD`). A date outside them (`+10000-01-01`)
/// is refused before it is written; one stored by an older version is
/// skipped by the lists that meet it and listed by `rapport check`.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// `d` when its year is in [`YEARS`], else an error naming `field`.
pub fn check_day(d: NaiveDate, field: &str) -> Result<NaiveDate> {
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(Error::invalid(
            field,
            format!("{d} is outside the years 0001 to 9999"),
        ))
    }
}

/// `t` when its (UTC) year is in [`YEARS`], else an error naming `field`.
pub fn check_instant(t: DateTime<Utc>, field: &str) -> Result<DateTime<Utc>> {
    check_day(t.date_naive(), field).map(|_| t)
}

/// A partial date's year is in [`YEARS`] (one built field by field may not be).
pub fn check_partial(d: PartialDate, field: &str) -> Result<PartialDate> {
    PartialDate::new(d.year, d.month, d.day)
        .ok_or_else(|| Error::invalid(field, format!("{d} is not a date between 0001 and 9999")))
}

/// The one text form instants are stored in: RFC 3339, UTC, seconds, `Z`.
/// Fixed width, so text order is time order.
pub fn instant_to_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses the stored form back (any RFC 3339 is accepted).
pub fn instant_from_text(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::invalid("time", format!("'{s}' is not an RFC 3339 time")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms() {
        assert_eq!(
            "1985-03-14".parse::<PartialDate>().unwrap(),
            PartialDate::new(Some(1985), 3, 14).unwrap()
        );
        assert_eq!(
            "--02-29".parse::<PartialDate>().unwrap(),
            PartialDate::new(None, 2, 29).unwrap()
        );
        assert!("1985-02-30".parse::<PartialDate>().is_err());
        assert!("--13-01".parse::<PartialDate>().is_err());
        assert_eq!(
            PartialDate::new(None, 2, 29).unwrap().to_string(),
            "--02-29"
        );
    }

    #[test]
    fn leap_day_falls_on_28_february_in_common_years() {
        let d = PartialDate::new(Some(2000), 2, 29).unwrap();
        assert_eq!(
            d.anniversary_in(2025),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
        assert_eq!(
            d.anniversary_in(2028),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        assert_eq!(
            d.years_on(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()),
            Some(25)
        );
        assert_eq!(
            d.years_on(NaiveDate::from_ymd_opt(2025, 2, 27).unwrap()),
            Some(24)
        );
    }

    #[test]
    fn instants_round_trip_in_sortable_form() {
        let t = instant_from_text("2026-03-08T01:30:00-05:00").unwrap();
        assert_eq!(instant_to_text(t), "2026-03-08T06:30:00Z");
    }
}

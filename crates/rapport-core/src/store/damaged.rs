//! Stored values a read cannot use: a date past 9999 an older version let
//! through, a time that is no time. Lists skip the row that holds one (and
//! say so) instead of failing for the whole book; `check` lists every such
//! value and `check --repair` fixes what can be fixed.

use std::cell::RefCell;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Store;
use crate::dates::{instant_from_text, PartialDate, YEARS};
use crate::error::Result;

/// A stored value a read could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamagedRow {
    /// The table (`contacts`, `follow_ups`, `interactions`).
    pub table: String,
    /// The row's id.
    pub id: i64,
    /// The column holding the value (`*` when a read could not say which).
    pub column: String,
    /// The value as stored, or why the read failed.
    pub value: String,
}

impl std::fmt::Display for DamagedRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column == "*" {
            return write!(f, "{} {}: {}", self.table, self.id, self.value);
        }
        write!(
            f,
            "{} {}: {} holds '{}'",
            self.table, self.id, self.column, self.value
        )
    }
}

/// What [`Store::repair_damaged_rows`] did to one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// The value found.
    pub damaged: DamagedRow,
    /// What it is now (`None`: cleared; the row's other values are kept).
    pub now: Option<String>,
}

/// The rows the reads of one store skipped since they were last taken.
#[derive(Debug, Default)]
pub(crate) struct Skipped(RefCell<Vec<DamagedRow>>);

impl Skipped {
    fn push(&self, row: DamagedRow) {
        let mut list = self.0.borrow_mut();
        if !list.contains(&row) {
            list.push(row);
        }
    }
}

/// How a column's values are written.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// RFC 3339, UTC (`2026-11-23T09:00:00Z`).
    Instant,
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM-DD` or `--MM-DD`.
    Partial,
}

/// The columns whose text a read parses, with their form and whether they may be empty.
const CHECKED: [(&str, &str, Form, bool); 11] = [
    ("contacts", "birthday", Form::Partial, true),
    ("contacts", "anniversary", Form::Partial, true),
    ("contacts", "last_contacted_at", Form::Instant, true),
    ("follow_ups", "due_date", Form::Day, false),
    ("interactions", "occurred_at", Form::Instant, false),
    ("deals", "deal_date", Form::Day, false),
    ("deals", "closed_on", Form::Day, true),
    ("service_cases", "opened_at", Form::Instant, false),
    ("service_cases", "closed_at", Form::Instant, true),
    ("campaigns", "starts_on", Form::Day, false),
    ("campaigns", "ends_on", Form::Day, false),
];

fn in_years(d: NaiveDate) -> bool {
    YEARS.contains(&d.year())
}

fn readable(form: Form, value: &str) -> bool {
    match form {
        Form::Instant => instant_from_text(value).is_ok_and(|t| in_years(t.date_naive())),
        Form::Day => NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok_and(in_years),
        Form::Partial => {
            value
                .parse::<PartialDate>()
                .is_ok_and(|d| PartialDate::new(d.year, d.month, d.day).is_some())
                && (value.starts_with("--") || value.get(4..5) == Some("-"))
        }
    }
}

/// The nearest value of the form for one whose year is past 9999 or before 1
/// (`+10000-01-01` → `9999-12-31`); `None` for one that is no date at all.
fn clamped(form: Form, value: &str) -> Option<String> {
    let v = value.trim();
    let (sign, rest) = match v.as_bytes().first() {
        Some(b'+') => (1, &v[1..]),
        Some(b'-') if !v.starts_with("--") => (-1, &v[1..]),
        _ => (1, v),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || rest.as_bytes().get(digits) != Some(&b'-') {
        return None;
    }
    let year: i64 = rest[..digits].parse().unwrap_or(i64::MAX);
    let late = sign > 0 && year > i64::from(*YEARS.end());
    let early = sign < 0 || year < i64::from(*YEARS.start());
    let day = match (late, early) {
        (true, _) => "9999-12-31",
        (_, true) => "0001-01-01",
        _ => return None,
    };
    Some(match form {
        Form::Instant if late => "9999-12-31T23:59:59Z".to_string(),
        Form::Instant => "0001-01-01T00:00:00Z".to_string(),
        Form::Day | Form::Partial => day.to_string(),
    })
}

impl Store {
    /// Notes a row a read skipped (or a value it left out) because of `row`.
    pub(crate) fn skipped_row(&self, row: DamagedRow) {
        self.skipped.push(row);
    }

    /// Builds the rows a read returned, leaving out (and noting) each one whose
    /// stored values cannot be read (`Error::Invalid` from `build`: a date past
    /// 9999, a time that is no time), so one damaged row of `table` never fails
    /// a whole list. Any other error ends the read.
    pub(crate) fn readable_rows<R, T>(
        &self,
        table: &str,
        rows: impl Iterator<Item = rusqlite::Result<R>>,
        id: impl Fn(&R) -> i64,
        build: impl Fn(R) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            let row_id = id(&row);
            match build(row) {
                Ok(t) => out.push(t),
                Err(crate::Error::Invalid { reason, .. }) => self.skipped_row(DamagedRow {
                    table: table.into(),
                    id: row_id,
                    column: "*".into(),
                    value: reason,
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The rows (or values) reads skipped since the last call, each once.
    pub fn take_skipped(&self) -> Vec<DamagedRow> {
        std::mem::take(&mut *self.skipped.0.borrow_mut())
    }

    /// Every stored value a read cannot use, in table order.
    pub fn damaged_rows(&self) -> Result<Vec<DamagedRow>> {
        let mut out = Vec::new();
        for (table, column, form, _) in CHECKED {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY id"
            ))?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, rusqlite::types::Value>(1)?))
            })?;
            for row in rows {
                let (id, value) = row?;
                let text = match value {
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                };
                if !readable(form, &text) {
                    out.push(DamagedRow {
                        table: table.into(),
                        id,
                        column: column.into(),
                        value: text,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Fixes the values [`Store::damaged_rows`] finds, in one transaction: a
    /// date past 9999 (or before year 1) becomes the last (first) day of the
    /// years a book holds; a value that is no date at all is cleared where the
    /// column may be empty. What cannot be fixed (no date, in a column that
    /// must hold one) is left and listed again by the next check.
    pub fn repair_damaged_rows(&mut self) -> Result<Vec<Repair>> {
        let found = self.damaged_rows()?;
        self.write(|tx| {
            let mut done = Vec::new();
            for damaged in found {
                let Some(&(_, _, form, nullable)) = CHECKED
                    .iter()
                    .find(|c| c.0 == damaged.table && c.1 == damaged.column)
                else {
                    continue;
                };
                let now = clamped(form, &damaged.value);
                if now.is_none() && !nullable {
                    continue;
                }
                tx.execute(
                    &format!(
                        "UPDATE {} SET {} = ?1 WHERE id = ?2",
                        damaged.table, damaged.column
                    ),
                    rusqlite::params![now, damaged.id],
                )?;
                if damaged.column == "last_contacted_at" && now.is_none() {
                    tx.execute(
                        "UPDATE contacts SET last_contacted_kind = NULL WHERE id = ?1",
                        [damaged.id],
                    )?;
                }
                let contact = match damaged.table.as_str() {
                    "contacts" => Some(damaged.id),
                    _ => tx
                        .query_row(
                            &format!("SELECT contact_id FROM {} WHERE id = ?1", damaged.table),
                            [damaged.id],
                            |r| r.get::<_, i64>(0),
                        )
                        .ok(),
                };
                if let Some(c) = contact {
                    super::contacts::touch_outbox(tx, crate::contacts::ContactId(c))?;
                }
                done.push(Repair { damaged, now });
            }
            Ok(done)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_the_store_writes_them() {
        assert!(readable(Form::Instant, "2026-11-23T09:00:00Z"));
        assert!(!readable(Form::Instant, "+10000-01-01T00:00:00Z"));
        assert!(!readable(Form::Instant, "yesterday"));
        assert!(readable(Form::Day, "9999-12-31"));
        assert!(!readable(Form::Day, "+10000-01-01"));
        assert!(!readable(Form::Day, "2026-02-30"));
        assert!(readable(Form::Partial, "--02-29"));
        assert!(readable(Form::Partial, "1985-03-14"));
        assert!(!readable(Form::Partial, "+10000-03-14"));
    }

    #[test]
    fn dates_out_of_the_years_clamp_and_others_do_not() {
        assert_eq!(
            clamped(Form::Day, "+10000-01-01").as_deref(),
            Some("9999-12-31")
        );
        assert_eq!(
            clamped(Form::Instant, "+10000-01-01T00:00:00Z").as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
        assert_eq!(
            clamped(Form::Partial, "-0044-03-15").as_deref(),
            Some("0001-01-01")
        );
        assert_eq!(
            clamped(Form::Day, "0000-01-01").as_deref(),
            Some("0001-01-01")
        );
        assert_eq!(clamped(Form::Day, "yesterday"), None);
        assert_eq!(clamped(Form::Day, "2026-02-30"), None);
    }
}

//! The reads behind the today list and the cadence rules.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;

use super::Store;
use crate::contacts::ContactId;
use crate::error::Result;
use crate::today::{CadenceRule, RuleKind};
use crate::value::ValueTier;

/// A pending follow-up of a contact that may be listed, with what the list shows.
#[derive(Debug, Clone)]
pub struct DueFollowUpRow {
    /// Follow-up id.
    pub id: i64,
    /// Due date.
    pub due_date: NaiveDate,
    /// Due time, `HH:MM`.
    pub due_time: Option<String>,
    /// What to do.
    pub text: String,
    /// The contact.
    pub contact: ListedContact,
}

/// The contact fields a today-list row shows.
#[derive(Debug, Clone)]
pub struct ListedContact {
    /// Id.
    pub id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Company.
    pub company: Option<String>,
    /// Last non-note interaction, stored UTC text.
    pub last_contacted_at: Option<String>,
    /// Its kind.
    pub last_contacted_kind: Option<String>,
    /// Created, stored UTC text.
    pub created_at: String,
}

/// A contact with an effective cadence and no pending follow-up.
#[derive(Debug, Clone)]
pub struct CadenceRow {
    /// The contact.
    pub contact: ListedContact,
    /// Effective cadence in days.
    pub cadence_days: u32,
}

/// A contact whose birthday or anniversary falls on a day.
#[derive(Debug, Clone)]
pub struct OccasionRow {
    /// The contact.
    pub contact: ListedContact,
    /// Stored date (`YYYY-MM-DD` or `--MM-DD`).
    pub date: String,
}

/// Contacts that may appear on the list: live, not archived, not do-not-contact.
pub(super) const LISTABLE: &str =
    "c.deleted_at IS NULL AND c.archived_at IS NULL AND c.do_not_contact = 0";
pub(super) const CONTACT_COLS: &str =
    "c.id, c.display_name, c.company, c.last_contacted_at, c.last_contacted_kind, c.created_at";

pub(super) fn listed(r: &rusqlite::Row, at: usize) -> rusqlite::Result<ListedContact> {
    Ok(ListedContact {
        id: ContactId(r.get(at)?),
        display_name: r.get(at + 1)?,
        company: r.get(at + 2)?,
        last_contacted_at: r.get(at + 3)?,
        last_contacted_kind: r.get(at + 4)?,
        created_at: r.get(at + 5)?,
    })
}

/// A stored `YYYY-MM-DD` date. Read by hand: the today list reads tens of thousands of
/// them, and chrono's format-string parser cost a fifth of the list's time.
fn parse_ymd(s: &str, id: i64) -> Result<NaiveDate> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| {
        b.get(from..to)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        match (number(0, 4), number(5, 7), number(8, 10)) {
            (Some(y), Some(m), Some(d)) => i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
            _ => None,
        }
    } else {
        None
    };
    date.ok_or_else(|| {
        crate::Error::invalid("date", format!("row {id} has a bad stored date '{s}'"))
    })
}

pub(super) fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Store {
    /// A stored `YYYY-MM-DD` of row `id`; one that does not read (a date an
    /// older version stored past 9999 sorts first as text) is skipped and
    /// noted instead of failing the whole list.
    fn day_or_skip(&self, table: &str, column: &str, id: i64, text: String) -> Option<NaiveDate> {
        match parse_ymd(&text, id) {
            Ok(d) => Some(d),
            Err(_) => {
                self.skipped_row(super::DamagedRow {
                    table: table.into(),
                    id,
                    column: column.into(),
                    value: text,
                });
                None
            }
        }
    }

    /// Pending follow-ups of listable contacts due on or before `until`, by due date and time.
    pub fn due_follow_ups(&self, until: NaiveDate) -> Result<Vec<DueFollowUpRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.id, f.due_date, f.due_time, f.text, {CONTACT_COLS}
             FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
             WHERE f.status != 'done' AND f.due_date <= ?1 AND {LISTABLE}
             ORDER BY f.due_date, f.due_time IS NULL, f.due_time, f.id"
        ))?;
        let rows = stmt.query_map([ymd(until)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                listed(r, 4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, due, due_time, text, contact) = row?;
            // A due date an older version stored past 9999 sorts first as text:
            // skipped and noted, not the whole list's failure.
            let Some(due_date) = self.day_or_skip("follow_ups", "due_date", id, due) else {
                continue;
            };
            out.push(DueFollowUpRow {
                id,
                due_date,
                due_time,
                text,
                contact,
            });
        }
        Ok(out)
    }

    /// Listable contacts whose cadence lapses (by UTC date) on or before `until`, and who
    /// have no pending follow-up. The caller decides exactly in the user's time zone.
    pub fn cadence_candidates(&self, until: NaiveDate) -> Result<Vec<CadenceRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS}, c.cadence_effective FROM contacts c
             WHERE c.cadence_due_on <= ?1 AND c.cadence_due_on IS NOT NULL AND {LISTABLE}
               AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = c.id AND f.status != 'done')"
        ))?;
        let rows = stmt.query_map([ymd(until)], |r| {
            Ok(CadenceRow {
                contact: listed(r, 0)?,
                cadence_days: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keys of the pending follow-ups of listable contacts due on or before `until`, in
    /// list order (due date, then time, untimed last): id, due date, contact. Light rows,
    /// so the today list can count every section and load only what it shows.
    pub fn pending_follow_up_keys(
        &self,
        until: NaiveDate,
    ) -> Result<Vec<(i64, NaiveDate, ContactId)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.id, f.due_date, f.contact_id
             FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
             WHERE f.status != 'done' AND f.due_date <= ?1 AND {LISTABLE}
             ORDER BY f.due_date, f.due_time IS NULL, f.due_time, f.id"
        ))?;
        let mut rows = stmt.query([ymd(until)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some(due) = self.day_or_skip("follow_ups", "due_date", id, r.get(1)?) {
                out.push((id, due, ContactId(r.get(2)?)));
            }
        }
        Ok(out)
    }

    /// Follow-ups with what the list shows, in the order of `ids`.
    pub fn due_follow_ups_by_id(&self, ids: &[i64]) -> Result<Vec<DueFollowUpRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.id, f.due_date, f.due_time, f.text, {CONTACT_COLS}
             FROM follow_ups f JOIN contacts c ON c.id = f.contact_id WHERE f.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(r) = rows.next()? {
                let Some(due_date) = self.day_or_skip("follow_ups", "due_date", id, r.get(1)?)
                else {
                    continue;
                };
                out.push(DueFollowUpRow {
                    id,
                    due_date,
                    due_time: r.get(2)?,
                    text: r.get(3)?,
                    contact: listed(r, 4)?,
                });
            }
        }
        Ok(out)
    }

    /// Contacts with a pending follow-up.
    pub fn contacts_with_pending_follow_ups(&self) -> Result<HashSet<ContactId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT contact_id FROM follow_ups WHERE status != 'done'")?;
        let ids = stmt.query_map([], |r| Ok(ContactId(r.get(0)?)))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// Every customer's value tier and whether it is drifting away on `date` (its stored
    /// drift date is on or before it), read off the tier index alone: what
    /// [`crate::today::cadence_priority`] weighs.
    pub fn value_marks(
        &self,
        date: NaiveDate,
    ) -> Result<HashMap<ContactId, (Option<ValueTier>, bool)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, value_tier, drift_on FROM contacts INDEXED BY contacts_by_tier
             WHERE value_tier IS NOT NULL",
        )?;
        let day = ymd(date);
        let mut rows = stmt.query([])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let tier: String = r.get(1)?;
            let drift_on: Option<String> = r.get(2)?;
            out.insert(
                ContactId(r.get(0)?),
                (
                    tier.parse::<ValueTier>().ok(),
                    drift_on.is_some_and(|d| d <= day),
                ),
            );
        }
        Ok(out)
    }

    /// Listable contacts whose cadence lapses (by UTC date) on or before `until`, most
    /// lapsed first: id and UTC lapse date, read off the covering index alone.
    pub fn cadence_keys(&self, until: NaiveDate) -> Result<Vec<(ContactId, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.cadence_due_on FROM contacts c INDEXED BY contacts_by_cadence_due
             WHERE c.cadence_due_on <= ?1 AND c.cadence_due_on IS NOT NULL AND {LISTABLE}
             ORDER BY c.cadence_due_on, c.id"
        ))?;
        let mut rows = stmt.query([ymd(until)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some(due) = self.day_or_skip("contacts", "cadence_due_on", id, r.get(1)?) {
                out.push((ContactId(id), due));
            }
        }
        Ok(out)
    }

    /// The cadence rows of these contacts, in the order given.
    pub fn cadence_rows_by_id(&self, ids: &[ContactId]) -> Result<Vec<CadenceRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS}, c.cadence_effective FROM contacts c
             WHERE c.id = ?1 AND c.cadence_effective IS NOT NULL"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query([id.0])?;
            if let Some(r) = rows.next()? {
                out.push(CadenceRow {
                    contact: listed(r, 0)?,
                    cadence_days: r.get(6)?,
                });
            }
        }
        Ok(out)
    }

    /// Listable contacts whose birthday (or anniversary) month-day is one of `month_days` (`MM-DD`).
    pub fn occasions_on(
        &self,
        anniversary: bool,
        month_days: &[String],
    ) -> Result<Vec<OccasionRow>> {
        let (col, md) = if anniversary {
            ("anniversary", "anniversary_md")
        } else {
            ("birthday", "birthday_md")
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS}, c.{col} FROM contacts c
             WHERE c.{col} IS NOT NULL AND c.{md} = ?1 AND {LISTABLE}
             ORDER BY c.display_name COLLATE NOCASE"
        ))?;
        let mut out = Vec::new();
        for m in month_days {
            for row in stmt.query_map([m], |r| {
                Ok(OccasionRow {
                    contact: listed(r, 0)?,
                    date: r.get(6)?,
                })
            })? {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// All cadence rules, tags first, by name.
    pub fn cadence_rules(&self) -> Result<Vec<CadenceRule>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, name, days FROM cadence_rules ORDER BY kind DESC, name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, name, days) = row?;
            out.push(CadenceRule {
                kind: kind.parse::<RuleKind>()?,
                name,
                days,
            });
        }
        Ok(out)
    }

    /// Sets (or replaces) the default cadence for a tag or stage.
    pub fn set_cadence_rule(&mut self, rule: &CadenceRule) -> Result<()> {
        self.conn.execute(
            "INSERT INTO cadence_rules (kind, name, days) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, name) DO UPDATE SET days = excluded.days",
            params![rule.kind.as_str(), rule.name, rule.days],
        )?;
        Ok(())
    }

    /// Removes a rule; true when there was one.
    pub fn remove_cadence_rule(&mut self, kind: RuleKind, name: &str) -> Result<bool> {
        Ok(self.conn.execute(
            "DELETE FROM cadence_rules WHERE kind = ?1 AND name = ?2",
            params![kind.as_str(), name],
        )? > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_parse_and_bad_ones_are_errors() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_ymd("2026-11-23", 1).ok(), d(2026, 11, 23));
        assert_eq!(parse_ymd("0001-01-01", 1).ok(), d(1, 1, 1));
        assert_eq!(parse_ymd("2024-02-29", 1).ok(), d(2024, 2, 29));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "2026/11/23",
            "26-11-2023",
            "",
            "２０２６-11-23",
            "2026-11-2x",
        ] {
            assert!(parse_ymd(bad, 7).is_err(), "{bad}");
        }
        let e = parse_ymd("oops", 7).unwrap_err().to_string();
        assert!(e.contains("row 7") && e.contains("oops"), "{e}");
    }
}

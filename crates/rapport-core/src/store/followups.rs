//! Follow-up rows.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, Row};

use super::contacts::touch_outbox;
use super::{opt_row, Store};
use crate::contacts::ContactId;
use crate::dates::{check_day, instant_from_text, instant_to_text};
use crate::error::{Error, Result};
use crate::followups::{FollowUp, FollowUpDraft, FollowUpId, FollowUpStatus};

const COLUMNS: &str = "id, contact_id, due_date, due_time, text, status, completed_at, created_at";

type RawRow = (
    i64,
    i64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
);

fn read(r: &Row) -> rusqlite::Result<RawRow> {
    RawRow::try_from(r)
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::invalid("date", format!("stored date '{s}' is not YYYY-MM-DD")))
}

fn build((id, contact, due, time, text, status, done, created): RawRow) -> Result<FollowUp> {
    Ok(FollowUp {
        id: FollowUpId(id),
        contact_id: ContactId(contact),
        due_date: parse_date(&due)?,
        due_time: time
            .as_deref()
            .map(|t| {
                NaiveTime::parse_from_str(t, "%H:%M")
                    .map_err(|_| Error::invalid("time", format!("stored time '{t}' is not HH:MM")))
            })
            .transpose()?,
        text,
        status: status.parse()?,
        completed_at: done.as_deref().map(instant_from_text).transpose()?,
        created_at: instant_from_text(&created)?,
    })
}

pub(crate) fn insert_follow_up(
    tx: &Connection,
    d: &FollowUpDraft,
    now: DateTime<Utc>,
) -> Result<FollowUpId> {
    let live: bool = tx
        .prepare_cached("SELECT count(*) FROM contacts WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([d.contact_id.0], |r| r.get(0))?;
    if !live {
        return Err(Error::ContactNotFound(d.contact_id.0));
    }
    check_day(d.due_date, "due date")?;
    tx.prepare_cached(
        "INSERT INTO follow_ups (contact_id, due_date, due_time, text, status, created_at)
         VALUES (?1, ?2, ?3, ?4, 'open', ?5)",
    )?
    .execute(params![
        d.contact_id.0,
        d.due_date.format("%Y-%m-%d").to_string(),
        d.due_time.map(|t| t.format("%H:%M").to_string()),
        d.text,
        instant_to_text(now),
    ])?;
    let id = FollowUpId(tx.last_insert_rowid());
    touch_outbox(tx, d.contact_id)?;
    Ok(id)
}

fn load(conn: &Connection, id: FollowUpId) -> Result<FollowUp> {
    let row = opt_row(
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM follow_ups WHERE id = ?1"))?
            .query_row([id.0], read),
    )?;
    build(row.ok_or(Error::FollowUpNotFound(id.0))?)
}

impl Store {
    /// Adds a follow-up to a live contact.
    pub fn insert_follow_up(
        &mut self,
        d: &FollowUpDraft,
        now: DateTime<Utc>,
    ) -> Result<FollowUpId> {
        self.write(|tx| insert_follow_up(tx, d, now))
    }

    /// One follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        load(&self.conn, id)
    }

    /// Marks a follow-up done; with `next`, adds the next one in the same transaction.
    pub fn complete_follow_up(
        &mut self,
        id: FollowUpId,
        next: Option<&FollowUpDraft>,
        now: DateTime<Utc>,
    ) -> Result<Option<FollowUpId>> {
        self.write(|tx| {
            let f = load(tx, id)?;
            tx.execute(
                "UPDATE follow_ups SET status = 'done', completed_at = ?2 WHERE id = ?1",
                params![id.0, instant_to_text(now)],
            )?;
            touch_outbox(tx, f.contact_id)?;
            let next_id = next.map(|d| insert_follow_up(tx, d, now)).transpose()?;
            if let Some(n) = next_id {
                super::cases::relink_case_follow_up(tx, id, n)?;
            }
            Ok(next_id)
        })
    }

    /// Moves a pending follow-up to another date (and reopens a done one).
    pub fn snooze_follow_up(&mut self, id: FollowUpId, to: NaiveDate) -> Result<()> {
        check_day(to, "date")?;
        self.write(|tx| {
            let f = load(tx, id)?;
            tx.execute(
                "UPDATE follow_ups SET status = 'snoozed', due_date = ?2, completed_at = NULL WHERE id = ?1",
                params![id.0, to.format("%Y-%m-%d").to_string()],
            )?;
            touch_outbox(tx, f.contact_id)
        })
    }

    /// A contact's follow-ups: pending ones first by due date, then done ones newest first.
    pub fn follow_ups_of(&self, contact: ContactId) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM follow_ups WHERE contact_id = ?1
             ORDER BY status = 'done', CASE WHEN status = 'done' THEN completed_at END DESC, due_date, id"
        ))?;
        let rows = stmt.query_map([contact.0], read)?;
        rows.map(|r| build(r?)).collect()
    }

    /// Pending follow-ups of live contacts due on or before `until`, oldest first.
    pub fn pending_follow_ups_until(&self, until: NaiveDate) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM follow_ups f WHERE status != 'done' AND due_date <= ?1
             ORDER BY due_date, due_time IS NULL, due_time, id"
        ))?;
        let rows = stmt.query_map([until.format("%Y-%m-%d").to_string()], read)?;
        rows.map(|r| build(r?)).collect()
    }

    /// Whether a follow-up is still pending.
    pub fn follow_up_status(&self, id: FollowUpId) -> Result<FollowUpStatus> {
        Ok(self.follow_up(id)?.status)
    }
}

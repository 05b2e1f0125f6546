//! Interaction rows.

use chrono::{DateTime, Utc};
use rusqlite::{params, Row};

use super::contacts::{refresh_last_contacted, touch_outbox};
use super::Store;
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::{Error, Result};
use crate::interactions::{Interaction, InteractionDraft, InteractionId};

const COLUMNS: &str =
    "id, contact_id, kind, occurred_at, direction, text, outcome, created_at, satisfaction";

type RawRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<u8>,
);

fn read(r: &Row) -> rusqlite::Result<RawRow> {
    RawRow::try_from(r)
}

fn build(
    (id, contact, kind, at, dir, text, outcome, created, satisfaction): RawRow,
) -> Result<Interaction> {
    Ok(Interaction {
        id: InteractionId(id),
        contact_id: ContactId(contact),
        kind: kind.parse()?,
        occurred_at: instant_from_text(&at)?,
        direction: dir.as_deref().map(str::parse).transpose()?,
        text,
        outcome,
        created_at: instant_from_text(&created)?,
        satisfaction,
    })
}

pub(crate) fn insert_interaction(
    tx: &rusqlite::Connection,
    d: &InteractionDraft,
    batch: Option<i64>,
    now: DateTime<Utc>,
) -> Result<InteractionId> {
    let live: bool = tx
        .prepare_cached("SELECT count(*) FROM contacts WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([d.contact_id.0], |r| r.get(0))?;
    if !live {
        return Err(Error::ContactNotFound(d.contact_id.0));
    }
    crate::dates::check_instant(d.occurred_at, "at")?;
    tx.prepare_cached(
        "INSERT INTO interactions (contact_id, kind, occurred_at, direction, text, outcome, created_at, import_batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        d.contact_id.0,
        d.kind.as_str(),
        instant_to_text(d.occurred_at),
        d.direction.map(|x| x.as_str()),
        d.text,
        d.outcome,
        instant_to_text(now),
        batch,
    ])?;
    let id = InteractionId(tx.last_insert_rowid());
    if d.kind.is_contact() {
        refresh_last_contacted(tx, d.contact_id)?;
    }
    touch_outbox(tx, d.contact_id)?;
    Ok(id)
}

impl Store {
    /// Logs an interaction and refreshes the contact's last-contacted time.
    pub fn insert_interaction(
        &mut self,
        d: &InteractionDraft,
        now: DateTime<Utc>,
    ) -> Result<InteractionId> {
        self.write(|tx| insert_interaction(tx, d, None, now))
    }

    /// Logs many interactions and follow-ups of live contacts in one transaction, then
    /// refreshes the last-contacted time of every contact involved, set-based.
    pub fn insert_history_bulk(
        &mut self,
        interactions: &[InteractionDraft],
        follow_ups: &[crate::followups::FollowUpDraft],
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let now_text = instant_to_text(now);
            let mut stmt = tx.prepare_cached(
                "INSERT INTO interactions (contact_id, kind, occurred_at, direction, text, outcome, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for d in interactions {
                stmt.execute(params![
                    d.contact_id.0,
                    d.kind.as_str(),
                    instant_to_text(d.occurred_at),
                    d.direction.map(|x| x.as_str()),
                    d.text,
                    d.outcome,
                    now_text,
                ])?;
            }
            for f in follow_ups {
                super::followups::insert_follow_up(tx, f, now)?;
            }
            let mut ids: Vec<i64> = interactions.iter().map(|d| d.contact_id.0).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                refresh_last_contacted(tx, ContactId(id))?;
                touch_outbox(tx, ContactId(id))?;
            }
            Ok(())
        })
    }

    /// Deletes an interaction (e.g. a mistaken log).
    pub fn delete_interaction(&mut self, id: InteractionId) -> Result<()> {
        self.write(|tx| {
            let contact: Option<i64> = super::opt_row(tx.query_row(
                "SELECT contact_id FROM interactions WHERE id = ?1",
                [id.0],
                |r| r.get(0),
            ))?;
            let contact = ContactId(contact.ok_or(Error::InteractionNotFound(id.0))?);
            tx.execute("DELETE FROM interactions WHERE id = ?1", [id.0])?;
            refresh_last_contacted(tx, contact)?;
            touch_outbox(tx, contact)
        })
    }

    /// One interaction.
    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        let row = super::opt_row(
            self.conn
                .prepare_cached(&format!("SELECT {COLUMNS} FROM interactions WHERE id = ?1"))?
                .query_row([id.0], read),
        )?;
        build(row.ok_or(Error::InteractionNotFound(id.0))?)
    }

    /// A contact's interactions, newest first.
    pub fn interactions_of(
        &self,
        contact: ContactId,
        limit: Option<u32>,
    ) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM interactions WHERE contact_id = ?1
             ORDER BY occurred_at DESC, id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![contact.0, limit.map(i64::from).unwrap_or(-1)], read)?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            let (id, at) = (row.0, row.3.clone());
            // One that does not read (a time an older version stored past 9999)
            // is skipped and noted, not the failure of the contact's history.
            match build(row) {
                Ok(i) if crate::dates::check_instant(i.occurred_at, "at").is_ok() => out.push(i),
                _ => self.skipped_row(super::DamagedRow {
                    table: "interactions".into(),
                    id,
                    column: "occurred_at".into(),
                    value: at,
                }),
            }
        }
        Ok(out)
    }
}

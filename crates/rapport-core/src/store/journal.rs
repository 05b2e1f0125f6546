//! The undo journal: one step per bulk action or merge of duplicates. Before a step writes,
//! the rows of every contact it touches (its `contacts` row and its child rows) are kept
//! as JSON objects, set-based, in the same transaction; rows it inserts and rows it gives
//! to another contact are listed. Undo puts all of it back in one transaction, so the
//! book is as it was, field by field.
//!
//! The contacts of a step are the ids in the temporary table `bulk_ids`, filled by
//! [`fill_bulk_ids`].

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Store;
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::{Error, Result};

/// A contact's own table and its child tables, whose rows a step keeps (with the column
/// naming the contact).
const KEPT: [(&str, &str); 7] = [
    ("contacts", "id"),
    ("contact_emails", "contact_id"),
    ("contact_phones", "contact_id"),
    ("contact_addresses", "contact_id"),
    ("contact_tags", "contact_id"),
    ("custom_fields", "contact_id"),
    ("contact_opt_outs", "contact_id"),
];

/// Identifies an undoable step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct UndoStepId(pub i64);

impl std::fmt::Display for UndoStepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One undoable step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UndoStep {
    /// Its id.
    pub id: UndoStepId,
    /// The kind of action (`add_tags`, `merge_duplicates`...).
    pub action: String,
    /// What it did, in words.
    pub label: String,
    /// How many contacts it touched.
    #[ts(type = "number")]
    pub contacts: u64,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was undone.
    pub undone_at: Option<DateTime<Utc>>,
}

/// Columns of `table` that can be written (generated columns left out).
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0")?;
    let cols = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// Puts `ids` (those of live contacts) into the temporary table `bulk_ids`; returns how
/// many are there.
pub(crate) fn fill_bulk_ids(tx: &Connection, ids: &[ContactId]) -> Result<u64> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bulk_ids (id INTEGER PRIMARY KEY);
         DELETE FROM temp.bulk_ids;",
    )?;
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO temp.bulk_ids (id)
         SELECT id FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    let mut n = 0;
    for id in ids {
        n += ins.execute([id.0])? as u64;
    }
    Ok(n)
}

/// Starts a step and keeps the rows of the contacts in `bulk_ids`.
pub(crate) fn begin_step(
    tx: &Connection,
    action: &str,
    label: &str,
    now: DateTime<Utc>,
) -> Result<UndoStepId> {
    let contacts: i64 = tx.query_row("SELECT count(*) FROM temp.bulk_ids", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO undo_steps (action, label, contacts, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![action, label, contacts, instant_to_text(now)],
    )?;
    let step = UndoStepId(tx.last_insert_rowid());
    for (table, key) in KEPT {
        let cols = columns(tx, table)?;
        let object = cols
            .iter()
            .map(|c| format!("'{c}', x.\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!(
                "INSERT INTO undo_rows (step_id, tbl, contact_id, row_json)
                 SELECT ?1, ?2, x.{key}, json_object({object}) FROM {table} x
                 WHERE x.{key} IN (SELECT id FROM temp.bulk_ids)"
            ),
            params![step.0, table],
        )?;
    }
    Ok(step)
}

/// Lists the rows of `table` with an id above `after` as created by `step`.
pub(crate) fn keep_created(
    tx: &Connection,
    step: UndoStepId,
    table: &str,
    after: i64,
) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO undo_created (step_id, tbl, row_id) SELECT ?1, ?2, id FROM {table} WHERE id > ?3"
        ),
        params![step.0, table, after],
    )?;
    Ok(())
}

/// The highest id in `table` (0 when empty): rows inserted next have higher ones.
pub(crate) fn max_id(tx: &Connection, table: &str) -> Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// Lists the history rows of contact `from` (about to move to another contact).
pub(crate) fn keep_moved(tx: &Connection, step: UndoStepId, from: ContactId) -> Result<()> {
    for table in ["interactions", "follow_ups", "deals", "service_cases"] {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO undo_moved (step_id, tbl, row_id, contact_id)
                 SELECT ?1, ?2, id, contact_id FROM {table} WHERE contact_id = ?3"
            ),
            params![step.0, table, from.0],
        )?;
    }
    Ok(())
}

/// Marks the contacts in `bulk_ids` for re-indexing.
pub(crate) fn touch_bulk_outbox(tx: &Connection) -> Result<()> {
    tx.execute(
        "INSERT INTO search_outbox (contact_id) SELECT id FROM temp.bulk_ids",
        [],
    )?;
    Ok(())
}

fn read_step(
    r: &rusqlite::Row,
) -> rusqlite::Result<(i64, String, String, i64, String, Option<String>)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn build_step(
    (id, action, label, contacts, created, undone): (
        i64,
        String,
        String,
        i64,
        String,
        Option<String>,
    ),
) -> Result<UndoStep> {
    Ok(UndoStep {
        id: UndoStepId(id),
        action,
        label,
        contacts: contacts.max(0) as u64,
        created_at: instant_from_text(&created)?,
        undone_at: undone.as_deref().map(instant_from_text).transpose()?,
    })
}

const STEP_COLUMNS: &str = "id, action, label, contacts, created_at, undone_at";

fn undo_in(tx: &Connection, step: UndoStepId, now: DateTime<Utc>) -> Result<()> {
    let s = step.0;
    let action: String = tx.query_row("SELECT action FROM undo_steps WHERE id = ?1", [s], |r| {
        r.get(0)
    })?;
    // History given to another contact goes back to its owner.
    let moved: Vec<(String, i64, i64)> = tx
        .prepare("SELECT tbl, row_id, contact_id FROM undo_moved WHERE step_id = ?1")?
        .query_map([s], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, row, contact) in moved {
        tx.prepare_cached(&format!("UPDATE {table} SET contact_id = ?2 WHERE id = ?1"))?
            .execute([row, contact])?;
    }
    // A campaign the step created goes, with its members; once outreach was logged to a
    // member the calls and letters are history, so the campaign stays.
    let reached: i64 = tx.query_row(
        "SELECT count(*) FROM campaign_members WHERE contacted_at IS NOT NULL AND campaign_id IN
         (SELECT row_id FROM undo_created WHERE step_id = ?1 AND tbl = 'campaigns')",
        [s],
        |r| r.get(0),
    )?;
    if reached > 0 {
        return Err(Error::invalid(
            "undo",
            format!(
                "outreach was logged to {reached} member{} of this campaign; it cannot be undone",
                if reached == 1 { "" } else { "s" }
            ),
        ));
    }
    tx.execute(
        "DELETE FROM campaign_members WHERE campaign_id IN
         (SELECT row_id FROM undo_created WHERE step_id = ?1 AND tbl = 'campaigns')",
        [s],
    )?;
    tx.execute(
        "DELETE FROM campaigns WHERE id IN
         (SELECT row_id FROM undo_created WHERE step_id = ?1 AND tbl = 'campaigns')",
        [s],
    )?;
    for table in ["interactions", "follow_ups"] {
        // Their contacts' index entries hold the rows about to go.
        tx.execute(
            &format!(
                "INSERT INTO search_outbox (contact_id) SELECT DISTINCT contact_id FROM {table}
                 WHERE id IN (SELECT row_id FROM undo_created WHERE step_id = ?1 AND tbl = ?2)"
            ),
            params![s, table],
        )?;
        tx.execute(
            &format!(
                "DELETE FROM {table} WHERE id IN
                 (SELECT row_id FROM undo_created WHERE step_id = ?1 AND tbl = ?2)"
            ),
            params![s, table],
        )?;
    }
    if !crate::bulk::step_changes_search(&action) {
        // The step changed nothing searched, but putting rows back also undoes an edit
        // made after it (a contact changed since, neither by the step nor before it):
        // those contacts are indexed again.
        tx.execute(
            "INSERT INTO search_outbox (contact_id)
             SELECT u.contact_id FROM undo_rows u JOIN contacts c ON c.id = u.contact_id
             WHERE u.step_id = ?1 AND u.tbl = 'contacts'
               AND c.updated_at IS NOT json_extract(u.row_json, '$.updated_at')
               AND c.updated_at IS NOT (SELECT created_at FROM undo_steps WHERE id = ?1)",
            [s],
        )?;
    }
    // Child rows first, then the contact rows: their update fires the cadence trigger,
    // which recomputes the cadence from the tags just put back (the value kept).
    for (table, key) in KEPT.iter().skip(1) {
        let cols = columns(tx, table)?;
        tx.execute(
            &format!(
                "DELETE FROM {table} WHERE {key} IN
                 (SELECT contact_id FROM undo_rows WHERE step_id = ?1 AND tbl = 'contacts')"
            ),
            [s],
        )?;
        let names = cols
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let values = cols
            .iter()
            .map(|c| format!("json_extract(row_json, '$.{c}')"))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!(
                "INSERT INTO {table} ({names}) SELECT {values} FROM undo_rows
                 WHERE step_id = ?1 AND tbl = ?2"
            ),
            params![s, table],
        )?;
    }
    let sets = columns(tx, "contacts")?
        .into_iter()
        .filter(|c| c != "id")
        .map(|c| format!("\"{c}\" = json_extract(u.row_json, '$.{c}')"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute(
        &format!(
            "UPDATE contacts SET {sets} FROM undo_rows u
             WHERE u.step_id = ?1 AND u.tbl = 'contacts' AND u.contact_id = contacts.id"
        ),
        [s],
    )?;
    // A contact's latest contact is a cache of its interactions: one logged after the
    // step (and not undone with it) stays its latest.
    tx.execute(
        "UPDATE contacts SET (last_contacted_at, last_contacted_kind) = (
            SELECT i.occurred_at, i.kind FROM interactions i
            WHERE i.contact_id = contacts.id AND i.kind != 'note'
            ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1)
         WHERE id IN (SELECT contact_id FROM undo_rows WHERE step_id = ?1 AND tbl = 'contacts')
           AND last_contacted_at IS NOT (
            SELECT i.occurred_at FROM interactions i
            WHERE i.contact_id = contacts.id AND i.kind != 'note'
            ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1)",
        [s],
    )?;
    tx.execute(
        "DELETE FROM tags WHERE id IN (SELECT row_id FROM undo_created WHERE step_id = ?1 AND tbl = 'tags')
         AND NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tag_id = tags.id)",
        [s],
    )?;
    if crate::bulk::step_changes_search(&action) {
        tx.execute(
            "INSERT INTO search_outbox (contact_id)
             SELECT contact_id FROM undo_rows WHERE step_id = ?1 AND tbl = 'contacts'",
            [s],
        )?;
    }
    tx.execute(
        "UPDATE undo_steps SET undone_at = ?2 WHERE id = ?1",
        params![s, instant_to_text(now)],
    )?;
    Ok(())
}

impl Store {
    /// Undoes `step`, or the newest step not undone yet when `None`. Steps are undone
    /// newest first: an older one is refused while a newer one stands (it may have
    /// changed the same contacts).
    pub fn undo_step(&mut self, step: Option<UndoStepId>, now: DateTime<Utc>) -> Result<UndoStep> {
        self.write(|tx| {
            let newest: Option<i64> = tx
                .query_row(
                    "SELECT max(id) FROM undo_steps WHERE undone_at IS NULL",
                    [],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let wanted = match (step, newest) {
                (None, None) => return Err(Error::invalid("undo", "there is nothing to undo")),
                (None, Some(n)) => n,
                (Some(s), _) => {
                    let found = tx
                        .prepare_cached(&format!(
                            "SELECT {STEP_COLUMNS} FROM undo_steps WHERE id = ?1"
                        ))?
                        .query_row([s.0], read_step)
                        .optional()?;
                    match found {
                        None => {
                            return Err(Error::invalid("undo", format!("there is no step {s}")))
                        }
                        Some(row) if row.5.is_some() => {
                            return Err(Error::invalid(
                                "undo",
                                format!("step {s} was undone already"),
                            ))
                        }
                        Some(_) if newest != Some(s.0) => {
                            return Err(Error::invalid(
                                "undo",
                                format!(
                                    "step {s} is not the latest; undo step {} first",
                                    newest.unwrap_or_default()
                                ),
                            ))
                        }
                        Some(_) => s.0,
                    }
                }
            };
            undo_in(tx, UndoStepId(wanted), now)?;
            let row = tx
                .prepare_cached(&format!(
                    "SELECT {STEP_COLUMNS} FROM undo_steps WHERE id = ?1"
                ))?
                .query_row([wanted], read_step)?;
            build_step(row)
        })
    }

    /// The newest steps first.
    pub fn undo_steps(&self, limit: u32) -> Result<Vec<UndoStep>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {STEP_COLUMNS} FROM undo_steps ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], read_step)?;
        rows.map(|r| build_step(r?)).collect()
    }
}

//! Undo of an import batch: the rows of a contact a batch is about to merge
//! into are kept as JSON ([`snapshot`]) and put back on undo; contacts the
//! batch created (they carry its id) are removed. Also the store dump that
//! tests compare before and after.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contacts::{recompute_cadence, touch_outbox};
use super::Store;
use crate::contacts::ContactId;
use crate::error::{Error, Result};

/// What an undo did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UndoSummary {
    /// The batch.
    #[ts(type = "number")]
    pub batch: i64,
    /// Contacts the batch created, now removed.
    #[ts(type = "number")]
    pub removed: u64,
    /// Contacts the batch merged into, now as they were before.
    #[ts(type = "number")]
    pub restored: u64,
    /// Notes the batch added, now removed.
    #[ts(type = "number")]
    pub notes_removed: u64,
}

/// Tables holding a contact's own fields, restored together on undo.
const CHILD_TABLES: [&str; 5] = [
    "contact_emails",
    "contact_phones",
    "contact_addresses",
    "contact_tags",
    "custom_fields",
];

/// Columns of `table` that can be written (generated columns left out).
fn writable_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0")?;
    let cols = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

fn to_json(v: Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => i.into(),
        Value::Real(f) => serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::Text(s) => s.into(),
        Value::Blob(b) => b.into_iter().map(serde_json::Value::from).collect(),
    }
}

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Array(a) => Value::Blob(
            a.iter()
                .filter_map(|x| x.as_u64().map(|b| b as u8))
                .collect(),
        ),
        serde_json::Value::Object(_) => Value::Null,
    }
}

type Rows = Vec<serde_json::Map<String, serde_json::Value>>;

fn rows_of(conn: &Connection, table: &str, key: &str, id: i64) -> Result<Rows> {
    let cols = writable_columns(conn, table)?;
    let sql = format!(
        "SELECT {} FROM {table} WHERE {key} = ?1",
        cols.iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([id], |r| {
            let mut m = serde_json::Map::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get::<_, Value>(i)?));
            }
            Ok(m)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The stored rows of a contact (its row and its child rows, ids included), as JSON.
pub(super) fn snapshot(conn: &Connection, id: ContactId) -> Result<String> {
    let mut all = serde_json::Map::new();
    all.insert(
        "contacts".into(),
        serde_json::Value::from(rows_of(conn, "contacts", "id", id.0)?),
    );
    for t in CHILD_TABLES {
        all.insert(
            t.into(),
            serde_json::Value::from(rows_of(conn, t, "contact_id", id.0)?),
        );
    }
    Ok(serde_json::Value::Object(all).to_string())
}

fn insert_row(
    conn: &Connection,
    table: &str,
    row: &serde_json::Map<String, serde_json::Value>,
) -> rusqlite::Result<usize> {
    let cols: Vec<&String> = row.keys().collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        cols.iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let values: Vec<Value> = cols.iter().map(|c| from_json(&row[*c])).collect();
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))
}

/// Puts a contact's rows back as in `json` (from [`snapshot`]); false when the contact is gone.
fn restore_snapshot(conn: &Connection, id: ContactId, json: &str) -> Result<bool> {
    let all: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| Error::invalid("import undo", format!("damaged undo record: {e}")))?;
    let contact = all
        .get("contacts")
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
        .and_then(|v| v.as_object())
        .ok_or_else(|| Error::invalid("import undo", "damaged undo record: no contact row"))?;
    let cols: Vec<&String> = contact.keys().filter(|c| *c != "id").collect();
    let sql = format!(
        "UPDATE contacts SET {} WHERE id = ?{}",
        cols.iter()
            .enumerate()
            .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(", "),
        cols.len() + 1
    );
    let mut values: Vec<Value> = cols.iter().map(|c| from_json(&contact[*c])).collect();
    values.push(Value::Integer(id.0));
    if conn.execute(&sql, rusqlite::params_from_iter(values))? == 0 {
        return Ok(false);
    }
    for t in CHILD_TABLES {
        conn.execute(&format!("DELETE FROM {t} WHERE contact_id = ?1"), [id.0])?;
        let rows = all
            .get(t)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        for row in rows.iter().filter_map(|r| r.as_object()) {
            if let Err(e) = insert_row(conn, t, row) {
                // The old row id was taken meanwhile by another contact's row: keep the
                // content, let SQLite choose a new id.
                let mut without_id = row.clone();
                if without_id.remove("id").is_none() {
                    return Err(e.into());
                }
                insert_row(conn, t, &without_id)?;
            }
        }
    }
    // Tag links put back fire no trigger (migration 0008).
    recompute_cadence(conn, id)?;
    touch_outbox(conn, id)?;
    Ok(true)
}

impl Store {
    /// Undoes a batch in one transaction: contacts it created are removed
    /// (with their rows), contacts it merged into get back the rows they had,
    /// notes it added and tags only it used are removed.
    pub fn undo_import_batch(&mut self, batch: i64, now: DateTime<Utc>) -> Result<UndoSummary> {
        let _ = now;
        self.write(|tx| {
            let status: Option<String> = tx
                .query_row(
                    "SELECT status FROM import_batches WHERE id = ?1",
                    [batch],
                    |r| r.get(0),
                )
                .optional()?;
            match status.as_deref() {
                None => {
                    return Err(Error::invalid(
                        "import",
                        format!("there is no import batch {batch}"),
                    ))
                }
                Some("undone") => {
                    return Err(Error::invalid(
                        "import",
                        format!("import batch {batch} was already undone"),
                    ))
                }
                _ => {}
            }
            let mut summary = UndoSummary {
                batch,
                ..Default::default()
            };
            let noted: Vec<i64> = tx
                .prepare("SELECT DISTINCT contact_id FROM interactions WHERE import_batch_id = ?1")?
                .query_map([batch], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            summary.notes_removed = tx.execute(
                "DELETE FROM interactions WHERE import_batch_id = ?1",
                [batch],
            )? as u64;
            for id in noted {
                touch_outbox(tx, ContactId(id))?;
            }
            let merged: Vec<(i64, String)> = tx
                .prepare(
                    "SELECT contact_id, before_json FROM import_changes
                     WHERE batch_id = ?1 AND change = 'merged' AND before_json IS NOT NULL
                     ORDER BY contact_id",
                )?
                .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, json) in merged {
                summary.restored += u64::from(restore_snapshot(tx, ContactId(id), &json)?);
            }
            let created: Vec<i64> = tx
                .prepare("SELECT id FROM contacts WHERE import_batch_id = ?1 ORDER BY id")?
                .query_map([batch], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in created {
                tx.execute(
                    "UPDATE contacts SET merged_into = NULL WHERE merged_into = ?1",
                    [id],
                )?;
                summary.removed += tx.execute("DELETE FROM contacts WHERE id = ?1", [id])? as u64;
                touch_outbox(tx, ContactId(id))?;
            }
            tx.execute(
                "DELETE FROM tags WHERE id IN (SELECT tag_id FROM import_tags WHERE batch_id = ?1)
                 AND NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tag_id = tags.id)",
                [batch],
            )?;
            tx.execute(
                "UPDATE import_batches SET status = 'undone' WHERE id = ?1",
                [batch],
            )?;
            Ok(summary)
        })
    }

    /// Every row of every table holding the user's data, as sorted text
    /// lines: two stores with the same content give the same dump. Caches
    /// (search outbox), import bookkeeping and the undo journal are left out.
    pub fn user_data_dump(&self) -> Result<String> {
        let tables: Vec<String> = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%'
                 AND name NOT IN ('import_batches', 'import_changes', 'import_tags')
                 AND name NOT LIKE 'undo_%'
                 ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut lines = Vec::new();
        for t in tables {
            let cols = writable_columns(&self.conn, &t)?;
            let mut stmt = self.conn.prepare(&format!(
                "SELECT {} FROM \"{t}\"",
                cols.iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let mut line = format!("{t}:");
                for (i, c) in cols.iter().enumerate() {
                    line.push_str(&format!(" {c}={}", to_json(r.get::<_, Value>(i)?)));
                }
                lines.push(line);
            }
        }
        lines.sort();
        Ok(lines.join("\n"))
    }
}

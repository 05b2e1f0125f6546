//! Undo of an import batch: the rows of a contact a batch is about to merge
//! into are kept as JSON ([`snapshot`]) and put back on undo; contacts the
//! batch created (they carry its id) are removed. Also the store dump that
//! tests compare before and after.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contacts::{recompute_cadence, refresh_last_contacted, touch_outbox};
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
    /// Notes the batch added (or emails and meetings it captured), now removed.
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

/// Queues contacts for the search index in one statement.
fn queue_for_index(conn: &Connection, ids: &[i64]) -> Result<()> {
    if !ids.is_empty() {
        conn.prepare_cached(
            "INSERT INTO search_outbox (contact_id) SELECT value FROM json_each(?1)",
        )?
        .execute([json_ids(ids)])?;
    }
    Ok(())
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

/// Contacts (created or merged into) and notes an undo takes back per
/// transaction: the write lock is held for about one import chunk's time, so
/// other commands wait for it instead of failing.
pub const UNDO_CHUNK: usize = 10_000;

/// `IN (ids as a JSON array)`: one statement for a chunk of ids.
const IN_IDS: &str = "IN (SELECT value FROM json_each(?1))";

fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Undoes a batch: contacts it created are removed (with their rows),
    /// contacts it merged into get back the rows they had, notes it added and
    /// tags only it used are removed. It runs in transactions of
    /// [`UNDO_CHUNK`] contacts, so that no other command waits long for the
    /// write lock; the batch is `undoing` meanwhile. Each chunk forgets what
    /// it took back, so an undo cut off (killed, machine stopped) is finished
    /// by running it again.
    pub fn undo_import_batch(&mut self, batch: i64, now: DateTime<Utc>) -> Result<UndoSummary> {
        let _ = now;
        self.undo_in_chunks(batch, UNDO_CHUNK, usize::MAX)
    }

    /// [`Store::undo_import_batch`] in chunks of `chunk`, stopping (as a kill
    /// would) after `max_chunks` transactions past the first.
    fn undo_in_chunks(
        &mut self,
        batch: i64,
        chunk: usize,
        max_chunks: usize,
    ) -> Result<UndoSummary> {
        let chunk = chunk.max(1);
        let mut left = max_chunks;
        let mut cut = || {
            left = left.saturating_sub(1);
            left == 0
        };
        self.write(|tx| {
            let status: Option<String> = tx
                .query_row(
                    "SELECT status FROM import_batches WHERE id = ?1",
                    [batch],
                    |r| r.get(0),
                )
                .optional()?;
            match status.as_deref() {
                None => Err(Error::invalid(
                    "import",
                    format!("there is no import batch {batch}"),
                )),
                Some("undone") => Err(Error::invalid(
                    "import",
                    format!("import batch {batch} was already undone"),
                )),
                _ => {
                    tx.execute(
                        "UPDATE import_batches SET status = 'undoing' WHERE id = ?1",
                        [batch],
                    )?;
                    Ok(())
                }
            }
        })?;
        let mut summary = UndoSummary {
            batch,
            ..Default::default()
        };
        // Notes first: they may belong to contacts the batch created.
        loop {
            let n = self.write(|tx| {
                let notes: Vec<(i64, i64)> = tx
                    .prepare_cached(
                        "SELECT id, contact_id FROM interactions WHERE import_batch_id = ?1 LIMIT ?2",
                    )?
                    .query_map(rusqlite::params![batch, chunk as i64], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let ids: Vec<i64> = notes.iter().map(|n| n.0).collect();
                let mut contacts: Vec<i64> = notes.iter().map(|n| n.1).collect();
                contacts.sort_unstable();
                contacts.dedup();
                tx.prepare_cached(&format!("DELETE FROM interactions WHERE id {IN_IDS}"))?
                    .execute([json_ids(&ids)])?;
                // Emails and meetings captured from mail and calendars count as contact.
                for &id in &contacts {
                    refresh_last_contacted(tx, ContactId(id))?;
                }
                queue_for_index(tx, &contacts)?;
                Ok(ids.len())
            })?;
            summary.notes_removed += n as u64;
            if cut() {
                return Ok(summary);
            }
            if n < chunk {
                break;
            }
        }
        loop {
            let n = self.write(|tx| {
                let merged: Vec<(i64, String)> = tx
                    .prepare_cached(
                        "SELECT contact_id, before_json FROM import_changes
                         WHERE batch_id = ?1 AND change = 'merged' AND before_json IS NOT NULL
                         ORDER BY contact_id LIMIT ?2",
                    )?
                    .query_map(rusqlite::params![batch, chunk as i64], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let mut restored = 0;
                for (id, json) in &merged {
                    restored += u64::from(restore_snapshot(tx, ContactId(*id), json)?);
                }
                let ids: Vec<i64> = merged.iter().map(|m| m.0).collect();
                tx.prepare_cached(&format!(
                    "DELETE FROM import_changes WHERE batch_id = ?1 AND contact_id {}",
                    IN_IDS.replace("?1", "?2")
                ))?
                .execute(rusqlite::params![batch, json_ids(&ids)])?;
                Ok((merged.len(), restored))
            })?;
            summary.restored += n.1;
            if cut() {
                return Ok(summary);
            }
            if n.0 < chunk {
                break;
            }
        }
        loop {
            let n = self.write(|tx| {
                let created: Vec<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM contacts WHERE import_batch_id = ?1 ORDER BY id LIMIT ?2",
                    )?
                    .query_map(rusqlite::params![batch, chunk as i64], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let ids = json_ids(&created);
                // Contacts merged into one of these since stay, unmerged (index
                // `contacts_by_merged_into`, migration 0014: each is a lookup).
                tx.prepare_cached(&format!(
                    "UPDATE contacts SET merged_into = NULL WHERE merged_into {IN_IDS}"
                ))?
                .execute([&ids])?;
                queue_for_index(tx, &created)?;
                let removed = tx
                    .prepare_cached(&format!("DELETE FROM contacts WHERE id {IN_IDS}"))?
                    .execute([&ids])?;
                Ok((created.len(), removed as u64))
            })?;
            summary.removed += n.1;
            if cut() {
                return Ok(summary);
            }
            if n.0 < chunk {
                break;
            }
        }
        self.write(|tx| {
            tx.execute("DELETE FROM mail_sent_to WHERE batch_id = ?1", [batch])?;
            tx.execute(
                "DELETE FROM tags WHERE id IN (SELECT tag_id FROM import_tags WHERE batch_id = ?1)
                 AND NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tag_id = tags.id)",
                [batch],
            )?;
            tx.execute(
                "UPDATE import_batches SET status = 'undone' WHERE id = ?1",
                [batch],
            )?;
            Ok(())
        })?;
        Ok(summary)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::{ContactDraft, Email};
    use crate::store::BatchCounts;

    fn email(a: &str) -> Vec<Email> {
        vec![Email {
            address: a.into(),
            label: None,
        }]
    }

    /// A book with one contact, then a batch that creates five (two with a
    /// note), merges into the first, and notes it; returns the batch and the
    /// dump from before it.
    fn imported() -> (Store, i64, String) {
        let mut s = Store::open_in_memory().unwrap();
        let now = "2026-12-01T08:00:00Z".parse().unwrap();
        let old = s
            .insert_contact(
                &ContactDraft {
                    emails: email("old@example.com"),
                    ..ContactDraft::named("Old")
                },
                now,
            )
            .unwrap();
        let before = s.user_data_dump().unwrap();
        let batch = s.begin_import_batch("t.csv", "{}", now).unwrap();
        s.import_chunk(batch, now, |w| {
            for i in 0..5 {
                let d = ContactDraft {
                    emails: email(&format!("p{i}@example.com")),
                    ..ContactDraft::named(&format!("P{i}"))
                };
                let id = w.create(&d.normalised()?)?;
                if i % 2 == 0 {
                    w.add_note(id, "from the file")?;
                }
            }
            let more = ContactDraft {
                company: Some("ACME".into()),
                ..ContactDraft::named("Old")
            };
            assert!(w.merge(old, more.normalised()?)?);
            w.add_note(old, "a note on the old one")?;
            Ok(((), BatchCounts::default()))
        })
        .unwrap();
        (s, batch, before)
    }

    fn status(s: &Store, batch: i64) -> String {
        s.import_batch(batch).unwrap().unwrap().status
    }

    #[test]
    fn an_undo_cut_off_between_chunks_is_finished_by_undoing_again() {
        let (mut s, batch, before) = imported();
        // Chunks of two; killed after two transactions past the first.
        let part = s.undo_in_chunks(batch, 2, 2).unwrap();
        assert_eq!((part.notes_removed, part.removed), (4, 0), "{part:?}");
        assert_eq!(status(&s, batch), "undoing");
        assert_ne!(
            s.user_data_dump().unwrap(),
            before,
            "only part of it is undone"
        );
        let rest = s.undo_in_chunks(batch, 2, usize::MAX).unwrap();
        assert_eq!(
            (rest.notes_removed, rest.restored, rest.removed),
            (0, 1, 5),
            "{rest:?}"
        );
        assert_eq!(s.user_data_dump().unwrap(), before);
        assert_eq!(status(&s, batch), "undone");
        assert!(s.health().unwrap().is_ok());
        let again = s.undo_import_batch(batch, chrono::Utc::now()).unwrap_err();
        assert!(again.to_string().contains("already undone"), "{again}");
    }

    #[test]
    fn chunks_of_any_size_undo_the_same() {
        for chunk in [1, 2, 3, UNDO_CHUNK] {
            let (mut s, batch, before) = imported();
            let u = s.undo_in_chunks(batch, chunk, usize::MAX).unwrap();
            assert_eq!(
                (u.notes_removed, u.restored, u.removed),
                (4, 1, 5),
                "{chunk}"
            );
            assert_eq!(s.user_data_dump().unwrap(), before, "chunks of {chunk}");
        }
    }

    /// Removing a contact looks up the contacts merged into it (to clear them, and
    /// for the foreign key): without an index each lookup scanned every contact,
    /// once per contact removed (a 10k-row undo took 43–64 s).
    #[test]
    fn removing_a_contact_finds_those_merged_into_it_by_index() {
        let (s, _, _) = imported();
        for sql in [
            "UPDATE contacts SET merged_into = NULL WHERE merged_into IN (SELECT value FROM json_each(?1))",
            "SELECT 1 FROM contacts WHERE merged_into = ?1",
        ] {
            let plan: Vec<String> = s
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(["[1]"], |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let plan = plan.join(" / ");
            assert!(plan.contains("contacts_by_merged_into"), "{sql}: {plan}");
        }
    }
}

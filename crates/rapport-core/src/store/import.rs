//! Import batches: chunked writes tagged with the batch, what each batch
//! created or changed (with the contact as it was before), and undo.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contacts::{
    insert_contact_row, load_contact, replace_contact, tag_id, touch_outbox, update_contact_fields,
    NewRows,
};
use super::row_buffer::ChildRows;
use super::undo::snapshot;
use super::Store;
use crate::contacts::{merge_drafts, ContactDraft, ContactId};
use crate::dates::instant_to_text;
use crate::error::{Error, Result};
use crate::search::document::SearchSource;

/// An import batch as listed by `rapport imports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchInfo {
    /// Its id (for `undo-import`).
    #[ts(type = "number")]
    pub id: i64,
    /// The file imported.
    pub source_name: String,
    /// `running`, `interrupted` (running when its process died), `complete`, `cancelled`, `failed`, `undone`.
    pub status: String,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it ended.
    pub finished_at: Option<String>,
    /// Rows read.
    #[ts(type = "number")]
    pub rows_done: i64,
    /// Contacts created.
    #[ts(type = "number")]
    pub created: i64,
    /// Existing contacts merged into.
    #[ts(type = "number")]
    pub merged: i64,
    /// Duplicate rows skipped.
    #[ts(type = "number")]
    pub skipped: i64,
    /// Rows that failed.
    #[ts(type = "number")]
    pub errors: i64,
}

/// Running totals of a batch, stored with every chunk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchCounts {
    /// Rows read (data rows, not counting the header).
    #[ts(type = "number")]
    pub rows: u64,
    /// Contacts created.
    #[ts(type = "number")]
    pub created: u64,
    /// Existing contacts merged into.
    #[ts(type = "number")]
    pub merged: u64,
    /// Duplicate rows skipped.
    #[ts(type = "number")]
    pub skipped: u64,
    /// Rows that failed.
    #[ts(type = "number")]
    pub errors: u64,
}

/// Writes one chunk of an import inside its transaction.
pub struct ChunkWriter<'a> {
    tx: &'a Connection,
    batch: i64,
    now: DateTime<Utc>,
    /// What the chunk's new contact rows share.
    new_rows: NewRows,
    /// Tag ids and stored names by name as imported, known in this chunk's
    /// transaction (not kept past it: a chunk that fails takes the tags it
    /// created with it).
    tag_ids: RefCell<HashMap<String, (i64, String)>>,
    /// Contacts created in this chunk, queued for the index in one statement at its end.
    created: RefCell<Vec<i64>>,
    /// Their child rows, written many to a statement before anything reads them.
    children: RefCell<ChildRows>,
}

impl ChunkWriter<'_> {
    /// The batch written.
    pub fn batch(&self) -> i64 {
        self.batch
    }

    /// Live contacts having one of these lower-cased emails or E.164 phones, lowest id first.
    pub fn matching(&self, keys: &[String]) -> Result<Vec<ContactId>> {
        self.write_children()?;
        let mut ids = Vec::new();
        let mut by_email = self.tx.prepare_cached(
            "SELECT e.contact_id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
             WHERE e.address_key = ?1 AND c.deleted_at IS NULL",
        )?;
        let mut by_phone = self.tx.prepare_cached(
            "SELECT p.contact_id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
             WHERE p.e164 = ?1 AND c.deleted_at IS NULL",
        )?;
        for k in keys {
            let stmt = if k.starts_with('+') {
                &mut by_phone
            } else {
                &mut by_email
            };
            for id in stmt.query_map([k], |r| r.get(0))? {
                ids.push(ContactId(id?));
            }
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// True when this batch created the contact.
    pub fn created_here(&self, id: ContactId) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1 AND import_batch_id = ?2")?
            .exists(params![id.0, self.batch])?)
    }

    /// Creates a contact (normalised draft) as part of the batch.
    pub fn create(&self, draft: &ContactDraft) -> Result<ContactId> {
        let tags = self.tag_ids(&draft.tags)?;
        // The contact carries the batch: that is how undo finds what the batch created.
        let id = insert_contact_row(self.tx, draft, Some(self.batch), &self.new_rows)?;
        self.children
            .borrow_mut()
            .queue(self.tx, id, draft, &tags, None)?;
        self.created.borrow_mut().push(id.0);
        Ok(id)
    }

    /// Writes the queued child rows of the contacts created so far.
    fn write_children(&self) -> Result<()> {
        self.children.borrow_mut().flush(self.tx)
    }

    /// Merges an imported (normalised) draft into a live contact: empty fields
    /// are filled, new emails, phones, addresses, tags and custom fields added.
    /// The contact as it was is kept for undo the first time the batch changes it.
    /// Returns false when nothing changed.
    pub fn merge(&self, id: ContactId, imported: ContactDraft) -> Result<bool> {
        self.write_children()?;
        let before = load_contact(self.tx, id)?
            .filter(|c| c.deleted_at.is_none())
            .ok_or(Error::ContactNotFound(id.0))?;
        let merged = merge_drafts(before.draft.clone(), imported).normalised()?;
        if merged == before.draft {
            return Ok(false);
        }
        if !self.created_here(id)? {
            let snapshot = snapshot(self.tx, id)?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO import_changes (batch_id, contact_id, change, before_json)
                     VALUES (?1, ?2, 'merged', ?3)",
                )?
                .execute(params![self.batch, id.0, snapshot])?;
        }
        let tags = self.tag_ids(&merged.tags)?;
        write_merge(self.tx, id, &before.draft, &merged, &tags, self.now)?;
        Ok(true)
    }

    /// Adds a note from the file to a contact's history (unless the same note is there).
    pub fn add_note(&self, id: ContactId, text: &str) -> Result<()> {
        let exists = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM interactions WHERE contact_id = ?1 AND kind = 'note' AND text = ?2",
            )?
            .exists(params![id.0, text])?;
        if !exists {
            let now = self.new_rows.now();
            self.tx
                .prepare_cached(
                    "INSERT INTO interactions (contact_id, kind, occurred_at, text, created_at, import_batch_id)
                     VALUES (?1, 'note', ?2, ?3, ?2, ?4)",
                )?
                .execute(params![id.0, now, text, self.batch])?;
            touch_outbox(self.tx, id)?;
        }
        Ok(())
    }

    /// The ids of these tags, in order, creating the missing ones (remembered as
    /// the batch's, for undo).
    fn tag_ids(&self, tags: &[String]) -> Result<Vec<i64>> {
        let mut known = self.tag_ids.borrow_mut();
        let mut out = Vec::with_capacity(tags.len());
        for t in tags {
            if let Some((id, _)) = known.get(t) {
                out.push(*id);
                continue;
            }
            let (id, created) = tag_id(self.tx, t)?;
            let stored = if created {
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO import_tags (batch_id, tag_id) VALUES (?1, ?2)",
                    )?
                    .execute(params![self.batch, id])?;
                t.clone()
            } else {
                // Matched without case: the tag keeps the name it has.
                self.tx
                    .prepare_cached("SELECT name FROM tags WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))?
            };
            known.insert(t.clone(), (id, stored));
            out.push(id);
        }
        Ok(out)
    }

    /// What the search index reads back for a contact [`ChunkWriter::create`]
    /// just made from `draft` (before anything else changes it), built without
    /// reading it back.
    pub fn new_contact_source(&self, id: ContactId, draft: &ContactDraft) -> SearchSource {
        let known = self.tag_ids.borrow();
        let tags = draft
            .tags
            .iter()
            .map(|t| known.get(t).map_or_else(|| t.clone(), |(_, n)| n.clone()))
            .collect();
        // Stored as text in whole seconds: what `timestamp` gives.
        SearchSource::of_new_contact(id, draft, tags, self.now.timestamp())
    }
}

/// Writes a merge. Merging only appends to the contact's lists, so the rows
/// it had keep their ids (undo puts back exactly those rows); a draft that is
/// not an extension of the old one is written whole.
fn write_merge(
    tx: &Connection,
    id: ContactId,
    before: &ContactDraft,
    merged: &ContactDraft,
    tag_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    let appends = merged.emails.starts_with(&before.emails)
        && merged.phones.starts_with(&before.phones)
        && merged.addresses.starts_with(&before.addresses)
        && merged.tags.starts_with(&before.tags)
        && merged.custom_fields.starts_with(&before.custom_fields);
    if !appends {
        return replace_contact(tx, id, merged, now);
    }
    update_contact_fields(tx, id, merged, now)?;
    let mut rows = ChildRows::default();
    rows.queue(tx, id, merged, tag_ids, Some(before))?;
    rows.flush(tx)?;
    touch_outbox(tx, id)
}

fn read_batch(r: &rusqlite::Row) -> rusqlite::Result<BatchInfo> {
    Ok(BatchInfo {
        id: r.get(0)?,
        source_name: r.get(1)?,
        status: r.get(2)?,
        started_at: r.get(3)?,
        finished_at: r.get(4)?,
        rows_done: r.get(5)?,
        created: r.get(6)?,
        merged: r.get(7)?,
        skipped: r.get(8)?,
        errors: r.get(9)?,
    })
}

const BATCH_COLUMNS: &str = "id, source_name, status, started_at, finished_at, rows_done,
    created_count, merged_count, skipped_count, error_count";

impl Store {
    /// Starts an import batch and returns its id.
    pub fn begin_import_batch(
        &mut self,
        source_name: &str,
        options_json: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO import_batches (source_name, started_at, options_json) VALUES (?1, ?2, ?3)",
                params![source_name, instant_to_text(now), options_json],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Writes one chunk of batch `batch` in one transaction: everything `f`
    /// does and the running `counts` commit together or not at all.
    pub fn import_chunk<T>(
        &mut self,
        batch: i64,
        now: DateTime<Utc>,
        f: impl FnOnce(&ChunkWriter) -> Result<(T, BatchCounts)>,
    ) -> Result<T> {
        self.write(|tx| {
            // Foreign keys checked at the commit, and the child rows written `OR FAIL`:
            // a multi-row INSERT then needs no statement journal (a copy of every page
            // it touches, kept to undo a statement that fails halfway). A chunk that
            // fails is rolled back whole anyway.
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let w = ChunkWriter {
                tx,
                batch,
                now,
                new_rows: NewRows::read(tx, now)?,
                tag_ids: RefCell::default(),
                created: RefCell::default(),
                children: RefCell::default(),
            };
            let (out, c) = f(&w)?;
            w.write_children()?;
            let created = w.created.take();
            if !created.is_empty() {
                let ids: Vec<String> = created.iter().map(i64::to_string).collect();
                tx.prepare_cached(
                    "INSERT INTO search_outbox (contact_id) SELECT value FROM json_each(?1)",
                )?
                .execute([format!("[{}]", ids.join(","))])?;
            }
            set_counts(tx, batch, &c)?;
            Ok(out)
        })
    }

    /// Marks a batch `complete`, `cancelled` or `failed` with its final counts.
    pub fn finish_import_batch(
        &mut self,
        batch: i64,
        status: &str,
        counts: &BatchCounts,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            set_counts(tx, batch, counts)?;
            tx.execute(
                "UPDATE import_batches SET status = ?2, finished_at = ?3 WHERE id = ?1",
                params![batch, status, instant_to_text(now)],
            )?;
            Ok(())
        })
    }

    /// One batch.
    pub fn import_batch(&self, batch: i64) -> Result<Option<BatchInfo>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {BATCH_COLUMNS} FROM import_batches WHERE id = ?1"),
                [batch],
                read_batch,
            )
            .optional()?)
    }

    /// Records the file a batch reads (see [`crate::import::SourceFingerprint`]).
    pub fn set_import_source(&mut self, batch: i64, bytes: u64, sha256: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE import_batches SET source_bytes = ?2, source_sha256 = ?3 WHERE id = ?1",
                params![batch, bytes as i64, sha256],
            )?;
            Ok(())
        })
    }

    /// The size and SHA-256 of the file a batch read; `None` for a batch
    /// started by an older version, which recorded neither.
    pub fn import_source(&self, batch: i64) -> Result<Option<(u64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT source_bytes, source_sha256 FROM import_batches WHERE id = ?1",
                [batch],
                |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()?
            .and_then(|(b, h)| Some((b? as u64, h?))))
    }

    /// The options a batch was started with (JSON), for resuming it.
    pub fn import_batch_options(&self, batch: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT options_json FROM import_batches WHERE id = ?1",
                [batch],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// All batches, newest first.
    pub fn import_batches(&self) -> Result<Vec<BatchInfo>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {BATCH_COLUMNS} FROM import_batches ORDER BY id DESC"
        ))?;
        let rows = stmt
            .query_map([], read_batch)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every lower-cased email and E.164 phone of live contacts (to tell
    /// quickly which imported rows can have a duplicate).
    pub fn contact_match_keys(&self, mut f: impl FnMut(&str)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT e.address_key FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
             WHERE c.deleted_at IS NULL
             UNION ALL
             SELECT p.e164 FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
             WHERE c.deleted_at IS NULL AND p.e164 IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(r.get_ref(0)?.as_str().unwrap_or(""));
        }
        Ok(())
    }

    /// Live contacts with one of these lower-cased emails or E.164 phones (outside a write).
    pub fn contacts_matching_keys(&self, keys: &[String]) -> Result<Vec<ContactId>> {
        let (phones, emails): (Vec<String>, Vec<String>) =
            keys.iter().cloned().partition(|k| k.starts_with('+'));
        self.contacts_matching(&emails, &phones)
    }

    /// A saved column mapping (JSON), by name.
    pub fn saved_mapping(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT mapping_json FROM saved_mappings WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Saves (or replaces) a column mapping under `name`.
    pub fn save_mapping(&mut self, name: &str, json: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO saved_mappings (name, mapping_json, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET mapping_json = ?2, updated_at = ?3",
                params![name, json, instant_to_text(now)],
            )?;
            Ok(())
        })
    }

    /// Names of the saved mappings.
    pub fn saved_mapping_names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM saved_mappings ORDER BY name")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names)
    }
}

fn set_counts(tx: &Connection, batch: i64, c: &BatchCounts) -> Result<()> {
    tx.prepare_cached(
        "UPDATE import_batches SET rows_done = ?2, rows_total = ?2, created_count = ?3,
            merged_count = ?4, skipped_count = ?5, error_count = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        batch,
        c.rows as i64,
        c.created as i64,
        c.merged as i64,
        c.skipped as i64,
        c.errors as i64
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::{Address, CustomField, Email, Phone};

    /// Foreign keys are checked at a chunk's commit (deferred): a child row of
    /// no contact still fails the chunk, and nothing of it is kept.
    #[test]
    fn a_broken_reference_fails_the_whole_chunk_at_commit() {
        let mut s = Store::open_in_memory().unwrap();
        let now = "2026-11-23T08:00:00Z".parse().unwrap();
        let batch = s.begin_import_batch("t.csv", "{}", now).unwrap();
        let r = s.import_chunk(batch, now, |w| {
            w.create(&ContactDraft::named("Kept?").normalised()?)?;
            w.tx.execute(
                "INSERT OR FAIL INTO contact_emails (contact_id, position, address, address_key)
                 VALUES (999999, 0, 'x@example.com', 'x@example.com')",
                [],
            )?;
            Ok(((), BatchCounts::default()))
        });
        let e = r.unwrap_err().to_string();
        assert!(e.contains("FOREIGN KEY"), "{e}");
        assert_eq!(s.count_contacts().unwrap(), 0);
        // The next chunk is checked the same way and writes normally.
        s.import_chunk(batch, now, |w| {
            w.create(&ContactDraft::named("Ann").normalised()?)?;
            Ok(((), BatchCounts::default()))
        })
        .unwrap();
        assert_eq!(s.count_contacts().unwrap(), 1);
        assert!(s.health().unwrap().is_ok());
    }

    #[test]
    fn a_new_contacts_source_is_what_the_store_reads_back() {
        let mut s = Store::open_in_memory().unwrap();
        let now = "2026-11-23T08:00:00.123Z".parse().unwrap();
        // An existing tag matched without case keeps its own name.
        s.insert_contact(
            &ContactDraft {
                tags: vec!["VIP".into()],
                ..ContactDraft::named("Old")
            },
            now,
        )
        .unwrap();
        let drafts = [
            ContactDraft {
                display_name: "欧阳娜娜".into(),
                family_name: Some("欧阳".into()),
                given_name: Some("娜娜".into()),
                phonetic_name: Some("Ouyang Nana".into()),
                company: Some("ACME 上海".into()),
                title: Some("经理".into()),
                emails: vec![
                    Email {
                        address: "Nana@Example.com".into(),
                        label: Some("work".into()),
                    },
                    Email {
                        address: "nana@home.example".into(),
                        label: None,
                    },
                ],
                phones: vec![
                    Phone::new("138 0013 8000", None, crate::phone::Region::default()),
                    Phone {
                        raw: "ext. 12".into(),
                        e164: None,
                        label: Some("desk".into()),
                    },
                ],
                tags: vec!["vip".into(), "新客户".into(), "vip2".into()],
                addresses: vec![
                    Address {
                        street: Some("1 Main St".into()),
                        city: Some("上海".into()),
                        country: Some("CN".into()),
                        ..Default::default()
                    },
                    Address {
                        label: Some("only a label".into()),
                        ..Default::default()
                    },
                ],
                custom_fields: vec![
                    CustomField {
                        key: "微信".into(),
                        value: "nana88".into(),
                    },
                    CustomField {
                        key: "LinkedIn".into(),
                        value: "in/nana".into(),
                    },
                ],
                ..Default::default()
            },
            ContactDraft::named("Bare"),
        ];
        let batch = s.begin_import_batch("t.csv", "{}", now).unwrap();
        let built = s
            .import_chunk(batch, now, |w| {
                let mut out = Vec::new();
                for d in &drafts {
                    let d = d.clone().normalised()?;
                    let id = w.create(&d)?;
                    out.push(w.new_contact_source(id, &d));
                }
                Ok((out, BatchCounts::default()))
            })
            .unwrap();
        let ids: Vec<ContactId> = built.iter().map(|b| b.id).collect();
        assert_eq!(built, s.search_sources(&ids).unwrap());
        assert_eq!(built[0].tags, ["VIP", "新客户", "vip2"]);
        assert_eq!(
            built[0].addresses.len(),
            1,
            "an address with no text is not searchable"
        );
    }
}

//! Bulk actions, set-based over the temporary table `bulk_ids`, each one journaled step.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::contacts::{recompute_cadence_where, refresh_last_contacted, tag_id, tag_rules_exist};
use super::journal::{begin_step, fill_bulk_ids, keep_created, max_id, touch_bulk_outbox};
use super::Store;
use crate::bulk::{BulkAction, BulkOutcome};
use crate::contacts::ContactId;
use crate::dates::instant_to_text;
use crate::error::Result;

/// Runs `sql` (with `?1` the time as stored and `?2` a value) on the contacts in `bulk_ids`.
fn each(tx: &Connection, sql: &str, now: &str, value: impl rusqlite::ToSql) -> Result<u64> {
    Ok(tx.execute(sql, params![now, value])? as u64)
}

impl Store {
    /// Applies `action` to the live contacts among `ids` in one transaction, journaled as
    /// one undoable step.
    pub fn bulk_action(
        &mut self,
        ids: &[ContactId],
        action: &BulkAction,
        now: DateTime<Utc>,
    ) -> Result<BulkOutcome> {
        self.write(|tx| {
            let contacts = fill_bulk_ids(tx, ids)?;
            let step = begin_step(tx, action.name(), &action.describe(), now)?;
            let now_text = instant_to_text(now);
            let now = now_text.as_str();
            let changed = match action {
                BulkAction::AddTags { tags } => {
                    let mut n = 0;
                    for t in tags {
                        let (tag, created) = tag_id(tx, t)?;
                        if created {
                            tx.execute(
                                "INSERT INTO undo_created (step_id, tbl, row_id) VALUES (?1, 'tags', ?2)",
                                [step.0, tag],
                            )?;
                        }
                        n += tx.execute(
                            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, position)
                             SELECT b.id, ?1, coalesce((SELECT max(position) + 1 FROM contact_tags
                                                        WHERE contact_id = b.id), 0)
                             FROM temp.bulk_ids b",
                            [tag],
                        )? as u64;
                    }
                    // Linking fires no trigger (migration 0008): tag rules apply here.
                    if tag_rules_exist(tx)? {
                        recompute_cadence_where(tx, "id IN (SELECT id FROM temp.bulk_ids)", [])?;
                    }
                    touch_updated(tx, now)?;
                    n
                }
                BulkAction::RemoveTags { tags } => {
                    let names = serde_json::to_string(tags)
                        .map_err(|e| crate::error::Error::invalid("tags", e.to_string()))?;
                    let n = tx.execute(
                        "DELETE FROM contact_tags WHERE contact_id IN (SELECT id FROM temp.bulk_ids)
                         AND tag_id IN (SELECT t.id FROM tags t
                                        WHERE t.name IN (SELECT value FROM json_each(?1)))",
                        [names],
                    )? as u64;
                    touch_updated(tx, now)?;
                    n
                }
                BulkAction::SetStage { stage } => each(
                    tx,
                    "UPDATE contacts SET stage = ?2, updated_at = ?1
                     WHERE id IN (SELECT id FROM temp.bulk_ids) AND stage IS NOT ?2",
                    now,
                    stage.map(|s| s.as_str()),
                )?,
                BulkAction::SetCadence { days } => each(
                    tx,
                    "UPDATE contacts SET cadence_days = ?2, updated_at = ?1
                     WHERE id IN (SELECT id FROM temp.bulk_ids) AND cadence_days IS NOT ?2",
                    now,
                    days,
                )?,
                BulkAction::OptOut {
                    channel,
                    opted_out: true,
                } => {
                    let n = tx.execute(
                        "INSERT OR IGNORE INTO contact_opt_outs (contact_id, channel)
                         SELECT id, ?1 FROM temp.bulk_ids",
                        [channel.as_str()],
                    )? as u64;
                    touch_updated(tx, now)?;
                    n
                }
                BulkAction::OptOut {
                    channel,
                    opted_out: false,
                } => {
                    let n = tx.execute(
                        "DELETE FROM contact_opt_outs WHERE channel = ?1
                         AND contact_id IN (SELECT id FROM temp.bulk_ids)",
                        [channel.as_str()],
                    )? as u64;
                    touch_updated(tx, now)?;
                    n
                }
                BulkAction::Archive => each(
                    tx,
                    "UPDATE contacts SET archived_at = ?1, updated_at = ?1
                     WHERE id IN (SELECT id FROM temp.bulk_ids) AND archived_at IS NULL AND ?2",
                    now,
                    true,
                )?,
                BulkAction::Delete => each(
                    tx,
                    "UPDATE contacts SET deleted_at = ?1, updated_at = ?1
                     WHERE id IN (SELECT id FROM temp.bulk_ids) AND ?2",
                    now,
                    true,
                )?,
                BulkAction::Log {
                    interaction,
                    text,
                    direction,
                    at,
                } => {
                    let before = max_id(tx, "interactions")?;
                    let at = at.map(instant_to_text).unwrap_or_else(|| now.to_string());
                    let n = tx.execute(
                        "INSERT INTO interactions (contact_id, kind, occurred_at, direction, text, created_at)
                         SELECT id, ?1, ?2, ?3, ?4, ?5 FROM temp.bulk_ids ORDER BY id",
                        params![
                            interaction.as_str(),
                            at,
                            direction.map(|d| d.as_str()),
                            text,
                            now
                        ],
                    )? as u64;
                    keep_created(tx, step, "interactions", before)?;
                    if interaction.is_contact() {
                        let ids: Vec<i64> = tx
                            .prepare("SELECT id FROM temp.bulk_ids")?
                            .query_map([], |r| r.get(0))?
                            .collect::<rusqlite::Result<_>>()?;
                        for id in ids {
                            refresh_last_contacted(tx, ContactId(id))?;
                        }
                    }
                    n
                }
            };
            if action.changes_search() {
                touch_bulk_outbox(tx)?;
            }
            tx.execute("DELETE FROM temp.bulk_ids", [])?;
            Ok(BulkOutcome {
                step,
                contacts,
                changed,
            })
        })
    }
}

/// Marks the contacts in `bulk_ids` changed now.
fn touch_updated(tx: &Connection, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE contacts SET updated_at = ?1 WHERE id IN (SELECT id FROM temp.bulk_ids)",
        [now],
    )?;
    Ok(())
}

impl Store {
    /// What the duplicate search reads of every live contact (archived ones included), in
    /// id order.
    pub fn duplicate_keys(&self) -> Result<Vec<crate::duplicates::DuplicateKeys>> {
        use std::collections::HashMap;
        let mut rows = Vec::new();
        let mut at = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT id, display_name, family_name, company FROM contacts
             WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let id = ContactId(r.get(0)?);
            at.insert(id, rows.len());
            rows.push(crate::duplicates::DuplicateKeys {
                id,
                display_name: r.get(1)?,
                family_name: r.get(2)?,
                company: r.get(3)?,
                emails: Vec::new(),
                phones: Vec::new(),
            });
        }
        for (sql, email) in [
            ("SELECT contact_id, address_key FROM contact_emails", true),
            (
                "SELECT contact_id, e164 FROM contact_phones WHERE e164 IS NOT NULL",
                false,
            ),
        ] {
            let mut stmt = self.conn.prepare(sql)?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let Some(&i) = at.get(&ContactId(r.get(0)?)) else {
                    continue;
                };
                let key: String = r.get(1)?;
                if email {
                    rows[i].emails.push(key);
                } else {
                    rows[i].phones.push(key);
                }
            }
        }
        Ok(rows)
    }

    /// Merges each `(keep, others, merged draft)` in one transaction, journaled as one
    /// undoable step.
    pub fn merge_journaled(
        &mut self,
        plan: &[(ContactId, Vec<ContactId>, crate::contacts::ContactDraft)],
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<crate::store::UndoStepId> {
        self.write(|tx| {
            let ids: Vec<ContactId> = plan
                .iter()
                .flat_map(|(keep, others, _)| std::iter::once(*keep).chain(others.iter().copied()))
                .collect();
            fill_bulk_ids(tx, &ids)?;
            let step = begin_step(tx, "merge_duplicates", label, now)?;
            for (keep, others, merged) in plan {
                for from in others {
                    super::journal::keep_moved(tx, step, *from)?;
                    super::contacts::merge_in(tx, *from, *keep, merged, now)?;
                }
            }
            touch_bulk_outbox(tx)?;
            tx.execute("DELETE FROM temp.bulk_ids", [])?;
            Ok(step)
        })
    }
}

//! The reads and writes behind capture in plain words and logging with the next contact.

use chrono::{DateTime, Utc};

use super::contacts::touch_outbox;
use super::Store;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::followups::{FollowUpDraft, FollowUpId};
use crate::interactions::{InteractionDraft, InteractionId};

impl Store {
    /// Live, listed contacts whose display name starts with the Chinese surname `surname`
    /// (at most `limit`), with their job titles, by name.
    pub fn contacts_with_surname(
        &self,
        surname: char,
        limit: u32,
    ) -> Result<Vec<(ContactId, Option<String>)>> {
        let from = surname.to_string();
        // The next code point: every name starting with `surname` sorts in [from, to).
        let to = char::from_u32(surname as u32 + 1).map_or_else(|| from.clone(), String::from);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title FROM contacts
             WHERE display_name COLLATE NOCASE >= ?1 AND display_name COLLATE NOCASE < ?2
               AND deleted_at IS NULL AND archived_at IS NULL
             ORDER BY display_name COLLATE NOCASE, id LIMIT ?3",
        )?;
        let rows = stmt.query_map(rusqlite::params![from, to, limit], |r| {
            Ok((ContactId(r.get(0)?), r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes a follow-up (what a capture added, undone).
    pub fn delete_follow_up(&mut self, id: FollowUpId) -> Result<()> {
        self.write(|tx| {
            let contact: Option<i64> = super::opt_row(tx.query_row(
                "SELECT contact_id FROM follow_ups WHERE id = ?1",
                [id.0],
                |r| r.get(0),
            ))?;
            let contact = ContactId(contact.ok_or(Error::FollowUpNotFound(id.0))?);
            tx.execute("DELETE FROM follow_ups WHERE id = ?1", [id.0])?;
            touch_outbox(tx, contact)
        })
    }

    /// Logs an interaction and, with `next`, adds the next follow-up, in one transaction.
    pub fn insert_interaction_with_next(
        &mut self,
        d: &InteractionDraft,
        next: Option<&FollowUpDraft>,
        now: DateTime<Utc>,
    ) -> Result<(InteractionId, Option<FollowUpId>)> {
        self.write(|tx| {
            let id = super::interactions::insert_interaction(tx, d, None, now)?;
            let next = next
                .map(|f| super::followups::insert_follow_up(tx, f, now))
                .transpose()?;
            Ok((id, next))
        })
    }
}

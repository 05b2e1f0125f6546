//! Rows of captured mail and calendar interactions: which message or event
//! each came from (so a second import creates nothing), the people the user
//! wrote to who are not contacts, and the suggestions dismissed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::contacts::{refresh_last_contacted, touch_outbox};
use super::Store;
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::Result;
use crate::interactions::{Direction, InteractionKind};

/// An interaction to create for a contact from a message or an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedInteraction {
    /// The source's identity of the message or event (see [`crate::capture`]).
    pub key: String,
    /// The matched contact.
    pub contact: ContactId,
    /// Email or meeting.
    pub kind: InteractionKind,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Sent by the user (outbound) or to them (inbound).
    pub direction: Direction,
    /// The subject or the event's summary.
    pub text: String,
}

/// A person the user wrote to who is not a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentToRow {
    /// The message's identity.
    pub message_key: String,
    /// The address, normalised for matching.
    pub address_key: String,
    /// The address as written.
    pub address: String,
    /// The display name the message gave.
    pub name: Option<String>,
    /// The message's subject.
    pub subject: String,
    /// When it was sent.
    pub occurred_at: DateTime<Utc>,
}

/// What one chunk wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChunkOutcome {
    /// Interactions created.
    pub created: u64,
    /// Interactions already captured by an earlier import (nothing written).
    pub known: u64,
}

/// A suggested contact: someone the user wrote to at least twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionRow {
    /// The address, normalised.
    pub address_key: String,
    /// The address as last written.
    pub address: String,
    /// The display name last given.
    pub name: Option<String>,
    /// Messages the user sent them.
    pub messages: u64,
    /// The latest one.
    pub last_at: DateTime<Utc>,
}

impl Store {
    /// Every live contact's email addresses (normalised keys), each with the
    /// contacts that have it: matching a mailbox against it costs one lookup
    /// per address.
    pub fn contacts_by_email(&self) -> Result<HashMap<String, Vec<ContactId>>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.address_key, e.contact_id FROM contact_emails e
             JOIN contacts c ON c.id = e.contact_id WHERE c.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut map: HashMap<String, Vec<ContactId>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let ids = map.entry(r.get(0)?).or_default();
            let id = ContactId(r.get(1)?);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(map)
    }

    /// Writes one chunk of captured interactions and sent-to rows in one
    /// transaction, in batch `batch` when there is one. What an earlier import already captured
    /// (same key and contact) is counted and left alone. The last-contacted
    /// time (and so the cadence's due date) of every contact touched is then
    /// refreshed, as for a logged call.
    pub fn write_captured(
        &mut self,
        batch: Option<i64>,
        items: &[CapturedInteraction],
        sent_to: &[SentToRow],
        now: DateTime<Utc>,
    ) -> Result<ChunkOutcome> {
        self.write(|tx| {
            let now_text = instant_to_text(now);
            let mut outcome = ChunkOutcome::default();
            let mut known = tx.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM captured WHERE key = ?1 AND contact_id = ?2)",
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO interactions (contact_id, kind, occurred_at, direction, text, created_at, import_batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut link = tx.prepare_cached(
                "INSERT INTO captured (key, contact_id, interaction_id) VALUES (?1, ?2, ?3)",
            )?;
            let mut touched = Vec::new();
            for it in items {
                if known.query_row(params![it.key, it.contact.0], |r| r.get::<_, bool>(0))? {
                    outcome.known += 1;
                    continue;
                }
                insert.execute(params![
                    it.contact.0,
                    it.kind.as_str(),
                    instant_to_text(it.occurred_at),
                    it.direction.as_str(),
                    it.text,
                    now_text,
                    batch,
                ])?;
                link.execute(params![it.key, it.contact.0, tx.last_insert_rowid()])?;
                outcome.created += 1;
                touched.push(it.contact);
            }
            let mut sent = tx.prepare_cached(
                "INSERT OR IGNORE INTO mail_sent_to
                    (message_key, address_key, address, name, subject, occurred_at, batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for s in sent_to {
                sent.execute(params![
                    s.message_key,
                    s.address_key,
                    s.address,
                    s.name,
                    s.subject,
                    instant_to_text(s.occurred_at),
                    batch,
                ])?;
            }
            touched.sort_unstable();
            touched.dedup();
            for id in touched {
                refresh_last_contacted(tx, id)?;
                touch_outbox(tx, id)?;
            }
            Ok(outcome)
        })
    }

    /// People written to in at least `min_messages` messages who are neither a
    /// live contact nor dismissed, most written-to first.
    pub fn mail_suggestions(&self, min_messages: u32) -> Result<Vec<SuggestionRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.address_key, count(*), max(s.occurred_at),
                    (SELECT address FROM mail_sent_to x WHERE x.address_key = s.address_key
                     ORDER BY occurred_at DESC LIMIT 1),
                    (SELECT name FROM mail_sent_to x WHERE x.address_key = s.address_key
                     AND name IS NOT NULL ORDER BY occurred_at DESC LIMIT 1)
             FROM mail_sent_to s
             WHERE NOT EXISTS (SELECT 1 FROM mail_suggestions_dismissed d WHERE d.address_key = s.address_key)
               AND NOT EXISTS (SELECT 1 FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
                               WHERE e.address_key = s.address_key AND c.deleted_at IS NULL)
             GROUP BY s.address_key HAVING count(*) >= ?1
             ORDER BY count(*) DESC, max(s.occurred_at) DESC, s.address_key",
        )?;
        let rows = stmt.query_map([min_messages], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        rows.map(|r| {
            let (address_key, messages, last, address, name) = r?;
            Ok(SuggestionRow {
                address_key,
                address,
                name,
                messages,
                last_at: instant_from_text(&last)?,
            })
        })
        .collect()
    }

    /// The messages the user sent to an address that is not a contact, oldest first.
    pub fn mail_sent_to(&self, address_key: &str) -> Result<Vec<SentToRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT message_key, address_key, address, name, subject, occurred_at
             FROM mail_sent_to WHERE address_key = ?1 ORDER BY occurred_at, message_key",
        )?;
        let rows = stmt.query_map([address_key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        rows.map(|r| {
            let (message_key, address_key, address, name, subject, at) = r?;
            Ok(SentToRow {
                message_key,
                address_key,
                address,
                name,
                subject,
                occurred_at: instant_from_text(&at)?,
            })
        })
        .collect()
    }

    /// Turns a suggestion down for good.
    pub fn dismiss_mail_suggestion(&mut self, address_key: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO mail_suggestions_dismissed (address_key, dismissed_at) VALUES (?1, ?2)",
            params![address_key, instant_to_text(now)],
        )?;
        Ok(())
    }

    /// How many interactions were captured from mail or calendars.
    pub fn count_captured(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM captured", [], |r| r.get(0))?)
    }
}

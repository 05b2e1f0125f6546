//! Satisfaction ratings on interactions, and the care follow-ups they answer.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::interactions::insert_interaction;
use super::Store;
use crate::dates::instant_to_text;
use crate::error::Result;
use crate::interactions::{InteractionDraft, InteractionId};

impl Store {
    /// Logs an interaction with a satisfaction rating (1–5) and completes the contact's
    /// pending care follow-ups, in one transaction.
    pub fn insert_rated_interaction(
        &mut self,
        d: &InteractionDraft,
        rating: u8,
        now: DateTime<Utc>,
    ) -> Result<InteractionId> {
        self.write(|tx| {
            let id = insert_interaction(tx, d, None, now)?;
            tx.execute(
                "UPDATE interactions SET satisfaction = ?2 WHERE id = ?1",
                params![id.0, rating],
            )?;
            tx.execute(
                "UPDATE follow_ups SET status = 'done', completed_at = ?2
                 WHERE status != 'done' AND id IN (
                    SELECT care_follow_up_id FROM deals WHERE contact_id = ?1
                      AND care_follow_up_id IS NOT NULL)",
                params![d.contact_id.0, instant_to_text(now)],
            )?;
            Ok(id)
        })
    }
}

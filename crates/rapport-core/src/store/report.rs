//! Counts behind the report's trends.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::today::ymd;
use super::Store;
use crate::dates::instant_to_text;
use crate::error::Result;

impl Store {
    /// Interactions that reached a live contact (notes excluded) in `[from, to)`.
    pub fn contacts_made_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<u64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM interactions i JOIN contacts c ON c.id = i.contact_id
                 WHERE i.occurred_at >= ?1 AND i.occurred_at < ?2 AND i.kind != 'note'
                   AND c.deleted_at IS NULL",
            )?
            .query_row(params![instant_to_text(from), instant_to_text(to)], |r| {
                r.get(0)
            })?)
    }

    /// Follow-ups of live contacts that were overdue at instant `start` (the start of local
    /// day `day`): due before `day`, created before `start`, and not completed by then.
    /// A snoozed follow-up counts with its current due date (earlier ones are not kept).
    pub fn overdue_at(&self, day: NaiveDate, start: DateTime<Utc>) -> Result<u64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
                 WHERE f.due_date < ?1 AND f.created_at < ?2
                   AND (f.status != 'done' OR f.completed_at >= ?2)
                   AND c.deleted_at IS NULL",
            )?
            .query_row(params![ymd(day), instant_to_text(start)], |r| r.get(0))?)
    }
}

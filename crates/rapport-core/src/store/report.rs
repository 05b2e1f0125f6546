//! Counts behind the report's trends.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::today::{ymd, LISTABLE};
use super::Store;
use crate::dates::instant_to_text;
use crate::error::Result;

impl Store {
    /// Calls, emails, meetings and messages logged in `[from, to)`, read off their own
    /// index (contacts deleted since still count: the work was done).
    pub fn contacts_made_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<u64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM interactions INDEXED BY interactions_contacts_by_time
                 WHERE occurred_at >= ?1 AND occurred_at < ?2 AND kind != 'note'",
            )?
            .query_row(params![instant_to_text(from), instant_to_text(to)], |r| {
                r.get(0)
            })?)
    }

    /// How many follow-ups of live contacts were overdue at the start of each day, given as
    /// `(local day, the instant it began)`: due before the day, created before it began,
    /// and not completed by then. One pass over the follow-ups due before the last day.
    /// A snoozed follow-up counts with its current due date (earlier ones are not kept).
    pub fn overdue_at(&self, days: &[(NaiveDate, DateTime<Utc>)]) -> Result<Vec<u64>> {
        let Some(last) = days.iter().map(|(d, _)| *d).max() else {
            return Ok(Vec::new());
        };
        let starts: Vec<(String, String)> = days
            .iter()
            .map(|(d, s)| (ymd(*d), instant_to_text(*s)))
            .collect();
        let mut counts = vec![0_u64; days.len()];
        // The contacts the today list shows (not archived, not do-not-contact, not
        // opted out of every channel), so that today's point is Today's count.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.due_date, f.created_at, CASE WHEN f.status = 'done' THEN f.completed_at END
             FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
             WHERE f.due_date < ?1 AND {LISTABLE}
               AND (SELECT count(*) FROM contact_opt_outs o WHERE o.contact_id = c.id) < {channels}",
            channels = crate::optout::OptOutChannel::ALL.len()
        ))?;
        let rows = stmt.query_map([ymd(last)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        for row in rows {
            let (due, created, completed) = row?;
            for (i, (day, start)) in starts.iter().enumerate() {
                // Stored dates and instants are fixed-width text: they compare as they sort.
                let open_then = completed.as_ref().is_none_or(|c| c >= start);
                if due < *day && created < *start && open_then {
                    counts[i] += 1;
                }
            }
        }
        Ok(counts)
    }
}

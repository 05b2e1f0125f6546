//! Logging asks for the next contact: `+3d`, `+7d`, `+30d`, a date, or none, set in the same
//! transaction as the log (as completing a follow-up already does).

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::{add_days, ContactBook};
use crate::error::{Error, Result};
use crate::followups::{FollowUp, FollowUpDraft};
use crate::interactions::{Interaction, InteractionDraft};

/// When to contact someone next, chosen while logging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "next", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum NextContact {
    /// No follow-up.
    None,
    /// A follow-up this many days after the log's local date (`3d`, `+7d`, `30`).
    InDays(u32),
    /// A follow-up on this local date (`2026-12-24`).
    On(NaiveDate),
}

impl FromStr for NextContact {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        if s == "none" || s == "no" || s.is_empty() {
            return Ok(NextContact::None);
        }
        let days = s.trim_start_matches('+');
        let days = days.strip_suffix('d').unwrap_or(days);
        if let Ok(n) = days.parse::<u32>() {
            if !(1..=3660).contains(&n) {
                return Err(Error::invalid(
                    "next",
                    "the next contact is 1 to 3660 days away",
                ));
            }
            return Ok(NextContact::InDays(n));
        }
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(NextContact::On)
            .map_err(|_| {
                Error::invalid(
                    "next",
                    format!(
                        "'{s}' is not 3d, 7d, 30d (any number of days), a date YYYY-MM-DD or none"
                    ),
                )
            })
    }
}

impl ContactBook {
    /// Logs an interaction and sets the next follow-up in the same transaction: nothing is
    /// written unless both are. Days count from `today` (the user's local date); the
    /// follow-up repeats the log's text. A date before `today` is refused.
    pub fn log_with_next(
        &mut self,
        mut d: InteractionDraft,
        next: NextContact,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(Interaction, Option<FollowUp>)> {
        d.text = d.text.trim().to_string();
        d.outcome = d
            .outcome
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty());
        let due = match next {
            NextContact::None => None,
            NextContact::InDays(n) => Some(add_days(today, n)?),
            NextContact::On(date) if date < today => {
                return Err(Error::invalid("next", format!("{date} is before {today}")))
            }
            NextContact::On(date) => Some(date),
        };
        let follow_up = due.map(|due_date| FollowUpDraft {
            contact_id: d.contact_id,
            due_date,
            due_time: None,
            text: if d.text.is_empty() {
                format!("after the {}", d.kind)
            } else {
                d.text.clone()
            },
        });
        let (id, next_id) =
            self.store_mut()
                .insert_interaction_with_next(&d, follow_up.as_ref(), now)?;
        self.sync_search()?;
        Ok((
            self.store().interaction(id)?,
            next_id.map(|f| self.store().follow_up(f)).transpose()?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactDraft, InteractionKind};

    #[test]
    fn next_contact_reads_days_dates_and_none() {
        assert_eq!("3d".parse::<NextContact>().unwrap(), NextContact::InDays(3));
        assert_eq!(
            "+7d".parse::<NextContact>().unwrap(),
            NextContact::InDays(7)
        );
        assert_eq!(
            "30".parse::<NextContact>().unwrap(),
            NextContact::InDays(30)
        );
        assert_eq!("none".parse::<NextContact>().unwrap(), NextContact::None);
        assert_eq!(
            "2026-12-24".parse::<NextContact>().unwrap(),
            NextContact::On(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap())
        );
        for bad in ["0d", "soon", "2026-13-01", "-3d"] {
            assert!(bad.parse::<NextContact>().is_err(), "{bad}");
        }
    }

    #[test]
    fn log_with_next_writes_both_or_neither() {
        let mut book = ContactBook::open_in_memory().unwrap();
        let now = "2026-12-02T09:00:00Z".parse().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let c = book.add_contact(ContactDraft::named("Ada"), now).unwrap();
        let draft = InteractionDraft {
            contact_id: c.id,
            kind: InteractionKind::Call,
            occurred_at: now,
            direction: None,
            text: "renewal".into(),
            outcome: None,
        };
        let (i, f) = book
            .log_with_next(draft.clone(), NextContact::InDays(7), today, now)
            .unwrap();
        assert_eq!(i.text, "renewal");
        let f = f.unwrap();
        assert_eq!(f.due_date, NaiveDate::from_ymd_opt(2026, 12, 9).unwrap());
        assert_eq!(f.text, "renewal");
        // A log for a contact that is gone writes nothing.
        let gone = InteractionDraft {
            contact_id: crate::ContactId(999),
            ..draft.clone()
        };
        assert!(book
            .log_with_next(gone, NextContact::InDays(3), today, now)
            .is_err());
        let (_, none) = book
            .log_with_next(draft, NextContact::None, today, now)
            .unwrap();
        assert!(none.is_none());
        assert_eq!(book.interactions_of(c.id, None).unwrap().len(), 2);
        assert_eq!(book.follow_ups_of(c.id).unwrap().len(), 1);
    }
}

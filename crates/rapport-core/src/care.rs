//! Care moments after a purchase (seed 001): when a deal is won, a follow-up N days later
//! (15 by default, a setting) asks the customer how satisfied they are; the answer is an
//! interaction with a satisfaction rating from 1 to 5. Logging a rating completes the
//! contact's pending care follow-ups. Birthdays and anniversaries are on the today list.

use chrono::{DateTime, NaiveDate, Utc};

use crate::book::{add_days, ContactBook};
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::followups::FollowUpDraft;
use crate::interactions::{Interaction, InteractionDraft};

/// Setting key: days after a purchase that the satisfaction check is due.
pub const SETTING_CARE_DAYS: &str = "care_after_purchase_days";

/// Seed 001: follow up 15 days after a purchase.
pub const DEFAULT_CARE_DAYS: u32 = 15;

impl ContactBook {
    /// Days after a purchase that the satisfaction check is due.
    pub fn care_days(&self) -> Result<u32> {
        Ok(self
            .store()
            .setting(SETTING_CARE_DAYS)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_CARE_DAYS))
    }

    /// Sets the days after a purchase that the satisfaction check is due (1–365).
    pub fn set_care_days(&mut self, days: u32) -> Result<()> {
        if !(1..=365).contains(&days) {
            return Err(Error::invalid("care days", "must be 1–365 days"));
        }
        self.store_mut()
            .set_setting(SETTING_CARE_DAYS, &days.to_string())
    }

    /// The care follow-up for a purchase on `won_on`: due [`ContactBook::care_days`] later.
    /// `None` when that day is already before `today` (a purchase entered long after the
    /// fact): an overdue satisfaction check for old history helps nobody.
    pub(crate) fn care_follow_up_for(
        &self,
        contact_id: ContactId,
        product: Option<&str>,
        won_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Option<FollowUpDraft>> {
        let due = add_days(won_on, self.care_days()?)?;
        if due < today {
            return Ok(None);
        }
        let what = product.map(|p| format!(" with {p}")).unwrap_or_default();
        Ok(Some(FollowUpDraft {
            contact_id,
            due_date: due,
            due_time: None,
            text: format!("Care: ask about satisfaction{what} (purchase of {won_on})"),
        }))
    }

    /// Logs an interaction that carries the customer's satisfaction rating (1–5), and
    /// completes the contact's pending care follow-ups: the question has been asked.
    pub fn log_satisfaction(
        &mut self,
        mut d: InteractionDraft,
        rating: u8,
        now: DateTime<Utc>,
    ) -> Result<Interaction> {
        if !(1..=5).contains(&rating) {
            return Err(Error::invalid("satisfaction", "a rating is 1 to 5"));
        }
        d.text = d.text.trim().to_string();
        d.outcome = d
            .outcome
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty());
        let id = self.store_mut().insert_rated_interaction(&d, rating, now)?;
        self.store().interaction(id)
    }
}

//! Follow-ups: reminders with a due date, linked to a contact.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contacts::ContactId;
use crate::error::{Error, Result};

/// Identifies a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct FollowUpId(pub i64);

impl fmt::Display for FollowUpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a follow-up stands. Open and snoozed ones are both still to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FollowUpStatus {
    /// To do.
    Open,
    /// To do, moved to a later date at least once.
    Snoozed,
    /// Done.
    Done,
}

impl FollowUpStatus {
    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            FollowUpStatus::Open => "open",
            FollowUpStatus::Snoozed => "snoozed",
            FollowUpStatus::Done => "done",
        }
    }

    /// Still to do.
    pub fn is_pending(&self) -> bool {
        *self != FollowUpStatus::Done
    }
}

impl FromStr for FollowUpStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "open" => Ok(FollowUpStatus::Open),
            "snoozed" => Ok(FollowUpStatus::Snoozed),
            "done" => Ok(FollowUpStatus::Done),
            other => Err(Error::invalid(
                "status",
                format!("unknown status '{other}'"),
            )),
        }
    }
}

/// What the user sets on a new follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUpDraft {
    /// Who.
    pub contact_id: ContactId,
    /// Local calendar date it is due.
    pub due_date: NaiveDate,
    /// Optional local time of day.
    pub due_time: Option<NaiveTime>,
    /// What to do.
    pub text: String,
}

/// A stored follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUp {
    /// Its id.
    pub id: FollowUpId,
    /// Who.
    pub contact_id: ContactId,
    /// Local calendar date it is due.
    pub due_date: NaiveDate,
    /// Optional local time of day.
    pub due_time: Option<NaiveTime>,
    /// What to do.
    pub text: String,
    /// Open, snoozed or done.
    pub status: FollowUpStatus,
    /// When it was completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

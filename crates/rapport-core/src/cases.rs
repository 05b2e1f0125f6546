//! Service cases (complaints): opened on a contact with what happened, when, and how
//! severe. An open case always has a pending follow-up: opening one schedules it, completing
//! it while the case is still open schedules the next one [`CASE_REFOLLOW_DAYS`] later
//! (unless the user named a next one), and closing the case records the resolution and
//! completes it. Open cases show on the today list.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::followups::{FollowUpDraft, FollowUpId};

/// Days after completing an open case's follow-up that the next one is due.
pub const CASE_REFOLLOW_DAYS: u32 = 2;

/// Identifies a service case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct CaseId(pub i64);

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How serious a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum CaseSeverity {
    /// An inconvenience.
    Low,
    /// A real problem.
    Medium,
    /// The customer may leave over it.
    High,
}

impl CaseSeverity {
    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            CaseSeverity::Low => "low",
            CaseSeverity::Medium => "medium",
            CaseSeverity::High => "high",
        }
    }
}

impl FromStr for CaseSeverity {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "low" | "低" => Ok(CaseSeverity::Low),
            "medium" | "中" => Ok(CaseSeverity::Medium),
            "high" | "高" => Ok(CaseSeverity::High),
            other => Err(Error::invalid(
                "severity",
                format!("'{other}' is not low, medium or high"),
            )),
        }
    }
}

impl fmt::Display for CaseSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the user enters to open a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseDraft {
    /// Who complained.
    pub contact_id: ContactId,
    /// What happened.
    pub text: String,
    /// How serious.
    pub severity: CaseSeverity,
    /// When it happened (or was reported).
    pub opened_at: DateTime<Utc>,
    /// When to follow up first (local date).
    pub follow_up_on: NaiveDate,
}

/// A stored service case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceCase {
    /// Its id.
    pub id: CaseId,
    /// Who.
    pub contact_id: ContactId,
    /// The contact's display name.
    pub display_name: String,
    /// What happened.
    pub text: String,
    /// How serious.
    pub severity: CaseSeverity,
    /// When it happened.
    pub opened_at: DateTime<Utc>,
    /// Its current follow-up (pending while the case is open).
    pub follow_up_id: Option<FollowUpId>,
    /// How it was resolved; `None` while open.
    pub resolution: Option<String>,
    /// When it was closed; `None` while open.
    pub closed_at: Option<DateTime<Utc>>,
}

impl ServiceCase {
    /// Still open.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

impl ContactBook {
    /// Opens a case and schedules its first follow-up.
    pub fn open_case(&mut self, mut d: CaseDraft, now: DateTime<Utc>) -> Result<ServiceCase> {
        d.text = d.text.trim().to_string();
        if d.text.is_empty() {
            return Err(Error::invalid("text", "say what the case is about"));
        }
        let follow_up = FollowUpDraft {
            contact_id: d.contact_id,
            due_date: d.follow_up_on,
            due_time: None,
            text: format!("Case ({}): {}", d.severity, first_line(&d.text)),
        };
        let id = self.store_mut().insert_case(&d, &follow_up, now)?;
        self.store().case(id)
    }

    /// Closes an open case with its resolution and completes its pending follow-up.
    pub fn close_case(
        &mut self,
        id: CaseId,
        resolution: &str,
        now: DateTime<Utc>,
    ) -> Result<ServiceCase> {
        let resolution = resolution.trim();
        if resolution.is_empty() {
            return Err(Error::invalid(
                "resolution",
                "say how the case was resolved",
            ));
        }
        let case = self.store().case(id)?;
        if !case.is_open() {
            return Err(Error::invalid(
                "case",
                format!("case {id} is already closed"),
            ));
        }
        self.store_mut().close_case(id, resolution, now)?;
        self.store().case(id)
    }

    /// Open cases of live contacts, most severe first, then oldest first.
    pub fn open_cases(&self) -> Result<Vec<ServiceCase>> {
        self.store().open_cases()
    }

    /// A contact's cases, open ones first.
    pub fn cases_of(&self, contact: ContactId) -> Result<Vec<ServiceCase>> {
        self.store().cases_of(contact)
    }

    /// The follow-up that replaces `done` when it belongs to a case that is still open.
    pub(crate) fn case_refollow(
        &self,
        done: FollowUpId,
        today: NaiveDate,
    ) -> Result<Option<FollowUpDraft>> {
        let Some(case) = self.store().open_case_of_follow_up(done)? else {
            return Ok(None);
        };
        Ok(Some(FollowUpDraft {
            contact_id: case.contact_id,
            due_date: crate::book::add_days(today, CASE_REFOLLOW_DAYS)?,
            due_time: None,
            text: format!("Case ({}): {}", case.severity, first_line(&case.text)),
        }))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

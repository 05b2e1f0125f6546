//! Interactions: calls, emails, meetings, messages and notes logged against a contact.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contacts::ContactId;
use crate::error::{Error, Result};

/// Identifies an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct InteractionId(pub i64);

/// What kind of contact it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum InteractionKind {
    /// A phone call.
    Call,
    /// An email.
    Email,
    /// A meeting or visit.
    Meeting,
    /// A chat message (WeChat, SMS...).
    Message,
    /// A note: not a contact, so it does not count as "last contacted".
    Note,
}

impl InteractionKind {
    /// Every kind.
    pub const ALL: [InteractionKind; 5] = [
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Meeting,
        InteractionKind::Message,
        InteractionKind::Note,
    ];

    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Message => "message",
            InteractionKind::Note => "note",
        }
    }

    /// Whether this kind counts as reaching the contact (resets the cadence).
    pub fn is_contact(&self) -> bool {
        *self != InteractionKind::Note
    }
}

impl FromStr for InteractionKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        InteractionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "kind",
                    format!("'{s}' is not one of call, email, meeting, message, note"),
                )
            })
    }
}

impl fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who started it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Direction {
    /// The contact reached out.
    Inbound,
    /// The salesperson reached out.
    Outbound,
}

impl Direction {
    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

impl FromStr for Direction {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "inbound" | "in" => Ok(Direction::Inbound),
            "outbound" | "out" => Ok(Direction::Outbound),
            other => Err(Error::invalid(
                "direction",
                format!("'{other}' is not inbound or outbound"),
            )),
        }
    }
}

/// What the user logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InteractionDraft {
    /// Who.
    pub contact_id: ContactId,
    /// What kind.
    pub kind: InteractionKind,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who started it.
    pub direction: Option<Direction>,
    /// Free text.
    pub text: String,
    /// Optional outcome ("left voicemail", "agreed to a demo").
    pub outcome: Option<String>,
}

/// A logged interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Interaction {
    /// Its id.
    pub id: InteractionId,
    /// Who.
    pub contact_id: ContactId,
    /// What kind.
    pub kind: InteractionKind,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who started it.
    pub direction: Option<Direction>,
    /// Free text.
    pub text: String,
    /// Outcome.
    pub outcome: Option<String>,
    /// When it was logged.
    pub created_at: DateTime<Utc>,
    /// The customer's satisfaction, 1–5, when asked (see [`crate::care`]).
    #[serde(default)]
    pub satisfaction: Option<u8>,
}

//! A contact's history: interactions and follow-ups.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, Session};
use crate::contacts::ContactId;
use crate::error::Result;
use crate::followups::{FollowUp, FollowUpDraft, FollowUpId};
use crate::interactions::{Interaction, InteractionDraft, InteractionId};

/// An interaction to log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LogInteractionRequest {
    /// What happened.
    pub draft: InteractionDraft,
}

/// One interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InteractionRequest {
    /// The interaction.
    pub id: InteractionId,
}

/// A contact's interactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InteractionsOfRequest {
    /// The contact.
    pub contact_id: ContactId,
    /// At most this many, newest first (all when absent).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A follow-up to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddFollowUpRequest {
    /// What and when.
    pub draft: FollowUpDraft,
}

/// A follow-up done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompleteFollowUpRequest {
    /// The follow-up.
    pub id: FollowUpId,
    /// Plan the next one this many days from today.
    #[serde(default)]
    pub next_in_days: Option<u32>,
}

/// A follow-up moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SnoozeFollowUpRequest {
    /// The follow-up.
    pub id: FollowUpId,
    /// Its new local date.
    pub to: NaiveDate,
}

/// Logs an interaction.
pub fn log_interaction(s: &Session, env: &Env, r: LogInteractionRequest) -> Result<Interaction> {
    s.write()?.log_interaction(r.draft, env.now)
}

/// Deletes a logged interaction.
pub fn delete_interaction(s: &Session, _: &Env, r: InteractionRequest) -> Result<()> {
    s.write()?.delete_interaction(r.id)
}

/// A contact's interactions, newest first.
pub fn interactions_of(s: &Session, _: &Env, r: InteractionsOfRequest) -> Result<Vec<Interaction>> {
    s.read().interactions_of(r.contact_id, r.limit)
}

/// Adds a follow-up.
pub fn add_follow_up(s: &Session, env: &Env, r: AddFollowUpRequest) -> Result<FollowUp> {
    s.write()?.add_follow_up(r.draft, env.now)
}

/// Completes a follow-up; returns the next one when one was asked for.
pub fn complete_follow_up(
    s: &Session,
    env: &Env,
    r: CompleteFollowUpRequest,
) -> Result<Option<FollowUp>> {
    let mut book = s.write()?;
    let today = env.today(&book)?;
    book.complete_follow_up(r.id, r.next_in_days, today, env.now)
}

/// Moves a follow-up to another local date.
pub fn snooze_follow_up(s: &Session, _: &Env, r: SnoozeFollowUpRequest) -> Result<FollowUp> {
    s.write()?.snooze_follow_up(r.id, r.to)
}

/// A contact's follow-ups.
pub fn follow_ups_of(s: &Session, _: &Env, r: super::ContactRequest) -> Result<Vec<FollowUp>> {
    s.read().follow_ups_of(r.id)
}

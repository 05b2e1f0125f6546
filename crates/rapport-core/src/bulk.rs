//! Bulk actions on a group of contacts (a segment, or a selection of ids): add or remove
//! tags, set the stage or the cadence, set or clear an opt-out, archive, delete, log one
//! interaction on each. Each action is one transaction and one step of the undo journal
//! (see [`crate::store::UndoStep`]): `undo` puts every touched contact back as it was,
//! field by field. Steps are undone newest first.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{ContactId, Stage};
use crate::error::{Error, Result};
use crate::interactions::{Direction, InteractionKind};
use crate::optout::OptOutChannel;
use crate::store::{UndoStep, UndoStepId};

/// Which contacts a bulk action is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BulkTarget {
    /// The members of a saved segment now.
    Segment {
        /// Its name.
        name: String,
    },
    /// These contacts (a selection in the contact list).
    Ids {
        /// The contacts.
        ids: Vec<ContactId>,
    },
}

/// What to do to each contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BulkAction {
    /// Add these tags.
    AddTags {
        /// The tags.
        tags: Vec<String>,
    },
    /// Remove these tags (case-insensitively).
    RemoveTags {
        /// The tags.
        tags: Vec<String>,
    },
    /// Set (or clear) the stage.
    SetStage {
        /// The stage.
        stage: Option<Stage>,
    },
    /// Set (or clear, back to the defaults) the keep-in-touch cadence.
    SetCadence {
        /// Days, 1–3660.
        days: Option<u32>,
    },
    /// Opt out of a channel (or clear the opt-out).
    OptOut {
        /// The channel.
        channel: OptOutChannel,
        /// Opted out (true) or not.
        opted_out: bool,
    },
    /// Archive.
    Archive,
    /// Delete.
    Delete,
    /// Log one interaction on each ("sent the new-year card").
    Log {
        /// Call, email, meeting, message or note.
        interaction: InteractionKind,
        /// What happened.
        text: String,
        /// Inbound or outbound.
        direction: Option<Direction>,
        /// When (default: now).
        at: Option<DateTime<Utc>>,
    },
}

impl BulkAction {
    /// Its kind, as the journal names it.
    pub fn name(&self) -> &'static str {
        match self {
            BulkAction::AddTags { .. } => "add_tags",
            BulkAction::RemoveTags { .. } => "remove_tags",
            BulkAction::SetStage { .. } => "set_stage",
            BulkAction::SetCadence { .. } => "set_cadence",
            BulkAction::OptOut { .. } => "opt_out",
            BulkAction::Archive => "archive",
            BulkAction::Delete => "delete",
            BulkAction::Log { .. } => "log",
        }
    }

    /// What it does, in words (the journal's label).
    pub fn describe(&self) -> String {
        match self {
            BulkAction::AddTags { tags } => format!("add tags {}", tags.join(", ")),
            BulkAction::RemoveTags { tags } => format!("remove tags {}", tags.join(", ")),
            BulkAction::SetStage { stage: Some(s) } => format!("set stage {s}"),
            BulkAction::SetStage { stage: None } => "clear the stage".into(),
            BulkAction::SetCadence { days: Some(d) } => format!("set cadence {d} days"),
            BulkAction::SetCadence { days: None } => "clear the cadence".into(),
            BulkAction::OptOut {
                channel,
                opted_out: true,
            } => format!("opt out of {channel}"),
            BulkAction::OptOut {
                channel,
                opted_out: false,
            } => format!("clear the {channel} opt-out"),
            BulkAction::Archive => "archive".into(),
            BulkAction::Delete => "delete".into(),
            BulkAction::Log {
                interaction, text, ..
            } => format!("log {interaction}: {text}"),
        }
    }

    /// Whether it changes what the search index holds of a contact (its tags, its notes,
    /// deleted); the stage, the cadence and opt-outs are not searched, and whether a
    /// contact is archived is read from the store with each hit.
    pub fn changes_search(&self) -> bool {
        step_changes_search(self.name())
    }

    fn validated(self) -> Result<Self> {
        let tags = |tags: Vec<String>| -> Result<Vec<String>> {
            let tags: Vec<String> = tags
                .into_iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if tags.is_empty() {
                return Err(Error::invalid("tags", "name at least one tag"));
            }
            Ok(tags)
        };
        Ok(match self {
            BulkAction::AddTags { tags: t } => BulkAction::AddTags { tags: tags(t)? },
            BulkAction::RemoveTags { tags: t } => BulkAction::RemoveTags { tags: tags(t)? },
            BulkAction::SetCadence { days: Some(d) } if !(1..=3660).contains(&d) => {
                return Err(Error::invalid("cadence", "cadence must be 1–3660 days"))
            }
            BulkAction::Log {
                interaction,
                text,
                direction,
                at,
            } => BulkAction::Log {
                interaction,
                text: text.trim().to_string(),
                direction,
                at,
            },
            other => other,
        })
    }
}

/// Whether a journal step of `action` (its name) changed what the search index holds.
pub(crate) fn step_changes_search(action: &str) -> bool {
    !matches!(action, "set_stage" | "set_cadence" | "opt_out" | "archive")
}

/// Whether a journal step of `action` moved the value tiers, which rank every live
/// customer by revenue: a delete or a merge takes customers out.
pub(crate) fn step_moves_tiers(action: &str) -> bool {
    matches!(action, "delete" | "merge_duplicates")
}

/// A bulk action and its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkRequest {
    /// Which contacts.
    pub target: BulkTarget,
    /// What to do.
    pub action: BulkAction,
}

/// What a bulk action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkOutcome {
    /// The step that undoes it.
    pub step: UndoStepId,
    /// Contacts it was applied to.
    #[ts(type = "number")]
    pub contacts: u64,
    /// Rows it changed (tags linked, stages set, interactions logged...).
    #[ts(type = "number")]
    pub changed: u64,
}

impl ContactBook {
    /// The contacts a target names: a segment's members now, or the given ids (each must
    /// be a live contact).
    pub fn target_contacts(
        &self,
        target: &BulkTarget,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Vec<ContactId>> {
        match target {
            BulkTarget::Segment { name } => {
                let seg = self.segment(name)?;
                self.contacts_where(&seg.condition, now, tz)
            }
            BulkTarget::Ids { ids } => {
                for id in ids {
                    self.contact(*id)?;
                }
                let mut ids = ids.clone();
                ids.sort();
                ids.dedup();
                Ok(ids)
            }
        }
    }

    /// Applies a bulk action as one undoable step, in one transaction with reading the
    /// segment's members and re-ranking the tiers (a delete moves them).
    pub fn bulk(&mut self, req: BulkRequest, now: DateTime<Utc>, tz: Tz) -> Result<BulkOutcome> {
        let action = req.action.validated()?;
        self.atomically(|book| {
            let ids = book.target_contacts(&req.target, now, tz)?;
            if ids.is_empty() {
                return Err(Error::invalid(
                    "bulk",
                    match &req.target {
                        BulkTarget::Segment { name } => {
                            format!(
                                "segment '{}' has no members now: nothing to do",
                                name.trim()
                            )
                        }
                        BulkTarget::Ids { .. } => "no contacts given: nothing to do".to_string(),
                    },
                ));
            }
            let outcome = book.store_mut().bulk_action(&ids, &action, now)?;
            if step_moves_tiers(action.name()) {
                book.refresh_value_tiers()?;
            }
            Ok(outcome)
        })
    }

    /// Undoes `step`, or the newest step when `None` (see [`crate::store::Store::undo_step`]),
    /// in one transaction with re-ranking the tiers when the step moved them.
    pub fn undo(&mut self, step: Option<UndoStepId>, now: DateTime<Utc>) -> Result<UndoStep> {
        self.atomically(|book| {
            let done = book.store_mut().undo_step(step, now)?;
            if step_moves_tiers(&done.action) {
                book.refresh_value_tiers()?;
            }
            Ok(done)
        })
    }

    /// The newest undoable steps first.
    pub fn undo_steps(&self, limit: u32) -> Result<Vec<UndoStep>> {
        self.store().undo_steps(limit)
    }
}

/// Which step to undo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UndoRequest {
    /// The step (the newest one not undone when `None`); only the newest can be undone.
    #[serde(default)]
    pub step: Option<UndoStepId>,
}

/// How many steps of the journal to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UndoHistoryRequest {
    /// At most this many (20 when `None`).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// The journal's steps, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UndoHistory {
    /// The steps, undone ones included (with when).
    pub steps: Vec<UndoStep>,
}

/// The contacts a bulk action would touch now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkPreview {
    /// How many.
    #[ts(type = "number")]
    pub contacts: u64,
    /// Their ids, in id order.
    pub ids: Vec<ContactId>,
}

/// Applies a bulk action to a segment's members at `now` in `tz` (or to a selection), in
/// one transaction, as one undoable step.
pub fn apply_bulk(
    book: &mut ContactBook,
    req: BulkRequest,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<BulkOutcome> {
    book.bulk(req, now, tz)
}

/// The contacts a target names at `now` in `tz`, before acting on them (to confirm).
pub fn preview_bulk(
    book: &ContactBook,
    req: BulkTarget,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<BulkPreview> {
    let ids = book.target_contacts(&req, now, tz)?;
    Ok(BulkPreview {
        contacts: ids.len() as u64,
        ids,
    })
}

/// Undoes the newest step of the journal (a bulk action, a merge of duplicates, a
/// campaign's creation): the book is as it was before it.
pub fn undo_step(
    book: &mut ContactBook,
    req: UndoRequest,
    now: DateTime<Utc>,
    _tz: Tz,
) -> Result<UndoStep> {
    book.undo(req.step, now)
}

/// The journal's newest steps first.
pub fn undo_history(
    book: &ContactBook,
    req: UndoHistoryRequest,
    _now: DateTime<Utc>,
    _tz: Tz,
) -> Result<UndoHistory> {
    let limit = req.limit.unwrap_or(20).clamp(1, 1000);
    Ok(UndoHistory {
        steps: book.undo_steps(limit)?,
    })
}

//! A contact's history: interactions and follow-ups.

use rapport_core::{
    ContactId, FollowUp, FollowUpDraft, FollowUpId, Interaction, InteractionDraft, InteractionId,
};
use tauri::State;

use crate::clock;
use crate::error::AppResult;
use crate::state::AppState;

/// Logs an interaction (call, email, meeting, message, note).
#[tauri::command]
pub async fn log_interaction(
    state: State<'_, AppState>,
    draft: InteractionDraft,
) -> AppResult<Interaction> {
    Ok(state.book().log_interaction(draft, clock::now())?)
}

/// Deletes a logged interaction.
#[tauri::command]
pub async fn delete_interaction(state: State<'_, AppState>, id: InteractionId) -> AppResult<()> {
    Ok(state.book().delete_interaction(id)?)
}

/// A contact's interactions, newest first.
#[tauri::command]
pub async fn interactions_of(
    state: State<'_, AppState>,
    contact_id: ContactId,
    limit: Option<u32>,
) -> AppResult<Vec<Interaction>> {
    Ok(state.book().interactions_of(contact_id, limit)?)
}

/// Adds a follow-up.
#[tauri::command]
pub async fn add_follow_up(
    state: State<'_, AppState>,
    draft: FollowUpDraft,
) -> AppResult<FollowUp> {
    Ok(state.book().add_follow_up(draft, clock::now())?)
}

/// Completes a follow-up; with `next_in_days`, adds the next one and returns it.
#[tauri::command]
pub async fn complete_follow_up(
    state: State<'_, AppState>,
    id: FollowUpId,
    next_in_days: Option<u32>,
) -> AppResult<Option<FollowUp>> {
    let mut book = state.book();
    let now = clock::now();
    let today = clock::local_date(now, clock::zone(&book)?);
    Ok(book.complete_follow_up(id, next_in_days, today, now)?)
}

/// Moves a follow-up to the local date `to` (`YYYY-MM-DD`).
#[tauri::command]
pub async fn snooze_follow_up(
    state: State<'_, AppState>,
    id: FollowUpId,
    to: String,
) -> AppResult<FollowUp> {
    let to = clock::parse_date("to", &to)?;
    Ok(state.book().snooze_follow_up(id, to)?)
}

/// A contact's follow-ups.
#[tauri::command]
pub async fn follow_ups_of(
    state: State<'_, AppState>,
    contact_id: ContactId,
) -> AppResult<Vec<FollowUp>> {
    Ok(state.book().follow_ups_of(contact_id)?)
}

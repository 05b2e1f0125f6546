//! The today list and the cadence rules behind it.

use rapport_core::report::{Report, ReportOptions};
use rapport_core::today::{CadenceRule, RuleKind, TodayList};
use tauri::State;

use crate::clock;
use crate::error::AppResult;
use crate::state::AppState;

/// Rows per section the Today screen gets at once (the totals count them all):
/// a morning's work, and a web process that stays small (every row is live DOM).
pub const TODAY_ROWS_PER_SECTION: usize = 50;

/// The today list for a local date (default: today in the user's zone), at most
/// [`TODAY_ROWS_PER_SECTION`] rows per section; completing rows brings the next ones.
#[tauri::command]
pub async fn today_list(state: State<'_, AppState>, date: Option<String>) -> AppResult<TodayList> {
    let book = state.book();
    let tz = clock::zone(&book)?;
    let date = match date.as_deref() {
        Some(d) => clock::parse_date("date", d)?,
        None => clock::local_date(clock::now(), tz),
    };
    let list = book.today_limited(date, tz, Some(TODAY_ROWS_PER_SECTION))?;
    crate::webview::note_today_served();
    Ok(list)
}

/// The default cadences per tag and stage.
#[tauri::command]
pub async fn cadence_rules(state: State<'_, AppState>) -> AppResult<Vec<CadenceRule>> {
    Ok(state.book().cadence_rules()?)
}

/// Adds or replaces a cadence rule.
#[tauri::command]
pub async fn set_cadence_rule(state: State<'_, AppState>, rule: CadenceRule) -> AppResult<()> {
    Ok(state.book().set_cadence_rule(rule)?)
}

/// Removes a cadence rule; returns whether there was one.
#[tauri::command]
pub async fn remove_cadence_rule(
    state: State<'_, AppState>,
    kind: RuleKind,
    name: String,
) -> AppResult<bool> {
    Ok(state.book().remove_cadence_rule(kind, &name)?)
}

/// The dashboard: value tiers, pipeline, weekly contacts, overdue trend, drifting
/// customers and open cases, for today in the user's zone.
#[tauri::command]
pub async fn report(state: State<'_, AppState>) -> AppResult<Report> {
    let book = state.book();
    let tz = clock::zone(&book)?;
    let today = clock::local_date(clock::now(), tz);
    Ok(book.report(today, tz, ReportOptions::default())?)
}

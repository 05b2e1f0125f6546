//! Contacts: list, count, read, write, merge.

use std::collections::HashSet;

use rapport_core::value::RfmScore;
use rapport_core::{Contact, ContactDraft, ContactId, ContactQuery, ContactSummary};
use tauri::State;

use crate::clock;
use crate::error::AppResult;
use crate::state::AppState;

/// One page of the contact list. With `overdue`, only contacts with a
/// follow-up due before today or a lapsed keep-in-touch cadence.
#[tauri::command]
pub async fn list_contacts(
    state: State<'_, AppState>,
    query: ContactQuery,
    overdue: bool,
) -> AppResult<Vec<ContactSummary>> {
    let book = state.book();
    if !overdue {
        return Ok(book.list_contacts(&query)?);
    }
    let due = overdue_ids(&book)?;
    let unpaged = ContactQuery {
        limit: None,
        offset: 0,
        ..query.clone()
    };
    let rows = book
        .list_contacts(&unpaged)?
        .into_iter()
        .filter(|c| due.contains(&c.id));
    let rows = rows.skip(query.offset as usize);
    Ok(match query.limit {
        Some(n) => rows.take(n as usize).collect(),
        None => rows.collect(),
    })
}

/// How many rows [`list_contacts`] has for the same query (paging ignored).
#[tauri::command]
pub async fn count_contacts(
    state: State<'_, AppState>,
    query: ContactQuery,
    overdue: bool,
) -> AppResult<u64> {
    let book = state.book();
    if !overdue {
        return Ok(book.count_contacts(&query)?);
    }
    let due = overdue_ids(&book)?;
    let unpaged = ContactQuery {
        limit: None,
        offset: 0,
        ..query
    };
    Ok(book
        .list_contacts(&unpaged)?
        .iter()
        .filter(|c| due.contains(&c.id))
        .count() as u64)
}

fn overdue_ids(book: &rapport_core::ContactBook) -> AppResult<HashSet<ContactId>> {
    let tz = clock::zone(book)?;
    let today = clock::local_date(clock::now(), tz);
    // Every row, not the first page the Today screen shows.
    Ok(book
        .today_limited(today, tz, None)?
        .overdue_contact_ids()
        .into_iter()
        .collect())
}

/// Every tag in use, for the filter menu.
#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> AppResult<Vec<String>> {
    Ok(state.book().tags()?)
}

/// One contact.
#[tauri::command]
pub async fn get_contact(state: State<'_, AppState>, id: ContactId) -> AppResult<Contact> {
    Ok(state.book().contact(id)?)
}

/// A contact's value: RFM scores and tier; `None` when it has bought nothing.
#[tauri::command]
pub async fn contact_value(
    state: State<'_, AppState>,
    id: ContactId,
) -> AppResult<Option<RfmScore>> {
    let book = state.book();
    let tz = clock::zone(&book)?;
    let today = clock::local_date(clock::now(), tz);
    Ok(book.contact_value(id, today, tz)?)
}

/// Creates a contact.
#[tauri::command]
pub async fn add_contact(state: State<'_, AppState>, draft: ContactDraft) -> AppResult<Contact> {
    Ok(state.book().add_contact(draft, clock::now())?)
}

/// Replaces every user-set field of a contact.
#[tauri::command]
pub async fn update_contact(
    state: State<'_, AppState>,
    id: ContactId,
    draft: ContactDraft,
) -> AppResult<Contact> {
    Ok(state.book().update_contact(id, draft, clock::now())?)
}

/// Deletes a contact (restorable).
#[tauri::command]
pub async fn delete_contact(state: State<'_, AppState>, id: ContactId) -> AppResult<()> {
    Ok(state.book().delete_contact(id, clock::now())?)
}

/// Undoes a delete.
#[tauri::command]
pub async fn restore_contact(state: State<'_, AppState>, id: ContactId) -> AppResult<()> {
    Ok(state.book().restore_contact(id, clock::now())?)
}

/// Archives or un-archives a contact.
#[tauri::command]
pub async fn set_archived(
    state: State<'_, AppState>,
    id: ContactId,
    archived: bool,
) -> AppResult<()> {
    Ok(state.book().set_archived(id, archived, clock::now())?)
}

/// Merges `from` into `into` and returns the result.
#[tauri::command]
pub async fn merge_contacts(
    state: State<'_, AppState>,
    from: ContactId,
    into: ContactId,
) -> AppResult<Contact> {
    Ok(state.book().merge_contacts(from, into, clock::now())?)
}

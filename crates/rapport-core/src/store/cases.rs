//! Service case rows.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

use super::contacts::touch_outbox;
use super::followups::insert_follow_up;
use super::today::{listed, CONTACT_COLS, LISTABLE};
use super::{opt_row, ListedContact, Store};
use crate::cases::{CaseDraft, CaseId, ServiceCase};
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::{Error, Result};
use crate::followups::{FollowUpDraft, FollowUpId};

const COLUMNS: &str = "s.id, s.contact_id, c.display_name, s.text, s.severity, s.opened_at,
    s.follow_up_id, s.resolution, s.closed_at";

type RawRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn read(r: &Row) -> rusqlite::Result<RawRow> {
    RawRow::try_from(r)
}

fn build(
    (id, contact, name, text, severity, opened, fu, resolution, closed): RawRow,
) -> Result<ServiceCase> {
    Ok(ServiceCase {
        id: CaseId(id),
        contact_id: ContactId(contact),
        display_name: name,
        text,
        severity: severity.parse()?,
        opened_at: instant_from_text(&opened)?,
        follow_up_id: fu.map(FollowUpId),
        resolution,
        closed_at: closed.as_deref().map(instant_from_text).transpose()?,
    })
}

fn load(conn: &Connection, id: CaseId) -> Result<ServiceCase> {
    let row = opt_row(
        conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM service_cases s JOIN contacts c ON c.id = s.contact_id
             WHERE s.id = ?1 AND c.deleted_at IS NULL"
        ))?
        .query_row([id.0], read),
    )?;
    build(row.ok_or(Error::CaseNotFound(id.0))?)
}

impl Store {
    /// Opens a case with its first follow-up, in one transaction.
    pub fn insert_case(
        &mut self,
        d: &CaseDraft,
        follow_up: &FollowUpDraft,
        now: DateTime<Utc>,
    ) -> Result<CaseId> {
        self.write(|tx| {
            let fu = insert_follow_up(tx, follow_up, now)?;
            tx.prepare_cached(
                "INSERT INTO service_cases (contact_id, text, severity, opened_at, status, follow_up_id)
                 VALUES (?1, ?2, ?3, ?4, 'open', ?5)",
            )?
            .execute(params![
                d.contact_id.0,
                d.text,
                d.severity.as_str(),
                instant_to_text(d.opened_at),
                fu.0
            ])?;
            Ok(CaseId(tx.last_insert_rowid()))
        })
    }

    /// One case of a live contact.
    pub fn case(&self, id: CaseId) -> Result<ServiceCase> {
        load(&self.conn, id)
    }

    /// Closes a case with its resolution and completes its pending follow-up.
    pub fn close_case(&mut self, id: CaseId, resolution: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let case = load(tx, id)?;
            let now = instant_to_text(now);
            tx.execute(
                "UPDATE service_cases SET status = 'closed', resolution = ?2, closed_at = ?3
                 WHERE id = ?1",
                params![id.0, resolution, now],
            )?;
            if let Some(fu) = case.follow_up_id {
                tx.execute(
                    "UPDATE follow_ups SET status = 'done', completed_at = ?2
                     WHERE id = ?1 AND status != 'done'",
                    params![fu.0, now],
                )?;
            }
            touch_outbox(tx, case.contact_id)
        })
    }

    /// Open cases of live contacts: most severe first, then oldest.
    pub fn open_cases(&self) -> Result<Vec<ServiceCase>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM service_cases s JOIN contacts c ON c.id = s.contact_id
             WHERE s.status = 'open' AND c.deleted_at IS NULL
             ORDER BY CASE s.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
                      s.opened_at, s.id"
        ))?;
        let rows = stmt.query_map([], read)?;
        self.readable_rows("service_cases", rows, |r| r.0, build)
    }

    /// Open cases of contacts that may be listed (live, not archived, not do-not-contact),
    /// most severe first, then oldest, with the contact as lists show it.
    pub fn listable_open_cases(&self) -> Result<Vec<(ServiceCase, ListedContact)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS}, {CONTACT_COLS} FROM service_cases s JOIN contacts c ON c.id = s.contact_id
             WHERE s.status = 'open' AND {LISTABLE}
             ORDER BY CASE s.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
                      s.opened_at, s.id"
        ))?;
        let rows = stmt.query_map([], |r| Ok((read(r)?, listed(r, 9)?)))?;
        self.readable_rows(
            "service_cases",
            rows,
            |r| r.0 .0,
            |(raw, contact)| Ok((build(raw)?, contact)),
        )
    }

    /// A contact's cases: open ones first, then newest.
    pub fn cases_of(&self, contact: ContactId) -> Result<Vec<ServiceCase>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM service_cases s JOIN contacts c ON c.id = s.contact_id
             WHERE s.contact_id = ?1 ORDER BY s.status = 'closed', s.opened_at DESC, s.id DESC"
        ))?;
        let rows = stmt.query_map([contact.0], read)?;
        self.readable_rows("service_cases", rows, |r| r.0, build)
    }

    /// The open case whose current follow-up is `fu`, if any.
    pub fn open_case_of_follow_up(&self, fu: FollowUpId) -> Result<Option<ServiceCase>> {
        let row = opt_row(
            self.conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM service_cases s JOIN contacts c ON c.id = s.contact_id
                     WHERE s.follow_up_id = ?1 AND s.status = 'open'"
                ))?
                .query_row([fu.0], read),
        )?;
        row.map(build).transpose()
    }
}

/// Points an open case at its next follow-up when the current one is completed.
pub(super) fn relink_case_follow_up(
    tx: &Connection,
    done: FollowUpId,
    next: FollowUpId,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE service_cases SET follow_up_id = ?2 WHERE follow_up_id = ?1 AND status = 'open'",
    )?
    .execute([done.0, next.0])?;
    Ok(())
}

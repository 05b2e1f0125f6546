//! Deal rows, and the reads behind customer value.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, Row};

use super::followups::insert_follow_up;
use super::today::ymd;
use super::{opt_row, Store};
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::deals::{Deal, DealDraft, DealId, DealQuery, DealStatus};
use crate::error::{Error, Result};
use crate::followups::{FollowUpDraft, FollowUpId};

const COLUMNS: &str = "d.id, d.contact_id, d.product, d.amount_minor, d.currency, d.deal_date,
    d.status, d.stage, d.closed_on, d.care_follow_up_id, d.created_at, d.updated_at";

type RawRow = (
    i64,
    i64,
    Option<String>,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
);

fn read(r: &Row) -> rusqlite::Result<RawRow> {
    RawRow::try_from(r)
}

/// Parses a stored `YYYY-MM-DD` date (by hand: the value computation reads every won deal).
pub(super) fn parse_date(s: &str, what: &str) -> Result<NaiveDate> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0_u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let parsed = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        num(0..4)
            .zip(num(5..7))
            .zip(num(8..10))
            .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y as i32, m, d))
    } else {
        None
    };
    parsed.ok_or_else(|| Error::invalid(what, format!("stored date '{s}' is not YYYY-MM-DD")))
}

fn build(
    (id, contact, product, amount, currency, date, status, stage, closed, care, created, updated): RawRow,
) -> Result<Deal> {
    Ok(Deal {
        id: DealId(id),
        contact_id: ContactId(contact),
        product,
        amount_minor: amount,
        currency,
        date: parse_date(&date, "deal_date")?,
        status: status.parse()?,
        stage,
        closed_on: closed
            .as_deref()
            .map(|c| parse_date(c, "closed_on"))
            .transpose()?,
        care_follow_up_id: care.map(FollowUpId),
        created_at: instant_from_text(&created)?,
        updated_at: instant_from_text(&updated)?,
    })
}

fn load(conn: &Connection, id: DealId) -> Result<Deal> {
    let row = opt_row(
        conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM deals d JOIN contacts c ON c.id = d.contact_id
             WHERE d.id = ?1 AND c.deleted_at IS NULL"
        ))?
        .query_row([id.0], read),
    )?;
    build(row.ok_or(Error::DealNotFound(id.0))?)
}

/// Open deals of one stage in one currency.
#[derive(Debug, Clone)]
pub struct OpenStageRow {
    /// Stage key.
    pub stage: String,
    /// Currency.
    pub currency: String,
    /// How many deals.
    pub deals: u64,
    /// Their total, minor units.
    pub amount_minor: i64,
}

impl Store {
    /// Inserts a deal (with its care follow-up, if any) in one transaction.
    pub fn insert_deal(
        &mut self,
        d: &DealDraft,
        stage: &str,
        closed_on: Option<NaiveDate>,
        care: Option<&FollowUpDraft>,
        now: DateTime<Utc>,
    ) -> Result<DealId> {
        crate::dates::check_day(d.date, "date")?;
        self.write(|tx| {
            let care_id = care.map(|f| insert_follow_up(tx, f, now)).transpose()?;
            let live: bool = tx
                .prepare_cached(
                    "SELECT count(*) FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
                )?
                .query_row([d.contact_id.0], |r| r.get(0))?;
            if !live {
                return Err(Error::ContactNotFound(d.contact_id.0));
            }
            let now = instant_to_text(now);
            tx.prepare_cached(
                "INSERT INTO deals (contact_id, product, amount_minor, currency, deal_date, status,
                    stage, closed_on, care_follow_up_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?
            .execute(params![
                d.contact_id.0,
                d.product,
                d.amount_minor,
                d.currency,
                ymd(d.date),
                d.status.as_str(),
                stage,
                closed_on.map(ymd),
                care_id.map(|f| f.0),
                now,
            ])?;
            Ok(DealId(tx.last_insert_rowid()))
        })
    }

    /// Inserts many deals in one transaction (generated or migrated history): each draft's
    /// stage must be a stage key; won and lost deals close on their date; no care
    /// follow-ups are scheduled. Call [`crate::ContactBook::refresh_value_tiers`] afterwards.
    pub fn insert_deals_bulk(&mut self, deals: &[DealDraft], now: DateTime<Utc>) -> Result<u64> {
        self.write(|tx| {
            let now = instant_to_text(now);
            let mut stmt = tx.prepare_cached(
                "INSERT INTO deals (contact_id, product, amount_minor, currency, deal_date, status,
                    stage, closed_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?;
            for d in deals {
                let stage = d
                    .stage
                    .as_deref()
                    .ok_or_else(|| Error::invalid("stage", "bulk deals need a stage key"))?;
                let closed = (d.status != DealStatus::Open).then(|| ymd(d.date));
                stmt.execute(params![
                    d.contact_id.0,
                    d.product,
                    d.amount_minor,
                    d.currency,
                    ymd(d.date),
                    d.status.as_str(),
                    stage,
                    closed,
                    now,
                ])?;
            }
            Ok(deals.len() as u64)
        })
    }

    /// One deal of a live contact.
    pub fn deal(&self, id: DealId) -> Result<Deal> {
        load(&self.conn, id)
    }

    /// Deals of live contacts, newest first.
    pub fn deals(&self, q: &DealQuery) -> Result<Vec<Deal>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM deals d JOIN contacts c ON c.id = d.contact_id
             WHERE c.deleted_at IS NULL AND (?1 IS NULL OR d.contact_id = ?1)
               AND (?2 IS NULL OR d.status = ?2)
             ORDER BY d.deal_date DESC, d.id DESC"
        ))?;
        let rows = stmt.query_map(
            params![q.contact_id.map(|c| c.0), q.status.map(|s| s.as_str())],
            read,
        )?;
        self.readable_rows("deals", rows, |r| r.0, build)
    }

    /// Closes a deal as won or lost on `on`, moving it to `stage`; a care follow-up is added
    /// in the same transaction.
    pub fn close_deal(
        &mut self,
        id: DealId,
        status: DealStatus,
        stage: &str,
        on: NaiveDate,
        care: Option<&FollowUpDraft>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        crate::dates::check_day(on, "date")?;
        self.write(|tx| {
            load(tx, id)?;
            let care_id = care.map(|f| insert_follow_up(tx, f, now)).transpose()?;
            tx.execute(
                "UPDATE deals SET status = ?2, stage = ?3, closed_on = ?4,
                    care_follow_up_id = coalesce(?5, care_follow_up_id), updated_at = ?6
                 WHERE id = ?1",
                params![
                    id.0,
                    status.as_str(),
                    stage,
                    ymd(on),
                    care_id.map(|f| f.0),
                    instant_to_text(now)
                ],
            )?;
            Ok(())
        })
    }

    /// Moves a deal to another stage.
    pub fn set_deal_stage(&mut self, id: DealId, stage: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            load(tx, id)?;
            tx.execute(
                "UPDATE deals SET stage = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.0, stage, instant_to_text(now)],
            )?;
            Ok(())
        })
    }

    /// Open deals of live contacts, totalled by stage and currency.
    pub fn open_deals_by_stage(&self) -> Result<Vec<OpenStageRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.stage, d.currency, count(*), sum(d.amount_minor)
             FROM deals d JOIN contacts c ON c.id = d.contact_id
             WHERE d.status = 'open' AND c.deleted_at IS NULL
             GROUP BY d.stage, d.currency",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OpenStageRow {
                stage: r.get(0)?,
                currency: r.get(1)?,
                deals: r.get(2)?,
                amount_minor: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_parse_strictly() {
        assert_eq!(
            parse_date("2026-02-28", "x").unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        for bad in [
            "2026-02-30",
            "2026-2-28",
            "2026/02/28",
            "20260228",
            "",
            "２０２６-02-28",
        ] {
            assert!(parse_date(bad, "x").is_err(), "{bad}");
        }
    }
}

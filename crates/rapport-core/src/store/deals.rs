//! Deal rows, and the reads behind customer value.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, Row};

use super::followups::insert_follow_up;
use super::today::{listed, ymd, CONTACT_COLS};
use super::{opt_row, ListedContact, Store};
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::deals::{Deal, DealDraft, DealId, DealQuery, DealStatus};
use crate::error::{Error, Result};
use crate::followups::{FollowUpDraft, FollowUpId};
use crate::value::ValueTier;

/// Stored tiers that count as high value ([`ValueTier::is_high_value`]).
const HIGH_VALUE_TIERS: &str = "('vip', 'major', 'ordinary', 'a')";

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
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
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

/// A won deal, as the value computation reads it.
#[derive(Debug, Clone)]
pub struct WonDealRow {
    /// Who bought.
    pub contact_id: ContactId,
    /// The purchase date.
    pub closed_on: NaiveDate,
    /// Amount, minor units.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A customer whose stored tier is high value, as the today list shows it.
#[derive(Debug, Clone)]
pub struct CustomerRow {
    /// The contact, as lists show it.
    pub contact: ListedContact,
    /// Not archived and not do-not-contact.
    pub listable: bool,
    /// Has a pending follow-up.
    pub has_pending_follow_up: bool,
    /// The stored value tier.
    pub value_tier: Option<String>,
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

fn won_row(r: &Row) -> rusqlite::Result<(i64, Option<String>, i64, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn read_won(
    rows: impl Iterator<Item = rusqlite::Result<(i64, Option<String>, i64, String)>>,
) -> Result<Vec<WonDealRow>> {
    let mut out = Vec::new();
    for row in rows {
        let (contact, closed, amount, currency) = row?;
        let Some(closed) = closed else { continue };
        out.push(WonDealRow {
            contact_id: ContactId(contact),
            closed_on: parse_date(&closed, "closed_on")?,
            amount_minor: amount,
            currency,
        });
    }
    Ok(out)
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
        rows.map(|r| build(r?)).collect()
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

    /// Every won deal, read off the covering index alone (deleted contacts included: the
    /// caller leaves out [`Store::deleted_contact_ids`]).
    pub fn won_deals(&self) -> Result<Vec<WonDealRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, closed_on, amount_minor, currency FROM deals WHERE status = 'won'",
        )?;
        let rows = read_won(stmt.query_map([], won_row)?);
        rows
    }

    /// Won deals of live contacts whose stored tier is high value (vip, major, ordinary, a).
    pub fn won_deals_of_high_value(&self) -> Result<Vec<WonDealRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.contact_id, d.closed_on, d.amount_minor, d.currency
             FROM contacts c JOIN deals d ON d.contact_id = c.id
             WHERE c.value_tier IN {HIGH_VALUE_TIERS} AND c.deleted_at IS NULL AND d.status = 'won'"
        ))?;
        let rows = read_won(stmt.query_map([], won_row)?);
        rows
    }

    /// Ids of deleted contacts (few; read off their own index).
    pub fn deleted_contact_ids(&self) -> Result<HashSet<ContactId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM contacts WHERE deleted_at IS NOT NULL")?;
        let ids = stmt.query_map([], |r| Ok(ContactId(r.get(0)?)))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The last-contacted instant (stored UTC text) of every live contact contacted at all,
    /// read off the last-contacted index.
    pub fn last_contacted_all(&self) -> Result<HashMap<ContactId, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, last_contacted_at FROM contacts
             WHERE deleted_at IS NULL AND last_contacted_at IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((ContactId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Display names of these contacts.
    pub fn display_names(&self, ids: &[ContactId]) -> Result<HashMap<ContactId, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT display_name FROM contacts WHERE id = ?1")?;
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            if let Some(name) = opt_row(stmt.query_row([id.0], |r| r.get::<_, String>(0)))? {
                out.insert(*id, name);
            }
        }
        Ok(out)
    }

    /// Live contacts whose stored tier is high value, as lists show them (read off the
    /// tier index).
    pub fn high_value_customers(&self) -> Result<Vec<CustomerRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS},
                c.archived_at IS NULL AND c.do_not_contact = 0,
                EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = c.id AND f.status != 'done'),
                c.value_tier
             FROM contacts c
             WHERE c.value_tier IN {HIGH_VALUE_TIERS} AND c.deleted_at IS NULL
             ORDER BY c.id"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(CustomerRow {
                contact: listed(r, 0)?,
                listable: r.get(6)?,
                has_pending_follow_up: r.get(7)?,
                value_tier: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores the value tiers: `tiers` for customers, none for everyone else. Writes only
    /// the contacts whose tier changes (each write re-runs the cadence trigger).
    pub fn write_value_tiers(&mut self, tiers: &HashMap<ContactId, ValueTier>) -> Result<()> {
        self.write(|tx| {
            let mut current: HashMap<i64, String> = HashMap::new();
            {
                let mut stmt = tx.prepare_cached(
                    "SELECT id, value_tier FROM contacts INDEXED BY contacts_by_tier
                     WHERE value_tier IS NOT NULL",
                )?;
                for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                    let (id, t) = row?;
                    current.insert(id, t);
                }
            }
            let mut set = tx.prepare_cached("UPDATE contacts SET value_tier = ?2 WHERE id = ?1")?;
            for (id, tier) in tiers {
                if current.get(&id.0).map(String::as_str) != Some(tier.as_str()) {
                    set.execute(params![id.0, tier.as_str()])?;
                }
            }
            for id in current.keys() {
                if !tiers.contains_key(&ContactId(*id)) {
                    set.execute(params![id, Option::<String>::None])?;
                }
            }
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
    use rusqlite::Connection;

    use super::super::{Store, SCHEMA_VERSION};

    fn effective(conn: &Connection, id: i64) -> (Option<i64>, Option<String>) {
        conn.query_row(
            "SELECT cadence_effective, cadence_due_on FROM contacts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    #[test]
    fn migration_5_keeps_cadence_rules_and_adds_the_tier_kind() {
        let mut conn = Connection::open_in_memory().unwrap();
        Store::migrate_to(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO cadence_rules VALUES ('tag', 'VIP', 14), ('stage', 'customer', 90);
             INSERT INTO contacts (display_name, stage, created_at, updated_at)
                VALUES ('a', 'customer', '2026-01-01T00:00:00Z', 'x');
             INSERT INTO tags (name) VALUES ('VIP');
             INSERT INTO contact_tags VALUES (1, 1, 0);",
        )
        .unwrap();
        assert_eq!(effective(&conn, 1), (Some(14), Some("2026-01-15".into())));
        Store::migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let rules: i64 = conn
            .query_row("SELECT count(*) FROM cadence_rules", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rules, 2);
        assert_eq!(effective(&conn, 1), (Some(14), Some("2026-01-15".into())));

        // The recreated triggers: a tier rule, a tier change, a tag removal.
        conn.execute("INSERT INTO cadence_rules VALUES ('tier', 'vip', 7)", [])
            .unwrap();
        assert_eq!(effective(&conn, 1).0, Some(14), "no tier yet");
        conn.execute("UPDATE contacts SET value_tier = 'vip' WHERE id = 1", [])
            .unwrap();
        assert_eq!(effective(&conn, 1), (Some(7), Some("2026-01-08".into())));
        conn.execute("UPDATE contacts SET value_tier = 'small' WHERE id = 1", [])
            .unwrap();
        conn.execute("DELETE FROM contact_tags WHERE contact_id = 1", [])
            .unwrap();
        assert_eq!(effective(&conn, 1).0, Some(90), "the stage default is left");
        assert!(conn
            .execute("INSERT INTO cadence_rules VALUES ('colour', 'red', 7)", [])
            .is_err());
    }
}

#[cfg(test)]
mod date_tests {
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

//! The reads and writes behind customer value (RFM, tiers, drifting): every one reads an
//! index rather than the wide contact rows, so the value computation stays fast at 100k.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;

use super::deals::parse_date;
use super::today::{listed, ymd, CONTACT_COLS};
use super::{opt_row, ListedContact, Store};
use crate::contacts::ContactId;
use crate::error::Result;
use crate::value::ValueTier;

/// A won deal, as the value computation reads it.
#[derive(Debug, Clone)]
pub struct WonDealRow {
    /// Who bought.
    pub contact_id: ContactId,
    /// The purchase date.
    pub closed_on: NaiveDate,
    /// Amount, minor units.
    pub amount_minor: i64,
    /// Whether it is in the report currency (only those add up to revenue).
    pub in_report_currency: bool,
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

/// Reads won-deal rows `(contact_id, closed_on, amount_minor, currency = ?, id)` without
/// allocating per row: the value computation reads every won deal. A deal whose date
/// cannot be read is left out and noted (see [`Store::take_skipped`]).
fn read_won(store: &Store, mut rows: rusqlite::Rows<'_>) -> Result<Vec<WonDealRow>> {
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(closed) = r
            .get_ref(1)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?
        else {
            continue;
        };
        let closed_on = match parse_date(closed, "closed_on") {
            Ok(d) => d,
            Err(_) => {
                store.skipped_row(super::DamagedRow {
                    table: "deals".into(),
                    id: r.get(4)?,
                    column: "closed_on".into(),
                    value: closed.to_string(),
                });
                continue;
            }
        };
        out.push(WonDealRow {
            contact_id: ContactId(r.get(0)?),
            closed_on,
            amount_minor: r.get(2)?,
            in_report_currency: r.get(3)?,
        });
    }
    Ok(out)
}

impl Store {
    /// Every won deal by contact and date, read off the covering index alone (deleted
    /// contacts included: the caller leaves out [`Store::deleted_contact_ids`]).
    pub fn won_deals(&self, report_currency: &str) -> Result<Vec<WonDealRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, closed_on, amount_minor, currency = ?1, id FROM deals INDEXED BY deals_won
             WHERE status = 'won' ORDER BY contact_id, closed_on",
        )?;
        let rows = read_won(self, stmt.query([report_currency])?);
        rows
    }

    /// The won deals of one contact by date, read off the won-deals index alone.
    pub fn won_deals_of(&self, id: ContactId, report_currency: &str) -> Result<Vec<WonDealRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, closed_on, amount_minor, currency = ?2, id FROM deals INDEXED BY deals_won
             WHERE contact_id = ?1 AND status = 'won' ORDER BY closed_on",
        )?;
        let rows = read_won(self, stmt.query(rusqlite::params![id.0, report_currency])?);
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

    /// One live customer as the today list shows it; `None` when deleted or unknown.
    pub fn customer_row(&self, id: ContactId) -> Result<Option<CustomerRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS},
                c.archived_at IS NULL AND c.do_not_contact = 0,
                EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = c.id AND f.status != 'done'),
                c.value_tier
             FROM contacts c WHERE c.id = ?1 AND c.deleted_at IS NULL"
        ))?;
        opt_row(stmt.query_row([id.0], |r| {
            Ok(CustomerRow {
                contact: listed(r, 0)?,
                listable: r.get(6)?,
                has_pending_follow_up: r.get(7)?,
                value_tier: r.get(8)?,
            })
        }))
    }

    /// Stores each customer's tier and drift date (`values`), and none for everyone else.
    /// Writes only the contacts whose values change (a tier write re-runs the cadence
    /// trigger); reads the current values off the tier index.
    pub fn write_value_tiers(
        &mut self,
        values: &HashMap<ContactId, (ValueTier, Option<NaiveDate>)>,
    ) -> Result<()> {
        self.write(|tx| {
            let mut current: HashMap<i64, (String, Option<String>)> = HashMap::new();
            {
                let mut stmt = tx.prepare_cached(
                    "SELECT id, value_tier, drift_on FROM contacts INDEXED BY contacts_by_tier
                     WHERE value_tier IS NOT NULL",
                )?;
                for row in stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
                    let (id, v) = row?;
                    current.insert(id, v);
                }
            }
            let mut set = tx.prepare_cached(
                "UPDATE contacts SET value_tier = ?2, drift_on = ?3 WHERE id = ?1",
            )?;
            for (id, (tier, drift_on)) in values {
                let drift_on = drift_on.map(ymd);
                let now = current.get(&id.0);
                if now.map(|(t, d)| (t.as_str(), d)) != Some((tier.as_str(), &drift_on)) {
                    set.execute(params![id.0, tier.as_str(), drift_on])?;
                }
            }
            for id in current.keys() {
                if !values.contains_key(&ContactId(*id)) {
                    set.execute(params![id, Option::<String>::None, Option::<String>::None])?;
                }
            }
            Ok(())
        })
    }

    /// Contacts whose drift date is on or before `date`, with their stored tier: the
    /// candidates for the drifting list.
    pub fn drift_candidates(&self, date: NaiveDate) -> Result<Vec<(ContactId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, value_tier FROM contacts
             WHERE drift_on <= ?1 AND drift_on IS NOT NULL AND value_tier IS NOT NULL",
        )?;
        let rows = stmt.query_map([ymd(date)], |r| Ok((ContactId(r.get(0)?), r.get(1)?)))?;
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
        // (Before migration 8, linking a tag fired a trigger.)
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

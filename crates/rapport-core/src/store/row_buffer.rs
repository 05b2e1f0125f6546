//! Rows of one table written many to a statement: a bulk write (an import
//! chunk) queues the child rows of the contacts it creates and writes them in
//! multi-row `INSERT`s, instead of one statement (bind, step, reset) per row.

use rusqlite::types::Value;
use rusqlite::Connection;

use super::contacts::{recompute_cadence, tag_rules_exist};
use crate::contacts::{ContactDraft, ContactId};
use crate::error::Result;

/// Rows per statement: 64 rows of up to 8 columns stays far below SQLite's
/// limit of 32,766 parameters.
const ROWS_PER_STATEMENT: usize = 64;

/// Queued rows of one table: written when [`ROWS_PER_STATEMENT`] are queued
/// (so the queue stays small) and by [`RowBuffer::flush`].
pub(crate) struct RowBuffer {
    /// `INSERT ... INTO table (columns) VALUES` (the value lists are added).
    head: &'static str,
    width: usize,
    values: Vec<Value>,
}

impl RowBuffer {
    /// A buffer for `head` (an `INSERT ... VALUES` without its value lists)
    /// with `width` columns.
    pub(crate) fn new(head: &'static str, width: usize) -> Self {
        RowBuffer {
            head,
            width,
            values: Vec::new(),
        }
    }

    /// Queues one row (its values in the columns' order), writing the queue
    /// when it is full.
    pub(crate) fn push<const N: usize>(&mut self, tx: &Connection, row: [Value; N]) -> Result<()> {
        debug_assert_eq!(N, self.width);
        self.values.extend(row);
        if self.values.len() >= ROWS_PER_STATEMENT * self.width {
            self.flush(tx)?;
        }
        Ok(())
    }

    /// Writes the queued rows, in the order they were queued.
    pub(crate) fn flush(&mut self, tx: &Connection) -> Result<()> {
        if self.values.is_empty() {
            return Ok(());
        }
        let sql = statement(self.head, self.width, self.values.len() / self.width);
        tx.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(self.values.drain(..)))?;
        Ok(())
    }
}

/// `head` followed by `rows` value lists of `width` parameters.
fn statement(head: &str, width: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; width].join(", "));
    format!("{head} {}", vec![one; rows].join(", "))
}

/// The child rows (emails, phones, addresses, tag links, custom fields) of
/// contacts written in one transaction, queued until [`ChildRows::flush`] —
/// which must come before anything reads those tables in that transaction.
pub(crate) struct ChildRows {
    emails: RowBuffer,
    phones: RowBuffer,
    addresses: RowBuffer,
    tags: RowBuffer,
    custom: RowBuffer,
    /// Contacts given tags (a tag rule can change their cadence).
    tagged: Vec<ContactId>,
}

impl Default for ChildRows {
    fn default() -> Self {
        ChildRows {
            emails: RowBuffer::new(
                "INSERT OR FAIL INTO contact_emails (contact_id, position, address, address_key, label) VALUES",
                5,
            ),
            phones: RowBuffer::new(
                "INSERT OR FAIL INTO contact_phones (contact_id, position, raw, e164, label) VALUES",
                5,
            ),
            addresses: RowBuffer::new(
                "INSERT INTO contact_addresses
                    (contact_id, position, label, street, city, region, postal_code, country) VALUES",
                8,
            ),
            tags: RowBuffer::new(
                "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, position) VALUES",
                3,
            ),
            custom: RowBuffer::new(
                "INSERT OR REPLACE INTO custom_fields (contact_id, position, key, value) VALUES",
                4,
            ),
            tagged: Vec::new(),
        }
    }
}

impl ChildRows {
    /// Queues the child rows of contact `id` as `draft` (normalised) has them,
    /// its tags given as ids in order, past the rows it already has as
    /// `stored` (a merge that only appends; `None` for a new contact).
    pub(crate) fn queue(
        &mut self,
        tx: &Connection,
        id: ContactId,
        draft: &ContactDraft,
        tag_ids: &[i64],
        stored: Option<&ContactDraft>,
    ) -> Result<()> {
        let from = |n: fn(&ContactDraft) -> usize| stored.map_or(0, n);
        for (i, e) in draft
            .emails
            .iter()
            .enumerate()
            .skip(from(|d| d.emails.len()))
        {
            self.emails.push(
                tx,
                [
                    int(id.0),
                    int(i as i64),
                    text(Some(&e.address)),
                    text(Some(&e.address.to_lowercase())),
                    text(e.label.as_deref()),
                ],
            )?;
        }
        for (i, p) in draft
            .phones
            .iter()
            .enumerate()
            .skip(from(|d| d.phones.len()))
        {
            self.phones.push(
                tx,
                [
                    int(id.0),
                    int(i as i64),
                    text(Some(&p.raw)),
                    text(p.e164.as_deref()),
                    text(p.label.as_deref()),
                ],
            )?;
        }
        for (i, a) in draft
            .addresses
            .iter()
            .enumerate()
            .skip(from(|d| d.addresses.len()))
        {
            self.addresses.push(
                tx,
                [
                    int(id.0),
                    int(i as i64),
                    text(a.label.as_deref()),
                    text(a.street.as_deref()),
                    text(a.city.as_deref()),
                    text(a.region.as_deref()),
                    text(a.postal_code.as_deref()),
                    text(a.country.as_deref()),
                ],
            )?;
        }
        let tags_from = from(|d| d.tags.len());
        for (i, tag) in tag_ids.iter().enumerate().skip(tags_from) {
            self.tags.push(tx, [int(id.0), int(*tag), int(i as i64)])?;
        }
        if tag_ids.len() > tags_from {
            self.tagged.push(id);
        }
        for (i, f) in draft
            .custom_fields
            .iter()
            .enumerate()
            .skip(from(|d| d.custom_fields.len()))
        {
            self.custom.push(
                tx,
                [
                    int(id.0),
                    int(i as i64),
                    text(Some(&f.key)),
                    text(Some(&f.value)),
                ],
            )?;
        }
        Ok(())
    }

    /// Writes every queued row; contacts given tags get their cadence
    /// recomputed when a tag rule exists (no trigger does it: migration 0008).
    pub(crate) fn flush(&mut self, tx: &Connection) -> Result<()> {
        for buf in [
            &mut self.emails,
            &mut self.phones,
            &mut self.addresses,
            &mut self.tags,
            &mut self.custom,
        ] {
            buf.flush(tx)?;
        }
        let tagged = std::mem::take(&mut self.tagged);
        if !tagged.is_empty() && tag_rules_exist(tx)? {
            for id in tagged {
                recompute_cadence(tx, id)?;
            }
        }
        Ok(())
    }
}

/// Text or NULL.
pub(crate) fn text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.to_string()))
}

/// An integer.
pub(crate) fn int(n: i64) -> Value {
    Value::Integer(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_row_in_order_across_statements() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)")
            .unwrap();
        let mut buf = RowBuffer::new("INSERT INTO t (a, b) VALUES", 2);
        assert!(buf.values.is_empty());
        for i in 0..150 {
            let b = (i % 3 != 0).then(|| format!("row {i}"));
            buf.push(&conn, [int(i), text(b.as_deref())]).unwrap();
        }
        buf.flush(&conn).unwrap();
        assert!(buf.values.is_empty());
        buf.flush(&conn).unwrap(); // nothing queued: nothing written
        let rows: Vec<(i64, i64, Option<String>)> = conn
            .prepare("SELECT id, a, b FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 150);
        for (k, (id, a, b)) in rows.into_iter().enumerate() {
            assert_eq!((id, a), (k as i64 + 1, k as i64), "in queue order");
            assert_eq!(b, (k % 3 != 0).then(|| format!("row {k}")));
        }
    }

    #[test]
    fn a_failing_row_fails_the_flush() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER NOT NULL)")
            .unwrap();
        let mut buf = RowBuffer::new("INSERT INTO t (a) VALUES", 1);
        buf.push(&conn, [int(1)]).unwrap();
        buf.push(&conn, [Value::Null]).unwrap();
        assert!(buf.flush(&conn).is_err());
    }
}

//! The contact list: live contacts filtered, ordered and paged, with the
//! counts and tag names its filters offer.

use super::Store;
use crate::contacts::{ContactId, ContactQuery, ContactSort, ContactSummary, LastContacted};
use crate::dates::instant_from_text;
use crate::error::Result;

/// The columns of a contact list row (`c` is the contact).
const SUMMARY_SELECT: &str =             "SELECT c.id, c.display_name, c.company, c.stage, c.last_contacted_at, c.last_contacted_kind,
                (SELECT address FROM contact_emails WHERE contact_id = c.id ORDER BY position LIMIT 1),
                (SELECT raw FROM contact_phones WHERE contact_id = c.id ORDER BY position LIMIT 1),
                (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM contact_tags ct
                    JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY ct.position)),
                c.value_tier
             FROM contacts c";

type SummaryColumns = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn summary_columns(r: &rusqlite::Row) -> rusqlite::Result<SummaryColumns> {
    SummaryColumns::try_from(r)
}

fn summary_from_columns(
    (id, name, company, stage, at, kind, email, phone, tags, tier): SummaryColumns,
) -> Result<ContactSummary> {
    Ok(ContactSummary {
        id: ContactId(id),
        display_name: name,
        company,
        email,
        phone,
        tags: tags
            .map(|t| t.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
        stage: stage.as_deref().map(str::parse).transpose()?,
        last_contacted: match (at, kind) {
            (Some(at), Some(kind)) => Some(LastContacted {
                at: crate::dates::check_instant(instant_from_text(&at)?, "last contacted")?,
                kind: kind.parse()?,
            }),
            _ => None,
        },
        tier: tier.as_deref().map(str::parse).transpose()?,
    })
}

impl Store {
    /// The contact list: live contacts filtered and ordered by `q`.
    pub fn list_contacts(&self, q: &ContactQuery) -> Result<Vec<ContactSummary>> {
        self.list_contacts_among(q, None)
    }

    /// [`Store::list_contacts`] among `only` these contacts (when given), filtered,
    /// ordered and paged in SQL.
    pub fn list_contacts_among(
        &self,
        q: &ContactQuery,
        only: Option<&[ContactId]>,
    ) -> Result<Vec<ContactSummary>> {
        // The page's ids first, filtered, ordered and skipped over the contacts alone
        // (an index for the name order); the row's emails, phones and tags only for them:
        // computed before the sort, they cost every skipped row (0.6 s at offset 50,000
        // of 100k, against 8 ms).
        let order = match q.sort {
            ContactSort::Name => " ORDER BY c.name_sort_key, c.display_name COLLATE NOCASE, c.id",
            // SQLite sorts NULL lowest, so "never contacted" comes last, straight off the index.
            ContactSort::LastContacted => " ORDER BY c.last_contacted_at DESC, c.id DESC",
            ContactSort::Company => {
                " ORDER BY c.company IS NULL, c.company COLLATE NOCASE, c.name_sort_key, c.id"
            }
        };
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        let filter = list_filter(q, only, &mut args)?;
        args.push(Box::new(q.limit.map(i64::from).unwrap_or(-1)));
        args.push(Box::new(i64::from(q.offset)));
        let sql = format!(
            "{SUMMARY_SELECT} JOIN (SELECT c.id FROM contacts c WHERE c.deleted_at IS NULL{filter}{order}
                 LIMIT ?{} OFFSET ?{}) page ON page.id = c.id{order}",
            args.len() - 1,
            args.len()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = stmt.query_map(params.as_slice(), summary_columns)?;
        self.summaries_skipping_damage(rows)
    }

    /// The rows that read; one holding a value that does not (a time past
    /// 9999 an older version stored) is skipped and noted, not the whole list's failure.
    fn summaries_skipping_damage(
        &self,
        rows: impl Iterator<Item = rusqlite::Result<SummaryColumns>>,
    ) -> Result<Vec<ContactSummary>> {
        let mut out = Vec::new();
        for row in rows {
            let columns = row?;
            let id = columns.0;
            match summary_from_columns(columns) {
                Ok(s) => out.push(s),
                Err(e) => self.skipped_row(super::DamagedRow {
                    table: "contacts".into(),
                    id,
                    column: "*".into(),
                    value: e.to_string(),
                }),
            }
        }
        Ok(out)
    }

    /// Contact list rows of these live contacts, in name order.
    pub fn summaries_of(&self, ids: &[ContactId]) -> Result<Vec<ContactSummary>> {
        let ids = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .map_err(|e| crate::error::Error::invalid("ids", e.to_string()))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SUMMARY_SELECT} WHERE c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(?1))
             ORDER BY c.name_sort_key, c.display_name COLLATE NOCASE, c.id"
        ))?;
        let rows = stmt.query_map([ids], summary_columns)?;
        self.summaries_skipping_damage(rows)
    }

    /// Number of rows the contact list for `q` has (its limit and offset ignored).
    pub fn count_listed(&self, q: &ContactQuery) -> Result<u64> {
        self.count_listed_among(q, None)
    }

    /// [`Store::count_listed`] among `only` these contacts (when given).
    pub fn count_listed_among(&self, q: &ContactQuery, only: Option<&[ContactId]>) -> Result<u64> {
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        let sql = format!(
            "SELECT count(*) FROM contacts c WHERE c.deleted_at IS NULL{}",
            list_filter(q, only, &mut args)?
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        Ok(stmt.query_row(params.as_slice(), |r| r.get(0))?)
    }

    /// Every tag on a live contact, by name.
    pub fn tags_in_use(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name FROM tags t WHERE EXISTS (SELECT 1 FROM contact_tags ct
                JOIN contacts c ON c.id = ct.contact_id
                WHERE ct.tag_id = t.id AND c.deleted_at IS NULL)
             ORDER BY t.name COLLATE NOCASE",
        )?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of live contacts.
    pub fn count_contacts(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }
}

/// The contact list's conditions for `q` (appended after `WHERE c.deleted_at IS NULL`),
/// pushing their arguments onto `args`.
fn list_filter(
    q: &ContactQuery,
    only: Option<&[ContactId]>,
    args: &mut Vec<Box<dyn rusqlite::ToSql>>,
) -> Result<String> {
    let mut sql = String::new();
    if let Some(ids) = only {
        let json = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .map_err(|e| crate::error::Error::invalid("ids", e.to_string()))?;
        args.push(Box::new(json));
        sql.push_str(&format!(
            " AND c.id IN (SELECT value FROM json_each(?{}))",
            args.len()
        ));
    }
    if !q.include_archived {
        sql.push_str(" AND c.archived_at IS NULL");
    }
    if let Some(tag) = &q.tag {
        args.push(Box::new(tag.clone()));
        sql.push_str(&format!(
            " AND c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?{})",
            args.len()
        ));
    }
    if let Some(stage) = q.stage {
        args.push(Box::new(stage.as_str()));
        sql.push_str(&format!(" AND c.stage = ?{}", args.len()));
    }
    if let Some(tier) = q.tier {
        args.push(Box::new(tier.as_str()));
        sql.push_str(&format!(" AND c.value_tier = ?{}", args.len()));
    }
    if q.never_contacted {
        sql.push_str(" AND c.last_contacted_at IS NULL");
    }
    Ok(sql)
}

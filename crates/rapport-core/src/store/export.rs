//! Reads for exports: which contacts, how wide the table is, their notes.

use rusqlite::params;

use super::Store;
use crate::contacts::ContactId;
use crate::error::Result;

/// The most emails, phones, addresses and custom fields any exported contact has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportWidths {
    /// Most emails.
    pub emails: usize,
    /// Most phones.
    pub phones: usize,
    /// Most addresses.
    pub addresses: usize,
    /// Most custom fields.
    pub custom_fields: usize,
}

impl Store {
    /// Ids of the contacts to export, in id order: live contacts (archived ones
    /// too when `include_archived`), with `tag` if given, without the
    /// do-not-contact ones when `for_outreach`.
    pub fn export_contact_ids(
        &self,
        tag: Option<&str>,
        include_archived: bool,
        for_outreach: bool,
    ) -> Result<Vec<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id FROM contacts c
             WHERE c.deleted_at IS NULL
               AND (?1 OR c.archived_at IS NULL)
               AND (NOT ?2 OR c.do_not_contact = 0)
               AND (?3 IS NULL OR c.id IN (SELECT ct.contact_id FROM contact_tags ct
                    JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?3))
             ORDER BY c.id",
        )?;
        let ids = stmt
            .query_map(params![include_archived, for_outreach, tag], |r| {
                Ok(ContactId(r.get(0)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// How many columns an export needs for the lists of a contact.
    pub fn export_widths(&self) -> Result<ExportWidths> {
        let max = |table: &str| -> Result<usize> {
            let n: Option<i64> = self.conn.query_row(
                &format!(
                    "SELECT max(n) FROM (SELECT count(*) AS n FROM {table} x
                     JOIN contacts c ON c.id = x.contact_id WHERE c.deleted_at IS NULL
                     GROUP BY x.contact_id)"
                ),
                [],
                |r| r.get(0),
            )?;
            Ok(n.unwrap_or(0).max(0) as usize)
        };
        Ok(ExportWidths {
            emails: max("contact_emails")?,
            phones: max("contact_phones")?,
            addresses: max("contact_addresses")?,
            custom_fields: max("custom_fields")?,
        })
    }

    /// The texts of a contact's notes, oldest first.
    pub fn note_texts(&self, id: ContactId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT text FROM interactions WHERE contact_id = ?1 AND kind = 'note'
             ORDER BY occurred_at, id",
        )?;
        let notes = stmt
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(notes)
    }
}

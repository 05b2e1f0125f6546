//! Contact rows and their child tables.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::row_buffer::ChildRows;
use super::{opt_row, DamagedRow, Store};
use crate::contacts::{
    Address, Contact, ContactDraft, ContactId, CustomField, Email, LastContacted, Phone,
};
use crate::dates::{instant_from_text, instant_to_text, PartialDate};
use crate::error::{Error, Result};

fn text_to_instant(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.as_deref().map(instant_from_text).transpose()
}

fn text_to_date(s: Option<String>) -> Result<Option<PartialDate>> {
    s.as_deref().map(str::parse).transpose()
}

/// Marks a contact for re-indexing.
pub(crate) fn touch_outbox(tx: &Connection, id: ContactId) -> Result<()> {
    tx.prepare_cached("INSERT INTO search_outbox (contact_id) VALUES (?1)")?
        .execute([id.0])?;
    Ok(())
}

/// What the new contact rows of one transaction share: their creation time as
/// stored, and whether any cadence rule exists (nothing that inserts contacts
/// changes the rules), so that neither is worked out again for every row.
pub(crate) struct NewRows {
    now: String,
    rules: bool,
}

impl NewRows {
    /// The transaction's time as stored.
    pub(crate) fn now(&self) -> &str {
        &self.now
    }

    pub(crate) fn read(tx: &Connection, now: DateTime<Utc>) -> Result<Self> {
        let rules = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM cadence_rules)")?
            .query_row([], |r| r.get::<_, bool>(0))?;
        Ok(NewRows {
            now: instant_to_text(now),
            rules,
        })
    }
}

/// Inserts a new contact with its child rows; `draft` must be normalised.
pub(crate) fn insert_contact(
    tx: &Connection,
    draft: &ContactDraft,
    batch: Option<i64>,
    rows: &NewRows,
) -> Result<ContactId> {
    let id = insert_contact_row(tx, draft, batch, rows)?;
    insert_children(tx, id, draft)?;
    touch_outbox(tx, id)?;
    Ok(id)
}

/// The `contacts` row of a new contact (with its cadence), without its child
/// rows or its place in the search outbox: an import chunk queues those and
/// writes them for many contacts at once (`super::import`).
pub(crate) fn insert_contact_row(
    tx: &Connection,
    draft: &ContactDraft,
    batch: Option<i64>,
    rows: &NewRows,
) -> Result<ContactId> {
    tx.prepare_cached(
        "INSERT INTO contacts (display_name, given_name, family_name, phonetic_name, company, title,
            birthday, anniversary, stage, source, do_not_contact, cadence_days, import_batch_id,
            created_at, updated_at, name_sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
    )?
    .execute(params![
        draft.display_name,
        draft.given_name,
        draft.family_name,
        draft.phonetic_name,
        draft.company,
        draft.title,
        draft.birthday.map(|d| d.to_string()),
        draft.anniversary.map(|d| d.to_string()),
        draft.stage.map(|s| s.as_str()),
        draft.source,
        draft.do_not_contact,
        draft.cadence_days,
        batch,
        rows.now,
        crate::contacts::name_sort_key(&draft.display_name),
    ])?;
    let id = ContactId(tx.last_insert_rowid());
    // Most books have no rules: then a contact without its own cadence has none.
    if draft.cadence_days.is_some() || rows.rules {
        // No tag is linked yet, so tag rules add nothing here: `ChildRows::flush` applies them.
        recompute_cadence(tx, id)?;
    }
    Ok(id)
}

/// Writes a live contact's own fields (not its emails, phones, addresses, tags or custom
/// fields); returns how many rows changed (0 when there is no such live contact).
pub(crate) fn update_contact_fields(
    tx: &Connection,
    id: ContactId,
    draft: &ContactDraft,
    now: DateTime<Utc>,
) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE contacts SET display_name = ?2, given_name = ?3, family_name = ?4,
                phonetic_name = ?5, company = ?6, title = ?7, birthday = ?8, anniversary = ?9,
                stage = ?10, source = ?11, do_not_contact = ?12, cadence_days = ?13, updated_at = ?14,
                name_sort_key = ?15
             WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .execute(params![
            id.0,
            draft.display_name,
            draft.given_name,
            draft.family_name,
            draft.phonetic_name,
            draft.company,
            draft.title,
            draft.birthday.map(|d| d.to_string()),
            draft.anniversary.map(|d| d.to_string()),
            draft.stage.map(|s| s.as_str()),
            draft.source,
            draft.do_not_contact,
            draft.cadence_days,
            instant_to_text(now),
            crate::contacts::name_sort_key(&draft.display_name),
        ])?)
}

/// Replaces every user-set field of a contact; `draft` must be normalised.
pub(crate) fn replace_contact(
    tx: &Connection,
    id: ContactId,
    draft: &ContactDraft,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = update_contact_fields(tx, id, draft, now)?;
    if n == 0 {
        return Err(Error::ContactNotFound(id.0));
    }
    for table in [
        "contact_emails",
        "contact_phones",
        "contact_addresses",
        "contact_tags",
        "custom_fields",
    ] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
            .execute([id.0])?;
    }
    insert_children(tx, id, draft)?;
    touch_outbox(tx, id)?;
    Ok(())
}

/// The id of the tag `name` (matched without case), created when missing;
/// `true` when this call created it.
pub(crate) fn tag_id(tx: &Connection, name: &str) -> Result<(i64, bool)> {
    let found = tx
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    tx.prepare_cached("INSERT INTO tags (name) VALUES (?1)")?
        .execute([name])?;
    Ok((tx.last_insert_rowid(), true))
}

/// Whether a cadence rule of the tag kind exists (linking a tag can then change a cadence).
pub(crate) fn tag_rules_exist(tx: &Connection) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM cadence_rules WHERE kind = 'tag')")?
        .query_row([], |r| r.get(0))?)
}

/// Recomputes a contact's effective cadence and due date from its own cadence
/// and every rule (stage, value tier, tags): what the `contacts_cadence_on_update`
/// and `contact_tags_cadence_on_delete` triggers do. Linking tags calls it
/// (no insert trigger on `contact_tags`: see migration 0008), and so does the
/// undo of an import after it puts a contact's rows back.
pub(crate) fn recompute_cadence(tx: &Connection, id: ContactId) -> Result<()> {
    recompute_cadence_where(tx, "id = ?1", [id.0])
}

/// [`recompute_cadence`] for every contact `filter` (a condition on `contacts`) selects.
pub(crate) fn recompute_cadence_where(
    tx: &Connection,
    filter: &str,
    args: impl rusqlite::Params + Copy,
) -> Result<()> {
    tx.prepare_cached(&format!(
        "UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
            SELECT min(r.days) FROM cadence_rules r
            WHERE (r.kind = 'stage' AND r.name = contacts.stage)
               OR (r.kind = 'tier' AND r.name = contacts.value_tier)
               OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                                  WHERE ct.contact_id = contacts.id))))
         WHERE {filter}"
    ))?
    .execute(args)?;
    tx.prepare_cached(&format!(
        "UPDATE contacts SET cadence_due_on =
            date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
         WHERE {filter}"
    ))?
    .execute(args)?;
    Ok(())
}

fn insert_children(tx: &Connection, id: ContactId, draft: &ContactDraft) -> Result<()> {
    let tag_ids = draft
        .tags
        .iter()
        .map(|t| tag_id(tx, t).map(|(id, _)| id))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = ChildRows::default();
    rows.queue(tx, id, draft, &tag_ids, None)?;
    rows.flush(tx)
}

const CONTACT_COLUMNS: &str =
    "id, display_name, given_name, family_name, phonetic_name, company, title,
    birthday, anniversary, stage, source, do_not_contact, cadence_days, last_contacted_at,
    last_contacted_kind, archived_at, deleted_at, import_batch_id, created_at, updated_at";

struct ContactRow {
    contact: Contact,
    /// Values left out because they could not be read (the rest of the
    /// contact still shows; `check` lists them, `check --repair` fixes them).
    damaged: Vec<DamagedRow>,
}

fn read_contact_row(r: &Row) -> rusqlite::Result<Result<ContactRow>> {
    let stage: Option<String> = r.get(9)?;
    let last_at: Option<String> = r.get(13)?;
    let last_kind: Option<String> = r.get(14)?;
    let birthday: Option<String> = r.get(7)?;
    let anniversary: Option<String> = r.get(8)?;
    let archived: Option<String> = r.get(15)?;
    let deleted: Option<String> = r.get(16)?;
    let created: String = r.get(18)?;
    let updated: String = r.get(19)?;
    let draft = ContactDraft {
        display_name: r.get(1)?,
        given_name: r.get(2)?,
        family_name: r.get(3)?,
        phonetic_name: r.get(4)?,
        company: r.get(5)?,
        title: r.get(6)?,
        source: r.get(10)?,
        do_not_contact: r.get(11)?,
        cadence_days: r.get(12)?,
        ..Default::default()
    };
    let id = ContactId(r.get(0)?);
    let batch: Option<i64> = r.get(17)?;
    Ok((|| {
        let mut damaged = Vec::new();
        let mut lenient = |column: &str, value: Option<String>| match text_to_date(value.clone()) {
            Ok(Some(d)) if PartialDate::new(d.year, d.month, d.day).is_some() => Some(d),
            Ok(None) => None,
            _ => {
                damaged.push(DamagedRow {
                    table: "contacts".into(),
                    id: id.0,
                    column: column.into(),
                    value: value.unwrap_or_default(),
                });
                None
            }
        };
        let birthday = lenient("birthday", birthday);
        let anniversary = lenient("anniversary", anniversary);
        let last_contacted = match (last_at, last_kind) {
            (Some(at), Some(kind)) => match instant_from_text(&at) {
                Ok(t) if crate::dates::check_instant(t, "last contacted").is_ok() => {
                    Some(LastContacted {
                        at: t,
                        kind: kind.parse()?,
                    })
                }
                _ => {
                    damaged.push(DamagedRow {
                        table: "contacts".into(),
                        id: id.0,
                        column: "last_contacted_at".into(),
                        value: at,
                    });
                    None
                }
            },
            _ => None,
        };
        Ok(ContactRow {
            damaged,
            contact: Contact {
                id,
                draft: ContactDraft {
                    birthday,
                    anniversary,
                    stage: stage.as_deref().map(str::parse).transpose()?,
                    ..draft
                },
                last_contacted,
                archived_at: text_to_instant(archived)?,
                deleted_at: text_to_instant(deleted)?,
                import_batch: batch,
                created_at: instant_from_text(&created)?,
                updated_at: instant_from_text(&updated)?,
            },
        })
    })())
}

/// Loads a contact with all its child rows, deleted ones included.
pub(crate) fn load_contact(conn: &Connection, id: ContactId) -> Result<Option<Contact>> {
    Ok(load_contact_noting_damage(conn, id)?.map(|(c, _)| c))
}

/// [`load_contact`] with the values it left out because they could not be read.
fn load_contact_noting_damage(
    conn: &Connection,
    id: ContactId,
) -> Result<Option<(Contact, Vec<DamagedRow>)>> {
    let row = opt_row(
        conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"
        ))?
        .query_row([id.0], read_contact_row),
    )?;
    let Some(row) = row else { return Ok(None) };
    let row = row?;
    let damaged = row.damaged;
    let mut c = row.contact;
    let d = &mut c.draft;
    d.emails = conn
        .prepare_cached(
            "SELECT address, label FROM contact_emails WHERE contact_id = ?1 ORDER BY position",
        )?
        .query_map([id.0], |r| {
            Ok(Email {
                address: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    d.phones = conn
        .prepare_cached(
            "SELECT raw, e164, label FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
        )?
        .query_map([id.0], |r| {
            Ok(Phone {
                raw: r.get(0)?,
                e164: r.get(1)?,
                label: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    d.addresses = conn
        .prepare_cached(
            "SELECT label, street, city, region, postal_code, country FROM contact_addresses
             WHERE contact_id = ?1 ORDER BY position",
        )?
        .query_map([id.0], |r| {
            Ok(Address {
                label: r.get(0)?,
                street: r.get(1)?,
                city: r.get(2)?,
                region: r.get(3)?,
                postal_code: r.get(4)?,
                country: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    d.tags = conn
        .prepare_cached(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.contact_id = ?1 ORDER BY ct.position",
        )?
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    d.custom_fields = conn
        .prepare_cached(
            "SELECT key, value FROM custom_fields WHERE contact_id = ?1 ORDER BY position",
        )?
        .query_map([id.0], |r| {
            Ok(CustomField {
                key: r.get(0)?,
                value: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some((c, damaged)))
}

/// Recomputes the denormalised last-contacted columns from the interactions.
pub(crate) fn refresh_last_contacted(tx: &Connection, id: ContactId) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET (last_contacted_at, last_contacted_kind) = (
            SELECT occurred_at, kind FROM interactions
            WHERE contact_id = ?1 AND kind != 'note'
            ORDER BY occurred_at DESC, id DESC LIMIT 1)
         WHERE id = ?1",
    )?
    .execute([id.0])?;
    Ok(())
}

/// Merges `from` into `into` inside a transaction (see [`Store::merge_contacts`]).
pub(crate) fn merge_in(
    tx: &Connection,
    from: ContactId,
    into: ContactId,
    merged: &ContactDraft,
    now: DateTime<Utc>,
) -> Result<()> {
    replace_contact(tx, into, merged, now)?;
    tx.execute(
        "UPDATE interactions SET contact_id = ?2 WHERE contact_id = ?1",
        [from.0, into.0],
    )?;
    tx.execute(
        "UPDATE follow_ups SET contact_id = ?2 WHERE contact_id = ?1",
        [from.0, into.0],
    )?;
    // Purchases, cases and opt-outs follow the person (an opt-out is kept on the
    // safe side: the merged contact keeps every channel either opted out of).
    for sql in [
        "UPDATE deals SET contact_id = ?2 WHERE contact_id = ?1",
        "UPDATE service_cases SET contact_id = ?2 WHERE contact_id = ?1",
        "INSERT OR IGNORE INTO contact_opt_outs (contact_id, channel)
         SELECT ?2, channel FROM contact_opt_outs WHERE contact_id = ?1",
    ] {
        tx.execute(sql, [from.0, into.0])?;
    }
    let n = tx.execute(
        "UPDATE contacts SET deleted_at = ?3, merged_into = ?2, updated_at = ?3
         WHERE id = ?1 AND deleted_at IS NULL",
        params![from.0, into.0, instant_to_text(now)],
    )?;
    if n == 0 {
        return Err(Error::ContactNotFound(from.0));
    }
    refresh_last_contacted(tx, into)?;
    refresh_last_contacted(tx, from)?;
    touch_outbox(tx, from)?;
    Ok(())
}

fn set_flag(tx: &Connection, id: ContactId, sql: &str, now: DateTime<Utc>) -> Result<()> {
    let n = tx.execute(sql, params![id.0, instant_to_text(now)])?;
    if n == 0 {
        return Err(Error::ContactNotFound(id.0));
    }
    touch_outbox(tx, id)
}

impl Store {
    /// Creates a contact; `draft` must be normalised.
    pub fn insert_contact(
        &mut self,
        draft: &ContactDraft,
        now: DateTime<Utc>,
    ) -> Result<ContactId> {
        self.write(|tx| insert_contact(tx, draft, None, &NewRows::read(tx, now)?))
    }

    /// Creates many contacts in one transaction (drafts must be normalised).
    pub fn insert_contacts_bulk<'a>(
        &mut self,
        drafts: impl IntoIterator<Item = &'a ContactDraft>,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactId>> {
        self.write(|tx| {
            let rows = NewRows::read(tx, now)?;
            drafts
                .into_iter()
                .map(|d| insert_contact(tx, d, None, &rows))
                .collect()
        })
    }

    /// Replaces the user-set fields of a live contact; `draft` must be normalised.
    pub fn replace_contact(
        &mut self,
        id: ContactId,
        draft: &ContactDraft,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| replace_contact(tx, id, draft, now))
    }

    /// A contact, including archived and deleted ones; `None` when no such id.
    /// A stored date it cannot read is left out and noted ([`Store::take_skipped`]).
    pub fn contact(&self, id: ContactId) -> Result<Option<Contact>> {
        let Some((contact, damaged)) = load_contact_noting_damage(&self.conn, id)? else {
            return Ok(None);
        };
        for d in damaged {
            self.skipped_row(d);
        }
        Ok(Some(contact))
    }

    /// A live (not deleted) contact, or [`Error::ContactNotFound`].
    pub fn live_contact(&self, id: ContactId) -> Result<Contact> {
        match self.contact(id)? {
            Some(c) if c.deleted_at.is_none() => Ok(c),
            _ => Err(Error::ContactNotFound(id.0)),
        }
    }

    /// Archives (`true`) or un-archives a contact.
    pub fn set_archived(
        &mut self,
        id: ContactId,
        archived: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = if archived {
            "UPDATE contacts SET archived_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
        } else {
            "UPDATE contacts SET archived_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
        };
        self.write(|tx| set_flag(tx, id, sql, now))
    }

    /// Deletes a contact softly: hidden everywhere, restorable with [`Store::restore_contact`].
    pub fn delete_contact(&mut self, id: ContactId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            set_flag(
                tx,
                id,
                "UPDATE contacts SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                now,
            )
        })
    }

    /// Brings back a deleted contact.
    pub fn restore_contact(&mut self, id: ContactId, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            set_flag(
                tx,
                id,
                "UPDATE contacts SET deleted_at = NULL, merged_into = NULL, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NOT NULL",
                now,
            )
        })
    }

    /// Merges contact `from` into `into`: `merged` is the already-combined draft for `into`;
    /// interactions and follow-ups move over, `from` is marked deleted and merged.
    pub fn merge_contacts(
        &mut self,
        from: ContactId,
        into: ContactId,
        merged: &ContactDraft,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| merge_in(tx, from, into, merged, now))
    }

    /// Live contacts that have one of these emails (lower-cased) or E.164 phones.
    pub fn contacts_matching(
        &self,
        email_keys: &[String],
        e164s: &[String],
    ) -> Result<Vec<ContactId>> {
        let mut ids = Vec::new();
        let mut by_email = self.conn.prepare_cached(
            "SELECT e.contact_id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
             WHERE e.address_key = ?1 AND c.deleted_at IS NULL",
        )?;
        for k in email_keys {
            for id in by_email.query_map([k], |r| r.get(0))? {
                ids.push(ContactId(id?));
            }
        }
        let mut by_phone = self.conn.prepare_cached(
            "SELECT p.contact_id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
             WHERE p.e164 = ?1 AND c.deleted_at IS NULL",
        )?;
        for k in e164s {
            for id in by_phone.query_map([k], |r| r.get(0))? {
                ids.push(ContactId(id?));
            }
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }
}

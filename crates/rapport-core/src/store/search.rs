//! Reads for the search index: everything searchable about a set of contacts,
//! in a fixed number of queries whatever the number of contacts (one per
//! child table), so a full rebuild of 100k contacts stays a bulk read.

use std::collections::HashMap;

use super::Store;
use crate::contacts::{Address, ContactId};
use crate::dates::instant_from_text;
use crate::error::Result;
use crate::search::document::{NoteOrigin, NoteText, PhoneText, SearchSource};

/// `contact_id IN (ids as a JSON array)`: one statement for any number of ids.
const IN_IDS: &str = "IN (SELECT value FROM json_each(?1))";

impl Store {
    /// Up to `limit` live contact ids greater than `after`, in order (pages of a full rebuild).
    pub fn live_contact_ids_after(&self, after: ContactId, limit: usize) -> Result<Vec<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contacts WHERE id > ?1 AND deleted_at IS NULL ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![after.0, limit as i64], |r| {
            r.get::<_, i64>(0)
        })?;
        rows.map(|r| Ok(ContactId(r?))).collect()
    }

    /// Everything searchable about the live contacts among `ids`, in the order of `ids`
    /// (deleted and unknown ids are left out).
    pub fn search_sources(&self, ids: &[ContactId]) -> Result<Vec<SearchSource>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let json = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".into());
        let mut by_id: HashMap<i64, SearchSource> = HashMap::with_capacity(ids.len());
        let mut created: HashMap<i64, String> = HashMap::with_capacity(ids.len());

        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, display_name, given_name, family_name, phonetic_name, company, title,
                archived_at IS NOT NULL, created_at
             FROM contacts WHERE deleted_at IS NULL AND id {IN_IDS}"
        ))?;
        let mut rows = stmt.query([&json])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            created.insert(id, r.get(8)?);
            by_id.insert(
                id,
                SearchSource {
                    id: ContactId(id),
                    display_name: r.get(1)?,
                    given_name: r.get(2)?,
                    family_name: r.get(3)?,
                    phonetic_name: r.get(4)?,
                    company: r.get(5)?,
                    title: r.get(6)?,
                    emails: Vec::new(),
                    phones: Vec::new(),
                    tags: Vec::new(),
                    addresses: Vec::new(),
                    custom_fields: Vec::new(),
                    notes: Vec::new(),
                    archived: r.get(7)?,
                    last_activity: 0,
                },
            );
        }
        drop(rows);

        self.each_child(
            &json,
            "SELECT contact_id, address FROM contact_emails WHERE contact_id {IN} ORDER BY contact_id, position",
            &mut by_id,
            |s, r| {
                s.emails.push(r.get(1)?);
                Ok(())
            },
        )?;
        self.each_child(
            &json,
            "SELECT contact_id, raw, e164 FROM contact_phones WHERE contact_id {IN} ORDER BY contact_id, position",
            &mut by_id,
            |s, r| {
                s.phones.push(PhoneText {
                    raw: r.get(1)?,
                    e164: r.get(2)?,
                });
                Ok(())
            },
        )?;
        self.each_child(
            &json,
            "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.contact_id {IN} ORDER BY ct.contact_id, ct.position",
            &mut by_id,
            |s, r| {
                s.tags.push(r.get(1)?);
                Ok(())
            },
        )?;
        self.each_child(
            &json,
            "SELECT contact_id, label, street, city, region, postal_code, country FROM contact_addresses
             WHERE contact_id {IN} ORDER BY contact_id, position",
            &mut by_id,
            |s, r| {
                let a = Address {
                    label: r.get(1)?,
                    street: r.get(2)?,
                    city: r.get(3)?,
                    region: r.get(4)?,
                    postal_code: r.get(5)?,
                    country: r.get(6)?,
                };
                let line = a.one_line();
                if !line.is_empty() {
                    s.addresses.push(line);
                }
                Ok(())
            },
        )?;
        self.each_child(
            &json,
            "SELECT contact_id, key, value FROM custom_fields WHERE contact_id {IN} ORDER BY contact_id, position",
            &mut by_id,
            |s, r| {
                s.custom_fields.push((r.get(1)?, r.get(2)?));
                Ok(())
            },
        )?;
        self.each_child(
            &json,
            "SELECT contact_id, kind, occurred_at, text, outcome FROM interactions
             WHERE contact_id {IN} ORDER BY contact_id, occurred_at DESC, id DESC",
            &mut by_id,
            |s, r| {
                let kind: String = r.get(1)?;
                let date: String = r.get(2)?;
                let mut text: String = r.get(3)?;
                if let Some(outcome) = r.get::<_, Option<String>>(4)? {
                    if !outcome.trim().is_empty() {
                        text.push_str(" — ");
                        text.push_str(&outcome);
                    }
                }
                if s.notes.is_empty() {
                    // A time that does not read (stored past 9999 by an older
                    // version) ranks as no activity; `check` lists it.
                    s.last_activity = instant_from_text(&date).map_or(0, |t| t.timestamp());
                }
                s.notes.push(NoteText {
                    origin: NoteOrigin::Interaction(kind.parse()?),
                    date,
                    text,
                });
                Ok(())
            },
        )?;
        self.each_child(
            &json,
            "SELECT contact_id, due_date, text FROM follow_ups WHERE contact_id {IN}
             ORDER BY contact_id, due_date DESC, id DESC",
            &mut by_id,
            |s, r| {
                s.notes.push(NoteText {
                    origin: NoteOrigin::FollowUp,
                    date: r.get(1)?,
                    text: r.get(2)?,
                });
                Ok(())
            },
        )?;
        for (id, s) in by_id.iter_mut() {
            if s.last_activity == 0 {
                if let Some(c) = created.get(id) {
                    s.last_activity = instant_from_text(c).map(|t| t.timestamp()).unwrap_or(0);
                }
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(&id.0)).collect())
    }

    /// Runs a child-table query (`{IN}` stands for the id list) and hands each
    /// row to `add` with the contact it belongs to.
    fn each_child(
        &self,
        json: &str,
        sql: &str,
        by_id: &mut HashMap<i64, SearchSource>,
        mut add: impl FnMut(&mut SearchSource, &rusqlite::Row) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&sql.replace("{IN}", IN_IDS))?;
        let mut rows = stmt.query([json])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some(s) = by_id.get_mut(&id) {
                add(s, r)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::{ContactDraft, CustomField, Email, Phone};
    use crate::interactions::{InteractionDraft, InteractionKind};

    #[test]
    fn loads_every_searchable_text_of_live_contacts_only() {
        let mut s = Store::open_in_memory().unwrap();
        let now = "2026-11-23T08:00:00Z".parse().unwrap();
        let draft = ContactDraft {
            display_name: "张伟明".into(),
            company: Some("ACME".into()),
            emails: vec![Email {
                address: "wm@example.com".into(),
                label: None,
            }],
            phones: vec![Phone {
                raw: "138 0013 8000".into(),
                e164: Some("+8613800138000".into()),
                label: None,
            }],
            tags: vec!["vip".into()],
            addresses: vec![Address {
                city: Some("上海".into()),
                ..Default::default()
            }],
            custom_fields: vec![CustomField {
                key: "微信".into(),
                value: "wx_zwm".into(),
            }],
            ..Default::default()
        };
        let a = s.insert_contact(&draft, now).unwrap();
        let b = s.insert_contact(&ContactDraft::named("Gone"), now).unwrap();
        s.insert_interaction(
            &InteractionDraft {
                contact_id: a,
                kind: InteractionKind::Call,
                occurred_at: "2026-11-20T10:00:00Z".parse().unwrap(),
                direction: None,
                text: "谈了报价".into(),
                outcome: Some("agreed".into()),
            },
            now,
        )
        .unwrap();
        s.delete_contact(b, now).unwrap();
        let got = s.search_sources(&[b, a, ContactId(999)]).unwrap();
        assert_eq!(got.len(), 1);
        let g = &got[0];
        assert_eq!(g.id, a);
        assert_eq!(g.emails, ["wm@example.com"]);
        assert_eq!(g.phones[0].e164.as_deref(), Some("+8613800138000"));
        assert_eq!(g.tags, ["vip"]);
        assert_eq!(g.addresses, ["上海"]);
        assert_eq!(
            g.custom_fields,
            [("微信".to_string(), "wx_zwm".to_string())]
        );
        assert_eq!(g.notes.len(), 1);
        assert!(g.notes[0].text.contains("报价") && g.notes[0].text.contains("agreed"));
        assert_eq!(
            g.last_activity,
            "2026-11-20T10:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
                .timestamp()
        );
        assert_eq!(s.live_contact_ids_after(ContactId(0), 10).unwrap(), vec![a]);
    }
}

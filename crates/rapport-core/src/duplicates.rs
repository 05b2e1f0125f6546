//! Likely duplicates across the whole book, and merging them.
//!
//! Two live contacts (archived ones included) are likely the same person when they share
//! - an e-mail address (compared lower-cased), or
//! - a phone number's E.164 form, or
//! - a name and a company: the name read the same way (traditional characters made
//!   simplified, Chinese read as toneless pinyin, Latin letters folded and lower-cased,
//!   spaces and punctuation dropped, so 張偉明, 张伟明 and "Zhang Weiming" are one name) and
//!   the same non-empty company (compared the same way). A name alone is too common to
//!   say two contacts are one person.
//!
//! Matches chain: when A shares an e-mail with B and B a phone with C, the three are one
//! group. A group merges into its oldest contact (lowest id): empty fields are filled from
//! the others, lists are combined, history moves over (see [`crate::contacts::merge_drafts`]).
//! Merging one group or all of them is one step of the undo journal.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::search::analyzer::simplified;
use crate::store::UndoStepId;

/// Why contacts are grouped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MatchReason {
    /// The same e-mail address (lower-cased).
    Email {
        /// The address.
        address: String,
    },
    /// The same phone number.
    Phone {
        /// Its E.164 form.
        e164: String,
    },
    /// The same name (as read) at the same company.
    NameAndCompany {
        /// The name's reading.
        name: String,
        /// The company, folded.
        company: String,
    },
}

/// One contact of a group, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateMember {
    /// The contact.
    pub id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Company.
    pub company: Option<String>,
}

/// Contacts that are likely one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateGroup {
    /// The contact the others merge into (the oldest).
    pub keep: ContactId,
    /// Every contact of the group, oldest first.
    pub members: Vec<DuplicateMember>,
    /// Why.
    pub reasons: Vec<MatchReason>,
}

/// What merging did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MergeOutcome {
    /// The step that undoes it.
    pub step: UndoStepId,
    /// Groups merged.
    #[ts(type = "number")]
    pub groups: u64,
    /// Contacts merged into another (now deleted, restorable).
    #[ts(type = "number")]
    pub merged: u64,
}

/// What the duplicate search reads of a contact.
#[derive(Debug, Clone)]
pub struct DuplicateKeys {
    /// The contact.
    pub id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Family name, for the surname's reading.
    pub family_name: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// E-mail addresses, lower-cased.
    pub emails: Vec<String>,
    /// E.164 phones.
    pub phones: Vec<String>,
}

/// A name as read: simplified, Chinese as toneless pinyin, Latin folded to ASCII lower
/// case, only letters and digits kept.
pub fn name_reading(name: &str, family: Option<&str>) -> String {
    let simple = simplified(name);
    let syllables = crate::search::pinyin::syllables(&simple, family);
    let mut out = String::new();
    let mut rest = simple.as_str();
    if let (Some(first), Some(last)) = (syllables.first(), syllables.last()) {
        out.push_str(&folded(&simple[..first.from]));
        for s in &syllables {
            out.push_str(&s.reading);
        }
        rest = &simple[last.to..];
    }
    out.push_str(&folded(rest));
    out
}

/// Letters and digits only, in ASCII lower case (other scripts transliterated).
fn folded(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Groups contacts that are likely one person (see the module's rules); groups in the order
/// of their oldest contact.
pub fn group_duplicates(rows: &[DuplicateKeys]) -> Vec<DuplicateGroup> {
    let index: BTreeMap<ContactId, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut by_key: BTreeMap<MatchReason, BTreeSet<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        for e in &r.emails {
            by_key
                .entry(MatchReason::Email { address: e.clone() })
                .or_default()
                .insert(i);
        }
        for p in &r.phones {
            by_key
                .entry(MatchReason::Phone { e164: p.clone() })
                .or_default()
                .insert(i);
        }
        let company = r
            .company
            .as_deref()
            .map(|c| folded(&simplified(c)))
            .unwrap_or_default();
        let name = name_reading(&r.display_name, r.family_name.as_deref());
        if !company.is_empty() && !name.is_empty() {
            by_key
                .entry(MatchReason::NameAndCompany { name, company })
                .or_default()
                .insert(i);
        }
    }
    by_key.retain(|_, v| v.len() > 1);
    for members in by_key.values() {
        let mut it = members.iter();
        if let Some(&first) = it.next() {
            for &m in it {
                let (a, b) = (root(&mut parent, first), root(&mut parent, m));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, (BTreeSet<ContactId>, BTreeSet<MatchReason>)> = BTreeMap::new();
    for (reason, members) in by_key {
        let Some(&first) = members.iter().next() else {
            continue;
        };
        let g = groups.entry(root(&mut parent, first)).or_default();
        g.0.extend(members.iter().map(|&m| rows[m].id));
        g.1.insert(reason);
    }
    let mut out: Vec<DuplicateGroup> = groups
        .into_values()
        .map(|(ids, reasons)| {
            let members: Vec<DuplicateMember> = ids
                .iter()
                .filter_map(|id| index.get(id).map(|&i| &rows[i]))
                .map(|r| DuplicateMember {
                    id: r.id,
                    display_name: r.display_name.clone(),
                    company: r.company.clone(),
                })
                .collect();
            DuplicateGroup {
                keep: members.first().map(|m| m.id).unwrap_or(ContactId(0)),
                members,
                reasons: reasons.into_iter().collect(),
            }
        })
        .collect();
    out.sort_by_key(|g| g.keep);
    out
}

impl ContactBook {
    /// Likely duplicates across the whole book.
    pub fn duplicates(&self) -> Result<Vec<DuplicateGroup>> {
        Ok(group_duplicates(&self.store().duplicate_keys()?))
    }

    /// Merges each group (its first contact keeps, the others merge into it), all in one
    /// transaction and one undoable step.
    pub fn merge_groups(
        &mut self,
        groups: &[Vec<ContactId>],
        now: DateTime<Utc>,
    ) -> Result<MergeOutcome> {
        self.merge_groups_as(groups, None, now)
    }

    /// [`ContactBook::merge_groups`] under a label of the caller's for the undo
    /// journal (none: "merge N duplicate groups").
    pub(crate) fn merge_groups_as(
        &mut self,
        groups: &[Vec<ContactId>],
        label: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<MergeOutcome> {
        // Not under an import or an undo of one: they read and write the same contacts.
        let _long = self.begin_long(crate::operation::LongOperation::Merge)?;
        // One transaction: what is read is what is merged, and the tiers move with it.
        self.atomically(|book| {
            let mut plan = Vec::new();
            let mut seen = BTreeSet::new();
            for g in groups {
                let Some((&keep, others)) = g.split_first() else {
                    continue;
                };
                if others.is_empty() {
                    continue;
                }
                for id in g {
                    if !seen.insert(*id) {
                        return Err(Error::invalid(
                            "merge",
                            format!("contact {id} is in two groups"),
                        ));
                    }
                }
                let mut draft = book.contact(keep)?.draft;
                for o in others {
                    draft = crate::contacts::merge_drafts(draft, book.contact(*o)?.draft);
                }
                plan.push((keep, others.to_vec(), book.prepare_draft(draft)?));
            }
            if plan.is_empty() {
                return Err(Error::invalid("merge", "there is nothing to merge"));
            }
            let merged = plan.iter().map(|(_, o, _)| o.len() as u64).sum::<u64>();
            let label = label.clone().unwrap_or_else(|| {
                format!("merge {} duplicate groups ({merged} contacts)", plan.len())
            });
            let step = book.store_mut().merge_journaled(&plan, &label, now)?;
            book.refresh_value_tiers()?;
            Ok(MergeOutcome {
                step,
                groups: plan.len() as u64,
                merged,
            })
        })
    }

    /// Merges every group of likely duplicates, as one undoable step.
    pub fn merge_all_duplicates(&mut self, now: DateTime<Utc>) -> Result<MergeOutcome> {
        let groups: Vec<Vec<ContactId>> = self
            .duplicates()?
            .into_iter()
            .map(|g| g.members.into_iter().map(|m| m.id).collect())
            .collect();
        self.merge_groups(&groups, now)
    }
}

/// Which likely duplicates to list; nothing to set yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicatesRequest {}

/// Likely duplicates across the book, in the order of their oldest contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateList {
    /// The groups.
    pub groups: Vec<DuplicateGroup>,
    /// Contacts in them.
    #[ts(type = "number")]
    pub contacts: u64,
}

/// Which duplicates to merge, as one undoable step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MergeRequest {
    /// Every group found now.
    All,
    /// The group found now that holds this contact (merged into its oldest).
    Group {
        /// Any contact of the group.
        contact: ContactId,
    },
    /// These groups as given: each one's first contact keeps, the others merge into it.
    Groups {
        /// The groups.
        groups: Vec<Vec<ContactId>>,
    },
}

/// Likely duplicates across the whole book.
pub fn find_duplicates(
    book: &ContactBook,
    _req: DuplicatesRequest,
    _now: DateTime<Utc>,
    _tz: chrono_tz::Tz,
) -> Result<DuplicateList> {
    let groups = book.duplicates()?;
    Ok(DuplicateList {
        contacts: groups.iter().map(|g| g.members.len() as u64).sum(),
        groups,
    })
}

/// Merges likely duplicates (all, one group, or groups given), as one undoable step.
pub fn merge_duplicates(
    book: &mut ContactBook,
    req: MergeRequest,
    now: DateTime<Utc>,
    _tz: chrono_tz::Tz,
) -> Result<MergeOutcome> {
    match req {
        MergeRequest::All => book.merge_all_duplicates(now),
        MergeRequest::Group { contact } => {
            book.contact(contact)?;
            let group = book
                .duplicates()?
                .into_iter()
                .find(|g| g.members.iter().any(|m| m.id == contact))
                .ok_or_else(|| {
                    Error::invalid(
                        "merge",
                        format!("contact {contact} has no likely duplicate"),
                    )
                })?;
            let ids: Vec<ContactId> = group.members.into_iter().map(|m| m.id).collect();
            book.merge_groups(&[ids], now)
        }
        MergeRequest::Groups { groups } => book.merge_groups(&groups, now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_reads_the_same_in_traditional_simplified_and_pinyin() {
        assert_eq!(name_reading("張偉明", None), "zhangweiming");
        assert_eq!(name_reading("张伟明", None), "zhangweiming");
        assert_eq!(name_reading("Zhang Weiming", None), "zhangweiming");
        assert_eq!(name_reading("单田芳", None), "shantianfang");
        assert_eq!(name_reading("José  Núñez", None), "josenunez");
    }

    fn row(
        id: i64,
        name: &str,
        company: Option<&str>,
        emails: &[&str],
        phones: &[&str],
    ) -> DuplicateKeys {
        DuplicateKeys {
            id: ContactId(id),
            display_name: name.into(),
            family_name: None,
            company: company.map(String::from),
            emails: emails.iter().map(|s| s.to_string()).collect(),
            phones: phones.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn matches_chain_into_one_group_and_a_name_alone_is_not_enough() {
        let rows = [
            row(1, "张伟明", Some("星辰科技"), &["zwm@x.cn"], &[]),
            row(2, "張偉明", Some("星辰科技"), &[], &["+8613800138000"]),
            row(3, "Weiming", None, &[], &["+8613800138000"]),
            row(4, "李雷", None, &[], &[]),
            row(5, "李雷", None, &[], &[]),
            row(6, "Ada", None, &["ada@x.org"], &[]),
            row(7, "Ada L.", Some("Acme"), &["ada@x.org"], &[]),
        ];
        let groups = group_duplicates(&rows);
        assert_eq!(groups.len(), 2, "{groups:#?}");
        let ids = |g: &DuplicateGroup| g.members.iter().map(|m| m.id.0).collect::<Vec<_>>();
        assert_eq!(ids(&groups[0]), [1, 2, 3]);
        assert_eq!(groups[0].keep, ContactId(1));
        assert!(groups[0].reasons.contains(&MatchReason::NameAndCompany {
            name: "zhangweiming".into(),
            company: "xingchenkeji".into()
        }));
        assert_eq!(ids(&groups[1]), [6, 7]);
    }
}

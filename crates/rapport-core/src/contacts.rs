//! Contacts: the people a salesperson keeps in touch with.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::interactions::InteractionKind;
use crate::phone::{self, Region};

/// Identifies a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct ContactId(pub i64);

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a contact stands with the salesperson (seed 003: 意向/签约/沉默/流失).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Stage {
    /// 线索: known, not yet qualified.
    Lead,
    /// 意向: interested.
    Prospect,
    /// 签约: has bought.
    Customer,
    /// 沉默: gone quiet.
    Dormant,
    /// 流失: lost.
    Lost,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 5] = [
        Stage::Lead,
        Stage::Prospect,
        Stage::Customer,
        Stage::Dormant,
        Stage::Lost,
    ];

    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Prospect => "prospect",
            Stage::Customer => "customer",
            Stage::Dormant => "dormant",
            Stage::Lost => "lost",
        }
    }
}

impl FromStr for Stage {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .or(match s.as_str() {
                "线索" => Some(Stage::Lead),
                "意向" => Some(Stage::Prospect),
                "签约" | "客户" => Some(Stage::Customer),
                "沉默" => Some(Stage::Dormant),
                "流失" => Some(Stage::Lost),
                _ => None,
            })
            .ok_or_else(|| {
                Error::invalid(
                    "stage",
                    format!("'{s}' is not one of lead, prospect, customer, dormant, lost"),
                )
            })
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An email address with an optional label (`work`, `home`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Email {
    /// As entered (trimmed).
    pub address: String,
    /// `work`, `home`, ...
    pub label: Option<String>,
}

/// A phone number as entered, with its E.164 form when it could be normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Phone {
    /// As entered (trimmed): what the user sees.
    pub raw: String,
    /// `+8613800138000`; `None` when the number is not valid for any region.
    pub e164: Option<String>,
    /// `mobile`, `work`, ...
    pub label: Option<String>,
}

impl Phone {
    /// A phone from what the user typed, normalised with `region`.
    pub fn new(raw: &str, label: Option<String>, region: Region) -> Self {
        let raw = raw.trim().to_string();
        Phone {
            e164: phone::to_e164(&raw, region),
            raw,
            label,
        }
    }
}

/// A postal address; all parts optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Address {
    /// `home`, `work`, ...
    pub label: Option<String>,
    /// Street and number, possibly several lines.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State, province.
    pub region: Option<String>,
    /// ZIP or postal code.
    pub postal_code: Option<String>,
    /// Country.
    pub country: Option<String>,
}

impl Address {
    /// The address on one line, parts separated by commas.
    pub fn one_line(&self) -> String {
        [
            &self.street,
            &self.city,
            &self.region,
            &self.postal_code,
            &self.country,
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A user-defined key/value field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomField {
    /// The field's name, e.g. `微信` or `LinkedIn URL`.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// Everything a user can set on a contact: used to create and to replace one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ContactDraft {
    /// The name shown everywhere. Derived from given/family name when empty.
    pub display_name: String,
    /// Given name(s).
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Phonetic reading of the name (from vCards, e.g. `Zhang Weiming`).
    pub phonetic_name: Option<String>,
    /// Company or organisation.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Email addresses, first is primary.
    pub emails: Vec<Email>,
    /// Phone numbers, first is primary.
    pub phones: Vec<Phone>,
    /// Postal addresses.
    pub addresses: Vec<Address>,
    /// Birthday, with or without year.
    pub birthday: Option<PartialDate>,
    /// Wedding or customer anniversary.
    pub anniversary: Option<PartialDate>,
    /// Tags, e.g. `VIP`.
    pub tags: Vec<String>,
    /// Pipeline stage.
    pub stage: Option<Stage>,
    /// User-defined fields.
    pub custom_fields: Vec<CustomField>,
    /// Where the contact came from (`import: google.csv`, `referral`...).
    pub source: Option<String>,
    /// Never list or export for outreach.
    pub do_not_contact: bool,
    /// Keep-in-touch cadence in days; `None` uses the tag/stage default.
    pub cadence_days: Option<u32>,
}

/// A change to some fields of a contact (what `contact edit` takes): fields
/// left `None` keep their value, lists gain and lose entries. Applied by
/// [`crate::ContactBook::edit_contact`] to the contact as stored at that
/// moment, inside the write's transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEdit {
    /// New display name.
    pub display_name: Option<String>,
    /// New company (`Some(None)` clears it).
    pub company: Option<Option<String>>,
    /// New title (`Some(None)` clears it).
    pub title: Option<Option<String>>,
    /// Emails to add.
    pub add_emails: Vec<Email>,
    /// Phones to add.
    pub add_phones: Vec<Phone>,
    /// Tags to add.
    pub add_tags: Vec<String>,
    /// Tags to remove (matched without case).
    pub remove_tags: Vec<String>,
    /// New stage (`Some(None)` clears it).
    pub stage: Option<Option<Stage>>,
    /// New cadence (`Some(None)` clears it).
    pub cadence_days: Option<Option<u32>>,
    /// New birthday (`Some(None)` clears it).
    pub birthday: Option<Option<PartialDate>>,
    /// New do-not-contact flag.
    pub do_not_contact: Option<bool>,
    /// Channels to opt out of.
    pub opt_out: Vec<crate::optout::OptOutChannel>,
    /// Channels to opt back in to.
    pub opt_in: Vec<crate::optout::OptOutChannel>,
}

impl ContactEdit {
    /// `draft` with this edit's field changes (opt-outs are not part of a draft).
    pub fn apply(&self, mut d: ContactDraft) -> ContactDraft {
        if let Some(n) = &self.display_name {
            d.display_name.clone_from(n);
        }
        if let Some(c) = &self.company {
            d.company.clone_from(c);
        }
        if let Some(t) = &self.title {
            d.title.clone_from(t);
        }
        d.emails.extend(self.add_emails.iter().cloned());
        d.phones.extend(self.add_phones.iter().cloned());
        d.tags.extend(self.add_tags.iter().cloned());
        d.tags
            .retain(|t| !self.remove_tags.iter().any(|u| u.eq_ignore_ascii_case(t)));
        if let Some(s) = self.stage {
            d.stage = s;
        }
        if let Some(c) = self.cadence_days {
            d.cadence_days = c;
        }
        if let Some(b) = self.birthday {
            d.birthday = b;
        }
        if let Some(x) = self.do_not_contact {
            d.do_not_contact = x;
        }
        d
    }
}

/// Longest text accepted in one field: beyond this is not a name or a note
/// but a broken file.
pub const MAX_FIELD_CHARS: usize = 100_000;

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// True for Han, kana and hangul characters: names in these scripts are written family name first, without a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

impl ContactDraft {
    /// A draft with just a display name.
    pub fn named(name: &str) -> Self {
        ContactDraft {
            display_name: name.to_string(),
            ..Default::default()
        }
    }

    /// Trims every field, drops empty entries, de-duplicates emails, phones
    /// and tags, derives the display name, and checks what must hold.
    pub fn normalised(mut self) -> Result<Self> {
        self.given_name = clean(&self.given_name);
        self.family_name = clean(&self.family_name);
        self.phonetic_name = clean(&self.phonetic_name);
        self.company = clean(&self.company);
        self.title = clean(&self.title);
        self.source = clean(&self.source);
        self.display_name = self.display_name.trim().to_string();
        if self.display_name.is_empty() {
            self.display_name = self.derived_display_name();
        }
        if self.display_name.is_empty() {
            self.display_name = self
                .company
                .clone()
                .or_else(|| self.emails.first().map(|e| e.address.trim().to_string()))
                .or_else(|| self.phones.first().map(|p| p.raw.trim().to_string()))
                .unwrap_or_default();
        }
        if self.display_name.is_empty() {
            return Err(Error::invalid(
                "name",
                "a contact needs a name, email, phone or company",
            ));
        }
        if self.cadence_days.is_some_and(|d| !(1..=3660).contains(&d)) {
            // The bound of a cadence rule: beyond it a due date leaves the calendar.
            return Err(Error::invalid("cadence", "cadence must be 1–3660 days"));
        }
        if let Some(b) = self.birthday {
            crate::dates::check_partial(b, "birthday")?;
        }
        if let Some(a) = self.anniversary {
            crate::dates::check_partial(a, "anniversary")?;
        }

        let mut seen = Vec::<String>::new();
        self.emails.retain_mut(|e| {
            e.address = e.address.trim().to_string();
            e.label = clean(&e.label);
            let key = e.address.to_lowercase();
            let keep = !e.address.is_empty() && !seen.contains(&key);
            seen.push(key);
            keep
        });
        for e in &self.emails {
            if !looks_like_email(&e.address) {
                return Err(Error::invalid(
                    "email",
                    format!("'{}' is not an email address", e.address),
                ));
            }
        }

        let mut seen = Vec::<String>::new();
        self.phones.retain_mut(|p| {
            p.raw = p.raw.trim().to_string();
            p.label = clean(&p.label);
            // A "phone" without digits (`ask reception`) is its own text.
            let key = p
                .e164
                .clone()
                .unwrap_or_else(|| match phone::digits(&p.raw) {
                    d if d.is_empty() => p.raw.to_lowercase(),
                    d => d,
                });
            let keep = !p.raw.is_empty() && !seen.contains(&key);
            seen.push(key);
            keep
        });

        self.addresses
            .retain(|a| !a.one_line().is_empty() || clean(&a.label).is_some());
        let mut tags = Vec::<String>::new();
        for t in self.tags.drain(..) {
            let t = t.trim().to_string();
            if !t.is_empty() && !tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
                tags.push(t);
            }
        }
        self.tags = tags;
        let mut fields = Vec::<CustomField>::new();
        for f in self.custom_fields.drain(..) {
            let key = f.key.trim().to_string();
            let value = f.value.trim().to_string();
            if key.is_empty() || value.is_empty() {
                continue;
            }
            match fields.iter_mut().find(|x| x.key == key) {
                Some(x) => x.value = value,
                None => fields.push(CustomField { key, value }),
            }
        }
        self.custom_fields = fields;
        if self.cadence_days == Some(0) {
            self.cadence_days = None;
        }
        if let Some(days) = self.cadence_days {
            if days > 3660 {
                return Err(Error::invalid("cadence", "cadence must be 1–3660 days"));
            }
        }
        self.check_lengths()?;
        Ok(self)
    }

    fn check_lengths(&self) -> Result<()> {
        let texts = [
            Some(&self.display_name),
            self.given_name.as_ref(),
            self.family_name.as_ref(),
            self.company.as_ref(),
            self.title.as_ref(),
        ];
        for t in texts.into_iter().flatten() {
            if t.chars().count() > MAX_FIELD_CHARS {
                return Err(Error::invalid(
                    "field",
                    format!("a field is longer than {MAX_FIELD_CHARS} characters"),
                ));
            }
        }
        Ok(())
    }

    /// The display name from given and family name: `张伟明` for CJK names
    /// (family name first, no space), `Ada Lovelace` otherwise.
    pub fn derived_display_name(&self) -> String {
        let given = self.given_name.as_deref().unwrap_or("").trim();
        let family = self.family_name.as_deref().unwrap_or("").trim();
        let cjk = given.chars().chain(family.chars()).any(is_cjk);
        if cjk {
            format!("{family}{given}")
        } else {
            format!("{given} {family}").trim().to_string()
        }
    }
}

/// Plain check for what an email address must look like: something, `@`, a
/// domain, no second `@` and no spaces (what import and a contact edit accept).
pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !s.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// When and how a contact was last reached (notes do not count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LastContacted {
    /// When.
    pub at: DateTime<Utc>,
    /// Call, email, meeting or message.
    pub kind: InteractionKind,
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Contact {
    /// Its id.
    pub id: ContactId,
    /// Every field the user sets.
    #[serde(flatten)]
    #[ts(flatten)]
    pub draft: ContactDraft,
    /// Latest interaction that is not a note.
    pub last_contacted: Option<LastContacted>,
    /// Set when archived: hidden from lists, kept for history.
    pub archived_at: Option<DateTime<Utc>>,
    /// Set when deleted: hidden everywhere, restorable.
    pub deleted_at: Option<DateTime<Utc>>,
    /// The import batch that created it.
    #[ts(type = "number | null")]
    pub import_batch: Option<i64>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A contact as listed: enough for a row of the contact list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContactSummary {
    /// Its id.
    pub id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Company.
    pub company: Option<String>,
    /// Primary email.
    pub email: Option<String>,
    /// Primary phone as entered.
    pub phone: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Stage.
    pub stage: Option<Stage>,
    /// Latest interaction that is not a note.
    pub last_contacted: Option<LastContacted>,
    /// Value tier, for customers (see [`crate::value`]).
    #[serde(default)]
    pub tier: Option<crate::value::ValueTier>,
}

/// How to filter and order the contact list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ContactQuery {
    /// Only contacts with this tag (case-insensitive).
    pub tag: Option<String>,
    /// Only contacts in this stage.
    pub stage: Option<Stage>,
    /// Only customers in this value tier.
    pub tier: Option<crate::value::ValueTier>,
    /// Only contacts never contacted.
    pub never_contacted: bool,
    /// Include archived contacts.
    pub include_archived: bool,
    /// Order.
    pub sort: ContactSort,
    /// At most this many (all when `None`).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: u32,
}

/// Contact list order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ContactSort {
    /// By display name.
    #[default]
    Name,
    /// Most recently contacted first, never contacted last.
    LastContacted,
    /// By company, then name.
    Company,
}

/// Combines two drafts: `into` keeps its values, empty fields are filled from
/// `from`, and the lists (emails, phones, addresses, tags, custom fields) are
/// joined; normalising afterwards drops the duplicates.
pub fn merge_drafts(into: ContactDraft, from: ContactDraft) -> ContactDraft {
    fn fill<T>(a: Option<T>, b: Option<T>) -> Option<T> {
        a.or(b)
    }
    let mut m = into;
    if m.display_name.trim().is_empty() {
        m.display_name = from.display_name;
    }
    m.given_name = fill(m.given_name, from.given_name);
    m.family_name = fill(m.family_name, from.family_name);
    m.phonetic_name = fill(m.phonetic_name, from.phonetic_name);
    m.company = fill(m.company, from.company);
    m.title = fill(m.title, from.title);
    m.birthday = fill(m.birthday, from.birthday);
    m.anniversary = fill(m.anniversary, from.anniversary);
    m.stage = fill(m.stage, from.stage);
    m.source = fill(m.source, from.source);
    m.cadence_days = fill(m.cadence_days, from.cadence_days);
    m.do_not_contact |= from.do_not_contact;
    m.emails.extend(from.emails);
    m.phones.extend(from.phones);
    for a in from.addresses {
        if !m.addresses.contains(&a) {
            m.addresses.push(a);
        }
    }
    m.tags.extend(from.tags);
    for f in from.custom_fields {
        if !m.custom_fields.iter().any(|x| x.key == f.key) {
            m.custom_fields.push(f);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_is_derived_cjk_aware() {
        let mut d = ContactDraft {
            given_name: Some("伟明".into()),
            family_name: Some("张".into()),
            ..Default::default()
        };
        assert_eq!(d.clone().normalised().unwrap().display_name, "张伟明");
        d.given_name = Some("Ada".into());
        d.family_name = Some("Lovelace".into());
        assert_eq!(d.normalised().unwrap().display_name, "Ada Lovelace");
    }

    #[test]
    fn a_contact_without_a_name_is_called_by_its_company_before_its_email() {
        let email = |a: &str| Email {
            address: a.into(),
            label: None,
        };
        let d = ContactDraft {
            company: Some(" Acme Corp ".into()),
            emails: vec![email("info@acme.example")],
            ..Default::default()
        };
        assert_eq!(d.normalised().unwrap().display_name, "Acme Corp");
        let d = ContactDraft {
            emails: vec![email("info@acme.example")],
            ..Default::default()
        };
        assert_eq!(d.normalised().unwrap().display_name, "info@acme.example");
    }

    #[test]
    fn normalising_dedups_and_rejects_nonsense() {
        let cn = Region::parse("CN").unwrap();
        let d = ContactDraft {
            display_name: "  Li Lei ".into(),
            emails: vec![
                Email {
                    address: "Li@Example.com ".into(),
                    label: None,
                },
                Email {
                    address: "li@example.com".into(),
                    label: Some("work".into()),
                },
            ],
            phones: vec![
                Phone::new("138 0013 8000", None, cn),
                Phone::new("+86 13800138000", None, cn),
            ],
            tags: vec!["VIP".into(), "vip".into(), " ".into()],
            ..Default::default()
        }
        .normalised()
        .unwrap();
        assert_eq!(d.display_name, "Li Lei");
        assert_eq!(d.emails.len(), 1);
        assert_eq!(d.phones.len(), 1);
        assert_eq!(d.tags, vec!["VIP"]);
        assert!(ContactDraft::default().normalised().is_err());
        let bad = ContactDraft {
            display_name: "x".into(),
            emails: vec![Email {
                address: "not an email".into(),
                label: None,
            }],
            ..Default::default()
        };
        assert_eq!(bad.normalised().unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn stages_parse_in_both_languages() {
        assert_eq!("Customer".parse::<Stage>().unwrap(), Stage::Customer);
        assert_eq!("流失".parse::<Stage>().unwrap(), Stage::Lost);
        assert!("nope".parse::<Stage>().is_err());
    }
}

/// The key the contact list sorts names by: how the name reads, lower-case, so
/// that Chinese names (by their pinyin) and Latin names (accents folded) sort
/// together, as phone address books do: 艾伦 (ai lun) before Bob before 张伟明
/// (zhang wei ming). Each Chinese character becomes its most common reading.
pub fn name_sort_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for ch in name.chars() {
        if let Some(p) = ch.to_pinyin() {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            words.push(p.plain().to_string());
        } else if ch.is_alphanumeric() {
            let folded = deunicode::deunicode_char(ch).unwrap_or("");
            word.extend(
                folded
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase()),
            );
        } else {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    words.join(" ")
}

#[cfg(test)]
mod name_sort_key_tests {
    use super::name_sort_key;

    #[test]
    fn names_read_as_they_sound() {
        assert_eq!(name_sort_key("张伟明"), "zhang wei ming");
        assert_eq!(name_sort_key("Ada Lovelace"), "ada lovelace");
        assert_eq!(name_sort_key("  Émile Zola "), "emile zola");
        assert_eq!(name_sort_key("王 Lisa"), "wang lisa");
        assert_eq!(name_sort_key(""), "");
        let mut names = vec!["张伟明", "Bob", "艾伦", "bob b", "Zoe", "李娜", "Émile"];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(
            names,
            vec!["艾伦", "Bob", "bob b", "Émile", "李娜", "张伟明", "Zoe"]
        );
    }
}

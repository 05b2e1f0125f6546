//! One row's cells gathered by what they mean ([`Target`]), then made into a
//! contact draft: names joined or split, numbered emails, phones, addresses,
//! custom fields and events with their labels. A value that does not fit its
//! column (a bad date, stage, email) is kept as a custom field and noted.

use std::collections::BTreeMap;

use super::headers::{AddressPart, Target};
use super::mapping::{fill_reading, MappedRow, RowContext};
use super::names::split_full_name;
use super::values::{clean_label, is_scientific_number, parse_date, parse_flag, shorten};
use crate::contacts::{looks_like_email, Address, ContactDraft, CustomField, Email, Phone};

/// The cells of one numbered group of columns (`E-mail 2 - Label`, `E-mail 2 - Value`).
#[derive(Default)]
struct Slot {
    values: Vec<String>,
    label: Option<String>,
    parts: BTreeMap<u8, String>,
    header: String,
}

/// Which name columns a file has, so how a whole name is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameColumns {
    /// Only a whole name: it is split into given and family name.
    WholeOnly,
    /// Given or family name columns too: the whole name is split only when both are empty.
    Split,
    /// Rapport's own export: its name columns are the truth, never split.
    NeverSplit,
}

/// What a row's cells say, gathered before they become a draft.
#[derive(Default)]
pub(super) struct RowFields {
    draft: ContactDraft,
    full_name: Option<String>,
    middle: Option<String>,
    phonetic_given: Option<String>,
    phonetic_family: Option<String>,
    emails: BTreeMap<u32, Slot>,
    phones: BTreeMap<u32, Slot>,
    addresses: BTreeMap<u32, Slot>,
    customs: BTreeMap<u32, Slot>,
    events: BTreeMap<u32, Slot>,
    custom_fields: Vec<CustomField>,
    notes: Vec<String>,
    display_only: Option<String>,
    /// Year, month and day of a birthday given in three columns.
    birth_parts: [Option<(String, String)>; 3],
}

impl RowFields {
    /// Takes the (trimmed, non-empty) value `v` of the column `header`, which
    /// means `target`; a value that does not fit is noted on `out`.
    pub(super) fn take(
        &mut self,
        target: &Target,
        header: &str,
        v: &str,
        ctx: &RowContext,
        out: &mut MappedRow,
    ) {
        let set = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(v.to_string());
            }
        };
        let d = &mut self.draft;
        match target {
            Target::Ignore => {}
            Target::FullName => set(&mut self.full_name),
            Target::DisplayName => set(&mut self.display_only),
            Target::BirthYear | Target::BirthMonth | Target::BirthDay => {
                let i = match target {
                    Target::BirthYear => 0,
                    Target::BirthMonth => 1,
                    _ => 2,
                };
                if self.birth_parts[i].is_none() {
                    self.birth_parts[i] = Some((header.to_string(), v.to_string()));
                }
            }
            Target::GivenName => set(&mut d.given_name),
            Target::MiddleName => set(&mut self.middle),
            Target::FamilyName => set(&mut d.family_name),
            Target::PhoneticName => set(&mut d.phonetic_name),
            Target::PhoneticGiven => set(&mut self.phonetic_given),
            Target::PhoneticFamily => set(&mut self.phonetic_family),
            Target::Company => set(&mut d.company),
            Target::Title => set(&mut d.title),
            Target::Email { slot, label } => add_values(&mut self.emails, *slot, header, v, label),
            Target::EmailLabel { slot } => {
                self.emails.entry(*slot).or_default().label = clean_label(v)
            }
            Target::Phone { slot, label } => add_values(&mut self.phones, *slot, header, v, label),
            Target::PhoneLabel { slot } => {
                self.phones.entry(*slot).or_default().label = clean_label(v)
            }
            Target::Address { slot, part, label } => {
                let s = self.addresses.entry(*slot).or_default();
                let k = *part as u8;
                match s.parts.get_mut(&k) {
                    // Outlook's `Business Street 2/3` continue the street.
                    Some(prev) => {
                        prev.push('\n');
                        prev.push_str(v);
                    }
                    None => {
                        s.parts.insert(k, v.to_string());
                    }
                }
                if s.label.is_none() {
                    s.label = label.clone();
                }
            }
            Target::AddressLabel { slot } => {
                self.addresses.entry(*slot).or_default().label = clean_label(v)
            }
            Target::Birthday | Target::Anniversary => match parse_date(v, ctx.date_order) {
                Ok(date) => {
                    if *target == Target::Birthday {
                        d.birthday = d.birthday.or(date);
                    } else {
                        d.anniversary = d.anniversary.or(date);
                    }
                }
                Err(e) => self.keep(out, header, v, format!("{e}; kept as a custom field")),
            },
            Target::Tags => d.tags.extend(split_tags(v)),
            Target::Notes => self.notes.push(v.to_string()),
            Target::Stage => match v.parse() {
                Ok(s) => d.stage = Some(s),
                Err(_) => {
                    let why = format!(
                        "'{}' is not a stage (lead, prospect, customer, dormant, lost); kept as a custom field",
                        shorten(v)
                    );
                    self.keep(out, header, v, why);
                }
            },
            Target::Source => set(&mut d.source),
            Target::DoNotContact => match parse_flag(v) {
                Some(b) => d.do_not_contact = b,
                None => out.warn(
                    header,
                    format!("'{}' is not yes or no; ignored", shorten(v)),
                ),
            },
            Target::Cadence => match v.parse::<u32>() {
                Ok(n) if n <= 3660 => d.cadence_days = Some(n),
                _ => out.warn(
                    header,
                    format!("'{}' is not a number of days (1–3660); ignored", shorten(v)),
                ),
            },
            Target::CustomLabel { slot } => {
                self.customs.entry(*slot).or_default().label = Some(v.into())
            }
            Target::CustomValue { slot } => add_value(&mut self.customs, *slot, header, v),
            Target::EventLabel { slot } => {
                self.events.entry(*slot).or_default().label = clean_label(v)
            }
            Target::EventValue { slot } => add_value(&mut self.events, *slot, header, v),
            Target::Custom { key } => self.custom_fields.push(CustomField {
                key: key.clone(),
                value: v.to_string(),
            }),
        }
    }

    /// Keeps a value that does not fit its column as a custom field, and says why.
    fn keep(&mut self, out: &mut MappedRow, header: &str, value: &str, why: String) {
        out.warn(header, why);
        self.custom_fields.push(CustomField {
            key: header.to_string(),
            value: value.to_string(),
        });
    }

    /// The draft (not yet normalised) and the row's note; `names` says
    /// whether the whole name is split into given and family name.
    pub(super) fn into_draft(
        mut self,
        names: NameColumns,
        ctx: &RowContext,
        out: &mut MappedRow,
    ) -> (ContactDraft, Option<String>) {
        self.names(names);
        self.birthday_from_parts(out);
        self.emails(out);
        self.phones(ctx, out);
        self.addresses();
        self.customs_and_events(ctx);
        let mut d = self.draft;
        d.custom_fields = self.custom_fields;
        if d.source.is_none() {
            d.source = Some(ctx.source.clone());
        }
        let note = (!self.notes.is_empty()).then(|| self.notes.join("\n\n"));
        (d, note)
    }

    /// A birthday written as year, month and day columns (Thunderbird, LDIF):
    /// the year may be empty (a birthday without a year).
    fn birthday_from_parts(&mut self, out: &mut MappedRow) {
        let [year, month, day] = std::mem::take(&mut self.birth_parts);
        let (month, day) = match (month, day) {
            (Some(m), Some(d)) => (m, d),
            (month, day) => {
                // Half a date is not a date: kept as it was written.
                for (h, v) in [year, month, day].into_iter().flatten() {
                    self.custom_fields.push(CustomField { key: h, value: v });
                }
                return;
            }
        };
        let ((mh, m), (dh, d)) = (month, day);
        let y = match &year {
            Some((_, y)) => y.trim().parse::<i32>().ok().filter(|y| *y >= 1000),
            None => None,
        };
        let date = match (m.trim().parse::<u32>(), d.trim().parse::<u32>()) {
            (Ok(m), Ok(d)) => crate::dates::PartialDate::new(y, m, d),
            _ => None,
        };
        match date {
            Some(date) if year.is_none() || y.is_some() => {
                self.draft.birthday = self.draft.birthday.or(Some(date));
            }
            _ => {
                let text = [year.map(|(_, y)| y), Some(m), Some(d)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("-");
                out.warn(
                    &dh,
                    format!("'{}' is not a date; kept as a custom field", shorten(&text)),
                );
                self.custom_fields.push(CustomField {
                    key: mh
                        .trim_end_matches(|c: char| !c.is_alphanumeric())
                        .to_string(),
                    value: text,
                });
            }
        }
    }

    fn names(&mut self, names: NameColumns) {
        let d = &mut self.draft;
        if let Some(m) = self.middle.take() {
            d.given_name = Some(match d.given_name.take() {
                Some(g) => format!("{g} {m}"),
                None => m,
            });
        }
        if let Some(full) = self.full_name.take() {
            // A name that is the company's is an organisation: nothing to split;
            // nor is a name that is an address or a number (a contact known only so).
            let is_company = d.company.as_deref() == Some(full.as_str());
            let is_detail = looks_like_email(&full) || super::values::looks_like_phone(&full);
            if !is_company
                && !is_detail
                && match names {
                    NameColumns::WholeOnly => true,
                    NameColumns::Split => d.given_name.is_none() && d.family_name.is_none(),
                    NameColumns::NeverSplit => false,
                }
            {
                let (g, f) = split_full_name(&full);
                d.given_name = d.given_name.take().or(g);
                d.family_name = d.family_name.take().or(f);
            }
            d.display_name = full;
        }
        if let Some(shown) = self.display_only.take() {
            d.display_name = shown;
        }
        fill_reading(d, self.phonetic_given.take(), self.phonetic_family.take());
    }

    fn emails(&mut self, out: &mut MappedRow) {
        for s in std::mem::take(&mut self.emails).into_values() {
            for v in s.values {
                let found = emails_in(&v);
                if !found.is_empty() {
                    self.draft
                        .emails
                        .extend(found.into_iter().map(|address| Email {
                            address: address.to_string(),
                            label: s.label.clone(),
                        }));
                } else {
                    let why = format!(
                        "'{}' is not an email address; kept as a custom field",
                        shorten(&v)
                    );
                    self.keep(out, &s.header, &v, why);
                }
            }
        }
    }

    fn phones(&mut self, ctx: &RowContext, out: &mut MappedRow) {
        for s in std::mem::take(&mut self.phones).into_values() {
            for v in s.values.iter().flat_map(|v| phones_in(v)) {
                let v = v.to_string();
                if is_scientific_number(&v) {
                    let why = format!(
                        "'{v}' is a phone number a spreadsheet shortened to a rounded number (its digits are lost); kept as a custom field — format the column as text and export again"
                    );
                    self.keep(out, &s.header, &v, why);
                    continue;
                }
                self.draft
                    .phones
                    .push(Phone::new(&v, s.label.clone(), ctx.region));
            }
        }
    }

    fn addresses(&mut self) {
        for s in std::mem::take(&mut self.addresses).into_values() {
            let part = |p: AddressPart| s.parts.get(&(p as u8)).cloned();
            let mut street = part(AddressPart::Street);
            for extra in [AddressPart::Extended, AddressPart::PoBox] {
                if let Some(x) = part(extra) {
                    street = Some(match street {
                        Some(st) => format!("{st}\n{x}"),
                        None => x,
                    });
                }
            }
            let a = Address {
                label: s.label.clone(),
                city: part(AddressPart::City),
                region: part(AddressPart::Region),
                postal_code: part(AddressPart::PostalCode),
                country: part(AddressPart::Country),
                street,
            };
            // Given only whole (Google's `Formatted`), the address is its street.
            let a = if a.one_line().is_empty() {
                Address {
                    street: part(AddressPart::Formatted),
                    ..a
                }
            } else {
                a
            };
            self.draft.addresses.push(a);
        }
    }

    fn customs_and_events(&mut self, ctx: &RowContext) {
        for s in std::mem::take(&mut self.customs).into_values() {
            let key = s.label.clone().unwrap_or_else(|| s.header.clone());
            for v in s.values {
                self.custom_fields.push(CustomField {
                    key: key.clone(),
                    value: v,
                });
            }
        }
        for s in std::mem::take(&mut self.events).into_values() {
            for v in s.values {
                let date = parse_date(&v, ctx.date_order);
                match (s.label.as_deref(), date) {
                    (Some("anniversary"), Ok(Some(date))) if self.draft.anniversary.is_none() => {
                        self.draft.anniversary = Some(date)
                    }
                    (l, _) => self.custom_fields.push(CustomField {
                        key: l.map(str::to_string).unwrap_or_else(|| s.header.clone()),
                        value: v,
                    }),
                }
            }
        }
    }
}

/// A cell of a numbered group that may hold several values (` ::: `).
fn add_values(
    slots: &mut BTreeMap<u32, Slot>,
    slot: u32,
    header: &str,
    v: &str,
    label: &Option<String>,
) {
    let s = slots.entry(slot).or_default();
    s.values.extend(split_multi(v));
    s.header = header.to_string();
    if s.label.is_none() {
        s.label = label.clone();
    }
}

/// A cell of a numbered group that holds one value.
fn add_value(slots: &mut BTreeMap<u32, Slot>, slot: u32, header: &str, v: &str) {
    let s = slots.entry(slot).or_default();
    s.values.push(v.to_string());
    s.header = header.to_string();
}

/// The addresses in an email cell: the cell itself, a list separated by `;`,
/// `,` or spaces where every part is an address, or the `<...>` parts of
/// `Name <address>` forms. Empty when the cell holds no address.
fn emails_in(v: &str) -> Vec<&str> {
    if looks_like_email(v) {
        return vec![v];
    }
    if v.contains('<') {
        return v
            .split('<')
            .skip(1)
            .filter_map(|p| p.split_once('>').map(|(a, _)| a.trim()))
            .filter(|a| looks_like_email(a))
            .collect();
    }
    let parts: Vec<&str> = v
        .split(|c| LIST_SEPARATORS.contains(&c) || matches!(c, ' ' | '\n'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.iter().all(|p| looks_like_email(p)) {
        parts
    } else {
        Vec::new()
    }
}

/// The numbers in a phone cell: `13800138000/13912345678`, `138…，139…` and
/// the like are two numbers when every part has five digits or more (so
/// `010-6552123/4` stays one); a spreadsheet's leading apostrophe (text
/// marker) is dropped.
fn phones_in(v: &str) -> Vec<&str> {
    let parts: Vec<&str> = v
        .split(|c| LIST_SEPARATORS.contains(&c) || matches!(c, '/' | '|' | '\n'))
        .map(unmarked)
        .filter(|p| !p.is_empty())
        .collect();
    let digits = |p: &str| p.chars().filter(char::is_ascii_digit).count();
    if parts.len() > 1 && parts.iter().all(|p| digits(p) >= 5) {
        parts
    } else {
        vec![unmarked(v)]
    }
}

/// A phone cell's text without a spreadsheet's leading apostrophe (text marker).
fn unmarked(p: &str) -> &str {
    p.trim().trim_start_matches(['\'', '’']).trim()
}

/// What separates the items of a list written in one cell (`VIP; 朋友`,
/// `a@x.cn，b@y.cn`, `VIP、朋友`), in tags, emails and phones alike.
const LIST_SEPARATORS: [char; 5] = [';', ',', '，', '；', '、'];

/// Several values in one cell: Google separates them with ` ::: `.
fn split_multi(v: &str) -> impl Iterator<Item = String> + '_ {
    v.split(":::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Tags in one cell: `VIP ::: Friends`, `VIP; Friends`, `VIP,Friends`, `VIP、朋友`.
/// Google's system groups (`* myContacts`, `* starred`) are dropped.
fn split_tags(v: &str) -> Vec<String> {
    let parts: Vec<&str> = if v.contains(":::") {
        v.split(":::").collect()
    } else {
        v.split(LIST_SEPARATORS).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with("* "))
        .map(str::to_string)
        .collect()
}

//! Export end to end: CSV and vCard round trips through import (and cells
//! that a spreadsheet would run are escaped), open follow-ups as ICS.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod import_common;

use import_common::*;
use rapport_core::contacts::{Address, CustomField, Email, Phone};
use rapport_core::export::{self, vcard::VcardVersion, ExportFilter};
use rapport_core::import::ImportOptions;
use rapport_core::phone::Region;
use rapport_core::{ContactBook, ContactDraft, FollowUpDraft, Stage};

fn varied_contacts(b: &mut ContactBook) {
    let cn = Region::parse("CN").unwrap();
    let drafts = vec![
        ContactDraft {
            display_name: "张伟明".into(),
            given_name: Some("伟明".into()),
            family_name: Some("张".into()),
            phonetic_name: Some("Zhang Weiming".into()),
            company: Some("=cmd|' /C calc'!A0".into()),
            title: Some("+销售".into()),
            emails: vec![
                Email {
                    address: "zwm@example.cn".into(),
                    label: Some("work".into()),
                },
                Email {
                    address: "zwm@home.example".into(),
                    label: Some("助理".into()),
                },
            ],
            phones: vec![
                Phone::new("+86 138 0013 8000", Some("mobile".into()), cn),
                Phone::new("010-6552 9988", Some("座机 2".into()), cn),
            ],
            addresses: vec![Address {
                label: Some("work".into()),
                street: Some("建国路88号\n12层".into()),
                city: Some("北京".into()),
                region: Some("北京市".into()),
                postal_code: Some("100022".into()),
                country: Some("中国".into()),
            }],
            birthday: date("--03-14"),
            anniversary: date("2010-05-20"),
            tags: vec!["VIP".into(), "a, b; c".into()],
            stage: Some(Stage::Customer),
            custom_fields: vec![
                CustomField {
                    key: "微信".into(),
                    value: "@zwm_88".into(),
                },
                CustomField {
                    key: "Budget".into(),
                    value: "-5000".into(),
                },
            ],
            source: Some("referral".into()),
            do_not_contact: true,
            cadence_days: Some(30),
        },
        ContactDraft {
            display_name: "Ada Lovelace".into(),
            given_name: Some("Ada".into()),
            family_name: Some("Lovelace".into()),
            emails: vec![Email {
                address: "ada@example.com".into(),
                label: None,
            }],
            birthday: date("1815-12-10"),
            tags: vec!["one,tag".into()],
            source: Some("'quoted".into()),
            ..Default::default()
        },
        ContactDraft {
            display_name: "Acme Corp".into(),
            company: Some("Acme Corp".into()),
            phones: vec![Phone::new("(415) 555-8123", None, cn)],
            source: Some("x".into()),
            ..Default::default()
        },
    ];
    for d in drafts {
        let c = b.add_contact(d, now()).unwrap();
        if c.draft.display_name != "Acme Corp" {
            b.log_interaction(
                rapport_core::InteractionDraft {
                    contact_id: c.id,
                    kind: rapport_core::InteractionKind::Note,
                    occurred_at: now(),
                    direction: None,
                    text: format!(
                        "Notes on {}, with \"quotes\"\nand lines",
                        c.draft.display_name
                    ),
                    outcome: None,
                },
                now(),
            )
            .unwrap();
        }
    }
}

fn drafts_and_notes(b: &ContactBook) -> Vec<(ContactDraft, Vec<String>)> {
    let mut v: Vec<_> = all(b)
        .into_iter()
        .map(|c| (c.draft.clone(), notes(b, &c)))
        .collect();
    v.sort_by(|a, b| a.0.display_name.cmp(&b.0.display_name));
    v
}

#[test]
fn csv_export_round_trips_and_never_starts_a_cell_with_a_formula() {
    let mut a = book("CN");
    varied_contacts(&mut a);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    let mut out = Vec::new();
    assert_eq!(
        export::csv::export_csv(&a, &ExportFilter::default(), &mut out).unwrap(),
        3
    );
    std::fs::write(&path, &out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for rec in rdr.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
    let mut b = book("CN");
    let r = run(&mut b, &path, &ImportOptions::default()).unwrap();
    assert_eq!(
        (r.counts.created, r.counts.errors, r.warnings),
        (3, 0, 0),
        "{:?}",
        r.issues
    );
    assert_eq!(drafts_and_notes(&a), drafts_and_notes(&b));

    // Filters: a tag, a list of ids, and outreach leaving out do-not-contact.
    let mut out = Vec::new();
    let f = ExportFilter {
        tag: Some("vip".into()),
        ..Default::default()
    };
    assert_eq!(export::csv::export_csv(&a, &f, &mut out).unwrap(), 1);
    let f = ExportFilter {
        for_outreach: true,
        ..Default::default()
    };
    assert_eq!(export::csv::export_csv(&a, &f, &mut Vec::new()).unwrap(), 2);
    let ada = named(&a, "Ada Lovelace").id;
    let f = ExportFilter {
        ids: Some(vec![ada]),
        ..Default::default()
    };
    let mut out = Vec::new();
    assert_eq!(export::csv::export_csv(&a, &f, &mut out).unwrap(), 1);
    assert!(String::from_utf8(out).unwrap().contains("ada@example.com"));
}

#[test]
fn vcard_export_round_trips_in_both_versions() {
    for version in [VcardVersion::V3, VcardVersion::V4] {
        let mut a = book("CN");
        varied_contacts(&mut a);
        let mut out = Vec::new();
        export::vcard::export_vcard(&a, &ExportFilter::default(), version, &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.lines().all(|l| l.len() <= 76), "folded");
        assert!(text.contains(match version {
            VcardVersion::V3 => "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14",
            VcardVersion::V4 => "BDAY:--0314",
        }));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.vcf");
        std::fs::write(&path, &out).unwrap();
        let mut b = book("CN");
        let r = run(&mut b, &path, &ImportOptions::default()).unwrap();
        assert_eq!(r.counts.created, 3, "{:?}", r.issues);
        assert_eq!(drafts_and_notes(&a), drafts_and_notes(&b), "{version:?}");
    }
}

#[test]
fn open_follow_ups_export_as_ics() {
    let mut b = book("US");
    let c = b
        .add_contact(
            ContactDraft {
                display_name: "Li, Na; \"coach\"".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    b.add_follow_up(
        FollowUpDraft {
            contact_id: c.id,
            due_date: due,
            due_time: None,
            text: "Send the quote, call back".into(),
        },
        now(),
    )
    .unwrap();
    let done = b
        .add_follow_up(
            FollowUpDraft {
                contact_id: c.id,
                due_date: due,
                due_time: None,
                text: "done one".into(),
            },
            now(),
        )
        .unwrap();
    b.complete_follow_up(done.id, None, due, now()).unwrap();
    b.add_follow_up(
        FollowUpDraft {
            contact_id: c.id,
            due_date: due,
            due_time: chrono::NaiveTime::from_hms_opt(9, 30, 0),
            text: "x".repeat(200),
        },
        now(),
    )
    .unwrap();
    let mut out = Vec::new();
    assert_eq!(export::ics::export_ics(&b, now(), &mut out).unwrap(), 2);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    assert!(text.contains("SUMMARY:Li\\, Na\\; \"coach\": Send the quote\\, call back\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"));
    assert!(text.contains("DTSTART:20261201T093000\r\n"));
    assert!(text.contains("DTSTAMP:20261123T090000Z"));
    assert!(!text.contains("done one"));
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
}

// ---- Issue 20: exports that lose nothing ----

fn export_to(b: &ContactBook, format: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let mut out = Vec::new();
    let f = ExportFilter::default();
    let ext = match format {
        "csv" => {
            export::csv::export_csv(b, &f, &mut out).unwrap();
            "csv"
        }
        "google" => {
            export::google::export_google_csv(b, &f, &mut out).unwrap();
            "csv"
        }
        "vcard3" => {
            export::vcard::export_vcard(b, &f, VcardVersion::V3, &mut out).unwrap();
            "vcf"
        }
        _ => {
            export::vcard::export_vcard(b, &f, VcardVersion::V4, &mut out).unwrap();
            "vcf"
        }
    };
    let path = dir.join(format!("{format}.{ext}"));
    std::fs::write(&path, out).unwrap();
    path
}

fn add_with_note(b: &mut ContactBook, d: ContactDraft, note: Option<&str>) {
    let c = b.add_contact(d, now()).unwrap();
    if let Some(text) = note {
        b.log_interaction(
            rapport_core::InteractionDraft {
                contact_id: c.id,
                kind: rapport_core::InteractionKind::Note,
                occurred_at: now(),
                direction: None,
                text: text.into(),
                outcome: None,
            },
            now(),
        )
        .unwrap();
    }
}

/// Class 8: Google CSV carries every email, phone, address and the notes; a
/// display-name-only contact keeps its name; phones have no apostrophe; a
/// CSV round trip of an email-only contact leaves its name parts empty.
#[test]
fn google_csv_carries_every_value() {
    let us = Region::parse("US").unwrap();
    let mut a = book("US");
    let wide = ContactDraft {
        display_name: "Grace Hopper".into(),
        given_name: Some("Grace".into()),
        family_name: Some("Hopper".into()),
        emails: ["g1@navy.example", "g2@navy.example", "g3@home.example"]
            .iter()
            .map(|e| Email {
                address: e.to_string(),
                label: Some("work".into()),
            })
            .collect(),
        phones: ["+1 202 555 0141", "+1 202 555 0142", "+1 202 555 0143"]
            .iter()
            .zip(["mobile", "work", "Assistant"])
            .map(|(p, l)| Phone::new(p, Some(l.into()), us))
            .collect(),
        addresses: vec![
            Address {
                label: Some("work".into()),
                street: Some("1 Navy Yard\nBuilding 2".into()),
                city: Some("Washington".into()),
                region: Some("DC".into()),
                postal_code: Some("20374".into()),
                country: Some("USA".into()),
            },
            Address {
                label: Some("home".into()),
                street: Some("7 Elm St".into()),
                city: Some("Arlington".into()),
                ..Default::default()
            },
        ],
        birthday: date("--12-09"),
        anniversary: date("1930-06-15"),
        custom_fields: vec![CustomField {
            key: "Budget".into(),
            value: "=1+1".into(),
        }],
        ..Default::default()
    };
    add_with_note(
        &mut a,
        wide.clone(),
        Some("Invented the compiler,\n\"nanoseconds\""),
    );
    add_with_note(
        &mut a,
        ContactDraft {
            display_name: "Acme Corp".into(),
            emails: vec![Email {
                address: "sales@acme.example".into(),
                label: None,
            }],
            ..Default::default()
        },
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = export_to(&a, "google", dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("'+"), "no apostrophe before a phone: {text}");
    assert!(text.contains(",+1 202 555 0143,"));
    assert!(
        text.contains(" =1+1"),
        "formula-safe with a space Google trims: {text}"
    );
    let header = text.lines().next().unwrap();
    assert!(header.contains("E-mail 3 - Value") && header.contains("Phone 3 - Value"));
    assert!(header.contains("Address 2 - City"));
    let mut b = book("US");
    let r = run(&mut b, &path, &ImportOptions::default()).unwrap();
    assert_eq!((r.counts.created, r.warnings), (2, 0), "{:?}", r.issues);
    let g = named(&b, "Grace Hopper");
    assert_eq!(g.draft.emails, wide.emails);
    let phones: Vec<_> = g
        .draft
        .phones
        .iter()
        .map(|p| (p.raw.clone(), p.label.clone()))
        .collect();
    let want: Vec<_> = wide
        .phones
        .iter()
        .map(|p| (p.raw.clone(), p.label.clone()))
        .collect();
    assert_eq!(phones, want);
    assert_eq!(g.draft.addresses, wide.addresses);
    assert_eq!(g.draft.birthday, wide.birthday);
    assert_eq!(g.draft.anniversary, wide.anniversary);
    assert_eq!(custom(&g, "Budget"), Some("=1+1"));
    assert_eq!(
        notes(&b, &g),
        vec!["Invented the compiler,\n\"nanoseconds\""]
    );
    // Known only by its display name: still named so.
    let acme = named(&b, "Acme Corp");
    assert_eq!(emails(&acme), vec!["sales@acme.example"]);

    // CSV round trip of a contact that has only an email.
    let mut c = book("US");
    add_with_note(
        &mut c,
        ContactDraft {
            emails: vec![Email {
                address: "only@mail.example".into(),
                label: None,
            }],
            ..Default::default()
        },
        None,
    );
    let path = export_to(&c, "csv", dir.path());
    let mut d = book("US");
    run(&mut d, &path, &ImportOptions::default()).unwrap();
    let only = named(&d, "only@mail.example");
    assert_eq!(
        (only.draft.given_name, only.draft.family_name),
        (None, None)
    );
}

/// Class 9: year-less birthdays and anniversaries in every format, as each writes them.
#[test]
fn yearless_dates_round_trip_in_every_format() {
    let mut a = book("US");
    add_with_note(
        &mut a,
        ContactDraft {
            display_name: "Lin Hua".into(),
            given_name: Some("Hua".into()),
            family_name: Some("Lin".into()),
            emails: vec![Email {
                address: "lin@example.cn".into(),
                label: None,
            }],
            birthday: date("--02-29"),
            anniversary: date("--10-01"),
            ..Default::default()
        },
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    for (format, birthday, anniversary) in [
        // Rapport's CSV escapes the leading `-` for spreadsheets and reads it back.
        ("csv", ",'--02-29,", ",'--10-01,"),
        ("google", ",--02-29,", ",--10-01"),
        (
            "vcard3",
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29",
            "X-ANNIVERSARY;X-APPLE-OMIT-YEAR=1604:1604-10-01",
        ),
        ("vcard4", "BDAY:--0229", "ANNIVERSARY:--1001"),
    ] {
        let path = export_to(&a, format, dir.path());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(birthday), "{format}: {text}");
        assert!(text.contains(anniversary), "{format}: {text}");
        let mut b = book("US");
        run(&mut b, &path, &ImportOptions::default()).unwrap();
        let c = named(&b, "Lin Hua");
        assert_eq!(c.draft.birthday, date("--02-29"), "{format}");
        assert_eq!(c.draft.anniversary, date("--10-01"), "{format}");
    }
}

mod round_trip {
    //! Generated contacts exported and imported into an empty book give back every value.
    use super::*;
    use proptest::prelude::*;
    use rapport_core::PartialDate;

    const FORMATS: [&str; 4] = ["csv", "google", "vcard3", "vcard4"];
    const LABELS: [Option<&str>; 6] = [
        None,
        Some("work"),
        Some("home"),
        Some("other"),
        Some("Assistant"),
        Some("助理"),
    ];
    const PHONE_LABELS: [Option<&str>; 7] = [
        None,
        Some("mobile"),
        Some("work"),
        Some("fax"),
        Some("main"),
        Some("pager"),
        Some("座机 2"),
    ];

    /// Any printable text, trimmed, not empty.
    fn text() -> impl Strategy<Value = String> {
        "[^\\p{C}\\s'][^\\p{C}]{0,10}[^\\p{C}\\s\"]|[^\\p{C}\\s'\"]"
    }

    fn date() -> impl Strategy<Value = Option<PartialDate>> {
        proptest::option::of((proptest::option::of(1900..2020i32), 1..13u32, 1..29u32))
            .prop_map(|d| d.and_then(|(y, m, day)| PartialDate::new(y, m, day)))
    }

    /// A note with lines, commas, quotes and tabs, starting with anything a formula starts with.
    fn note() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(
            (
                prop::sample::select(vec!["=", "+", "-", "@", "", "Re: "]),
                "[a-z][a-z ,\"\t\n;]{0,20}[a-z]",
            )
                .prop_map(|(lead, body)| format!("{lead}{body}")),
        )
    }

    #[derive(Debug, Clone)]
    struct Generated {
        draft: ContactDraft,
        note: Option<String>,
    }

    fn contact(i: usize) -> impl Strategy<Value = Generated> {
        let us = Region::parse("US").unwrap();
        (
            (
                proptest::option::of(text()),
                text(),
                proptest::option::of(text()),
            ),
            (proptest::option::of(text()), proptest::option::of(text())),
            prop::collection::vec(0..LABELS.len(), 1..4),
            prop::collection::vec(0..PHONE_LABELS.len(), 0..4),
            prop::collection::vec(
                (
                    0..LABELS.len(),
                    text(),
                    proptest::option::of(text()),
                    proptest::option::of(text()),
                ),
                0..3,
            ),
            (date(), date(), note()),
        )
            .prop_map(
                move |(names, work, emails, phones, addresses, (birthday, anniversary, note))| {
                    let (given, family, shown) = names;
                    let display_name = shown.unwrap_or_else(|| {
                        [given.clone(), Some(family.clone())]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                    let draft = ContactDraft {
                        display_name,
                        given_name: given,
                        family_name: Some(family),
                        company: work.0,
                        title: work.1,
                        emails: emails
                            .iter()
                            .enumerate()
                            .map(|(k, l)| Email {
                                address: format!("p{i}x{k}@example.com"),
                                label: LABELS[*l].map(str::to_string),
                            })
                            .collect(),
                        phones: phones
                            .iter()
                            .enumerate()
                            .map(|(k, l)| {
                                let raw = match k {
                                    0 => format!("+1 415 555 0{i}{k}0"),
                                    1 => format!("(212) 555-0{i}{k}1"),
                                    _ => format!("+44 20 7946 0{i}{k}2"),
                                };
                                Phone::new(&raw, PHONE_LABELS[*l].map(str::to_string), us)
                            })
                            .collect(),
                        addresses: addresses
                            .into_iter()
                            .map(|(l, city, street, country)| Address {
                                label: LABELS[l].map(str::to_string),
                                street: street.map(|s| format!("{s}\n{s}")),
                                city: Some(city),
                                region: None,
                                postal_code: Some(format!("{i}0001")),
                                country,
                            })
                            .collect(),
                        birthday,
                        anniversary,
                        ..Default::default()
                    };
                    Generated { draft, note }
                },
            )
    }

    fn contacts() -> impl Strategy<Value = Vec<Generated>> {
        (contact(1), contact(2), contact(3), 1..4usize)
            .prop_map(|(a, b, c, n)| [a, b, c].into_iter().take(n).collect())
    }

    /// What must come back, in a form to compare.
    fn values(d: &ContactDraft, note: Vec<String>) -> String {
        let phones: Vec<_> = d.phones.iter().map(|p| (&p.raw, &p.label)).collect();
        format!(
            "{:?}",
            (
                (
                    &d.display_name,
                    &d.given_name,
                    &d.family_name,
                    &d.company,
                    &d.title
                ),
                &d.emails,
                phones,
                &d.addresses,
                (d.birthday, d.anniversary),
                note,
            )
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn every_format_gives_back_every_value(generated in contacts()) {
            let mut a = book("US");
            let mut want = Vec::new();
            for g in &generated {
                let d = g.draft.clone().normalised().unwrap();
                want.push(values(&d, g.note.iter().cloned().collect()));
                add_with_note(&mut a, g.draft.clone(), g.note.as_deref());
            }
            want.sort();
            let dir = tempfile::tempdir().unwrap();
            for format in FORMATS {
                let path = export_to(&a, format, dir.path());
                let mut b = book("US");
                let r = run(&mut b, &path, &ImportOptions::default()).unwrap();
                prop_assert_eq!(r.counts.created, generated.len() as u64, "{}: {:?}", format, r.issues);
                let mut got: Vec<String> = all(&b)
                    .iter()
                    .map(|c| values(&c.draft, notes(&b, c)))
                    .collect();
                got.sort();
                prop_assert_eq!(&got, &want, "{}", format);
            }
        }
    }
}

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

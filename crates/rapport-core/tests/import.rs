//! Import and export end to end, over the fixture files in
//! `tests/fixtures/import/` (made by `generate.py` there). Every test checks
//! the values that arrive in the store, not only counts.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use rapport_core::contacts::{Address, CustomField, Email, Phone};
use rapport_core::export::{self, vcard::VcardVersion, ExportFilter};
use rapport_core::import::{self, ImportOptions, ImportReport, OnDuplicate, Severity};
use rapport_core::phone::Region;
use rapport_core::today::{CadenceRule, RuleKind};
use rapport_core::{
    Contact, ContactBook, ContactDraft, ContactQuery, FollowUpDraft, PartialDate, Stage,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
}

fn now() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

fn book(region: &str) -> ContactBook {
    let mut b = ContactBook::open_in_memory().unwrap();
    b.set_default_region(region).unwrap();
    b
}

fn run(
    book: &mut ContactBook,
    path: &Path,
    opts: &ImportOptions,
) -> rapport_core::Result<ImportReport> {
    import::import_file(
        book,
        path,
        opts,
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

fn import(book: &mut ContactBook, name: &str) -> ImportReport {
    run(book, &fixture(name), &ImportOptions::default()).unwrap()
}

fn all(book: &ContactBook) -> Vec<Contact> {
    book.list_contacts(&ContactQuery {
        include_archived: true,
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|s| book.contact(s.id).unwrap())
    .collect()
}

fn named(book: &ContactBook, name: &str) -> Contact {
    all(book)
        .into_iter()
        .find(|c| c.draft.display_name == name)
        .unwrap_or_else(|| panic!("no contact named {name}"))
}

fn notes(book: &ContactBook, c: &Contact) -> Vec<String> {
    book.interactions_of(c.id, None)
        .unwrap()
        .into_iter()
        .map(|i| i.text)
        .collect()
}

fn custom<'a>(c: &'a Contact, key: &str) -> Option<&'a str> {
    c.draft
        .custom_fields
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.value.as_str())
}

fn e164s(c: &Contact) -> Vec<&str> {
    c.draft
        .phones
        .iter()
        .filter_map(|p| p.e164.as_deref())
        .collect()
}

fn date(s: &str) -> Option<PartialDate> {
    Some(s.parse().unwrap())
}

#[test]
fn google_current_layout() {
    let mut b = book("US");
    let r = import(&mut b, "google_contacts.csv");
    assert_eq!(
        (r.counts.rows, r.counts.created, r.counts.errors),
        (3, 3, 0)
    );
    let ada = named(&b, "Ada Lovelace");
    let d = &ada.draft;
    assert_eq!(d.given_name.as_deref(), Some("Ada"));
    assert_eq!(d.family_name.as_deref(), Some("Lovelace"));
    assert_eq!(d.company.as_deref(), Some("Analytical Engines Ltd"));
    assert_eq!(d.title.as_deref(), Some("Chief Mathematician"));
    assert_eq!(d.birthday, date("1815-12-10"));
    assert_eq!(d.anniversary, date("1835-07-08"));
    assert_eq!(d.tags, vec!["VIP"]);
    let emails: Vec<(&str, Option<&str>)> = d
        .emails
        .iter()
        .map(|e| (e.address.as_str(), e.label.as_deref()))
        .collect();
    assert_eq!(
        emails,
        vec![
            ("ada@engines.example", Some("work")),
            ("ada.home@example.com", Some("home")),
            ("countess@example.org", Some("home"))
        ]
    );
    assert_eq!(e164s(&ada), vec!["+442079460018"]);
    assert_eq!(d.phones[0].label.as_deref(), Some("mobile"));
    assert_eq!(
        d.addresses,
        vec![Address {
            label: Some("work".into()),
            street: Some("12 St James's Square".into()),
            city: Some("London".into()),
            region: None,
            postal_code: Some("SW1Y 4JH".into()),
            country: Some("United Kingdom".into()),
        }]
    );
    assert_eq!(custom(&ada, "Referred by"), Some("Charles Babbage"));
    assert_eq!(custom(&ada, "Website"), Some("https://engines.example/ada"));
    assert_eq!(
        notes(&b, &ada),
        vec!["Met at the Babbage dinner.\nPrefers letters."]
    );
    assert_eq!(d.source.as_deref(), Some("import: google_contacts.csv"));
    assert_eq!(ada.import_batch, r.batch);

    let z = named(&b, "张伟明");
    assert_eq!(z.draft.phonetic_name.as_deref(), Some("Zhang Weiming"));
    assert_eq!(z.draft.birthday, date("--03-14"));
    assert_eq!(z.draft.tags, vec!["客户"]);
    assert_eq!(e164s(&z), vec!["+8613800138000", "+861065529988"]);
    assert_eq!(
        z.draft.addresses[0].street.as_deref(),
        Some("北京市朝阳区建国路88号")
    );

    let g = named(&b, "Grace Brewster Hopper");
    assert_eq!(g.draft.given_name.as_deref(), Some("Grace Brewster"));
    assert_eq!(
        g.draft.company.as_deref(),
        Some("=HYPERLINK(\"http://evil.example\")")
    );
    assert_eq!(e164s(&g), vec!["+14155558123"]);
}

#[test]
fn google_older_layout() {
    let mut b = book("CN");
    let r = import(&mut b, "google_contacts_old.csv");
    assert_eq!(r.counts.created, 2);
    let li = named(&b, "Li Na");
    assert_eq!(li.draft.given_name.as_deref(), Some("Na"));
    assert_eq!(li.draft.family_name.as_deref(), Some("Li"));
    assert_eq!(li.draft.tags, vec!["Tennis"]);
    assert_eq!(li.draft.emails[0].label.as_deref(), Some("home"));
    assert_eq!(e164s(&li), vec!["+8613912345678"]);
    assert_eq!(li.draft.company.as_deref(), Some("Racquet Co"));
    assert_eq!(li.draft.title.as_deref(), Some("Coach"));
    assert_eq!(custom(&li, "Department"), Some("Training"));
    assert_eq!(li.draft.addresses[0].city.as_deref(), Some("Wuhan"));
    assert_eq!(li.draft.birthday, date("1990-06-01"));
    let sima = named(&b, "司马光");
    assert_eq!(sima.draft.family_name.as_deref(), Some("司马"));
    assert_eq!(sima.draft.given_name.as_deref(), Some("光"));
    assert_eq!(sima.draft.birthday, date("1019-11-17"));
    assert_eq!(e164s(&sima), vec!["+861088886666"]);
    assert_eq!(notes(&b, &sima), vec!["Historian; wrote 资治通鉴"]);
}

#[test]
fn outlook_export() {
    let mut b = book("US");
    let r = import(&mut b, "outlook.csv");
    assert_eq!(r.counts.created, 2);
    let j = named(&b, "John Smith");
    let d = &j.draft;
    assert_eq!(custom(&j, "Name Prefix"), Some("Mr."));
    assert_eq!(d.title.as_deref(), Some("Account Manager"));
    assert_eq!(d.company.as_deref(), Some("Contoso Ltd"));
    assert_eq!(custom(&j, "Department"), Some("Sales"));
    assert_eq!(d.birthday, date("1975-03-14"));
    assert_eq!(d.anniversary, None, "0/0/00 is no date");
    assert_eq!(d.tags, vec!["Customers", "Golf"]);
    assert_eq!(d.emails[0].address, "john.smith@contoso.example");
    assert_eq!(e164s(&j), vec!["+14255550100", "+14255550199"]);
    let labels: Vec<_> = d.phones.iter().map(|p| p.label.clone().unwrap()).collect();
    assert_eq!(labels, vec!["work", "mobile"]);
    assert_eq!(
        d.addresses[0].street.as_deref(),
        Some("1 Microsoft Way\nBuilding 7")
    );
    assert_eq!(d.addresses[0].region.as_deref(), Some("WA"));
    assert_eq!(d.addresses[0].label.as_deref(), Some("work"));
    for noise in [
        "Priority",
        "Sensitivity",
        "Private",
        "Initials",
        "E-mail Type",
    ] {
        assert_eq!(custom(&j, noise), None, "{noise}");
    }
    assert_eq!(notes(&b, &j), vec!["Renewal due in spring"]);
    let m = named(&b, "Maria Garcia");
    assert_eq!(m.draft.emails.len(), 2);
    assert_eq!(e164s(&m), vec!["+34912345678"]);
    assert_eq!(m.draft.birthday, None);
}

#[test]
fn linkedin_with_notes_preamble() {
    let mut b = book("US");
    let p = import::preview(
        &b,
        &fixture("linkedin_connections.csv"),
        &ImportOptions::default(),
        10,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(p.source.header_row, 4);
    assert_eq!(p.mapping.profile.as_deref(), Some("LinkedIn"));
    let r = import(&mut b, "linkedin_connections.csv");
    assert_eq!(r.counts.rows, 2);
    let priya = named(&b, "Priya Raman");
    assert_eq!(priya.draft.title.as_deref(), Some("Head of Procurement"));
    assert_eq!(priya.draft.company.as_deref(), Some("Tata Example"));
    assert_eq!(priya.draft.emails[0].address, "priya@example.in");
    assert_eq!(
        custom(&priya, "LinkedIn"),
        Some("https://www.linkedin.example/in/priyaraman")
    );
    assert_eq!(custom(&priya, "Connected On"), Some("12 Mar 2024"));
    let tom = named(&b, "Tom O'Brien");
    assert!(tom.draft.emails.is_empty());
    assert_eq!(tom.draft.company.as_deref(), Some("Acme, Inc."));
}

#[test]
fn apple_vcards() {
    let mut b = book("US");
    let r = import(&mut b, "apple.vcf");
    assert_eq!((r.counts.rows, r.counts.created), (3, 3));
    let z = named(&b, "张伟明");
    let d = &z.draft;
    assert_eq!(d.family_name.as_deref(), Some("张"));
    assert_eq!(d.phonetic_name.as_deref(), Some("Zhang Weiming"));
    assert_eq!(d.company.as_deref(), Some("北京科技有限公司"));
    assert_eq!(custom(&z, "Department"), Some("销售部"));
    assert_eq!(d.emails[0].label.as_deref(), Some("work"));
    assert_eq!(d.phones[0].label.as_deref(), Some("微信电话"));
    assert_eq!(e164s(&z), vec!["+8613800138000", "+861065529988"]);
    assert_eq!(d.birthday, date("--03-14"), "1604 means no year");
    assert_eq!(d.anniversary, date("2010-05-20"));
    assert_eq!(d.tags, vec!["客户", "VIP"]);
    assert_eq!(d.addresses[0].city.as_deref(), Some("北京"));
    assert_eq!(d.addresses[0].postal_code.as_deref(), Some("100022"));
    assert_eq!(d.addresses[0].label.as_deref(), Some("home"));
    assert_eq!(notes(&b, &z), vec!["喜欢喝茶\n下次带龙井"]);
    let j = named(&b, "Johnny Appleseed");
    assert_eq!(j.draft.birthday, date("--09-26"));
    assert_eq!(custom(&j, "HomePage"), Some("https://orchards.example"));
    assert_eq!(e164s(&j), vec!["+14085550134"]);
    let n = named(&b, "欧阳娜娜");
    assert_eq!(n.draft.family_name.as_deref(), Some("欧阳"));
    assert_eq!(n.draft.given_name.as_deref(), Some("娜娜"));
    assert_eq!(n.draft.birthday, date("1992-08-08"));
}

fn check_chinese_sheet(b: &ContactBook) {
    let z = named(b, "张伟明");
    assert_eq!(z.draft.family_name.as_deref(), Some("张"));
    assert_eq!(e164s(&z), vec!["+8613800138000", "+861065529988"]);
    assert_eq!(z.draft.phones[1].label.as_deref(), Some("landline"));
    assert_eq!(z.draft.emails[0].address, "zwm@example.cn");
    assert_eq!(z.draft.company.as_deref(), Some("北京科技有限公司"));
    assert_eq!(z.draft.title.as_deref(), Some("销售总监"));
    assert_eq!(z.draft.birthday, date("1985-03-14"));
    assert_eq!(z.draft.tags, vec!["VIP", "客户"]);
    assert_eq!(custom(&z, "微信"), Some("zwm_88"));
    assert_eq!(notes(b, &z), vec!["老客户，喜欢喝茶"]);
    let n = named(b, "欧阳娜娜");
    assert_eq!(n.draft.family_name.as_deref(), Some("欧阳"));
    assert_eq!(n.draft.birthday, date("1992-08-08"));
    let l = named(b, "李娜");
    assert_eq!(e164s(&l), vec!["+8618620001234"]);
    assert_eq!(l.draft.birthday, date("--03-05"));
    assert_eq!(notes(b, &l), vec!["电话联系，\"下周\"回访"]);
}

#[test]
fn chinese_gbk_csv() {
    let mut b = book("CN");
    let p = import::preview(
        &b,
        &fixture("chinese_gbk.csv"),
        &ImportOptions::default(),
        5,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "GBK");
    assert_eq!(p.source.delimiter.as_deref(), Some(","));
    assert_eq!(p.sample.len(), 3);
    import(&mut b, "chinese_gbk.csv");
    check_chinese_sheet(&b);
}

#[test]
fn chinese_utf16_tab_separated_as_excel_saves_unicode_text() {
    let mut b = book("CN");
    let p = import::preview(
        &b,
        &fixture("chinese_utf16le.txt"),
        &ImportOptions::default(),
        5,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "UTF-16LE");
    assert_eq!(p.source.delimiter.as_deref(), Some("\t"));
    import(&mut b, "chinese_utf16le.txt");
    check_chinese_sheet(&b);
}

#[test]
fn european_semicolons_in_windows_1252() {
    let mut b = book("DE");
    let p = import::preview(
        &b,
        &fixture("european_1252.csv"),
        &ImportOptions::default(),
        5,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "windows-1252");
    assert_eq!(p.source.delimiter.as_deref(), Some(";"));
    import(&mut b, "european_1252.csv");
    let j = named(&b, "Jürgen Müller");
    assert_eq!(j.draft.company.as_deref(), Some("Bäckerei Müller GmbH"));
    assert_eq!(j.draft.title.as_deref(), Some("Geschäftsführer"));
    assert_eq!(j.draft.birthday, date("1975-03-14"));
    assert_eq!(e164s(&j), vec!["+49301234567"]);
    let a = &j.draft.addresses[0];
    assert_eq!(a.street.as_deref(), Some("Hauptstraße 5"));
    assert_eq!(a.postal_code.as_deref(), Some("10115"));
    assert_eq!(a.city.as_deref(), Some("Berlin"));
    assert_eq!(a.country.as_deref(), Some("Deutschland"));
    assert_eq!(notes(&b, &j), vec!["Kunde seit 2019; zahlt pünktlich"]);
    let f = named(&b, "François Dupré");
    assert_eq!(f.draft.company.as_deref(), Some("Café de l'Église"));
    assert_eq!(f.draft.birthday, date("1980-12-01"));
    assert_eq!(e164s(&f), vec!["+33142685300"]);
}

#[test]
fn xlsx_with_numbers_and_dates() {
    let mut b = book("CN");
    let r = import(&mut b, "chinese.xlsx");
    assert_eq!(r.counts.created, 3);
    let z = named(&b, "张伟明");
    assert_eq!(
        z.draft.phones[0].raw, "13800138000",
        "not 1.38e10 nor 13800138000.0"
    );
    assert_eq!(e164s(&z), vec!["+8613800138000"]);
    assert_eq!(z.draft.birthday, date("1985-03-14"));
    assert_eq!(z.draft.title.as_deref(), Some("销售总监"));
    assert_eq!(z.draft.tags, vec!["VIP"]);
    let w = named(&b, "王芳");
    assert_eq!(w.draft.birthday, date("2000-02-29"));
    assert_eq!(w.draft.phones[0].raw, "13611112222");
    assert_eq!(w.draft.company.as_deref(), Some("广州物流"));

    // Another sheet by name; a sheet that does not exist is named in the error.
    let mut b2 = book("CN");
    let opts = ImportOptions {
        source: rapport_core::import::source::SourceOptions {
            sheet: Some("备用".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    run(&mut b2, &fixture("chinese.xlsx"), &opts).unwrap();
    assert_eq!(
        named(&b2, "Second Sheet").draft.emails[0].address,
        "second@example.com"
    );
    let mut bad = opts.clone();
    bad.source.sheet = Some("Nope".into());
    let e = run(&mut b2, &fixture("chinese.xlsx"), &bad).unwrap_err();
    assert!(
        e.to_string().contains("no sheet 'Nope'") && e.to_string().contains("客户"),
        "{e}"
    );

    // A spreadsheet renamed .csv is still read as a spreadsheet.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("contacts.csv");
    std::fs::copy(fixture("chinese.xlsx"), &renamed).unwrap();
    let mut b3 = book("CN");
    run(&mut b3, &renamed, &ImportOptions::default()).unwrap();
    assert_eq!(named(&b3, "张伟明").draft.phones[0].raw, "13800138000");
}

fn expect_error(path: &Path, needle: &str) -> rapport_core::Error {
    let mut b = book("US");
    let e = run(&mut b, path, &ImportOptions::default()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains(needle), "{msg}");
    assert!(
        msg.contains(&path.file_name().unwrap().to_string_lossy().to_string()),
        "names the file: {msg}"
    );
    assert_eq!(b.store().count_contacts().unwrap(), 0);
    assert!(b.check().unwrap().is_ok());
    e
}

#[test]
fn broken_files_end_in_clear_messages() {
    let e = expect_error(&fixture("broken/empty.csv"), "the file is empty");
    assert_eq!(e.code(), "import_failed");
    expect_error(
        &fixture("broken/header_only.csv"),
        "no contact rows after the header row (row 1)",
    );
    expect_error(&fixture("broken/garbage.csv"), "not a text file");
    expect_error(&fixture("broken/image.csv"), "PNG image");
    expect_error(&fixture("broken/archive.csv"), "not a spreadsheet");
    expect_error(&fixture("broken"), "folder");
    let mut b = book("US");
    let e = run(
        &mut b,
        &fixture("broken/missing.csv"),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "io");
}

#[test]
fn unbalanced_quote_fails_its_row_and_keeps_the_good_ones() {
    let mut b = book("US");
    let r = import(&mut b, "broken/unbalanced_quotes.csv");
    assert_eq!((r.counts.created, r.counts.errors), (2, 1));
    let issue = r
        .issues
        .iter()
        .find(|i| i.severity == Severity::Error)
        .unwrap();
    assert_eq!(issue.row, 4);
    assert_eq!(issue.column.as_deref(), Some("Notes"));
    assert!(issue.message.contains("never closed"), "{}", issue.message);
    assert_eq!(
        named(&b, "Good Two").draft.emails[0].address,
        "good2@example.com"
    );
    assert_eq!(notes(&b, &named(&b, "Good Two")), vec!["fine, quoted"]);
}

#[test]
fn a_10_mb_field_is_a_row_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let big = "x".repeat(10 * 1024 * 1024);
    std::fs::write(
        &path,
        format!("Name,Email,Notes\nSmall,s@example.com,ok\nHuge,h@example.com,{big}\nAfter,a@example.com,ok\n"),
    )
    .unwrap();
    let mut b = book("US");
    let r = run(&mut b, &path, &ImportOptions::default()).unwrap();
    assert_eq!((r.counts.created, r.counts.errors), (2, 1));
    let i = &r.issues[0];
    assert_eq!((i.row, i.column.as_deref()), (3, Some("Notes")));
    assert!(i.message.contains("characters long"), "{}", i.message);
    named(&b, "After");
}

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

#[test]
fn reimport_skip_creates_nothing_and_merge_fills_gaps_without_duplicates() {
    let mut b = book("US");
    import(&mut b, "google_contacts.csv");
    let before = b.store().user_data_dump().unwrap();
    let r = import(&mut b, "google_contacts.csv");
    assert_eq!((r.counts.created, r.counts.skipped), (0, 3));
    assert_eq!(r.duplicate_count, 3);
    assert_eq!(
        b.store().user_data_dump().unwrap(),
        before,
        "skip changes nothing"
    );
    let opts = ImportOptions {
        on_duplicate: OnDuplicate::Merge,
        ..Default::default()
    };
    let r = run(&mut b, &fixture("google_contacts.csv"), &opts).unwrap();
    assert_eq!(
        (r.counts.created, r.counts.merged),
        (0, 0),
        "nothing new to merge"
    );
    assert_eq!(b.store().user_data_dump().unwrap(), before);

    // A file that knows Ada by her phone (written differently) and has more about her.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("more.csv");
    std::fs::write(
        &path,
        "Name,Email,Mobile,Company,Tags,Birthday,WeChat\n\
         Ada L.,ADA@ENGINES.EXAMPLE,+44 (0)20 7946 0018,Other Company,Math ::: VIP,1815-12-10,ada_wx\n\
         Ada again,new.ada@example.com,+442079460018,,,,\n",
    )
    .unwrap();
    let r = run(&mut b, &path, &opts).unwrap();
    assert_eq!(
        (r.counts.created, r.counts.merged),
        (0, 2),
        "{:?}",
        r.duplicates
    );
    let ada = named(&b, "Ada Lovelace");
    assert_eq!(
        ada.draft.company.as_deref(),
        Some("Analytical Engines Ltd"),
        "kept"
    );
    assert_eq!(ada.draft.tags, vec!["VIP", "Math"]);
    assert_eq!(custom(&ada, "微信"), Some("ada_wx"));
    let addresses: Vec<_> = ada
        .draft
        .emails
        .iter()
        .map(|e| e.address.to_lowercase())
        .collect();
    assert_eq!(
        addresses,
        vec![
            "ada@engines.example",
            "ada.home@example.com",
            "countess@example.org",
            "new.ada@example.com"
        ]
    );
    assert_eq!(e164s(&ada), vec!["+442079460018"], "no duplicate phone");
    assert_eq!(b.store().count_contacts().unwrap(), 3);
}

#[test]
fn duplicates_within_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dups.csv");
    std::fs::write(
        &path,
        "Name,Email,Phone,Company\nAnn Lee,ann@example.com,,\nAnn Lee (2),ANN@example.com,+1 415 555 0101,Acme\n",
    )
    .unwrap();
    for (choice, contacts, with_phone) in [
        (OnDuplicate::Skip, 1u64, 0usize),
        (OnDuplicate::Merge, 1, 1),
        (OnDuplicate::Create, 2, 1),
    ] {
        let mut b = book("US");
        let opts = ImportOptions {
            on_duplicate: choice,
            ..Default::default()
        };
        let p = import::preview(&b, &path, &opts, 5, &mut |_| {}, &AtomicBool::new(false)).unwrap();
        assert_eq!(p.report.duplicates[0].earlier_row, Some(2));
        let r = run(&mut b, &path, &opts).unwrap();
        assert_eq!(b.store().count_contacts().unwrap(), contacts, "{choice:?}");
        assert_eq!(r.duplicate_count, 1);
        // The index holds each contact as stored (merged into in the chunk that created it).
        assert_eq!(
            b.search("555 0101", 5).unwrap().total,
            with_phone,
            "{choice:?}"
        );
        assert_eq!(
            b.search("ann", 5).unwrap().total as u64,
            contacts,
            "{choice:?}"
        );
        if choice == OnDuplicate::Merge {
            let ann = named(&b, "Ann Lee");
            assert_eq!(ann.draft.company.as_deref(), Some("Acme"));
            assert_eq!(ann.draft.emails.len(), 1);
            assert_eq!(e164s(&ann), vec!["+14155550101"]);
        }
    }
}

#[test]
fn undo_restores_the_store_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = ContactBook::open(dir.path()).unwrap();
    b.set_default_region("US").unwrap();
    for i in 0..200 {
        let c = b
            .add_contact(
                ContactDraft {
                    display_name: format!("Person {i}"),
                    emails: vec![Email {
                        address: format!("p{i}@example.com"),
                        label: Some("work".into()),
                    }],
                    phones: vec![Phone::new(
                        &format!("+1 415 555 {:04}", 1000 + i),
                        None,
                        Region::default(),
                    )],
                    tags: vec![format!("T{}", i % 7)],
                    ..Default::default()
                },
                now(),
            )
            .unwrap();
        if i % 3 == 0 {
            b.add_follow_up(
                FollowUpDraft {
                    contact_id: c.id,
                    due_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                    due_time: None,
                    text: "call".into(),
                },
                now(),
            )
            .unwrap();
        }
    }
    // Contacts the import will merge into (by email and by phone).
    b.add_contact(
        ContactDraft {
            display_name: "Ada".into(),
            emails: vec![Email {
                address: "ada@engines.example".into(),
                label: None,
            }],
            tags: vec!["Old".into()],
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    b.add_contact(
        ContactDraft {
            display_name: "Grace".into(),
            phones: vec![Phone::new("+1 415 555 8123", None, Region::default())],
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    // Tag rules: the import links VIP to Ada (14 days wins over Old's 30); undo
    // puts Old back and with it the 30 days (tag links fire no trigger).
    for (tag, days) in [("Old", 30), ("VIP", 14)] {
        b.set_cadence_rule(CadenceRule {
            kind: RuleKind::Tag,
            name: tag.into(),
            days,
        })
        .unwrap();
    }
    let ada_cadence = |b: &ContactBook| {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let list = b.today(day, chrono_tz::UTC).unwrap();
        let ada = list.today.iter().find(|i| i.display_name == "Ada");
        ada.and_then(|i| i.cadence_days)
    };
    assert_eq!(ada_cadence(&b), Some(30));
    let before = b.store().user_data_dump().unwrap();
    let opts = ImportOptions {
        on_duplicate: OnDuplicate::Merge,
        ..Default::default()
    };
    let r = run(&mut b, &fixture("google_contacts.csv"), &opts).unwrap();
    assert_eq!((r.counts.created, r.counts.merged), (1, 2));
    assert_eq!(ada_cadence(&b), Some(14));
    let r2 = run(&mut b, &fixture("apple.vcf"), &opts).unwrap();
    assert_ne!(b.store().user_data_dump().unwrap(), before);
    let u2 = import::undo_import(&mut b, r2.batch.unwrap(), now()).unwrap();
    assert_eq!(u2.removed + u2.restored, 3);
    let u = import::undo_import(&mut b, r.batch.unwrap(), now()).unwrap();
    assert_eq!((u.removed, u.restored, u.notes_removed), (1, 2, 2));
    assert_eq!(b.store().user_data_dump().unwrap(), before);
    assert_eq!(ada_cadence(&b), Some(30));
    assert!(b.check().unwrap().is_ok());
    let e = import::undo_import(&mut b, r.batch.unwrap(), now()).unwrap_err();
    assert!(e.to_string().contains("already undone"));
    let batches = import::batches(&b).unwrap();
    assert!(batches.iter().all(|x| x.status == "undone"));
}

#[test]
fn cancelling_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut s = String::from("Name,Email\n");
    for i in 0..25_000 {
        s.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    std::fs::write(&path, s).unwrap();
    let mut b = book("US");
    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let r = import::import_file(
        &mut b,
        &path,
        &ImportOptions::default(),
        now(),
        &mut |p| {
            calls += 1;
            assert!(p.bytes_done <= p.bytes_total);
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        },
        &cancel,
    )
    .unwrap();
    assert_eq!(calls, 1);
    assert_eq!(r.status, "cancelled");
    assert_eq!(r.batch, None);
    assert_eq!(b.store().count_contacts().unwrap(), 0);
    assert_eq!(import::batches(&b).unwrap()[0].status, "cancelled");
}

#[test]
fn preview_shows_matches_and_writes_nothing() {
    let mut b = book("US");
    import(&mut b, "google_contacts.csv");
    let before = b.store().user_data_dump().unwrap();
    let p = import::preview(
        &b,
        &fixture("google_contacts.csv"),
        &ImportOptions::default(),
        2,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(p.sample.len(), 2);
    assert_eq!(
        p.sample[0].draft.as_ref().unwrap().display_name,
        "Ada Lovelace"
    );
    assert_eq!(p.report.counts.skipped, 3);
    let ada = named(&b, "Ada Lovelace");
    assert_eq!(p.report.duplicates[0].contact_id, Some(ada.id));
    assert_eq!(p.report.duplicates[0].matched_on, "ada@engines.example");
    assert_eq!(b.store().user_data_dump().unwrap(), before);
}

#[test]
fn saved_mappings_apply_by_header_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fr.csv");
    std::fs::write(
        &path,
        "Identifiant,Nom complet,Mél\n7,Jean Dupont,jean@example.fr\n",
    )
    .unwrap();
    let mut b = book("FR");
    let mapping = import::mapping::Mapping {
        profile: None,
        columns: vec![
            import::mapping::ColumnMapping {
                column: "Mél".into(),
                target: import::mapping::Target::Email {
                    slot: 1,
                    label: None,
                },
            },
            import::mapping::ColumnMapping {
                column: "Nom complet".into(),
                target: import::mapping::Target::FullName,
            },
            import::mapping::ColumnMapping {
                column: "Identifiant".into(),
                target: import::mapping::Target::Ignore,
            },
        ],
    };
    import::save_mapping(&mut b, "crm-fr", &mapping, now()).unwrap();
    let saved = import::saved_mapping(&b, "crm-fr").unwrap().unwrap();
    let opts = ImportOptions {
        mapping: Some(saved),
        ..Default::default()
    };
    run(&mut b, &path, &opts).unwrap();
    let j = named(&b, "Jean Dupont");
    assert_eq!(j.draft.family_name.as_deref(), Some("Dupont"));
    assert_eq!(j.draft.emails[0].address, "jean@example.fr");
    assert!(j.draft.custom_fields.is_empty(), "Identifiant ignored");
}

/// Regression: with no default region chosen (US is the fallback), a GBK
/// sheet's local Chinese mobiles were left without an E.164 form, so a second
/// import of the same file created them again instead of finding them.
#[test]
fn chinese_sheet_implies_china_when_no_region_is_chosen() {
    let mut b = ContactBook::open_in_memory().unwrap();
    import(&mut b, "chinese_gbk.csv");
    assert_eq!(e164s(&named(&b, "李娜")), ["+8618620001234"]);
    let again = import(&mut b, "chinese_gbk.csv");
    assert_eq!(again.counts.skipped, 3);
    assert_eq!(again.counts.created, 0);

    // A region the user chose still wins.
    let mut us = book("US");
    import(&mut us, "chinese_gbk.csv");
    assert!(e164s(&named(&us, "李娜")).is_empty());
}

/// The search index failing (its folder's name taken by a file) does not fail
/// the import: every contact is stored, the report says why the index could
/// not follow, and the index catches up at the first search that can open it.
#[test]
fn an_import_stores_everything_when_the_index_cannot_follow() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut b = ContactBook::open(&data).unwrap();
    b.set_default_region("US").unwrap();
    std::fs::write(data.join("index"), b"not a folder").unwrap();
    let r = run(
        &mut b,
        &fixture("google_contacts.csv"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(r.status, "complete");
    assert!(r.batch.is_some());
    let problem = r.index_problem.expect("the index problem is reported");
    assert!(problem.contains("index"), "{problem}");
    let stored = b.store().count_contacts().unwrap();
    assert_eq!(stored, r.counts.created);
    assert!(stored >= 2);
    std::fs::remove_file(data.join("index")).unwrap();
    assert_eq!(b.search("lovelace", 5).unwrap().total, 1);
    // With an index that works, the report says nothing about it.
    let again = run(
        &mut b,
        &fixture("google_contacts.csv"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(again.index_problem, None);
}

//! Import end to end, one test per kind of file a salesperson really has
//! (the fixture files in `tests/fixtures/import/`, made by `generate.py`
//! there) and per kind of broken file. Every test checks the values that
//! arrive in the store, not only counts.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod import_common;

use std::path::Path;

use import_common::*;
use rapport_core::contacts::Address;
use rapport_core::import::headers::Target;
use rapport_core::import::{ImportOptions, Severity};
use rapport_core::ContactBook;

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
    assert_eq!(
        custom(&ada, "Department"),
        Some("Research"),
        "as the older layout"
    );
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
    assert_eq!(
        emails(&m),
        vec!["maria@fabrikam.example", "mgarcia@example.es"]
    );
    assert_eq!(e164s(&m), vec!["+34912345678"]);
    assert_eq!(m.draft.birthday, None);
}

#[test]
fn outlook_on_chinese_windows() {
    // Translated headers in GBK; the user has not chosen a region.
    let mut b = ContactBook::open_in_memory().unwrap();
    let p = preview(&b, "outlook_zh_gbk.csv", 5);
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "GBK");
    let r = import(&mut b, "outlook_zh_gbk.csv");
    assert_eq!(r.counts.created, 2);
    assert_eq!(r.counts.errors, 0, "{:?}", r.issues);
    let z = named(&b, "张伟");
    let d = &z.draft;
    assert_eq!(
        (d.family_name.as_deref(), d.given_name.as_deref()),
        (Some("张"), Some("伟"))
    );
    assert_eq!(d.company.as_deref(), Some("华信科技"));
    assert_eq!(d.title.as_deref(), Some("销售总监"));
    assert_eq!(custom(&z, "部门"), Some("销售部"));
    assert_eq!(d.birthday, date("1985-03-14"));
    assert_eq!(d.anniversary, None, "0/0/00 is no date");
    assert_eq!(d.tags, vec!["VIP", "北京"]);
    assert_eq!(emails(&z), vec!["zhangwei@huaxin.example", "zw@example.cn"]);
    assert!(
        d.emails.iter().all(|e| e.label.is_none()),
        "SMTP is an address type, not a label: {:?}",
        d.emails
    );
    let phones = labelled_e164s(&z);
    assert_eq!(
        phones,
        vec![
            ("+861065521235", "fax"),
            ("+861065521234", "work"),
            ("+861065521288", "work"),
            ("+8613800138000", "mobile"),
        ]
    );
    let a = &d.addresses[0];
    assert_eq!(a.label.as_deref(), Some("work"));
    assert_eq!(a.street.as_deref(), Some("建国路 88 号\nSOHO 现代城 A 座"));
    assert_eq!(a.city.as_deref(), Some("北京"));
    assert_eq!(a.region.as_deref(), Some("北京市"));
    assert_eq!(a.postal_code.as_deref(), Some("100022"));
    assert_eq!(a.country.as_deref(), Some("中国"));
    for noise in [
        "缩写",
        "优先级",
        "私有",
        "敏感度",
        "电子邮件类型",
        "电子邮件显示名称",
    ] {
        assert_eq!(custom(&z, noise), None, "{noise}");
    }
    assert_eq!(notes(&b, &z), vec!["第一次见面：介绍人王总"]);
    let o = named(&b, "欧阳娜娜");
    assert_eq!(o.draft.family_name.as_deref(), Some("欧阳"));
    assert_eq!(e164s(&o), vec!["+862158886666"]);
    assert_eq!(o.draft.phones[0].label.as_deref(), Some("home"));
    assert_eq!(o.draft.addresses[0].label.as_deref(), Some("home"));
    assert_eq!(o.draft.addresses[0].city.as_deref(), Some("上海"));
}

#[test]
fn taiwan_sheet_in_big5_with_traditional_headers() {
    let mut b = ContactBook::open_in_memory().unwrap();
    let p = preview(&b, "taiwan_big5.csv", 5);
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "Big5");
    let r = import(&mut b, "taiwan_big5.csv");
    assert_eq!(
        (r.counts.created, r.counts.errors),
        (2, 0),
        "{:?}",
        r.issues
    );
    let c = named(&b, "陳大文");
    let d = &c.draft;
    assert_eq!(
        (d.family_name.as_deref(), d.given_name.as_deref()),
        (Some("陳"), Some("大文"))
    );
    assert_eq!(d.company.as_deref(), Some("台灣積體電路"));
    assert_eq!(d.title.as_deref(), Some("工程師"));
    assert_eq!(d.emails[0].address, "dawen@example.com.tw");
    // Local numbers read as Taiwanese (a Big5 file), labelled by their headers.
    let phones = labelled_e164s(&c);
    assert_eq!(
        phones,
        vec![("+886912345678", "mobile"), ("+886223456789", "work")]
    );
    assert_eq!(
        d.addresses[0].street.as_deref(),
        Some("台北市信義區松仁路 100 號")
    );
    assert_eq!(d.birthday, date("1980-05-20"));
    assert_eq!(d.tags, vec!["VIP", "台北"]);
    assert_eq!(notes(&b, &c), vec!["重要客戶，每季拜訪"]);
    let l = named(&b, "林美玲");
    assert_eq!(l.draft.title.as_deref(), Some("經理"));
    assert_eq!(e164s(&l), vec!["+886933222111"]);
}

#[test]
fn local_numbers_follow_the_file_then_the_locale_then_the_chosen_region() {
    let card =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nTEL;TYPE=CELL:138 0013 8000\r\nEND:VCARD\r\n";
    let dir = tempfile::tempdir().unwrap();
    let vcf = dir.path().join("phone.vcf");
    std::fs::write(&vcf, card).unwrap();
    let imported = |b: &mut ContactBook, path: &Path| {
        run(b, path, &ImportOptions::default()).unwrap();
        all(b)
            .iter()
            .flat_map(|c| e164s(c).into_iter().map(str::to_string).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let region = |c: &str| rapport_core::phone::Region::parse(c);
    // A UTF-8 card implies no region: the locale's applies.
    let mut b = ContactBook::open_in_memory().unwrap();
    b.set_fallback_region(region("CN"));
    assert_eq!(imported(&mut b, &vcf), vec!["+8613800138000"]);
    // A GBK file implies China, whatever the locale.
    let mut b = ContactBook::open_in_memory().unwrap();
    b.set_fallback_region(region("TW"));
    imported(&mut b, &fixture("chinese_gbk.csv"));
    check_chinese_sheet(&b);
    // A region the user chose wins over both.
    let mut b = book("US");
    b.set_fallback_region(region("CN"));
    assert!(imported(&mut b, &vcf).is_empty(), "not a valid US number");
}

#[test]
fn hand_made_sheet_with_title_row_and_totals() {
    let mut b = ContactBook::open_in_memory().unwrap();
    let p = preview(&b, "hand_made_gbk.csv", 5);
    assert_eq!(
        p.source.header_row, 2,
        "the title row above the header is skipped"
    );
    let row_numbers = p
        .mapping
        .columns
        .iter()
        .find(|c| c.column == "序号")
        .unwrap();
    assert_eq!(
        row_numbers.target,
        Target::Ignore,
        "row numbers are not imported"
    );
    let r = import(&mut b, "hand_made_gbk.csv");
    assert_eq!((r.counts.created, r.counts.errors), (2, 1));
    let issue = &r.issues[0];
    assert_eq!((issue.row, issue.column.as_deref()), (6, Some("序号")));
    assert!(issue.message.contains("totals row"), "{}", issue.message);
    let names: Vec<_> = all(&b).into_iter().map(|c| c.draft.display_name).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let l = named(&b, "李娜");
    assert_eq!(l.draft.company.as_deref(), Some("长江贸易"));
    assert_eq!(e164s(&l), vec!["+8613912345678"]);
    assert_eq!(custom(&l, "序号"), None);
    assert_eq!(notes(&b, &l), vec!["老客户"]);
    assert_eq!(
        named(&b, "王芳").draft.emails[0].address,
        "wangfang@example.cn"
    );
}

#[test]
fn linkedin_with_notes_preamble() {
    let mut b = book("US");
    let p = preview(&b, "linkedin_connections.csv", 10);
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
    let p = preview(&b, "chinese_gbk.csv", 5);
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "GBK");
    assert_eq!(p.source.delimiter.as_deref(), Some(","));
    assert_eq!(p.sample.len(), 3);
    import(&mut b, "chinese_gbk.csv");
    check_chinese_sheet(&b);
}

#[test]
fn chinese_utf16_tab_separated_as_excel_saves_unicode_text() {
    let mut b = book("CN");
    let p = preview(&b, "chinese_utf16le.txt", 5);
    assert_eq!(p.source.encoding.as_ref().unwrap().name, "UTF-16LE");
    assert_eq!(p.source.delimiter.as_deref(), Some("\t"));
    import(&mut b, "chinese_utf16le.txt");
    check_chinese_sheet(&b);
}

#[test]
fn european_semicolons_in_windows_1252() {
    let mut b = book("DE");
    let p = preview(&b, "european_1252.csv", 5);
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

// ---- Issue 20: every contact file a salesperson really has ----

fn phones_of(c: &rapport_core::Contact) -> Vec<(&str, Option<&str>)> {
    c.draft
        .phones
        .iter()
        .map(|p| (p.raw.as_str(), p.label.as_deref()))
        .collect()
}

fn addresses_of(c: &rapport_core::Contact) -> Vec<Address> {
    c.draft.addresses.clone()
}

fn addr(label: &str, street: &str, city: &str, region: &str, zip: &str, country: &str) -> Address {
    let o = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Address {
        label: o(label),
        street: o(street),
        city: o(city),
        region: o(region),
        postal_code: o(zip),
        country: o(country),
    }
}

/// Class 1: Thunderbird's CSV, in English, German, French and Chinese.
#[test]
fn thunderbird_csv_in_every_language() {
    // Headers as Thunderbird's own translations write them: French and Chinese name the
    // home and work cities alike, Spanish comes from a build without the screen name, and
    // the custom columns keep the file's own header.
    for (name, custom_1, screen_name) in [
        ("thunderbird.csv", "Custom 1", true),
        ("thunderbird_de.csv", "Benutzerdef. 1", true),
        ("thunderbird_fr.csv", "Divers 1", true),
        ("thunderbird_zh.csv", "定制 1", true),
        ("thunderbird_es.csv", "Personalizado 1", false),
    ] {
        let mut b = book("CN");
        let r = import(&mut b, name);
        assert_eq!(
            (r.counts.created, r.counts.errors),
            (2, 0),
            "{name}: {:?}",
            r.issues
        );
        assert_eq!(r.warnings, 0, "{name}: {:?}", r.issues);
        let p = preview(&b, name, 0);
        assert_eq!(p.mapping.profile.as_deref(), Some("Thunderbird"), "{name}");
        let ada = named(&b, "Ada Lovelace");
        let d = &ada.draft;
        assert_eq!(d.given_name.as_deref(), Some("Ada"), "{name}");
        assert_eq!(d.family_name.as_deref(), Some("Lovelace"), "{name}");
        assert_eq!(
            emails(&ada),
            vec!["ada@engines.example", "ada@home.example"],
            "{name}"
        );
        assert_eq!(
            phones_of(&ada),
            vec![
                ("+44 20 7946 0018", Some("work")),
                ("+44 20 7946 0019", Some("home")),
                ("+44 20 7946 0020", Some("fax")),
                ("+44 20 7946 0021", Some("pager")),
                ("+44 7700 900123", Some("mobile")),
            ],
            "{name}"
        );
        assert_eq!(
            addresses_of(&ada),
            vec![
                addr(
                    "work",
                    "1 Engine Row\nFloor 3",
                    "Manchester",
                    "Lancashire",
                    "M1 1AA",
                    "United Kingdom"
                ),
                addr(
                    "home",
                    "12 St James's Square\nFlat 2",
                    "London",
                    "Greater London",
                    "SW1Y 4JH",
                    "United Kingdom"
                ),
            ],
            "{name}"
        );
        assert_eq!(d.title.as_deref(), Some("Chief Mathematician"), "{name}");
        assert_eq!(
            d.company.as_deref(),
            Some("Analytical Engines Ltd"),
            "{name}"
        );
        assert_eq!(d.birthday, date("1815-12-10"), "{name}");
        assert_eq!(custom(&ada, "Department"), Some("Research"), "{name}");
        assert_eq!(custom(&ada, "Nickname"), Some("Countess"), "{name}");
        assert_eq!(
            custom(&ada, "Screen Name"),
            screen_name.then_some("ada_l"),
            "{name}"
        );
        assert_eq!(custom(&ada, custom_1), Some("likes tea"), "{name}");
        assert_eq!(
            custom(&ada, "Website"),
            Some("https://engines.example/ada"),
            "{name}"
        );
        assert_eq!(
            custom(&ada, "Website 2"),
            Some("https://ada.example"),
            "{name}"
        );
        assert_eq!(
            notes(&b, &ada),
            vec!["Met at the Babbage dinner.\nPrefers letters."],
            "{name}"
        );
        let custom1: Vec<_> = d
            .custom_fields
            .iter()
            .filter(|f| f.value == "likes tea")
            .collect();
        assert_eq!(custom1.len(), 1, "{name}: the first custom column is kept");
        assert_eq!(
            d.custom_fields.len(),
            if screen_name { 6 } else { 5 },
            "{name}: {:?}",
            d.custom_fields
        );
        // A birthday without a year: Birth Year left empty.
        let wei = named(&b, "张伟");
        assert_eq!(wei.draft.birthday, date("--03-14"), "{name}");
        assert_eq!(emails(&wei), vec!["zhangwei@example.cn"]);
        assert_eq!(e164s(&wei), vec!["+8613800138000"]);
        // A second import of the same file finds every row a duplicate.
        let again = import(&mut b, name);
        assert_eq!(
            (again.counts.created, again.counts.skipped),
            (0, 2),
            "{name}"
        );
    }
}

/// Class 2: headers under other names, by their field words, and a column by its values.
#[test]
fn headers_by_field_words_and_columns_by_values() {
    let mut b = book("US");
    let p = preview(&b, "other_headers.csv", 0);
    let described: Vec<(String, String, bool)> = p
        .mapping
        .columns
        .iter()
        .map(|c| (c.column.clone(), c.target.describe(), c.guessed))
        .collect();
    let want = [
        ("Full Name", "full name", false),
        ("Contact Email", "email", true),
        ("Email Home", "email (home)", true),
        ("Phone Mobile", "phone (mobile)", true),
        ("Business", "company", true),
        ("Additional Info", "note", true),
        ("Login", "email", true),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
        .collect();
    assert_eq!(described, want);
    let r = import(&mut b, "other_headers.csv");
    assert_eq!((r.counts.created, r.warnings), (2, 0), "{:?}", r.issues);
    let g = named(&b, "Grace Hopper");
    assert_eq!(
        emails(&g),
        vec![
            "grace@navy.example",
            "grace@home.example",
            "ghopper@cobol.example"
        ]
    );
    assert_eq!(g.draft.emails[1].label.as_deref(), Some("home"));
    assert_eq!(phones_of(&g), vec![("+1 202 555 0142", Some("mobile"))]);
    assert_eq!(g.draft.company.as_deref(), Some("US Navy"));
    assert_eq!(notes(&b, &g), vec!["Invented the compiler"]);
    assert!(
        g.draft.custom_fields.is_empty(),
        "{:?}",
        g.draft.custom_fields
    );
    let a = named(&b, "Alan Turing");
    assert_eq!(
        emails(&a),
        vec!["alan@bletchley.example", "aturing@ace.example"]
    );
    assert_eq!(a.draft.company.as_deref(), Some("Bletchley Park"));
}

/// Class 3: a file without a header row, forced or detected, and rows mixing tabs and commas.
#[test]
fn no_header_row_and_mixed_delimiters() {
    let mut b = book("US");
    let p = preview(&b, "no_header.csv", 0);
    assert!(p.source.no_header);
    assert_eq!(p.mapping.profile.as_deref(), Some("no header row"));
    assert!(p.mapping.columns.iter().all(|c| c.guessed));
    let r = import(&mut b, "no_header.csv");
    assert_eq!(
        (r.counts.created, r.counts.errors),
        (2, 0),
        "{:?}",
        r.issues
    );
    let g = named(&b, "Grace Hopper");
    assert_eq!(g.draft.given_name.as_deref(), Some("Grace"));
    assert_eq!(g.draft.family_name.as_deref(), Some("Hopper"));
    assert_eq!(emails(&g), vec!["grace@navy.example"]);
    assert_eq!(e164s(&g), vec!["+12025550142"]);
    let a = named(&b, "Alan Turing");
    assert_eq!(emails(&a), vec!["alan@bletchley.example"]);
    assert_eq!(e164s(&a), vec!["+442079460111"]);

    // The user says the first row is data (`--no-header`): a header-like first row imports.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.csv");
    std::fs::write(
        &path,
        "Info,Email\nAda Lovelace,ada@engines.example\nGrace Hopper,grace@navy.example\nAlan Turing,alan@bletchley.example\nLin Hua,lin@example.cn\n",
    )
    .unwrap();
    let mut opts = ImportOptions::default();
    opts.source.no_header = Some(true);
    let mut c = book("US");
    let r = run(&mut c, &path, &opts).unwrap();
    assert_eq!((r.counts.rows, r.counts.created), (5, 5), "{:?}", r.issues);
    assert_eq!(
        emails(&named(&c, "Ada Lovelace")),
        vec!["ada@engines.example"]
    );
    assert_eq!(custom(&named(&c, "Info"), "Column 2"), Some("Email"));

    let mut m = book("US");
    let r = import(&mut m, "mixed_delimiters.csv");
    assert_eq!((r.counts.created, r.warnings), (3, 0), "{:?}", r.issues);
    for (name, email, e164) in [
        ("Grace Hopper", "grace@navy.example", "+12025550142"),
        ("Alan Turing", "alan@bletchley.example", "+442079460111"),
        ("Ada Lovelace", "ada@engines.example", "+442079460018"),
    ] {
        let c = named(&m, name);
        assert_eq!(emails(&c), vec![email]);
        assert_eq!(e164s(&c), vec![e164]);
    }
}

/// Class 4: repeated FN, N, ORG, TITLE (PREF or first wins, the others kept) and every URL.
#[test]
fn repeated_vcard_properties_are_all_kept() {
    let mut b = book("US");
    let r = import(&mut b, "repeated.vcf");
    assert_eq!(r.counts.created, 1, "{:?}", r.issues);
    let c = named(&b, "Robert Smith");
    let d = &c.draft;
    assert_eq!(d.given_name.as_deref(), Some("Bob"));
    assert_eq!(d.family_name.as_deref(), Some("Smith"));
    assert_eq!(d.company.as_deref(), Some("Acme Corp"));
    assert_eq!(d.title.as_deref(), Some("Engineer"));
    let fields: Vec<(&str, &str)> = d
        .custom_fields
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("Other name", "Bob Smith"),
            ("Other name 2", "Robert Smith"),
            ("Other organisation", "Widgets Ltd"),
            ("Other title", "Manager"),
            ("Website", "https://acme.example/bob"),
            ("Website 2", "https://bob.example"),
            ("Website 3", "https://widgets.example"),
        ]
    );
}

/// Class 5: vCard 2.1 QUOTED-PRINTABLE without CHARSET: UTF-8 bytes read as
/// UTF-8, others detected with a warning, and `--encoding` obeyed.
#[test]
fn quoted_printable_without_charset_is_detected() {
    let mut b = book("FR");
    let r = import(&mut b, "qp_no_charset.vcf");
    assert_eq!(r.counts.created, 2, "{:?}", r.issues);
    let j = named(&b, "Jürgen Müller");
    assert_eq!(j.draft.family_name.as_deref(), Some("Müller"));
    assert_eq!(j.draft.given_name.as_deref(), Some("Jürgen"));
    let f = named(&b, "Renée François");
    assert_eq!(f.draft.family_name.as_deref(), Some("François"));
    assert_eq!(f.draft.given_name.as_deref(), Some("Renée"));
    assert_eq!(notes(&b, &f), vec!["Café crème, très bien"]);
    // Only the guessed values are warned about, each naming its line and property.
    let warned: Vec<(u64, Option<&str>)> = r
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        warned,
        vec![(9, Some("N")), (10, Some("FN")), (11, Some("NOTE"))]
    );
    assert!(
        r.issues[0].message.contains("windows-1252"),
        "{}",
        r.issues[0].message
    );

    let mut opts = ImportOptions::default();
    opts.source.encoding = Some("windows-1252".into());
    let mut c = book("FR");
    let r = run(&mut c, &fixture("qp_no_charset.vcf"), &opts).unwrap();
    assert!(r.issues.is_empty(), "chosen, not guessed: {:?}", r.issues);
    assert_eq!(
        named(&c, "Renée François").draft.given_name.as_deref(),
        Some("Renée")
    );
}

/// Class 6: a nickname-only card, a LABEL-only address, groups as tags, TELs without digits.
#[test]
fn cards_that_are_not_plain_persons() {
    let mut b = book("US");
    let r = import(&mut b, "not_persons.vcf");
    assert_eq!(
        (r.counts.created, r.counts.errors),
        (3, 0),
        "groups are no contacts: {:?}",
        r.issues
    );
    let lefty = named(&b, "Lefty");
    assert_eq!(custom(&lefty, "Nickname"), Some("Lefty"));
    assert_eq!(e164s(&lefty), vec!["+14155550199"]);
    assert_eq!(lefty.draft.tags, vec!["Golf Club"]);
    let carol = named(&b, "Carol Label");
    assert_eq!(
        carol.draft.addresses,
        vec![addr(
            "work",
            "1 Infinite Loop\nCupertino, CA 95014",
            "",
            "",
            "",
            ""
        )]
    );
    assert_eq!(carol.draft.tags, vec!["Board", "Golf Club"]);
    let dan = named(&b, "Dan Front Desk");
    assert_eq!(
        phones_of(&dan),
        vec![
            ("ask reception", Some("work")),
            ("see website", Some("home")),
            ("+1 415 555 0123", Some("mobile")),
        ]
    );
    let warned: Vec<&str> = r
        .issues
        .iter()
        .filter(|i| i.column.as_deref() == Some("TEL"))
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(warned.len(), 2, "{:?}", r.issues);
    assert!(warned[0].contains("'ask reception' has no digits"));
    assert_eq!(b.tags().unwrap().len(), 2);
}

/// Class 7: a broken `.vcf` stays a vCard and says where; LDIF from Thunderbird and macOS.
#[test]
fn format_by_extension_and_ldif() {
    let mut b = book("US");
    let e = run(&mut b, &fixture("broken.vcf"), &ImportOptions::default()).unwrap_err();
    match e {
        rapport_core::Error::Import {
            row,
            column,
            reason,
            ..
        } => {
            assert_eq!(row, Some(1));
            assert_eq!(column.as_deref(), Some("VERSION"));
            assert!(reason.contains("no BEGIN:VCARD"), "{reason}");
        }
        other => panic!("{other}"),
    }
    assert!(all(&b).is_empty());

    let mut t = book("CN");
    let r = import(&mut t, "thunderbird.ldif");
    assert_eq!(
        (r.counts.created, r.counts.errors, r.warnings),
        (2, 0, 0),
        "{:?}",
        r.issues
    );
    let ada = named(&t, "Ada Lovelace");
    let d = &ada.draft;
    assert_eq!(d.given_name.as_deref(), Some("Ada"));
    assert_eq!(d.family_name.as_deref(), Some("Lovelace"));
    assert_eq!(
        emails(&ada),
        vec!["ada@engines.example", "ada@home.example"]
    );
    assert_eq!(
        phones_of(&ada),
        vec![
            ("+44 20 7946 0018", Some("work")),
            ("+44 20 7946 0019", Some("home")),
            ("+44 7700 900123", Some("mobile")),
            ("+44 20 7946 0020", Some("fax")),
        ]
    );
    assert_eq!(
        d.addresses,
        vec![
            addr(
                "work",
                "1 Engine Row",
                "Manchester",
                "",
                "M1 1AA",
                "United Kingdom"
            ),
            addr(
                "home",
                "12 St James's Square",
                "London",
                "",
                "SW1Y 4JH",
                "United Kingdom"
            ),
        ]
    );
    assert_eq!(d.company.as_deref(), Some("Analytical Engines Ltd"));
    assert_eq!(d.title.as_deref(), Some("Chief Mathematician"));
    assert_eq!(d.birthday, date("1815-12-10"));
    assert_eq!(custom(&ada, "Department"), Some("Research"));
    assert_eq!(custom(&ada, "Nickname"), Some("Countess"));
    assert_eq!(custom(&ada, "Website"), Some("https://engines.example/ada"));
    assert_eq!(
        notes(&t, &ada),
        vec!["Met at the Babbage dinner.\nPrefers letters."]
    );
    let wei = named(&t, "张伟");
    assert_eq!(wei.draft.family_name.as_deref(), Some("张"));
    assert_eq!(wei.draft.given_name.as_deref(), Some("伟"));
    assert_eq!(wei.draft.birthday, date("--03-14"));
    assert_eq!(e164s(&wei), vec!["+8613800138000"]);

    let mut m = book("US");
    let r = import(&mut m, "macos.ldif");
    assert_eq!((r.counts.created, r.warnings), (1, 0), "{:?}", r.issues);
    let g = named(&m, "Grace Hopper");
    assert_eq!(emails(&g), vec!["grace@navy.example", "grace@home.example"]);
    assert_eq!(phones_of(&g), vec![("+1 202 555 0142", Some("work"))]);
    assert_eq!(g.draft.company.as_deref(), Some("US Navy"));
    assert_eq!(g.draft.title.as_deref(), Some("Rear Admiral"));
    assert_eq!(
        g.draft.addresses,
        vec![addr(
            "work",
            "1 Navy Yard\nWashington, DC 20374",
            "",
            "",
            "",
            ""
        )]
    );
    assert_eq!(
        notes(&m, &g),
        vec!["Invented the compiler; ask about COBOL and the very long story of the first bug"]
    );
}

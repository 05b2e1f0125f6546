//! Groups of contacts: segment evaluation on a hand-made book (one test per condition,
//! all/any/not combinations, and a property test against a plain filter over every
//! contact), bulk actions undone field by field, duplicates merged and undone, and a
//! campaign with a seeded control group whose report is checked against hand-worked
//! numbers.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use rapport_core::bulk::{BulkAction, BulkRequest, BulkTarget};
use rapport_core::campaigns::{Arm, CampaignDraft, Channel};
use rapport_core::cases::{CaseDraft, CaseSeverity};
use rapport_core::contacts::{Address, CustomField, Email, Phone};
use rapport_core::deals::{DealDraft, DealQuery, DealStatus};
use rapport_core::drifting::Risk;
use rapport_core::import::{self, ImportOptions};
use rapport_core::optout::OptOutChannel;
use rapport_core::segments::{
    Condition, ContactedWhen, PlacePart, ScoreRange, SegmentDraft, TagMatch, TextOp,
};
use rapport_core::value::ValueTier;
use rapport_core::{
    ContactBook, ContactDraft, ContactId, Direction, FollowUpDraft, InteractionDraft,
    InteractionKind, PartialDate, Stage,
};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// 2026-03-15, noon in Shanghai.
fn now() -> DateTime<Utc> {
    t("2026-03-15T04:00:00Z")
}

fn tz() -> Tz {
    "Asia/Shanghai".parse().unwrap()
}

fn won(contact: ContactId, date: &str, yuan: i64) -> DealDraft {
    DealDraft {
        contact_id: contact,
        product: None,
        amount_minor: yuan * 100,
        currency: "CNY".into(),
        date: d(date),
        status: DealStatus::Won,
        stage: Some("signed".into()),
    }
}

fn log(
    book: &mut ContactBook,
    id: ContactId,
    kind: InteractionKind,
    at: &str,
    dir: Option<Direction>,
) {
    book.log_interaction(
        InteractionDraft {
            contact_id: id,
            kind,
            occurred_at: t(at),
            direction: dir,
            text: "talked".into(),
            outcome: None,
        },
        t(at),
    )
    .unwrap();
}

/// The hand-made book: A 张伟明, B Ada, C 李雷, D Bob (archived), E Carol, F Dan
/// (deleted), G Eve, H Hank, I Ivy, J Juno (imported).
struct Hand {
    book: ContactBook,
    ids: HashMap<&'static str, ContactId>,
    batch: i64,
    _dir: tempfile::TempDir,
}

fn hand_made() -> Hand {
    let dir = tempfile::tempdir().unwrap();
    let mut book = ContactBook::open_in_memory().unwrap();
    let mut ids = HashMap::new();
    let mut add = |book: &mut ContactBook, key: &'static str, d: ContactDraft, created: &str| {
        let c = book.add_contact(d, t(created)).unwrap();
        ids.insert(key, c.id);
        c.id
    };
    let a = add(
        &mut book,
        "A",
        ContactDraft {
            display_name: "张伟明".into(),
            tags: vec!["VIP".into(), "北京".into()],
            stage: Some(Stage::Customer),
            company: Some("星辰科技".into()),
            addresses: vec![Address {
                city: Some("北京".into()),
                region: Some("北京市".into()),
                country: Some("中国".into()),
                ..Default::default()
            }],
            birthday: Some("1980-03-05".parse::<PartialDate>().unwrap()),
            custom_fields: vec![CustomField {
                key: "微信".into(),
                value: "zwm88".into(),
            }],
            source: Some("referral".into()),
            cadence_days: Some(30),
            ..Default::default()
        },
        "2025-01-01T00:00:00Z",
    );
    let b = add(
        &mut book,
        "B",
        ContactDraft {
            display_name: "Ada Lovelace".into(),
            tags: vec!["VIP".into()],
            stage: Some(Stage::Prospect),
            company: Some("Acme Corp".into()),
            addresses: vec![Address {
                city: Some("London".into()),
                country: Some("UK".into()),
                ..Default::default()
            }],
            birthday: Some("--12-10".parse::<PartialDate>().unwrap()),
            custom_fields: vec![CustomField {
                key: "LinkedIn".into(),
                value: "ada-l".into(),
            }],
            source: Some("import: google.csv".into()),
            emails: vec![Email {
                address: "ada@example.org".into(),
                label: None,
            }],
            ..Default::default()
        },
        "2026-03-10T00:00:00Z",
    );
    let c = add(
        &mut book,
        "C",
        ContactDraft {
            display_name: "李雷".into(),
            tags: vec!["北京".into()],
            stage: Some(Stage::Lead),
            company: Some("星辰科技".into()),
            cadence_days: Some(7),
            ..Default::default()
        },
        "2026-01-01T00:00:00Z",
    );
    let dd = add(
        &mut book,
        "D",
        ContactDraft {
            display_name: "Bob".into(),
            tags: vec!["VIP".into()],
            ..Default::default()
        },
        "2026-01-01T00:00:00Z",
    );
    book.set_archived(dd, true, now()).unwrap();
    let e = add(
        &mut book,
        "E",
        ContactDraft {
            display_name: "Carol".into(),
            tags: vec!["vip".into()],
            stage: Some(Stage::Customer),
            company: Some("acme corp".into()),
            addresses: vec![Address {
                city: Some("london".into()),
                ..Default::default()
            }],
            // Lapses on local 03-16, not on 03-15 as UTC dates would say.
            cadence_days: Some(2),
            ..Default::default()
        },
        "2026-01-01T00:00:00Z",
    );
    let f = add(
        &mut book,
        "F",
        ContactDraft::named("Dan"),
        "2026-01-01T00:00:00Z",
    );
    book.delete_contact(f, now()).unwrap();
    add(
        &mut book,
        "G",
        ContactDraft::named("Eve"),
        "2026-03-15T00:00:00Z",
    );
    let h = add(
        &mut book,
        "H",
        ContactDraft::named("Hank"),
        "2024-06-01T00:00:00Z",
    );
    let i = add(
        &mut book,
        "I",
        ContactDraft::named("Ivy"),
        "2024-06-01T00:00:00Z",
    );

    // A: called on 03-01 (10:00 in Shanghai); E: on 03-14 00:30 local (03-13 in UTC).
    log(
        &mut book,
        a,
        InteractionKind::Call,
        "2026-03-01T02:00:00Z",
        Some(Direction::Outbound),
    );
    log(
        &mut book,
        e,
        InteractionKind::Call,
        "2026-03-13T16:30:00Z",
        Some(Direction::Outbound),
    );
    let g = ids["G"];
    log(
        &mut book,
        g,
        InteractionKind::Note,
        "2026-03-15T01:00:00Z",
        None,
    );
    book.add_follow_up(
        FollowUpDraft {
            contact_id: b,
            due_date: d("2026-03-20"),
            due_time: None,
            text: "send the brochure".into(),
        },
        now(),
    )
    .unwrap();
    book.open_case(
        CaseDraft {
            contact_id: a,
            text: "late delivery".into(),
            severity: CaseSeverity::Medium,
            opened_at: t("2026-03-10T02:00:00Z"),
            follow_up_on: d("2026-03-12"),
        },
        now(),
    )
    .unwrap();
    let mut deals = vec![
        won(a, "2025-06-01", 5000),
        won(a, "2025-12-01", 8000),
        won(e, "2026-01-10", 200),
        // H: gaps 31 and 28 → usual 29; silent since 2025-03-01 → drifting.
        won(h, "2025-01-01", 1000),
        won(h, "2025-02-01", 1000),
        won(h, "2025-03-01", 1000),
        // I: gap 31; silent 42 days → at risk.
        won(i, "2026-01-01", 500),
        won(i, "2026-02-01", 500),
    ];
    deals.push(DealDraft {
        status: DealStatus::Lost,
        stage: Some("lost".into()),
        ..won(c, "2026-02-01", 300)
    });
    deals.push(DealDraft {
        status: DealStatus::Open,
        stage: Some("intent_meeting".into()),
        currency: "USD".into(),
        ..won(b, "2026-03-10", 100)
    });
    book.store_mut().insert_deals_bulk(&deals, now()).unwrap();
    book.refresh_value_tiers().unwrap();
    book.set_opt_out(e, OptOutChannel::Email, true).unwrap();

    let csv = dir.path().join("juno.csv");
    std::fs::write(&csv, "Name,Email\nJuno,juno@example.org\n").unwrap();
    let r = import::import_file(
        &mut book,
        &csv,
        &ImportOptions::default(),
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let juno = book.list_contacts(&Default::default()).unwrap();
    let juno = juno.iter().find(|s| s.display_name == "Juno").unwrap().id;
    ids.insert("J", juno);
    Hand {
        book,
        ids,
        batch: r.batch.unwrap(),
        _dir: dir,
    }
}

impl Hand {
    /// The keys of the contacts `c` selects, sorted.
    fn eval(&self, c: Condition) -> Vec<&'static str> {
        let found = self.book.contacts_where(&c, now(), tz()).unwrap();
        let count = self.book.count_where(&c, now(), tz()).unwrap();
        assert_eq!(count, found.len() as u64, "count and members agree");
        let mut keys: Vec<&'static str> = self
            .ids
            .iter()
            .filter(|(_, id)| found.contains(id))
            .map(|(k, _)| *k)
            .collect();
        keys.sort();
        keys
    }
}

fn tags(mode: TagMatch, t: &[&str]) -> Condition {
    Condition::Tags {
        mode,
        tags: t.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn tags_any_all_none_case_insensitively() {
    let h = hand_made();
    assert_eq!(h.eval(tags(TagMatch::Any, &["VIP"])), ["A", "B", "E"]);
    assert_eq!(
        h.eval(tags(TagMatch::Any, &["vip", "北京"])),
        ["A", "B", "C", "E"]
    );
    assert_eq!(h.eval(tags(TagMatch::All, &["VIP", "北京"])), ["A"]);
    assert_eq!(
        h.eval(tags(TagMatch::All, &["VIP", "vip"])),
        ["A", "B", "E"]
    );
    assert_eq!(
        h.eval(tags(TagMatch::None, &["VIP"])),
        ["C", "G", "H", "I", "J"]
    );
}

#[test]
fn stage_and_value_tier() {
    let h = hand_made();
    let stage = |s: &[Stage]| Condition::Stage { stages: s.to_vec() };
    assert_eq!(h.eval(stage(&[Stage::Customer])), ["A", "E"]);
    assert_eq!(h.eval(stage(&[Stage::Lead, Stage::Prospect])), ["B", "C"]);
    // Four customers, pyramid: the top one is VIP, the other three small.
    let tier = |t: &[ValueTier]| Condition::Tier { tiers: t.to_vec() };
    assert_eq!(h.eval(tier(&[ValueTier::Vip])), ["A"]);
    assert_eq!(h.eval(tier(&[ValueTier::Small])), ["E", "H", "I"]);
}

#[test]
fn rfm_scores() {
    let h = hand_made();
    // Recency (days): A 14, E 1, H 379, I 42 → r = 1 + ⌊5·worse/4⌋: A 3, E 4, H 1, I 2.
    // Frequency: A 2, E 1, H 3, I 2 → f: A 2, E 1, H 4, I 2.
    // Monetary: A 13000, E 200, H 3000, I 1000 → m: A 4, E 1, H 3, I 2.
    let r = |lo, hi| Some(ScoreRange { min: lo, max: hi });
    let rfm = |r, f, m| Condition::Rfm { r, f, m };
    assert_eq!(h.eval(rfm(None, None, r(4, 5))), ["A"]);
    assert_eq!(h.eval(rfm(r(4, 5), None, None)), ["E"]);
    assert_eq!(h.eval(rfm(r(1, 2), r(4, 5), None)), ["H"]);
    assert_eq!(h.eval(rfm(r(2, 3), r(2, 2), r(2, 4))), ["A", "I"]);
}

#[test]
fn risk_of_leaving() {
    let h = hand_made();
    let risk = |l: &[Risk]| Condition::Risk { levels: l.to_vec() };
    assert_eq!(h.eval(risk(&[Risk::Drifting])), ["H"]);
    assert_eq!(h.eval(risk(&[Risk::AtRisk])), ["I"]);
    assert_eq!(h.eval(risk(&[Risk::Steady])), ["A", "E"]);
}

#[test]
fn last_contacted_in_local_days() {
    let h = hand_made();
    let when = |w| Condition::LastContacted { when: w };
    // Carol's call was on 03-14 in Shanghai (03-13 in UTC).
    assert_eq!(
        h.eval(when(ContactedWhen::Before {
            date: d("2026-03-14")
        })),
        ["A"]
    );
    assert_eq!(
        h.eval(when(ContactedWhen::After {
            date: d("2026-03-13")
        })),
        ["E"]
    );
    assert_eq!(
        h.eval(when(ContactedWhen::After {
            date: d("2026-03-14")
        })),
        Vec::<&str>::new()
    );
    assert_eq!(
        h.eval(when(ContactedWhen::Between {
            from: d("2026-03-01"),
            to: d("2026-03-01")
        })),
        ["A"]
    );
    assert_eq!(
        h.eval(when(ContactedWhen::Between {
            from: d("2026-03-02"),
            to: d("2026-03-14")
        })),
        ["E"]
    );
    // A note is not a contact.
    assert_eq!(
        h.eval(when(ContactedWhen::Never)),
        ["B", "C", "G", "H", "I", "J"]
    );
}

#[test]
fn cadence_lapsed_as_the_today_list_counts_it() {
    let h = hand_made();
    // C: 7 days from its creation on 01-01. E: 2 days from 03-14 local → due 03-16.
    assert_eq!(h.eval(Condition::CadenceLapsed), ["C"]);
    let today = h.book.today(d("2026-03-15"), tz()).unwrap();
    let json = serde_json::to_string(&today).unwrap();
    assert!(json.contains("李雷") && !json.contains("Carol"), "{json}");
}

#[test]
fn open_follow_up_and_open_case() {
    let h = hand_made();
    // A's open case keeps a follow-up open.
    assert_eq!(h.eval(Condition::OpenFollowUp), ["A", "B"]);
    assert_eq!(h.eval(Condition::OpenCase), ["A"]);
}

#[test]
fn birthday_month() {
    let h = hand_made();
    let m = |m: &[u32]| Condition::BirthdayMonth { months: m.to_vec() };
    assert_eq!(h.eval(m(&[3])), ["A"]);
    assert_eq!(h.eval(m(&[12])), ["B"]);
    assert_eq!(h.eval(m(&[3, 12])), ["A", "B"]);
    assert_eq!(h.eval(m(&[1])), Vec::<&str>::new());
}

#[test]
fn city_region_country() {
    let h = hand_made();
    let place = |part, op, v: &str| Condition::Place {
        part,
        op,
        value: v.into(),
    };
    assert_eq!(
        h.eval(place(PlacePart::City, TextOp::Equals, "London")),
        ["B", "E"]
    );
    assert_eq!(
        h.eval(place(PlacePart::City, TextOp::Equals, "Lond")),
        Vec::<&str>::new()
    );
    assert_eq!(
        h.eval(place(PlacePart::Region, TextOp::Equals, "北京市")),
        ["A"]
    );
    assert_eq!(
        h.eval(place(PlacePart::Country, TextOp::Contains, "中")),
        ["A"]
    );
}

#[test]
fn company_source_and_import_batch() {
    let h = hand_made();
    let company = |op, v: &str| Condition::Company {
        op,
        value: v.into(),
    };
    assert_eq!(h.eval(company(TextOp::Equals, "ACME CORP")), ["B", "E"]);
    assert_eq!(h.eval(company(TextOp::Contains, "星辰")), ["A", "C"]);
    let source = Condition::Source {
        op: TextOp::Contains,
        value: "google".into(),
    };
    assert_eq!(h.eval(source), ["B"]);
    assert_eq!(h.eval(Condition::ImportBatch { batch: h.batch }), ["J"]);
    assert_eq!(
        h.eval(Condition::ImportBatch { batch: h.batch + 1 }),
        Vec::<&str>::new()
    );
}

#[test]
fn custom_field_equals_or_contains() {
    let h = hand_made();
    let field = |k: &str, op, v: &str| Condition::CustomField {
        key: k.into(),
        op,
        value: v.into(),
    };
    assert_eq!(h.eval(field("微信", TextOp::Equals, "zwm88")), ["A"]);
    assert_eq!(
        h.eval(field("微信", TextOp::Equals, "zwm")),
        Vec::<&str>::new()
    );
    assert_eq!(h.eval(field("linkedin", TextOp::Contains, "ADA")), ["B"]);
}

#[test]
fn deals_by_status_date_and_amount() {
    let h = hand_made();
    let deal = |status, from: Option<&str>, to: Option<&str>, lo: Option<i64>, hi: Option<i64>| {
        Condition::Deal {
            status,
            from: from.map(d),
            to: to.map(d),
            min_minor: lo,
            max_minor: hi,
        }
    };
    assert_eq!(
        h.eval(deal(DealStatus::Won, Some("2025-12-01"), None, None, None)),
        ["A", "E", "I"]
    );
    assert_eq!(
        h.eval(deal(DealStatus::Won, None, Some("2025-06-01"), None, None)),
        ["A", "H"]
    );
    assert_eq!(
        h.eval(deal(DealStatus::Won, None, None, Some(500_000), None)),
        ["A"]
    );
    assert_eq!(
        h.eval(deal(DealStatus::Won, None, None, None, Some(50_000))),
        ["E", "I"]
    );
    assert_eq!(
        h.eval(deal(DealStatus::Lost, None, None, None, None)),
        ["C"]
    );
    assert_eq!(
        h.eval(deal(DealStatus::Open, None, None, None, None)),
        ["B"]
    );
    // With an amount bound only deals in the report currency (CNY) count; B's is in USD.
    assert_eq!(
        h.eval(deal(DealStatus::Open, None, None, Some(1), None)),
        Vec::<&str>::new()
    );
}

#[test]
fn all_any_not_and_nesting() {
    let h = hand_made();
    let vip = || tags(TagMatch::Any, &["VIP"]);
    let customer = || Condition::Stage {
        stages: vec![Stage::Customer],
    };
    assert_eq!(h.eval(Condition::all(vec![vip(), customer()])), ["A", "E"]);
    assert_eq!(
        h.eval(Condition::any(vec![
            Condition::Stage {
                stages: vec![Stage::Lead]
            },
            Condition::OpenCase
        ])),
        ["A", "C"]
    );
    // Not is the exact complement, also where the field is empty (no stage).
    assert_eq!(
        h.eval(Condition::Not {
            of: Box::new(customer())
        }),
        ["B", "C", "G", "H", "I", "J"]
    );
    assert_eq!(
        h.eval(Condition::any(vec![
            Condition::all(vec![vip(), customer()]),
            Condition::Risk {
                levels: vec![Risk::Drifting]
            },
        ])),
        ["A", "E", "H"]
    );
    // Archived (D) and deleted (F) contacts are in no segment.
    assert_eq!(
        h.eval(Condition::all(vec![])),
        ["A", "B", "C", "E", "G", "H", "I", "J"]
    );
    assert_eq!(h.eval(Condition::any(vec![])), Vec::<&str>::new());
}

#[test]
fn saved_segments_are_listed_with_counts_edited_and_removed() {
    let mut h = hand_made();
    let draft = |name: &str, c| SegmentDraft {
        name: name.into(),
        condition: c,
        pinned: false,
    };
    h.book
        .add_segment(draft("VIPs", tags(TagMatch::Any, &["VIP"])), now())
        .unwrap();
    let dup = h
        .book
        .add_segment(draft("vips", Condition::OpenCase), now())
        .unwrap_err();
    assert!(dup.to_string().contains("exists already"), "{dup}");
    let list = h.book.segments(now(), tz()).unwrap();
    assert_eq!((list[0].segment.name.as_str(), list[0].count), ("VIPs", 3));
    h.book
        .edit_segment(
            "vips",
            draft("Beijing", tags(TagMatch::Any, &["北京"])),
            now(),
        )
        .unwrap();
    let members = h.book.segment_contacts("beijing", now(), tz()).unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.display_name.as_str()).collect();
    // In the list's order: by how the names read (li lei, zhang wei ming).
    assert_eq!(names, ["李雷", "张伟明"]);
    h.book.remove_segment("Beijing").unwrap();
    assert!(h.book.segments(now(), tz()).unwrap().is_empty());
    assert!(h.book.segment("Beijing").is_err());
}

#[test]
fn the_value_risk_matrix_counts_each_cell_as_its_segment_does() {
    let mut h = hand_made();
    let m = h.book.value_risk_matrix(now(), tz()).unwrap();
    let count = |tier: ValueTier, risk: Risk| {
        m.rows
            .iter()
            .find(|r| r.tier == tier)
            .unwrap()
            .cells
            .iter()
            .find(|c| c.risk == risk)
            .unwrap()
            .count
    };
    assert_eq!(count(ValueTier::Vip, Risk::Steady), 1);
    assert_eq!(count(ValueTier::Small, Risk::Steady), 1);
    assert_eq!(count(ValueTier::Small, Risk::AtRisk), 1);
    assert_eq!(count(ValueTier::Small, Risk::Drifting), 1);
    assert_eq!(count(ValueTier::Vip, Risk::Drifting), 0);
    let names = h.book.save_matrix_segments(now(), tz()).unwrap();
    assert_eq!(names.len(), 12);
    let hank = h
        .book
        .segment_contacts("small · drifting", now(), tz())
        .unwrap();
    assert_eq!(hank[0].display_name, "Hank");
}

// ---- the property test: SQL against a plain filter over every contact ----

/// What the plain filter knows about one contact.
struct Facts {
    id: ContactId,
    contact: rapport_core::Contact,
    deals: Vec<rapport_core::deals::Deal>,
    open_follow_up: bool,
    open_case: bool,
    rfm: Option<(u8, u8, u8)>,
    risk: Option<Risk>,
    cadence: Option<u32>,
}

fn fold(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

fn text_ok(v: Option<&str>, op: TextOp, want: &str) -> bool {
    v.is_some_and(|v| match op {
        TextOp::Equals => fold(v) == fold(want),
        TextOp::Contains => v
            .to_ascii_lowercase()
            .contains(&want.trim().to_ascii_lowercase()),
    })
}

fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz()).date_naive()
}

/// The condition evaluated on one contact, straight from its definition.
fn holds(c: &Condition, f: &Facts) -> bool {
    let k = &f.contact;
    match c {
        Condition::All { of } => of.iter().all(|c| holds(c, f)),
        Condition::Any { of } => of.iter().any(|c| holds(c, f)),
        Condition::Not { of } => !holds(of, f),
        Condition::Tags { mode, tags } => {
            let has = |t: &String| k.draft.tags.iter().any(|x| fold(x) == fold(t));
            match mode {
                TagMatch::Any => tags.iter().any(has),
                TagMatch::All => tags.iter().all(has),
                TagMatch::None => !tags.iter().any(has),
            }
        }
        Condition::Stage { stages } => k.draft.stage.is_some_and(|s| stages.contains(&s)),
        Condition::Tier { tiers } => {
            TIERS.with(|m| m.borrow().get(&f.id).is_some_and(|t| tiers.contains(t)))
        }
        Condition::Rfm { r, f: fr, m } => f.rfm.is_some_and(|(sr, sf, sm)| {
            let inr =
                |s: u8, r: &Option<ScoreRange>| r.is_none_or(|r| (r.min..=r.max).contains(&s));
            inr(sr, r) && inr(sf, fr) && inr(sm, m)
        }),
        Condition::Risk { levels } => f.risk.is_some_and(|r| levels.contains(&r)),
        Condition::LastContacted { when } => {
            let day = k.last_contacted.as_ref().map(|l| local_day(l.at));
            match when {
                ContactedWhen::Never => day.is_none(),
                ContactedWhen::Before { date } => day.is_some_and(|x| x < *date),
                ContactedWhen::After { date } => day.is_some_and(|x| x > *date),
                ContactedWhen::Between { from, to } => day.is_some_and(|x| x >= *from && x <= *to),
            }
        }
        Condition::CadenceLapsed => f.cadence.is_some_and(|n| {
            let from = k
                .last_contacted
                .as_ref()
                .map(|l| l.at)
                .unwrap_or(k.created_at);
            local_day(from) + chrono::Days::new(u64::from(n)) <= local_day(now())
        }),
        Condition::OpenFollowUp => f.open_follow_up,
        Condition::OpenCase => f.open_case,
        Condition::BirthdayMonth { months } => {
            k.draft.birthday.is_some_and(|b| months.contains(&b.month))
        }
        Condition::Place { part, op, value } => k.draft.addresses.iter().any(|a| {
            let v = match part {
                PlacePart::City => &a.city,
                PlacePart::Region => &a.region,
                PlacePart::Country => &a.country,
            };
            text_ok(v.as_deref(), *op, value)
        }),
        Condition::Company { op, value } => text_ok(k.draft.company.as_deref(), *op, value),
        Condition::Source { op, value } => text_ok(k.draft.source.as_deref(), *op, value),
        Condition::ImportBatch { batch } => k.import_batch == Some(*batch),
        Condition::CustomField { key, op, value } => k
            .draft
            .custom_fields
            .iter()
            .any(|x| fold(&x.key) == fold(key) && text_ok(Some(&x.value), *op, value)),
        Condition::Deal {
            status,
            from,
            to,
            min_minor,
            max_minor,
        } => f.deals.iter().any(|x| {
            let day = if x.status == DealStatus::Open {
                x.date
            } else {
                x.closed_on.unwrap_or(x.date)
            };
            let amount = min_minor.is_none() && max_minor.is_none() || x.currency == "CNY";
            x.status == *status
                && from.is_none_or(|f| day >= f)
                && to.is_none_or(|t| day <= t)
                && amount
                && min_minor.is_none_or(|m| x.amount_minor >= m)
                && max_minor.is_none_or(|m| x.amount_minor <= m)
        }),
    }
}

thread_local! {
    static TIERS: std::cell::RefCell<HashMap<ContactId, ValueTier>> = Default::default();
}

/// One random contact: (tags, stage, company, city, birthday month, custom value,
/// last contact day, cadence, deals, follow-up, case, archived).
#[derive(Debug, Clone)]
struct Spec {
    tags: Vec<usize>,
    stage: Option<usize>,
    company: Option<usize>,
    city: Option<usize>,
    birthday: Option<u32>,
    field: Option<usize>,
    contacted: Option<i64>,
    cadence: Option<u32>,
    deals: Vec<(usize, i64, i64)>,
    follow_up: bool,
    case: bool,
    archived: bool,
}

const TAGS: [&str; 3] = ["VIP", "vip-2", "北京"];
const COMPANIES: [&str; 3] = ["Acme", "ACME", "星辰科技"];
const CITIES: [&str; 3] = ["London", "london", "上海"];
const VALUES: [&str; 3] = ["gold", "Gold Plus", "银"];

fn spec() -> impl Strategy<Value = Spec> {
    (
        (
            proptest::collection::vec(0..3usize, 0..3),
            proptest::option::of(0..5usize),
            proptest::option::of(0..3usize),
            proptest::option::of(0..3usize),
            proptest::option::of(1..13u32),
            proptest::option::of(0..3usize),
        ),
        (
            proptest::option::of(0..400i64),
            proptest::option::of(1..60u32),
            proptest::collection::vec((0..3usize, 0..400i64, 1..2000i64), 0..4),
            any::<bool>(),
            any::<bool>(),
            proptest::bool::weighted(0.15),
        ),
    )
        .prop_map(
            |(
                (tags, stage, company, city, birthday, field),
                (contacted, cadence, deals, follow_up, case, archived),
            )| Spec {
                tags,
                stage,
                company,
                city,
                birthday,
                field,
                contacted,
                cadence,
                deals,
                follow_up,
                case,
                archived,
            },
        )
}

fn leaf() -> impl Strategy<Value = Condition> {
    let day = (0..400i64).prop_map(|n| local_day(now()) - chrono::Days::new(n as u64));
    let op = prop_oneof![Just(TextOp::Equals), Just(TextOp::Contains)];
    let range = (1..6u8, 1..6u8).prop_map(|(a, b)| ScoreRange {
        min: a.min(b),
        max: a.max(b),
    });
    prop_oneof![
        (
            prop_oneof![
                Just(TagMatch::Any),
                Just(TagMatch::All),
                Just(TagMatch::None)
            ],
            proptest::collection::vec(0..3usize, 1..3)
        )
            .prop_map(|(mode, t)| Condition::Tags {
                mode,
                tags: t.into_iter().map(|i| TAGS[i].to_lowercase()).collect()
            }),
        proptest::collection::vec(0..5usize, 1..3).prop_map(|s| Condition::Stage {
            stages: s.into_iter().map(|i| Stage::ALL[i]).collect()
        }),
        proptest::collection::vec(0..4usize, 1..3).prop_map(|s| Condition::Tier {
            tiers: s.into_iter().map(|i| ValueTier::ALL[i]).collect()
        }),
        (
            proptest::option::of(range.clone()),
            proptest::option::of(range.clone()),
            proptest::option::of(range)
        )
            .prop_map(|(r, f, m)| Condition::Rfm { r, f, m }),
        proptest::collection::vec(0..3usize, 1..3).prop_map(|s| Condition::Risk {
            levels: s.into_iter().map(|i| Risk::ALL[i]).collect()
        }),
        day.clone().prop_map(|date| Condition::LastContacted {
            when: ContactedWhen::Before { date }
        }),
        day.clone().prop_map(|date| Condition::LastContacted {
            when: ContactedWhen::After { date }
        }),
        (day.clone(), day.clone()).prop_map(|(a, b)| Condition::LastContacted {
            when: ContactedWhen::Between {
                from: a.min(b),
                to: a.max(b)
            }
        }),
        Just(Condition::LastContacted {
            when: ContactedWhen::Never
        }),
        Just(Condition::CadenceLapsed),
        Just(Condition::OpenFollowUp),
        Just(Condition::OpenCase),
        proptest::collection::vec(1..13u32, 1..3)
            .prop_map(|months| Condition::BirthdayMonth { months }),
        (op.clone(), 0..3usize).prop_map(|(op, i)| Condition::Place {
            part: PlacePart::City,
            op,
            value: CITIES[i][..3].to_string()
        }),
        (op.clone(), 0..3usize).prop_map(|(op, i)| Condition::Company {
            op,
            value: COMPANIES[i].to_string()
        }),
        (op.clone(), 0..3usize).prop_map(|(op, i)| Condition::CustomField {
            key: "level".into(),
            op,
            value: VALUES[i].to_string()
        }),
        (
            0..3usize,
            proptest::option::of(day.clone()),
            proptest::option::of(day),
            proptest::option::of(1..2000i64),
            proptest::option::of(1..2000i64)
        )
            .prop_map(|(s, from, to, lo, hi)| {
                // Valid ranges only: bounds in order.
                let (from, to) = match (from, to) {
                    (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                    other => other,
                };
                let (lo, hi) = match (lo.map(|x| x * 50), hi.map(|x| x * 100)) {
                    (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                    other => other,
                };
                Condition::Deal {
                    status: [DealStatus::Open, DealStatus::Won, DealStatus::Lost][s],
                    from,
                    to,
                    min_minor: lo,
                    max_minor: hi,
                }
            }),
    ]
}

fn tree() -> impl Strategy<Value = Condition> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Condition::all),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Condition::any),
            inner.prop_map(|c| Condition::Not { of: Box::new(c) }),
        ]
    })
}

fn random_book(specs: &[Spec]) -> (ContactBook, Vec<Facts>) {
    let mut book = ContactBook::open_in_memory().unwrap();
    let today = local_day(now());
    let mut deals = Vec::new();
    let mut ids = Vec::new();
    for (n, s) in specs.iter().enumerate() {
        let draft = book
            .prepare_draft(ContactDraft {
                display_name: format!("c{n}"),
                tags: s.tags.iter().map(|&i| TAGS[i].to_string()).collect(),
                stage: s.stage.map(|i| Stage::ALL[i]),
                company: s.company.map(|i| COMPANIES[i].to_string()),
                addresses: s
                    .city
                    .map(|i| Address {
                        city: Some(CITIES[i].into()),
                        ..Default::default()
                    })
                    .into_iter()
                    .collect(),
                birthday: s.birthday.map(|m| PartialDate::new(None, m, 1).unwrap()),
                custom_fields: s
                    .field
                    .map(|i| CustomField {
                        key: "Level".into(),
                        value: VALUES[i].into(),
                    })
                    .into_iter()
                    .collect(),
                cadence_days: s.cadence,
                ..Default::default()
            })
            .unwrap();
        let id = book
            .store_mut()
            .insert_contact(
                &draft,
                t("2025-01-01T00:00:00Z") + chrono::Duration::hours(n as i64 * 7),
            )
            .unwrap();
        ids.push(id);
        if let Some(days) = s.contacted {
            // Some at 23:00 UTC, the next local day in Shanghai.
            let at =
                now() - chrono::Duration::days(days) + chrono::Duration::hours(19 * (days % 2));
            book.store_mut()
                .insert_interaction(
                    &InteractionDraft {
                        contact_id: id,
                        kind: InteractionKind::Call,
                        occurred_at: at,
                        direction: None,
                        text: String::new(),
                        outcome: None,
                    },
                    at,
                )
                .unwrap();
        }
        for &(status, back, amount) in &s.deals {
            let status = [DealStatus::Open, DealStatus::Won, DealStatus::Lost][status];
            deals.push(DealDraft {
                contact_id: id,
                product: None,
                amount_minor: amount * 100,
                currency: if amount % 5 == 0 {
                    "USD".into()
                } else {
                    "CNY".into()
                },
                date: today - chrono::Days::new(back as u64),
                status,
                stage: Some(match status {
                    DealStatus::Open => "intent_meeting".into(),
                    DealStatus::Won => "signed".into(),
                    DealStatus::Lost => "lost".into(),
                }),
            });
        }
        if s.follow_up {
            book.store_mut()
                .insert_follow_up(
                    &FollowUpDraft {
                        contact_id: id,
                        due_date: today,
                        due_time: None,
                        text: "x".into(),
                    },
                    now(),
                )
                .unwrap();
        }
        if s.case {
            book.open_case(
                CaseDraft {
                    contact_id: id,
                    text: "x".into(),
                    severity: CaseSeverity::Low,
                    opened_at: now(),
                    follow_up_on: today,
                },
                now(),
            )
            .unwrap();
        }
        if s.archived {
            book.store_mut().set_archived(id, true, now()).unwrap();
        }
    }
    book.store_mut().insert_deals_bulk(&deals, now()).unwrap();
    book.refresh_value_tiers().unwrap();
    let rfm: HashMap<ContactId, (u8, u8, u8)> = book
        .rfm(today, tz())
        .unwrap()
        .into_iter()
        .map(|s| (s.contact_id, (s.r, s.f, s.m)))
        .collect();
    let tiers: HashMap<ContactId, ValueTier> = book
        .rfm(today, tz())
        .unwrap()
        .into_iter()
        .map(|s| (s.contact_id, s.tier))
        .collect();
    TIERS.with(|m| *m.borrow_mut() = tiers);
    let risk: HashMap<ContactId, Risk> = book.risks(today, tz()).unwrap().into_iter().collect();
    let facts = ids
        .iter()
        .map(|&id| {
            let contact = book.store().contact(id).unwrap().unwrap();
            Facts {
                id,
                deals: book
                    .deals(&DealQuery {
                        contact_id: Some(id),
                        status: None,
                    })
                    .unwrap(),
                open_follow_up: book
                    .follow_ups_of(id)
                    .unwrap()
                    .iter()
                    .any(|f| f.status.is_pending()),
                open_case: book.cases_of(id).unwrap().iter().any(|c| c.is_open()),
                rfm: rfm.get(&id).copied(),
                risk: risk.get(&id).copied(),
                cadence: contact.draft.cadence_days,
                contact,
            }
        })
        .collect();
    (book, facts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn sql_evaluation_equals_a_plain_filter_over_every_contact(
        specs in proptest::collection::vec(spec(), 1..14),
        conds in proptest::collection::vec(tree(), 1..6),
    ) {
        let (book, facts) = random_book(&specs);
        for cond in conds {
            let got = book.contacts_where(&cond, now(), tz()).unwrap();
            let want: Vec<ContactId> = facts
                .iter()
                .filter(|f| f.contact.archived_at.is_none() && holds(&cond, f))
                .map(|f| f.id)
                .collect();
            prop_assert_eq!(got, want, "{}", serde_json::to_string(&cond).unwrap());
        }
    }
}

// ---- bulk actions and undo ----

/// Every field of every contact, as the book shows it, and the whole store's rows.
fn snapshot(book: &ContactBook) -> (String, BTreeMap<ContactId, String>) {
    let dump = book.store().user_data_dump().unwrap();
    let mut contacts = BTreeMap::new();
    for line in dump.lines().filter(|l| l.starts_with("contacts:")) {
        let id: i64 = line
            .split(" id=")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        let c = book.store().contact(ContactId(id)).unwrap().unwrap();
        let opt = book.opt_outs(ContactId(id)).unwrap();
        let deals = book
            .deals(&DealQuery {
                contact_id: Some(ContactId(id)),
                status: None,
            })
            .unwrap_or_default();
        contacts.insert(ContactId(id), format!("{c:?} {opt:?} {deals:?}"));
    }
    (dump, contacts)
}

fn assert_same(
    before: &(String, BTreeMap<ContactId, String>),
    after: &(String, BTreeMap<ContactId, String>),
) {
    for (id, b) in &before.1 {
        assert_eq!(Some(b), after.1.get(id), "contact {id} field by field");
    }
    assert_eq!(before.1.len(), after.1.len());
    assert_eq!(before.0, after.0, "every stored row");
}

#[test]
fn each_bulk_action_is_one_step_that_undo_restores_exactly() {
    let mut h = hand_made();
    h.book
        .add_segment(
            SegmentDraft {
                name: "everyone".into(),
                condition: Condition::all(vec![]),
                pinned: false,
            },
            now(),
        )
        .unwrap();
    h.book
        .set_cadence_rule(rapport_core::today::CadenceRule {
            kind: rapport_core::today::RuleKind::Tag,
            name: "新年".into(),
            days: 3,
        })
        .unwrap();
    let everyone = || BulkTarget::Segment {
        name: "everyone".into(),
    };
    let actions = [
        BulkAction::AddTags {
            tags: vec!["新年".into(), "VIP".into()],
        },
        BulkAction::RemoveTags {
            tags: vec!["vip".into()],
        },
        BulkAction::SetStage {
            stage: Some(Stage::Dormant),
        },
        BulkAction::SetStage { stage: None },
        BulkAction::SetCadence { days: Some(9) },
        BulkAction::SetCadence { days: None },
        BulkAction::OptOut {
            channel: OptOutChannel::Email,
            opted_out: true,
        },
        BulkAction::OptOut {
            channel: OptOutChannel::Email,
            opted_out: false,
        },
        BulkAction::Archive,
        BulkAction::Delete,
        BulkAction::Log {
            interaction: InteractionKind::Message,
            text: "sent the new-year card".into(),
            direction: Some(Direction::Outbound),
            at: Some(t("2026-03-15T03:00:00Z")),
        },
    ];
    for action in actions {
        let before = snapshot(&h.book);
        let out = h
            .book
            .bulk(
                BulkRequest {
                    target: everyone(),
                    action: action.clone(),
                },
                now(),
                tz(),
            )
            .unwrap();
        assert_eq!(out.contacts, 8, "{action:?}");
        assert_ne!(
            snapshot(&h.book).0,
            before.0,
            "{action:?} changed something"
        );
        let undone = h.book.undo(None, now()).unwrap();
        assert_eq!(undone.id, out.step);
        assert_same(&before, &snapshot(&h.book));
        assert!(h.book.check_search().unwrap().is_ok());
    }
    assert!(h
        .book
        .undo(None, now())
        .unwrap_err()
        .to_string()
        .contains("nothing to undo"));
}

#[test]
fn bulk_on_a_list_of_ids_and_undo_newest_first() {
    let mut h = hand_made();
    let (a, c) = (h.ids["A"], h.ids["C"]);
    let before = snapshot(&h.book);
    let first = h
        .book
        .bulk(
            BulkRequest {
                target: BulkTarget::Ids { ids: vec![a, c, a] },
                action: BulkAction::AddTags {
                    tags: vec!["春节".into()],
                },
            },
            now(),
            tz(),
        )
        .unwrap();
    assert_eq!((first.contacts, first.changed), (2, 2));
    let logged = h
        .book
        .bulk(
            BulkRequest {
                target: BulkTarget::Ids { ids: vec![c] },
                action: BulkAction::Log {
                    interaction: InteractionKind::Call,
                    text: "happy new year".into(),
                    direction: None,
                    at: None,
                },
            },
            now(),
            tz(),
        )
        .unwrap();
    assert_eq!(h.book.contact(c).unwrap().last_contacted.unwrap().at, now());
    let e = h.book.undo(Some(first.step), now()).unwrap_err();
    assert!(e.to_string().contains("not the latest"), "{e}");
    h.book.undo(Some(logged.step), now()).unwrap();
    h.book.undo(Some(first.step), now()).unwrap();
    assert_same(&before, &snapshot(&h.book));
    assert!(
        h.book.tags().unwrap().iter().all(|t| t != "春节"),
        "the new tag went too"
    );
    let missing = h.book.bulk(
        BulkRequest {
            target: BulkTarget::Ids {
                ids: vec![ContactId(9999)],
            },
            action: BulkAction::Archive,
        },
        now(),
        tz(),
    );
    assert_eq!(missing.unwrap_err().code(), "contact_not_found");
}

/// Archiving does not touch the search index (whether a hit is archived is read from the
/// store), yet a search right after shows the contacts archived, and their undo unarchived.
#[test]
fn bulk_archive_leaves_the_index_alone_and_search_shows_it() {
    let mut h = hand_made();
    let (a, b) = (h.ids["A"], h.ids["B"]);
    h.book.search("ada", 5).unwrap();
    let seq = h.book.check_search().unwrap().index_seq;
    let out = h
        .book
        .bulk(
            BulkRequest {
                target: BulkTarget::Ids { ids: vec![a, b] },
                action: BulkAction::Archive,
            },
            now(),
            tz(),
        )
        .unwrap();
    let hit = |h: &mut Hand, q: &str, id: ContactId| {
        let r = h.book.search(q, 5).unwrap();
        r.hits.into_iter().find(|x| x.contact_id == id).unwrap()
    };
    assert!(hit(&mut h, "ada", b).archived);
    assert!(hit(&mut h, "张伟明", a).archived);
    let health = h.book.check_search().unwrap();
    assert_eq!(health.index_seq, seq, "nothing was re-indexed");
    assert!(health.is_ok());
    h.book.undo(Some(out.step), now()).unwrap();
    assert!(!hit(&mut h, "ada", b).archived);
}

// ---- duplicates ----

#[test]
fn duplicates_across_the_book_merge_all_at_once_and_undo_exactly() {
    let mut book = ContactBook::open_in_memory().unwrap();
    book.set_default_region("CN").unwrap();
    let add = |book: &mut ContactBook, d: ContactDraft| book.add_contact(d, now()).unwrap().id;
    let phone = |p: &str| Phone {
        raw: p.into(),
        e164: None,
        label: None,
    };
    let email = |a: &str| Email {
        address: a.into(),
        label: None,
    };
    let a = add(
        &mut book,
        ContactDraft {
            display_name: "张伟明".into(),
            company: Some("星辰科技".into()),
            emails: vec![email("zwm@xc.cn")],
            ..Default::default()
        },
    );
    let b = add(
        &mut book,
        ContactDraft {
            display_name: "張偉明".into(),
            company: Some("星辰科技".into()),
            phones: vec![phone("138 0013 8000")],
            ..Default::default()
        },
    );
    let c = add(
        &mut book,
        ContactDraft {
            display_name: "Weiming".into(),
            phones: vec![phone("+86 138-0013-8000")],
            ..Default::default()
        },
    );
    let x = add(
        &mut book,
        ContactDraft {
            display_name: "Ada".into(),
            emails: vec![email("ADA@example.org")],
            ..Default::default()
        },
    );
    let y = add(
        &mut book,
        ContactDraft {
            display_name: "Ada Lovelace".into(),
            emails: vec![email("ada@example.org")],
            tags: vec!["math".into()],
            ..Default::default()
        },
    );
    add(&mut book, ContactDraft::named("李雷"));
    add(&mut book, ContactDraft::named("李雷"));
    log(
        &mut book,
        c,
        InteractionKind::Call,
        "2026-03-10T02:00:00Z",
        None,
    );
    book.store_mut()
        .insert_deals_bulk(&[won(b, "2026-02-01", 100)], now())
        .unwrap();
    book.refresh_value_tiers().unwrap();

    let groups = book.duplicates().unwrap();
    let ids: Vec<Vec<ContactId>> = groups
        .iter()
        .map(|g| g.members.iter().map(|m| m.id).collect())
        .collect();
    assert_eq!(
        ids,
        [vec![a, b, c], vec![x, y]],
        "a name alone (李雷) is not a duplicate"
    );
    let before = snapshot(&book);
    let out = book.merge_all_duplicates(now()).unwrap();
    assert_eq!((out.groups, out.merged), (2, 3));
    let kept = book.contact(a).unwrap();
    assert_eq!(kept.draft.phones.len(), 1);
    assert_eq!(kept.last_contacted.unwrap().at, t("2026-03-10T02:00:00Z"));
    assert!(book.contact(b).is_err(), "merged away");
    assert_eq!(book.contact(x).unwrap().draft.tags, ["math"]);
    assert!(book.duplicates().unwrap().is_empty());
    book.undo(None, now()).unwrap();
    assert_same(&before, &snapshot(&book));
    assert_eq!(book.duplicates().unwrap().len(), 2);
    assert!(book.check_search().unwrap().is_ok());
    // One group at a time.
    let out = book.merge_groups(&[vec![x, y]], now()).unwrap();
    assert_eq!(out.merged, 1);
    assert_eq!(book.duplicates().unwrap().len(), 1);
}

// ---- campaigns ----

/// 30 reachable members, two opted out of email and one do-not-contact.
fn campaign_book() -> (ContactBook, Vec<ContactId>, Vec<ContactId>) {
    let mut book = ContactBook::open_in_memory().unwrap();
    let mut reachable = Vec::new();
    let mut out = Vec::new();
    for n in 0..33 {
        let d = ContactDraft {
            display_name: format!("客户{n:02}"),
            tags: vec!["春节".into()],
            emails: vec![Email {
                address: format!("c{n}@example.cn"),
                label: None,
            }],
            do_not_contact: n == 32,
            ..Default::default()
        };
        let id = book.add_contact(d, t("2026-01-01T00:00:00Z")).unwrap().id;
        if n >= 30 {
            out.push(id);
        } else {
            reachable.push(id);
        }
    }
    for &id in &out[..2] {
        book.set_opt_out(id, OptOutChannel::Email, true).unwrap();
    }
    book.add_segment(
        SegmentDraft {
            name: "new year".into(),
            condition: tags(TagMatch::Any, &["春节"]),
            pinned: false,
        },
        now(),
    )
    .unwrap();
    (book, reachable, out)
}

fn campaign_draft() -> CampaignDraft {
    CampaignDraft {
        name: "New year 2026".into(),
        segment: "new year".into(),
        channel: Channel::Email,
        starts_on: d("2026-03-16"),
        ends_on: d("2026-03-20"),
        offer: Some("10% off".into()),
        cost_minor: Some(60_000),
        control_share: Some(0.2),
        seed: Some(20260316),
        daily_cap: Some(5),
        window_days: Some(30),
    }
}

fn control_of(book: &ContactBook) -> Vec<ContactId> {
    book.campaign_members("New year 2026")
        .unwrap()
        .into_iter()
        .filter(|m| m.arm == Arm::Control)
        .map(|m| m.contact_id)
        .collect()
}

#[test]
fn a_seeded_campaign_holds_out_the_same_control_group_and_reports_hand_worked_numbers() {
    let (mut book, reachable, opted_out) = campaign_book();
    let c = book
        .add_campaign(campaign_draft(), now(), tz())
        .unwrap()
        .campaign;
    assert_eq!((c.treatment, c.control, c.excluded_opted_out), (24, 6, 3));
    assert_eq!(c.seed, 20260316);
    let control = control_of(&book);
    // The same seed and members give the same group in another book, on every run.
    let (mut again, _, _) = campaign_book();
    again.add_campaign(campaign_draft(), now(), tz()).unwrap();
    assert_eq!(control_of(&again), control);
    // Pinned: the draw is ChaCha8 with a fixed shuffle, the same on every machine.
    let positions: Vec<usize> = control
        .iter()
        .map(|id| reachable.iter().position(|r| r == id).unwrap())
        .collect();
    assert_eq!(positions, CONTROL_POSITIONS, "the seeded draw changed");
    for id in &opted_out {
        assert!(book
            .campaign_members("New year 2026")
            .unwrap()
            .iter()
            .all(|m| m.contact_id != *id));
    }
    // Control members never get an outreach follow-up; treatment members one each,
    // at most 5 a day over the five days.
    for id in &control {
        assert!(book.follow_ups_of(*id).unwrap().is_empty());
        let e = book
            .campaign_outreach("New year 2026", *id, None, now())
            .unwrap_err();
        assert!(e.to_string().contains("control group"), "{e}");
    }
    let treatment: Vec<ContactId> = reachable
        .iter()
        .filter(|r| !control.contains(r))
        .copied()
        .collect();
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for id in &treatment {
        let f = book.follow_ups_of(*id).unwrap();
        assert_eq!(f.len(), 1);
        *per_day.entry(f[0].due_date).or_default() += 1;
    }
    assert_eq!(
        per_day.values().copied().collect::<Vec<_>>(),
        [5, 5, 5, 5, 4]
    );
    assert_eq!(per_day.keys().next(), Some(&d("2026-03-16")));

    // Outreach to every treatment member on 03-16; 12 of the 24 respond: 8 write back,
    // 4 buy (¥1,000 each). 1 of the 6 control members buys ¥500 on their own.
    let sent = t("2026-03-16T02:00:00Z");
    for id in &treatment {
        book.campaign_outreach("New year 2026", *id, Some("card and offer".into()), sent)
            .unwrap();
        assert!(book.follow_ups_of(*id).unwrap()[0].status == rapport_core::FollowUpStatus::Done);
        assert_eq!(book.contact(*id).unwrap().last_contacted.unwrap().at, sent);
    }
    for id in &treatment[..8] {
        log(
            &mut book,
            *id,
            InteractionKind::Email,
            "2026-03-18T02:00:00Z",
            Some(Direction::Inbound),
        );
    }
    let mut deals: Vec<DealDraft> = treatment[8..12]
        .iter()
        .map(|id| won(*id, "2026-03-25", 1000))
        .collect();
    // A purchase after the window (04-15 is day 31 from 03-16) does not count.
    deals.push(won(treatment[12], "2026-04-15", 1000));
    deals.push(won(control[0], "2026-03-20", 500));
    book.store_mut().insert_deals_bulk(&deals, now()).unwrap();
    // An outbound contact is not a response.
    log(
        &mut book,
        control[1],
        InteractionKind::Call,
        "2026-03-18T02:00:00Z",
        Some(Direction::Outbound),
    );

    let r = book
        .campaign_report("New year 2026", t("2026-05-01T00:00:00Z"), tz())
        .unwrap();
    assert!(r.complete);
    assert_eq!(
        (
            r.treatment.members,
            r.treatment.contacted,
            r.treatment.responders
        ),
        (24, 24, 12)
    );
    assert_eq!((r.control.members, r.control.responders), (6, 1));
    assert_eq!(r.treatment.revenue_minor, 400_000);
    assert_eq!(r.control.revenue_minor, 50_000);
    // Rates: 12/24 = 0.5 and 1/6 = 0.16667; lift 0.33333.
    assert!((r.treatment.rate - 0.5).abs() < 1e-12);
    assert!((r.control.rate - 1.0 / 6.0).abs() < 1e-12);
    let lift = r.lift.unwrap();
    assert!((lift.difference - 1.0 / 3.0).abs() < 1e-12);
    // Worked by hand, z = 1.959964 (z² = 3.841459):
    // Wilson 12/24: centre (0.5 + 3.841459/48) / (1 + 3.841459/24) = 0.580030 / 1.160061
    //   = 0.5; half = 1.959964/1.160061 · √(0.25/24 + 3.841459/2304)
    //   = 1.689536 · √(0.010417 + 0.001667) = 1.689536 · 0.109927 = 0.185726
    //   → (0.314274, 0.685726).
    // Wilson 1/6: centre (0.166667 + 0.320122) / 1.640243 = 0.296778;
    //   half = 1.194923 · √(0.023148 + 0.026677) = 1.194923 · 0.223215 = 0.266725
    //   → (0.030053, 0.563503).
    // Newcombe: low = 0.333333 − √((0.5 − 0.314274)² + (0.563503 − 0.166667)²)
    //   = 0.333333 − √(0.034494 + 0.157479) = 0.333333 − 0.438147 = −0.104814;
    //   high = 0.333333 + √((0.685726 − 0.5)² + (0.166667 − 0.030053)²)
    //   = 0.333333 + √(0.034494 + 0.018663) = 0.333333 + 0.230558 = 0.563892.
    assert!((lift.low - -0.104814).abs() < 2e-6, "{}", lift.low);
    assert!((lift.high - 0.563892).abs() < 2e-6, "{}", lift.high);
    assert!(lift.method.contains("Newcombe"));
    // Cost ¥600: ¥50 per response; per response above control ¥600 / (0.33333 · 24) = ¥75.
    assert!((r.cost_per_response_minor.unwrap() - 5_000.0).abs() < 1e-9);
    assert!((r.cost_per_incremental_response_minor.unwrap() - 7_500.0).abs() < 1e-6);
    assert_eq!(r.responders.len(), 13);
    assert_eq!(r.responders.last().unwrap().arm, Arm::Control);
    // Before every window closes the report says so.
    let early = book
        .campaign_report("New year 2026", t("2026-03-20T00:00:00Z"), tz())
        .unwrap();
    assert!(!early.complete);
}

/// Where the control group of [`campaign_draft`]'s seed falls among the 30 reachable
/// members (recorded from the first run; the draw must never change).
const CONTROL_POSITIONS: [usize; 6] = [2, 8, 14, 16, 18, 28];

#[test]
fn a_campaigns_creation_is_undone_until_outreach_is_logged() {
    use rapport_core::campaigns::{self, CampaignRef, OutreachRequest};
    let (mut book, reachable, _) = campaign_book();
    let before = snapshot(&book);
    let created = campaigns::create_campaign(&mut book, campaign_draft(), now(), tz()).unwrap();
    assert_eq!(created.campaign.treatment, 24);
    let step = &book.undo_steps(1).unwrap()[0];
    assert_eq!(
        (step.id, step.action.as_str()),
        (created.step, "create_campaign")
    );
    assert_eq!(step.contacts, 30);
    // Undone: no campaign, no follow-up, every row as before.
    let undone = campaigns::undo_campaign(
        &mut book,
        CampaignRef {
            name: "new year 2026".into(),
        },
        now(),
        tz(),
    )
    .unwrap();
    assert_eq!(undone.id, created.step);
    assert!(book.campaigns().unwrap().is_empty());
    assert!(reachable
        .iter()
        .all(|id| book.follow_ups_of(*id).unwrap().is_empty()));
    assert_same(&before, &snapshot(&book));
    assert!(book.check_search().unwrap().is_ok());
    // The name is free again; once outreach is logged the creation stays.
    let again = campaigns::create_campaign(&mut book, campaign_draft(), now(), tz()).unwrap();
    let member = campaigns::show_campaign(
        &book,
        CampaignRef {
            name: "New year 2026".into(),
        },
        now(),
        tz(),
    )
    .unwrap()
    .members[0]
        .clone();
    assert_eq!(member.arm, Arm::Treatment);
    assert_eq!(member.due_date, Some(d("2026-03-16")));
    campaigns::log_outreach(
        &mut book,
        OutreachRequest {
            campaign: "New year 2026".into(),
            contact_id: member.contact_id,
            text: None,
        },
        t("2026-03-16T02:00:00Z"),
        tz(),
    )
    .unwrap();
    let e = book.undo(Some(again.step), now()).unwrap_err();
    assert!(
        e.to_string().contains("outreach was logged to 1 member"),
        "{e}"
    );
    assert_eq!(book.campaigns().unwrap().len(), 1);
}

#[test]
fn undo_keeps_a_contact_logged_after_the_step_as_its_latest() {
    // Regression: undo put back the contact row's cached last contact from before the
    // step, hiding a call logged after it.
    let mut h = hand_made();
    let c = h.ids["C"];
    let step = h
        .book
        .bulk(
            BulkRequest {
                target: BulkTarget::Ids { ids: vec![c] },
                action: BulkAction::AddTags {
                    tags: vec!["春节".into()],
                },
            },
            now(),
            tz(),
        )
        .unwrap()
        .step;
    log(
        &mut h.book,
        c,
        InteractionKind::Call,
        "2026-03-15T05:00:00Z",
        None,
    );
    h.book.undo(Some(step), now()).unwrap();
    let contact = h.book.contact(c).unwrap();
    assert!(!contact.draft.tags.iter().any(|t| t == "春节"));
    assert_eq!(
        contact.last_contacted.unwrap().at,
        t("2026-03-15T05:00:00Z")
    );
}

#[test]
fn a_bulk_action_on_nobody_is_refused_and_leaves_no_step() {
    let mut h = hand_made();
    h.book
        .add_segment(
            SegmentDraft {
                name: "nobody".into(),
                condition: tags(TagMatch::Any, &["no such tag"]),
                pinned: false,
            },
            now(),
        )
        .unwrap();
    let e = h
        .book
        .bulk(
            BulkRequest {
                target: BulkTarget::Segment {
                    name: "nobody".into(),
                },
                action: BulkAction::Archive,
            },
            now(),
            tz(),
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("segment 'nobody' has no members"),
        "{e}"
    );
    assert!(h.book.undo_steps(5).unwrap().is_empty());
}

#[test]
fn a_stage_step_leaves_the_index_alone_but_its_undo_reindexes_a_contact_edited_since() {
    let mut h = hand_made();
    let c = h.ids["C"];
    let step = h
        .book
        .bulk(
            BulkRequest {
                target: BulkTarget::Ids {
                    ids: h
                        .ids
                        .values()
                        .copied()
                        .filter(|id| h.book.contact(*id).is_ok())
                        .collect(),
                },
                action: BulkAction::SetStage {
                    stage: Some(Stage::Dormant),
                },
            },
            now(),
            tz(),
        )
        .unwrap()
        .step;
    assert!(h.book.check_search().unwrap().is_ok());
    // Renamed after the step: the undo puts the old row back, old name included.
    let mut draft = h.book.contact(c).unwrap().draft;
    draft.display_name = "Li Lei Renamed".into();
    h.book
        .update_contact(c, draft, t("2026-03-15T05:00:00Z"))
        .unwrap();
    h.book.undo(Some(step), now()).unwrap();
    assert_eq!(h.book.contact(c).unwrap().draft.display_name, "李雷");
    assert!(h.book.check_search().unwrap().is_ok());
    let found = h.book.search("Renamed", 5).unwrap();
    assert!(found.hits.is_empty(), "{found:?}");
}

/// A merge of two contacts from a contact's page is one step of the undo
/// journal, as a merge of duplicates is: undoing it gives both back exactly.
#[test]
fn merging_two_contacts_is_undone_exactly() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let ada = book
        .add_contact(
            ContactDraft {
                display_name: "Ada Lovelace".into(),
                emails: vec![Email {
                    address: "ada@example.org".into(),
                    label: None,
                }],
                ..Default::default()
            },
            now(),
        )
        .unwrap()
        .id;
    let dup = book
        .add_contact(
            ContactDraft {
                display_name: "A. Lovelace".into(),
                company: Some("Analytical Engines".into()),
                tags: vec!["math".into()],
                ..Default::default()
            },
            now(),
        )
        .unwrap()
        .id;
    log(
        &mut book,
        dup,
        InteractionKind::Call,
        "2026-03-01T09:00:00Z",
        None,
    );
    let before = snapshot(&book);
    let merged = book.merge_contacts(dup, ada, now()).unwrap();
    assert_eq!(merged.draft.company.as_deref(), Some("Analytical Engines"));
    assert!(book.contact(dup).is_err(), "merged away");
    let steps = book.undo_steps(5).unwrap();
    assert_eq!(steps[0].label, "merge A. Lovelace into Ada Lovelace");
    book.undo(None, now()).unwrap();
    assert_same(&before, &snapshot(&book));
    assert!(book.check_search().unwrap().is_ok());
}

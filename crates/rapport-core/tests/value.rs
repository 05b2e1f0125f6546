//! Customer value and care (issue 10) on a small, hand-checked book.
//!
//! Ten customers on 2026-11-23 (UTC), revenue in CNY (yuan), purchases (won deals):
//!
//! | who | revenue | purchases                          | last contact | recency | F | M |
//! |-----|--------:|------------------------------------|--------------|--------:|---|---|
//! | Ann | 50 000  | 01-10, 02-09, 03-11                |              | 257     | 3 |   |
//! | Bo  | 20 000  | 08-01, 09-01, 10-01, 11-01         |              | 22      | 4 |   |
//! | Cai | 10 000  | 05-01, 07-01                       | 11-20 (call) | 3       | 2 |   |
//! | Dan | 5 000   | 11-01                              |              | 22      | 1 |   |
//! | Eve | 3 000   | 06-01                              |              | 175     | 1 |   |
//! | Fay | 2 000   | 10-01, 10-15                       |              | 39      | 2 |   |
//! | Gus | 1 000   | 09-01                              |              | 83      | 1 |   |
//! | Hal | 800     | 04-01                              |              | 236     | 1 |   |
//! | Ivy | 500     | 11-20                              |              | 3       | 1 |   |
//! | Jo  | 200     | 2025-12-01                         |              | 357     | 1 |   |
//!
//! Quintile score = 1 + ⌊5·w/10⌋ with w the customers strictly worse:
//! - M: ascending Jo, Ivy, Hal, Gus, Fay, Eve, Dan, Cai, Bo, Ann → 1,1,2,2,3,3,4,4,5,5.
//! - F: six 1s (w=0 → 1), two 2s (w=6 → 4), 3 and 4 (w=8, 9 → 5).
//! - R (fewer days better): 357 → 1, 257 → 1, 236 → 2, 175 → 2, 83 → 3, 39 → 3,
//!   22 and 22 (w=6) → 4, 3 and 3 (w=8) → 5.
//!
//! Pyramid (n=10: VIP ⌈0.1⌉=1, major ⌈0.5⌉=1, ordinary ⌈2⌉=2): Ann VIP, Bo ordinary, the
//! other eight small. ABC (total 92 500): Ann (0% before) A, Bo (54.1%) A, Cai (75.7%) B,
//! Dan (86.5%) B, Eve (91.9%) C and the rest C.
//!
//! Drifting: Ann's gaps 30, 30 → usual 30, threshold max(60, 60) = 60, silent 257 → drifting
//! since 03-11 + 61 = 05-11. Bo: usual 31, silent 22 → no. Cai is small (and was called).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::cases::{CaseDraft, CaseSeverity};
use rapport_core::contacts::Email;
use rapport_core::deals::{DealDraft, DealQuery, DealStatus};
use rapport_core::export::{csv::export_csv, ExportFilter};
use rapport_core::optout::OptOutChannel;
use rapport_core::report::ReportOptions;
use rapport_core::today::{CadenceRule, RuleKind, TodayReason};
use rapport_core::value::{TierMethod, ValueTier};
use rapport_core::{
    ContactBook, ContactDraft, ContactId, ContactQuery, FollowUpStatus, InteractionDraft,
    InteractionKind,
};

const UTC: Tz = Tz::UTC;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-23";

struct World {
    book: ContactBook,
}

impl World {
    fn new() -> Self {
        World {
            book: ContactBook::open_in_memory().unwrap(),
        }
    }

    fn contact(&mut self, name: &str) -> ContactId {
        let mut draft = ContactDraft::named(name);
        draft.emails.push(Email {
            address: format!("{}@example.com", name.to_lowercase()),
            label: None,
        });
        self.book
            .add_contact(draft, t("2026-01-01T00:00:00Z"))
            .unwrap()
            .id
    }

    fn deal(&mut self, who: ContactId, yuan: i64, date: &str, status: DealStatus) {
        self.book
            .add_deal(
                DealDraft {
                    contact_id: who,
                    product: Some("policy".into()),
                    amount_minor: yuan * 100,
                    currency: "CNY".into(),
                    date: d(date),
                    status,
                    stage: None,
                },
                d(TODAY),
                t("2026-11-23T08:00:00Z"),
            )
            .unwrap();
    }

    fn bought(&mut self, who: ContactId, purchases: &[(&str, i64)]) {
        for (date, yuan) in purchases {
            self.deal(who, *yuan, date, DealStatus::Won);
        }
    }

    fn log(&mut self, who: ContactId, at: &str) {
        self.book
            .log_interaction(
                InteractionDraft {
                    contact_id: who,
                    kind: InteractionKind::Call,
                    occurred_at: t(at),
                    direction: None,
                    text: "call".into(),
                    outcome: None,
                },
                t(at),
            )
            .unwrap();
    }

    fn id(&self, name: &str) -> ContactId {
        self.book
            .list_contacts(&ContactQuery::default())
            .unwrap()
            .into_iter()
            .find(|c| c.display_name == name)
            .unwrap()
            .id
    }

    /// The hand-checked book of the module docs.
    fn ten_customers() -> Self {
        let mut w = World::new();
        let ann = w.contact("Ann");
        w.bought(
            ann,
            &[
                ("2026-01-10", 20_000),
                ("2026-02-09", 20_000),
                ("2026-03-11", 10_000),
            ],
        );
        let bo = w.contact("Bo");
        w.bought(
            bo,
            &[
                ("2026-08-01", 5_000),
                ("2026-09-01", 5_000),
                ("2026-10-01", 5_000),
                ("2026-11-01", 5_000),
            ],
        );
        let cai = w.contact("Cai");
        w.bought(cai, &[("2026-05-01", 4_000), ("2026-07-01", 6_000)]);
        w.log(cai, "2026-11-20T09:00:00Z");
        for (name, purchases) in [
            ("Dan", vec![("2026-11-01", 5_000)]),
            ("Eve", vec![("2026-06-01", 3_000)]),
            ("Fay", vec![("2026-10-01", 1_500), ("2026-10-15", 500)]),
            ("Gus", vec![("2026-09-01", 1_000)]),
            ("Hal", vec![("2026-04-01", 800)]),
            ("Ivy", vec![("2026-11-20", 500)]),
            ("Jo", vec![("2025-12-01", 200)]),
        ] {
            let id = w.contact(name);
            w.bought(id, &purchases);
        }
        // Not customers: an open deal and a lost one.
        let ken = w.contact("Ken");
        w.deal(ken, 8_000, "2026-11-10", DealStatus::Open);
        let lu = w.contact("Lu");
        w.deal(lu, 9_000, "2026-10-10", DealStatus::Lost);
        w
    }
}

#[test]
fn rfm_scores_and_tiers_match_the_hand_checked_table() {
    let w = World::ten_customers();
    let rfm = w.book.rfm(d(TODAY), UTC).unwrap();
    let got: Vec<(String, i64, u32, i64, String, ValueTier)> = rfm
        .iter()
        .map(|s| {
            (
                s.display_name.clone(),
                s.recency_days,
                s.frequency,
                s.monetary_minor / 100,
                s.code(),
                s.tier,
            )
        })
        .collect();
    use ValueTier::*;
    let want = [
        ("Ann", 257, 3, 50_000, "155", Vip),
        ("Bo", 22, 4, 20_000, "455", Ordinary),
        ("Cai", 3, 2, 10_000, "544", Small),
        ("Dan", 22, 1, 5_000, "414", Small),
        ("Eve", 175, 1, 3_000, "213", Small),
        ("Fay", 39, 2, 2_000, "343", Small),
        ("Gus", 83, 1, 1_000, "312", Small),
        ("Hal", 236, 1, 800, "212", Small),
        ("Ivy", 3, 1, 500, "511", Small),
        ("Jo", 357, 1, 200, "111", Small),
    ]
    .map(|(n, r, f, m, code, tier)| (n.to_string(), r, f, m, code.to_string(), tier));
    assert_eq!(got, want);

    // The stored tier filters the contact list.
    let vip = w
        .book
        .list_contacts(&ContactQuery {
            tier: Some(Vip),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        vip.iter()
            .map(|c| c.display_name.as_str())
            .collect::<Vec<_>>(),
        ["Ann"]
    );
    assert_eq!(vip[0].tier, Some(Vip));
    let all = w.book.list_contacts(&ContactQuery::default()).unwrap();
    let ken = all.iter().find(|c| c.display_name == "Ken").unwrap();
    assert_eq!(ken.tier, None, "an open deal is not a purchase");
}

#[test]
fn abc_tiers_split_revenue_at_70_and_90_percent() {
    let mut w = World::ten_customers();
    w.book.set_tier_method(TierMethod::Abc).unwrap();
    let rfm = w.book.rfm(d(TODAY), UTC).unwrap();
    let tiers: Vec<(&str, ValueTier)> = rfm
        .iter()
        .map(|s| (s.display_name.as_str(), s.tier))
        .collect();
    use ValueTier::*;
    assert_eq!(
        tiers,
        [
            ("Ann", A),
            ("Bo", A),
            ("Cai", B),
            ("Dan", B),
            ("Eve", C),
            ("Fay", C),
            ("Gus", C),
            ("Hal", C),
            ("Ivy", C),
            ("Jo", C)
        ]
    );
    let a = w
        .book
        .list_contacts(&ContactQuery {
            tier: Some(A),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(a.len(), 2);
    // The pyramid tiers were replaced, not kept beside.
    let vip = w
        .book
        .list_contacts(&ContactQuery {
            tier: Some(Vip),
            ..Default::default()
        })
        .unwrap();
    assert!(vip.is_empty());
}

#[test]
fn tier_is_a_cadence_default_kept_right_when_the_tier_changes() {
    let mut w = World::ten_customers();
    w.book
        .set_cadence_rule(CadenceRule {
            kind: RuleKind::Tier,
            name: "VIP".into(),
            days: 30,
        })
        .unwrap();
    let ann = w.id("Ann");
    // Ann, never contacted since 2026-01-01, lapsed on 01-31.
    let list = w.book.today(d(TODAY), UTC).unwrap();
    let row = list
        .today
        .iter()
        .find(|i| i.contact_id == ann && i.reason == TodayReason::Cadence)
        .unwrap();
    assert_eq!(
        (row.cadence_days, row.due_date),
        (Some(30), d("2026-01-31"))
    );
    assert!(w
        .book
        .set_cadence_rule(CadenceRule {
            kind: RuleKind::Tier,
            name: "platinum".into(),
            days: 30,
        })
        .is_err());

    // Under ABC Ann is tier A: the VIP default no longer applies.
    w.book.set_tier_method(TierMethod::Abc).unwrap();
    let list = w.book.today(d(TODAY), UTC).unwrap();
    assert!(!list.today.iter().any(|i| i.contact_id == ann));
    assert_eq!(
        w.book.cadence_rules().unwrap()[0].kind,
        RuleKind::Tier,
        "rules read back with their kind"
    );
}

#[test]
fn drifting_is_silence_beyond_twice_the_usual_interval_and_a_month() {
    let mut w = World::ten_customers();
    let ann = w.id("Ann");
    let drifting = w.book.drifting(d(TODAY), UTC).unwrap();
    assert_eq!(drifting.len(), 1, "{drifting:?}");
    let a = &drifting[0];
    assert_eq!(a.contact_id, ann);
    assert_eq!(
        (a.usual_interval_days, a.threshold_days, a.days_silent),
        (30, 60, 257)
    );
    assert_eq!((a.last_purchase, a.last_contacted), (d("2026-03-11"), None));
    assert_eq!(a.drifting_since, d("2026-05-11"));
    // The boundary: 60 days silent is not drifting, 61 is.
    assert!(w.book.drifting(d("2026-05-10"), UTC).unwrap().is_empty());
    assert_eq!(w.book.drifting(d("2026-05-11"), UTC).unwrap().len(), 1);

    // It feeds the today list as at risk, with the reason.
    let list = w.book.today(d(TODAY), UTC).unwrap();
    assert_eq!(list.at_risk.len(), 1);
    assert_eq!(list.at_risk[0].reason, TodayReason::AtRisk);
    assert_eq!(list.at_risk[0].days_late, 196);
    assert_eq!(
        list.at_risk[0].drift.as_ref().unwrap().usual_interval_days,
        30
    );

    // A call resets the silence: no longer drifting.
    w.log(ann, "2026-11-22T10:00:00Z");
    assert!(w.book.drifting(d(TODAY), UTC).unwrap().is_empty());
    assert!(w.book.today(d(TODAY), UTC).unwrap().at_risk.is_empty());
}

#[test]
fn a_pending_follow_up_keeps_a_drifting_customer_off_the_at_risk_section() {
    let mut w = World::ten_customers();
    let ann = w.id("Ann");
    w.book
        .add_follow_up(
            rapport_core::FollowUpDraft {
                contact_id: ann,
                due_date: d("2026-12-01"),
                due_time: None,
                text: "win back".into(),
            },
            t("2026-11-23T08:00:00Z"),
        )
        .unwrap();
    assert_eq!(w.book.drifting(d(TODAY), UTC).unwrap().len(), 1);
    assert!(w.book.today(d(TODAY), UTC).unwrap().at_risk.is_empty());
}

#[test]
fn winning_a_deal_schedules_the_care_follow_up_and_a_rating_completes_it() {
    let mut w = World::ten_customers();
    // Ivy bought on 11-20: care due 15 days later, 12-05. Older purchases got none.
    let ivy = w.id("Ivy");
    let f = w.book.follow_ups_of(ivy).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].due_date, d("2026-12-05"));
    assert!(f[0].text.contains("satisfaction"), "{}", f[0].text);
    assert!(w.book.follow_ups_of(w.id("Ann")).unwrap().is_empty());
    let deal = &w
        .book
        .deals(&DealQuery {
            contact_id: Some(ivy),
            ..Default::default()
        })
        .unwrap()[0];
    assert_eq!(deal.care_follow_up_id, Some(f[0].id));

    // Ken's open deal is won today with a 10-day care setting: moved to 签约, care on 12-03.
    w.book.set_care_days(10).unwrap();
    let ken = w.id("Ken");
    let open = w
        .book
        .deals(&DealQuery {
            contact_id: Some(ken),
            ..Default::default()
        })
        .unwrap()[0]
        .clone();
    assert_eq!(
        (open.status, open.stage.as_str()),
        (DealStatus::Open, "intent_first_talk")
    );
    let won = w
        .book
        .close_deal(
            open.id,
            DealStatus::Won,
            d(TODAY),
            d(TODAY),
            t("2026-11-23T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(
        (won.status, won.stage.as_str(), won.closed_on),
        (DealStatus::Won, "signed", Some(d(TODAY)))
    );
    let care = w
        .book
        .store()
        .follow_up(won.care_follow_up_id.unwrap())
        .unwrap();
    assert_eq!((care.contact_id, care.due_date), (ken, d("2026-12-03")));
    assert!(w
        .book
        .close_deal(
            open.id,
            DealStatus::Won,
            d(TODAY),
            d(TODAY),
            t("2026-11-23T09:00:00Z")
        )
        .is_err());
    // Ken is now a customer (8 000 yuan: small in the pyramid).
    let ken_value = w.book.contact_value(ken, d(TODAY), UTC).unwrap().unwrap();
    assert_eq!((ken_value.frequency, ken_value.tier), (1, ValueTier::Small));

    // The satisfaction answer is stored with the interaction and completes the care check.
    let draft = InteractionDraft {
        contact_id: ivy,
        kind: InteractionKind::Call,
        occurred_at: t("2026-12-05T10:00:00Z"),
        direction: None,
        text: "happy with it".into(),
        outcome: None,
    };
    assert!(w
        .book
        .log_satisfaction(draft.clone(), 6, t("2026-12-05T10:00:00Z"))
        .is_err());
    let i = w
        .book
        .log_satisfaction(draft, 5, t("2026-12-05T10:00:00Z"))
        .unwrap();
    assert_eq!(i.satisfaction, Some(5));
    assert_eq!(
        w.book.interactions_of(ivy, None).unwrap()[0].satisfaction,
        Some(5)
    );
    assert_eq!(
        w.book.follow_ups_of(ivy).unwrap()[0].status,
        FollowUpStatus::Done
    );
}

#[test]
fn a_case_keeps_a_follow_up_until_it_is_closed() {
    let mut w = World::ten_customers();
    let bo = w.id("Bo");
    let case = w
        .book
        .open_case(
            CaseDraft {
                contact_id: bo,
                text: "Claim paid late\nwaited six weeks".into(),
                severity: CaseSeverity::High,
                opened_at: t("2026-11-20T09:00:00Z"),
                follow_up_on: d(TODAY),
            },
            t("2026-11-20T09:00:00Z"),
        )
        .unwrap();
    assert!(case.is_open());
    let first = case.follow_up_id.unwrap();
    let list = w.book.today(d(TODAY), UTC).unwrap();
    let row = list
        .today
        .iter()
        .find(|i| i.follow_up_id == Some(first))
        .unwrap();
    assert_eq!(
        (row.case_id, row.severity),
        (Some(case.id), Some(CaseSeverity::High))
    );
    assert_eq!(row.text.as_deref(), Some("Case (high): Claim paid late"));
    assert_eq!(list.open_cases.len(), 1);
    assert_eq!(list.open_cases[0].reason, TodayReason::ServiceCase);
    assert_eq!(list.open_cases[0].days_late, 3, "open since 11-20");

    // Completing its follow-up while the case is open schedules the next, two days on.
    let next = w
        .book
        .complete_follow_up(first, None, d(TODAY), t("2026-11-23T10:00:00Z"))
        .unwrap()
        .unwrap();
    assert_eq!(next.due_date, d("2026-11-25"));
    assert_eq!(
        w.book.store().case(case.id).unwrap().follow_up_id,
        Some(next.id)
    );

    assert!(w
        .book
        .close_case(case.id, "  ", t("2026-11-24T10:00:00Z"))
        .is_err());
    let closed = w
        .book
        .close_case(
            case.id,
            "Paid with interest; apologised",
            t("2026-11-24T10:00:00Z"),
        )
        .unwrap();
    assert!(!closed.is_open());
    assert_eq!(
        closed.resolution.as_deref(),
        Some("Paid with interest; apologised")
    );
    assert_eq!(
        w.book.store().follow_up(next.id).unwrap().status,
        FollowUpStatus::Done
    );
    assert!(w.book.open_cases().unwrap().is_empty());
    let list = w.book.today(d("2026-11-25"), UTC).unwrap();
    assert!(list.open_cases.is_empty());
    assert!(list.today.iter().all(|i| i.case_id.is_none()));
    assert!(w
        .book
        .close_case(case.id, "again", t("2026-11-24T10:00:00Z"))
        .is_err());
    // Completing a follow-up of a closed case adds nothing.
    assert_eq!(w.book.cases_of(bo).unwrap().len(), 1);
}

#[test]
fn opt_out_is_honoured_by_outreach_exports_and_the_today_list() {
    let mut w = World::ten_customers();
    let cai = w.id("Cai");
    w.book
        .add_follow_up(
            rapport_core::FollowUpDraft {
                contact_id: cai,
                due_date: d(TODAY),
                due_time: None,
                text: "renewal".into(),
            },
            t("2026-11-23T08:00:00Z"),
        )
        .unwrap();
    let csv = |book: &ContactBook, f: &ExportFilter| {
        let mut out = Vec::new();
        let n = export_csv(book, f, &mut out).unwrap();
        (n, String::from_utf8(out).unwrap())
    };
    let outreach = ExportFilter {
        for_outreach: true,
        ..Default::default()
    };
    let (all_n, _) = csv(&w.book, &outreach);

    w.book.set_opt_out(cai, OptOutChannel::Email, true).unwrap();
    assert_eq!(w.book.opt_outs(cai).unwrap(), [OptOutChannel::Email]);
    let (n, text) = csv(&w.book, &outreach);
    assert_eq!(n, all_n, "still reachable by phone or mail in principle");
    assert!(text.contains("Cai") && !text.contains("cai@example.com"));
    let (n, _) = csv(
        &w.book,
        &ExportFilter {
            channel: Some(OptOutChannel::Email),
            ..Default::default()
        },
    );
    assert_eq!(n, all_n - 1, "an email campaign leaves Cai out");
    // A plain (not outreach) export keeps everything.
    let (_, text) = csv(&w.book, &ExportFilter::default());
    assert!(text.contains("cai@example.com"));
    let list = w.book.today(d(TODAY), UTC).unwrap();
    let row = list.today.iter().find(|i| i.contact_id == cai).unwrap();
    assert_eq!(row.opted_out, [OptOutChannel::Email]);

    for ch in OptOutChannel::ALL {
        w.book.set_opt_out(cai, ch, true).unwrap();
    }
    let (n, text) = csv(&w.book, &outreach);
    assert_eq!(n, all_n - 1);
    assert!(!text.contains("Cai"));
    assert!(!w
        .book
        .today(d(TODAY), UTC)
        .unwrap()
        .today
        .iter()
        .any(|i| i.contact_id == cai));

    w.book
        .set_opt_out(cai, OptOutChannel::Phone, false)
        .unwrap();
    assert!(w
        .book
        .today(d(TODAY), UTC)
        .unwrap()
        .today
        .iter()
        .any(|i| i.contact_id == cai));
}

#[test]
fn report_totals_tiers_pipeline_and_trends() {
    let mut w = World::ten_customers();
    let ken = w.id("Ken");
    // A second open deal, in another currency, at the 会客面谈 (meeting) stage.
    let usd = w
        .book
        .add_deal(
            DealDraft {
                contact_id: ken,
                product: None,
                amount_minor: 99_00,
                currency: "usd".into(),
                date: d("2026-11-12"),
                status: DealStatus::Open,
                stage: Some("会客面谈".into()),
            },
            d(TODAY),
            t("2026-11-23T08:00:00Z"),
        )
        .unwrap();
    assert_eq!(usd.stage, "intent_meeting");
    assert_eq!(usd.currency, "USD");
    w.book
        .rename_pipeline_stage("intent_meeting", "Demo")
        .unwrap();
    // Follow-ups: one overdue since 11-10 (still open), one done on 11-18 after being due 11-15.
    let bo = w.id("Bo");
    for due in ["2026-11-10", "2026-11-15"] {
        w.book
            .add_follow_up(
                rapport_core::FollowUpDraft {
                    contact_id: bo,
                    due_date: d(due),
                    due_time: None,
                    text: due.into(),
                },
                t("2026-11-01T08:00:00Z"),
            )
            .unwrap();
    }
    let second = w.book.follow_ups_of(bo).unwrap()[1].id;
    w.book
        .complete_follow_up(second, None, d("2026-11-18"), t("2026-11-18T12:00:00Z"))
        .unwrap();

    let r = w
        .book
        .report(
            d(TODAY),
            UTC,
            ReportOptions {
                weeks: 3,
                rfm_rows: 2,
            },
        )
        .unwrap();
    assert_eq!(
        (r.customers, r.revenue_minor / 100, r.currency.as_str()),
        (10, 92_500, "CNY")
    );
    let tiers: Vec<(ValueTier, u32, i64)> = r
        .tiers
        .iter()
        .map(|t| (t.tier, t.customers, t.revenue_minor / 100))
        .collect();
    use ValueTier::*;
    assert_eq!(
        tiers,
        [
            (Vip, 1, 50_000),
            (Major, 0, 0),
            (Ordinary, 1, 20_000),
            (Small, 8, 22_500)
        ]
    );
    assert_eq!(r.rfm.len(), 2);
    assert_eq!(r.rfm_distribution.m, [2, 2, 2, 2, 2]);
    assert_eq!(r.rfm_distribution.f, [6, 0, 0, 2, 2]);
    assert_eq!(r.rfm_distribution.r, [2, 2, 2, 2, 2]);
    let first = &r.pipeline[0];
    assert_eq!(
        (
            first.key.as_str(),
            first.open_deals,
            first.value_minor / 100
        ),
        ("intent_first_talk", 1, 8_000)
    );
    let demo = r
        .pipeline
        .iter()
        .find(|s| s.key == "intent_meeting")
        .unwrap();
    assert_eq!(
        (
            demo.name.as_str(),
            demo.open_deals,
            demo.other_currency_deals
        ),
        ("Demo", 0, 1)
    );
    assert_eq!(r.pipeline.len(), 9);
    // Weeks start on Monday 11-09, 11-16, 11-23: Cai's call on Friday 11-20.
    let weeks: Vec<(NaiveDate, u64)> = r
        .interactions_per_week
        .iter()
        .map(|w| (w.week_start, w.interactions))
        .collect();
    assert_eq!(
        weeks,
        [
            (d("2026-11-09"), 0),
            (d("2026-11-16"), 1),
            (d("2026-11-23"), 0)
        ]
    );
    // Overdue at the start of 11-09 (none), 11-16 (both), 11-23 (the open one).
    let trend: Vec<(NaiveDate, u64)> = r
        .overdue_trend
        .iter()
        .map(|p| (p.date, p.overdue))
        .collect();
    assert_eq!(
        trend,
        [
            (d("2026-11-09"), 0),
            (d("2026-11-16"), 2),
            (d("2026-11-23"), 1)
        ]
    );
    assert_eq!(r.drifting.len(), 1);
    assert!(r.open_cases.is_empty());
}

//! The today list, rule by rule (PRODUCT.md §3).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rapport_core::today::{CadenceRule, RuleKind, TodayList, TodayReason};
use rapport_core::{
    ContactBook, ContactDraft, ContactId, FollowUpDraft, FollowUpId, InteractionDraft,
    InteractionKind, Stage,
};

const UTC: Tz = Tz::UTC;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

struct World {
    book: ContactBook,
}

impl World {
    fn new() -> Self {
        World {
            book: ContactBook::open_in_memory().unwrap(),
        }
    }

    fn contact(
        &mut self,
        name: &str,
        created: &str,
        edit: impl FnOnce(&mut ContactDraft),
    ) -> ContactId {
        let mut draft = ContactDraft::named(name);
        edit(&mut draft);
        self.book.add_contact(draft, t(created)).unwrap().id
    }

    fn log(&mut self, id: ContactId, kind: InteractionKind, at: &str) {
        let draft = InteractionDraft {
            contact_id: id,
            kind,
            occurred_at: t(at),
            direction: None,
            text: String::new(),
            outcome: None,
        };
        self.book.log_interaction(draft, t(at)).unwrap();
    }

    fn follow_up(&mut self, id: ContactId, due: &str) -> FollowUpId {
        let draft = FollowUpDraft {
            contact_id: id,
            due_date: d(due),
            due_time: None,
            text: format!("due {due}"),
        };
        self.book
            .add_follow_up(draft, t("2026-01-01T00:00:00Z"))
            .unwrap()
            .id
    }

    fn list(&self, date: &str, tz: Tz) -> TodayList {
        self.book.today(d(date), tz).unwrap()
    }
}

fn names(items: &[rapport_core::today::TodayItem]) -> Vec<&str> {
    items.iter().map(|i| i.display_name.as_str()).collect()
}

#[test]
fn follow_ups_fall_into_overdue_today_and_upcoming() {
    let mut w = World::new();
    let cases = [
        ("Yesterday", "2026-11-22", "overdue", 1),
        ("LastMonth", "2026-10-23", "overdue", 31),
        ("Today", "2026-11-23", "today", 0),
        ("InThree", "2026-11-26", "upcoming", -3),
        ("InSeven", "2026-11-30", "upcoming", -7),
        ("InEight", "2026-12-01", "none", 0),
    ];
    for (name, due, _, _) in cases {
        let id = w.contact(name, "2026-01-01T00:00:00Z", |_| {});
        w.follow_up(id, due);
    }
    let list = w.list("2026-11-23", UTC);
    for (name, _, section, late) in cases {
        let found = [
            ("overdue", &list.overdue),
            ("today", &list.today),
            ("upcoming", &list.upcoming),
        ]
        .into_iter()
        .find_map(|(s, items)| {
            items
                .iter()
                .find(|i| i.display_name == name)
                .map(|i| (s, i.days_late))
        });
        match section {
            "none" => assert!(found.is_none(), "{name} should not be listed"),
            s => assert_eq!(found, Some((s, late)), "{name}"),
        }
    }
    assert_eq!(
        names(&list.overdue),
        vec!["LastMonth", "Yesterday"],
        "oldest first"
    );
    assert!(list
        .overdue
        .iter()
        .all(|i| i.reason == TodayReason::FollowUp && i.follow_up_id.is_some()));
    assert_eq!(list.due_count(), 3);
}

#[test]
fn lapsed_cadence_is_due_with_days_late() {
    let mut w = World::new();
    let ann = w.contact("Ann", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(14));
    w.log(ann, InteractionKind::Call, "2026-11-03T10:00:00Z"); // 20 days before 23 Nov
    let bob = w.contact("Bob", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(30));
    w.log(bob, InteractionKind::Email, "2026-11-03T10:00:00Z"); // 20 days: not yet due
    let new = w.contact("Never", "2026-11-08T10:00:00Z", |c| {
        c.cadence_days = Some(14)
    }); // created 15 days ago
    let _no_cadence = w.contact("NoCadence", "2020-01-01T00:00:00Z", |_| {});

    let list = w.list("2026-11-23", UTC);
    assert_eq!(names(&list.today), vec!["Ann", "Never"], "most late first");
    let a = &list.today[0];
    assert_eq!(
        (a.reason, a.days_late, a.cadence_days),
        (TodayReason::Cadence, 6, Some(14))
    );
    assert_eq!(a.due_date, d("2026-11-17"));
    let last = a.last_contacted.as_ref().unwrap();
    assert_eq!(
        (last.date, last.kind),
        (d("2026-11-03"), InteractionKind::Call)
    );
    assert_eq!(list.today[1].days_late, 1);
    assert!(list.today[1].last_contacted.is_none());
    let _ = new;
}

#[test]
fn a_contact_with_a_pending_follow_up_is_not_listed_twice() {
    let mut w = World::new();
    let ann = w.contact("Ann", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(14));
    w.log(ann, InteractionKind::Call, "2026-10-01T10:00:00Z");
    w.follow_up(ann, "2026-11-23");
    let cid = w.contact("Cid", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(14));
    w.follow_up(cid, "2027-01-15"); // far away, but pending: the cadence waits for it
    let list = w.list("2026-11-23", UTC);
    assert_eq!(names(&list.today), vec!["Ann"]);
    assert_eq!(list.today[0].reason, TodayReason::FollowUp);
}

#[test]
fn a_note_does_not_reset_the_cadence_a_call_does() {
    let mut w = World::new();
    let ann = w.contact("Ann", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(14));
    w.log(ann, InteractionKind::Call, "2026-11-03T10:00:00Z");
    w.log(ann, InteractionKind::Note, "2026-11-22T10:00:00Z");
    assert_eq!(names(&w.list("2026-11-23", UTC).today), vec!["Ann"]);
    w.log(ann, InteractionKind::Call, "2026-11-22T11:00:00Z");
    assert!(w.list("2026-11-23", UTC).today.is_empty());
}

#[test]
fn snoozing_moves_and_completing_removes() {
    let mut w = World::new();
    let ann = w.contact("Ann", "2026-01-01T00:00:00Z", |_| {});
    let f = w.follow_up(ann, "2026-11-20");
    assert_eq!(w.list("2026-11-23", UTC).overdue.len(), 1);
    w.book.snooze_follow_up(f, d("2026-11-25")).unwrap();
    let list = w.list("2026-11-23", UTC);
    assert!(list.overdue.is_empty());
    assert_eq!(list.upcoming[0].due_date, d("2026-11-25"));
    w.book
        .complete_follow_up(f, None, d("2026-11-23"), t("2026-11-23T09:00:00Z"))
        .unwrap();
    assert!(w.list("2026-11-23", UTC).is_empty());
}

#[test]
fn birthdays_and_anniversaries_with_years_and_29_february() {
    let mut w = World::new();
    w.contact("Leap", "2020-01-01T00:00:00Z", |c| {
        c.birthday = Some("2000-02-29".parse().unwrap())
    });
    w.contact("NoYear", "2020-01-01T00:00:00Z", |c| {
        c.birthday = Some("--02-28".parse().unwrap())
    });
    w.contact("Wed", "2020-01-01T00:00:00Z", |c| {
        c.anniversary = Some("2016-02-28".parse().unwrap())
    });

    let common = w.list("2027-02-28", UTC);
    let got: Vec<_> = common
        .occasions
        .iter()
        .map(|i| (i.display_name.as_str(), i.reason, i.years))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Leap", TodayReason::Birthday, Some(27)),
            ("NoYear", TodayReason::Birthday, None),
            ("Wed", TodayReason::Anniversary, Some(11)),
        ]
    );
    let leap_28 = w.list("2028-02-28", UTC);
    assert_eq!(
        names(&leap_28.occasions),
        vec!["NoYear", "Wed"],
        "in a leap year 29 Feb has its own day"
    );
    let leap_29 = w.list("2028-02-29", UTC);
    assert_eq!(names(&leap_29.occasions), vec!["Leap"]);
    assert_eq!(leap_29.occasions[0].years, Some(28));
    assert!(w.list("2027-03-01", UTC).occasions.is_empty());
}

#[test]
fn do_not_contact_archived_and_deleted_never_appear() {
    let mut w = World::new();
    let now = t("2026-11-23T08:00:00Z");
    let mut ids = Vec::new();
    for name in ["DoNotContact", "Archived", "Deleted"] {
        let id = w.contact(name, "2026-01-01T00:00:00Z", |c| {
            c.cadence_days = Some(7);
            c.birthday = Some("1990-11-23".parse().unwrap());
            c.do_not_contact = name == "DoNotContact";
        });
        w.follow_up(id, "2026-11-20");
        w.follow_up(id, "2026-11-23");
        w.follow_up(id, "2026-11-25");
        ids.push(id);
    }
    w.book.set_archived(ids[1], true, now).unwrap();
    w.book.delete_contact(ids[2], now).unwrap();
    assert!(w.list("2026-11-23", UTC).is_empty());
    w.book.set_archived(ids[1], false, now).unwrap();
    let list = w.list("2026-11-23", UTC);
    assert_eq!(
        (
            list.overdue.len(),
            list.today.len(),
            list.occasions.len(),
            list.upcoming.len()
        ),
        (1, 1, 1, 1)
    );
}

#[test]
fn cadence_defaults_by_tag_and_stage_and_own_value_wins() {
    let mut w = World::new();
    w.book
        .set_cadence_rule(CadenceRule {
            kind: RuleKind::Tag,
            name: "VIP".into(),
            days: 14,
        })
        .unwrap();
    w.book
        .set_cadence_rule(CadenceRule {
            kind: RuleKind::Stage,
            name: "Customer".into(),
            days: 90,
        })
        .unwrap();
    let created = "2026-01-01T00:00:00Z";
    let vip = w.contact("Vip", created, |c| c.tags = vec!["vip".into()]);
    let cust = w.contact("Customer", created, |c| c.stage = Some(Stage::Customer));
    let both = w.contact("Both", created, |c| {
        c.tags = vec!["VIP".into()];
        c.stage = Some(Stage::Customer);
    });
    let own = w.contact("Own", created, |c| {
        c.tags = vec!["VIP".into()];
        c.cadence_days = Some(30);
    });
    let plain = w.contact("Plain", created, |_| {});
    // Before any interaction: due from the creation date, set when each was inserted.
    let mut due: Vec<_> = w
        .list("2026-04-01", UTC)
        .today
        .iter()
        .map(|i| (i.display_name.clone(), i.cadence_days))
        .collect();
    due.sort();
    let expected = [("Both", 14), ("Customer", 90), ("Own", 30), ("Vip", 14)];
    assert_eq!(
        due,
        expected.map(|(n, d)| (n.to_string(), Some(d))).to_vec()
    );
    for id in [vip, cust, both, own, plain] {
        w.log(id, InteractionKind::Meeting, "2026-10-24T12:00:00Z"); // 30 days before 23 Nov
    }
    let list = w.list("2026-11-23", UTC);
    let got: Vec<_> = list
        .today
        .iter()
        .map(|i| (i.display_name.as_str(), i.cadence_days, i.days_late))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Both", Some(14), 16),
            ("Vip", Some(14), 16),
            ("Own", Some(30), 0)
        ]
    );
    assert_eq!(w.book.cadence_rules().unwrap().len(), 2);
    assert!(w.book.remove_cadence_rule(RuleKind::Tag, "VIP").unwrap());
    assert_eq!(names(&w.list("2026-11-23", UTC).today), vec!["Own"]);
    assert!(w
        .book
        .set_cadence_rule(CadenceRule {
            kind: RuleKind::Stage,
            name: "nope".into(),
            days: 5
        })
        .is_err());
}

#[test]
fn an_own_cadence_sets_moves_and_clears_its_due_date_with_no_defaults() {
    // No cadence rule exists: the triggers run only for contacts with their own cadence.
    let mut w = World::new();
    let created = "2026-01-01T00:00:00Z";
    let own = w.contact("Own", created, |c| {
        c.tags = vec!["vip".into()];
        c.cadence_days = Some(30);
    });
    let plain = w.contact("Plain", created, |c| c.tags = vec!["vip".into()]);
    w.log(own, InteractionKind::Call, "2026-10-14T12:00:00Z");
    w.log(plain, InteractionKind::Call, "2026-01-02T12:00:00Z");
    let late = |w: &World| -> Vec<(String, Option<u32>, i64)> {
        w.list("2026-11-23", UTC)
            .today
            .iter()
            .map(|i| (i.display_name.clone(), i.cadence_days, i.days_late))
            .collect()
    };
    assert_eq!(late(&w), vec![("Own".to_string(), Some(30), 10)]);
    // A newer call moves the due date past today.
    w.log(own, InteractionKind::Call, "2026-11-20T12:00:00Z");
    assert_eq!(late(&w), vec![]);
    // Back to no cadence of its own: never due again.
    let mut draft = w.book.contact(own).unwrap().draft;
    draft.cadence_days = None;
    w.book
        .update_contact(own, draft, t("2026-11-21T00:00:00Z"))
        .unwrap();
    assert_eq!(w.list("2027-06-01", UTC).today.len(), 0);
    // And a default added later reaches both, own cadence or not.
    w.book
        .set_cadence_rule(CadenceRule {
            kind: RuleKind::Tag,
            name: "vip".into(),
            days: 7,
        })
        .unwrap();
    assert_eq!(late(&w), vec![("Plain".to_string(), Some(7), 318)]);
}

/// The local date of a wall-clock time in `tz`.
fn local_day(tz: Tz, y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDate {
    let instant = tz.with_ymd_and_hms(y, m, day, h, min, 0).single().unwrap();
    instant.with_timezone(&tz).date_naive()
}

#[test]
fn the_list_is_the_same_all_day_and_across_daylight_saving_changes() {
    // Last contacted 23:30 local the day before each zone's DST change (or on an
    // ordinary day in Shanghai); cadence 2 days.
    let zones = [
        ("America/New_York", "2026-10-31T03:30:00Z", (2026, 11, 1)), // 30 Oct 23:30 EDT; DST ends 1 Nov
        ("America/New_York", "2026-03-07T04:30:00Z", (2026, 3, 8)), // 6 Mar 23:30 EST; DST starts 8 Mar
        ("Europe/Berlin", "2026-10-23T21:30:00Z", (2026, 10, 25)), // 23 Oct 23:30 CEST; DST ends 25 Oct
        ("Europe/Berlin", "2026-03-27T22:30:00Z", (2026, 3, 29)), // 27 Mar 23:30 CET; DST starts 29 Mar
        ("Asia/Shanghai", "2026-11-02T15:30:00Z", (2026, 11, 4)), // 2 Nov 23:30 CST
    ];
    for (zone, call_at, (y, m, day)) in zones {
        let tz: Tz = zone.parse().unwrap();
        let mut w = World::new();
        let ann = w.contact("Ann", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(2));
        w.log(ann, InteractionKind::Call, call_at);
        let early = local_day(tz, y, m, day, 0, 30);
        let late = local_day(tz, y, m, day, 23, 30);
        assert_eq!(early, late);
        let a = w.book.today(early, tz).unwrap();
        let b = w.book.today(late, tz).unwrap();
        assert_eq!(a, b, "{zone}");
        assert_eq!(
            names(&a.today),
            vec!["Ann"],
            "{zone}: due on the local day, 2 days after the local call"
        );
        assert_eq!(a.today[0].days_late, 0, "{zone}");
        let day_before = early.pred_opt().unwrap();
        assert!(
            w.book.today(day_before, tz).unwrap().today.is_empty(),
            "{zone}: not due a day early"
        );
    }
}

#[test]
fn a_late_evening_call_counts_for_its_local_date() {
    // 23:30 in Shanghai on 3 Nov is 15:30 UTC the same day; 00:30 on 4 Nov is 16:30 UTC on 3 Nov.
    let tz: Tz = "Asia/Shanghai".parse().unwrap();
    let mut w = World::new();
    let ann = w.contact("Ann", "2026-01-01T00:00:00Z", |c| c.cadence_days = Some(14));
    w.log(ann, InteractionKind::Call, "2026-11-03T16:30:00Z"); // 4 Nov 00:30 local
    assert!(w.book.today(d("2026-11-17"), tz).unwrap().today.is_empty());
    assert!(
        !w.list("2026-11-17", UTC).today.is_empty(),
        "in UTC it was 3 Nov"
    );
    let due = w.book.today(d("2026-11-18"), tz).unwrap();
    assert_eq!(
        due.today[0].last_contacted.as_ref().unwrap().date,
        d("2026-11-04")
    );
}

/// The capped list is the exact start of the full list, and its totals are the full
/// sections' lengths: on generated data with thousands due, in zones either side of
/// UTC (the store's lapse dates are UTC dates; the boundary days are decided exactly).
#[cfg(feature = "datagen")]
#[test]
fn capped_sections_are_the_start_of_the_full_list_with_exact_totals() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now = t("2026-11-23T12:00:00Z");
    rapport_core::datagen::populate(book.store_mut(), 7, 3_000, 3, now).unwrap();
    // Purchases give value tiers and drifting customers, which order the cadence rows.
    rapport_core::datagen_deals::populate_deals(&mut book, 7, 3_000, now).unwrap();
    book.set_cadence_rule(CadenceRule {
        kind: RuleKind::Stage,
        name: "customer".into(),
        days: 30,
    })
    .unwrap();
    for zone in [
        "Pacific/Kiritimati",
        "Asia/Shanghai",
        "UTC",
        "America/New_York",
        "Etc/GMT+12",
    ] {
        let tz: Tz = zone.parse().unwrap();
        for date in [d("2026-11-23"), d("2026-11-24"), d("2026-12-20")] {
            let full = book.today_limited(date, tz, None).unwrap();
            for cap in [1, 7, 50] {
                let part = book.today_limited(date, tz, Some(cap)).unwrap();
                let ctx = format!("{zone} {date} cap {cap}");
                assert_eq!(part.totals.overdue as usize, full.overdue.len(), "{ctx}");
                assert_eq!(part.totals.today as usize, full.today.len(), "{ctx}");
                assert_eq!(part.totals.upcoming as usize, full.upcoming.len(), "{ctx}");
                for (p, f) in [
                    (&part.overdue, &full.overdue),
                    (&part.today, &full.today),
                    (&part.upcoming, &full.upcoming),
                ] {
                    assert_eq!(p.len(), f.len().min(cap), "{ctx}");
                    assert_eq!(p[..], f[..p.len()], "{ctx}");
                }
            }
        }
    }
}

/// Value first (the rule of `today::cadence_priority`): on a hand-made book, a VIP a few
/// days late comes before small customers and contacts long overdue, a drifting customer is
/// moved up, contacts of one tier keep most-late-first order; the daily workload shows the
/// first N and counts the rest as waiting, and the rest can be asked for; follow-ups keep
/// due order above them.
#[test]
fn cadence_rows_put_value_first_within_the_daily_workload() {
    use rapport_core::deals::{DealDraft, DealStatus};
    use rapport_core::today::{cadence_priority, DEFAULT_CADENCE_WORKLOAD};
    use rapport_core::value::ValueTier;

    let mut w = World::new();
    let today = d("2026-12-02");
    let now = t("2026-12-02T08:00:00Z");
    // Everyone keeps in touch every 10 days; created on the day that makes them N days late.
    let late = |n: i64| {
        let created = today - chrono::Days::new(10 + n as u64);
        format!("{created}T12:00:00Z")
    };
    let vip = w.contact("Vera VIP", &late(3), |c| c.cadence_days = Some(10));
    let mut small = Vec::new();
    for (i, days) in [700, 400, 120, 95, 60].into_iter().enumerate() {
        let name = format!("Sam Small {i}");
        small.push(w.contact(&name, &late(days), |c| c.cadence_days = Some(10)));
    }
    // Twenty leads, 1..=20 days late, no tier.
    for n in 1..=20 {
        w.contact(&format!("Lee Lead {n:02}"), &late(n), |c| {
            c.cadence_days = Some(10)
        });
    }
    // Purchases make tiers: Vera buys most (VIP of 6 customers), the small ones little.
    let buy = |w: &mut World, id, amount| {
        w.book
            .add_deal(
                DealDraft {
                    contact_id: id,
                    product: None,
                    amount_minor: amount,
                    currency: "CNY".into(),
                    date: d("2026-01-05"),
                    status: DealStatus::Won,
                    stage: None,
                },
                today,
                now,
            )
            .unwrap();
    };
    buy(&mut w, vip, 10_000_000);
    for id in &small {
        buy(&mut w, *id, 1_000);
    }
    for id in small.iter().chain([&vip]) {
        // The purchase's care follow-up would hide them from the cadence rows.
        for f in w.book.follow_ups_of(*id).unwrap() {
            w.book.complete_follow_up(f.id, None, today, now).unwrap();
        }
    }
    let fu = w.contact("Fay Followup", "2026-01-01T00:00:00Z", |_| {});
    w.follow_up(fu, "2026-12-02");

    assert_eq!(w.book.cadence_workload().unwrap(), DEFAULT_CADENCE_WORKLOAD);
    let list = w.list("2026-12-02", UTC);
    let rows: Vec<&str> = names(&list.today);
    assert_eq!(rows[0], "Fay Followup", "follow-ups first, in due order");
    let cadence: Vec<&str> = rows[1..].to_vec();
    assert_eq!(cadence.len(), 15, "the default workload");
    // VIP 3 days late: 303 points; small customers and leads at most 90.
    assert_eq!(cadence[0], "Vera VIP");
    assert_eq!(
        &cadence[1..6],
        &[
            "Sam Small 0",
            "Sam Small 1",
            "Sam Small 2",
            "Sam Small 3",
            "Sam Small 4"
        ],
        "lateness capped at 90 days, ties by days late: 700, 400, 120, 95, then 60"
    );
    assert_eq!(
        &cadence[6..9],
        &["Lee Lead 20", "Lee Lead 19", "Lee Lead 18"]
    );
    assert_eq!(list.totals.cadence, 26);
    assert_eq!(list.totals.waiting, 11);
    assert_eq!(
        list.totals.today, 27,
        "the section's total counts the waiting rows"
    );
    assert_eq!(
        cadence_priority(Some(ValueTier::Vip), false, 3),
        303,
        "the rule as documented"
    );
    assert!(
        cadence_priority(Some(ValueTier::Vip), false, 3)
            > cadence_priority(Some(ValueTier::Small), false, 700)
    );
    assert!(
        cadence_priority(Some(ValueTier::Ordinary), true, 0)
            > cadence_priority(Some(ValueTier::Ordinary), false, 60)
    );

    // The rest can be asked for: the same order, every row.
    let every = w.book.today_with(today, UTC, Some(200), None).unwrap();
    assert_eq!(every.today.len(), 27);
    assert_eq!(every.totals.waiting, 0);
    assert_eq!(names(&every.today)[..16], rows[..]);

    // The user's workload.
    w.book.set_cadence_workload(3).unwrap();
    let list = w.list("2026-12-02", UTC);
    assert_eq!(
        names(&list.today),
        ["Fay Followup", "Vera VIP", "Sam Small 0", "Sam Small 1"]
    );
    assert_eq!(list.totals.waiting, 23);
    assert!(w.book.set_cadence_workload(0).is_err());
}

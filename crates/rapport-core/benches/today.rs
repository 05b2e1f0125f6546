//! The today list at 100k contacts and ~1M interactions (target < 20 ms), next to the
//! floor of one SQL scan over the same contacts.

mod support;

use chrono::{Duration, Utc};
use chrono_tz::Tz;
use rapport_core::today::{CadenceRule, RuleKind};
use rapport_core::ContactBook;
use support::{data_dir, measure, note, quick, row};

fn main() {
    let n = if quick() { 20_000 } else { 100_000 };
    let dir = data_dir().join(format!("today-{n}"));
    if !dir.join("rapport.db").exists() {
        let mut book = ContactBook::open(&dir).expect("open");
        let p = rapport_core::datagen::populate(book.store_mut(), 42, n, 10, Utc::now())
            .expect("populate");
        eprintln!(
            "generated {} contacts, {} interactions",
            p.contacts, p.interactions
        );
        book.set_cadence_rule(CadenceRule {
            kind: RuleKind::Tag,
            name: "VIP".into(),
            days: 14,
        })
        .expect("rule");
        book.set_cadence_rule(CadenceRule {
            kind: RuleKind::Stage,
            name: "customer".into(),
            days: 90,
        })
        .expect("rule");
    }
    let book = ContactBook::open(&dir).expect("open");
    let tz: Tz = "Asia/Shanghai".parse().expect("zone");
    let date = (Utc::now() + Duration::days(1)).date_naive();
    let reps = if quick() { 10 } else { 30 };
    let list = book.today(date, tz).expect("today");
    let interactions: i64 = rusqlite::Connection::open(dir.join("rapport.db"))
        .and_then(|c| c.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0)))
        .expect("count");
    let stats = measure(reps, || book.today(date, tz).expect("today"));
    let c = rusqlite::Connection::open(dir.join("rapport.db")).expect("sqlite");
    let floor = measure(reps, || {
        c.query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND archived_at IS NULL
             AND do_not_contact = 0 AND cadence_days IS NOT NULL",
            [],
            |r| r.get::<_, i64>(0),
        )
        .expect("scan")
    });
    row(
        "today",
        &format!("today list (first 200 per section + totals), {n} contacts / {interactions} interactions"),
        stats,
        Some(("one SQL scan of contacts (floor)", floor)),
    );
    let all = measure(reps.min(10), || {
        book.today_limited(date, tz, None).expect("today")
    });
    row(
        "today",
        "today list, every row of every section",
        all,
        Some(("one SQL scan of contacts (floor)", floor)),
    );
    let t = list.totals;
    note(
        "today",
        "rows due (overdue / today / occasions / upcoming)",
        &format!(
            "{} / {} / {} / {}",
            t.overdue,
            t.today,
            list.occasions.len(),
            t.upcoming
        ),
        "-",
        "-",
        "-",
    );
}

//! The report and the today list at 100k contacts with ~1M interactions and seeded deals
//! (a third of the contacts are customers), next to the floor of one SQL aggregate over the
//! won deals.

mod support;

use chrono::{Duration, Utc};
use chrono_tz::Tz;
use rapport_core::report::ReportOptions;
use rapport_core::ContactBook;
use support::{data_dir, measure, note, quick, row};

fn main() {
    let n = if quick() { 20_000 } else { 100_000 };
    let dir = data_dir().join(format!("report-{n}"));
    if !dir.join("rapport.db").exists() {
        let mut book = ContactBook::open(&dir).expect("open");
        let p = rapport_core::datagen::populate(book.store_mut(), 42, n, 10, Utc::now())
            .expect("populate");
        let deals = rapport_core::datagen_deals::populate_deals(
            &mut book,
            42,
            p.contacts as u64,
            Utc::now(),
        )
        .expect("deals");
        eprintln!(
            "generated {} contacts, {} interactions, {deals} deals",
            p.contacts, p.interactions
        );
    }
    let mut book = ContactBook::open(&dir).expect("open");
    let tz: Tz = "Asia/Shanghai".parse().expect("zone");
    let date = (Utc::now() + Duration::days(1)).date_naive();
    let reps = if quick() { 5 } else { 15 };
    let opts = ReportOptions::default();
    let report = book.report(date, tz, opts).expect("report");
    let c = rusqlite::Connection::open(dir.join("rapport.db")).expect("sqlite");
    let deals: i64 = c
        .query_row("SELECT count(*) FROM deals", [], |r| r.get(0))
        .expect("count");
    let floor = measure(reps, || {
        c.query_row(
            "SELECT count(*) FROM (SELECT contact_id, count(*), sum(amount_minor), max(closed_on)
             FROM deals WHERE status = 'won' GROUP BY contact_id)",
            [],
            |r| r.get::<_, i64>(0),
        )
        .expect("aggregate")
    });
    let stats = measure(reps, || book.report(date, tz, opts).expect("report"));
    row(
        "report",
        &format!("report (12 weeks), {n} contacts / {deals} deals"),
        stats,
        Some(("one SQL aggregate of won deals (floor)", floor)),
    );
    let today = measure(reps, || book.today(date, tz).expect("today"));
    row(
        "report",
        &format!("today list incl. at-risk, {n} contacts / {deals} deals"),
        today,
        None,
    );
    let drifting = measure(reps, || book.drifting(date, tz).expect("drifting"));
    row(
        "report",
        "drifting customers alone (the today list's at-risk part)",
        drifting,
        None,
    );
    let tiers = measure(reps.min(5), || book.refresh_value_tiers().expect("tiers"));
    row(
        "report",
        "re-tier every customer (after a won deal)",
        tiers,
        None,
    );
    note(
        "report",
        "customers / drifting / at risk on today",
        &format!(
            "{} / {} / {}",
            report.customers,
            report.drifting.len(),
            book.today(date, tz).expect("today").at_risk.len()
        ),
        "-",
        "-",
        "-",
    );
}

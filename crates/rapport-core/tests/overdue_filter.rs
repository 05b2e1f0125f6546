//! The contact list's "overdue" filter (keys and SQL) lists exactly the contacts
//! the today list counts as overdue, in every zone, on the day's boundaries too.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::{ContactBook, ContactId, ContactQuery, ContactSort};

#[test]
fn the_overdue_filter_agrees_with_the_today_list() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now: DateTime<Utc> = "2026-03-10T12:00:00Z".parse().unwrap();
    rapport_core::datagen::populate_book(&mut book, 11, 1500, 6, now).unwrap();
    let mut largest = 0;
    let base: NaiveDate = "2026-03-10".parse().unwrap();
    for zone in [
        "UTC",
        "Asia/Shanghai",
        "America/Los_Angeles",
        "Pacific/Kiritimati",
    ] {
        let tz: Tz = zone.parse().unwrap();
        for days in [-40, -1, 0, 1, 3, 30] {
            let date = base + Duration::days(days);
            let expected: HashSet<ContactId> = book
                .today_limited(date, tz, None)
                .unwrap()
                .overdue_contact_ids()
                .into_iter()
                .collect();
            let q = ContactQuery {
                sort: ContactSort::Name,
                ..Default::default()
            };
            let listed: Vec<ContactId> = book
                .list_overdue_contacts(&q, date, tz)
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            let got: HashSet<ContactId> = listed.iter().copied().collect();
            largest = largest.max(expected.len());
            assert_eq!(got, expected, "{zone} on {date}");
            assert_eq!(listed.len(), got.len(), "each once");
            assert_eq!(
                book.count_overdue_contacts(&q, date, tz).unwrap(),
                expected.len() as u64
            );
            // Paged in SQL: the pages put together are the whole list.
            let mut paged = Vec::new();
            for page in 0..((listed.len() / 100) + 1) as u32 {
                let q = ContactQuery {
                    limit: Some(100),
                    offset: page * 100,
                    ..q.clone()
                };
                paged.extend(
                    book.list_overdue_contacts(&q, date, tz)
                        .unwrap()
                        .iter()
                        .map(|c| c.id),
                );
            }
            assert_eq!(paged, listed);
        }
    }
    assert!(
        largest > 200,
        "the data has overdue contacts to compare ({largest})"
    );
}

/// The dashboard's overdue trend on generated data was flat at 0 while Today
/// listed thousands overdue: generated follow-ups were created "now", after the
/// start of every day the trend looks at.
#[test]
fn the_overdue_trend_of_generated_data_is_not_flat() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now: DateTime<Utc> = "2026-03-10T12:00:00Z".parse().unwrap();
    rapport_core::datagen::populate_book(&mut book, 5, 3000, 2, now).unwrap();
    let date: NaiveDate = "2026-03-10".parse().unwrap();
    let today = book.today(date, Tz::UTC).unwrap();
    assert!(today.totals.overdue > 50, "{}", today.totals.overdue);
    let report = book
        .report(
            date,
            Tz::UTC,
            rapport_core::report::ReportOptions::default(),
        )
        .unwrap();
    let last = report.overdue_trend.last().unwrap();
    assert_eq!(
        last.overdue, today.totals.overdue,
        "today's point is Today's count"
    );
    let distinct: HashSet<u64> = report.overdue_trend.iter().map(|p| p.overdue).collect();
    assert!(distinct.len() > 2, "{:?}", report.overdue_trend);
}

/// "N to do" counts the whole day, not the rows shown: 50 rows a section used to
/// give "608 to do" with thousands due.
#[test]
fn the_days_count_includes_rows_beyond_the_section_limit() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now: DateTime<Utc> = "2026-03-10T12:00:00Z".parse().unwrap();
    rapport_core::datagen::populate_book(&mut book, 5, 3000, 2, now).unwrap();
    let date: NaiveDate = "2026-03-10".parse().unwrap();
    let small = book.today_with(date, Tz::UTC, Some(5), Some(15)).unwrap();
    let whole = book.today_with(date, Tz::UTC, None, Some(15)).unwrap();
    assert!(
        small.overdue.len() <= 5 && small.totals.overdue > 5,
        "{:?}",
        small.totals
    );
    assert_eq!(
        small.totals.due, whole.totals.due,
        "the cap does not change the count"
    );
    let shown_whole = (whole.overdue.len()
        + whole.today.len()
        + whole.occasions.len()
        + whole.at_risk.len()
        + whole.open_cases.len()) as u64;
    assert_eq!(
        whole.totals.due, shown_whole,
        "with no cap the count is the rows"
    );
}

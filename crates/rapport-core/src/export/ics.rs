//! Open follow-ups as an iCalendar file (RFC 5545): one all-day event per
//! follow-up (or a 30-minute one at its time), so that they show in any
//! calendar. Times are the user's local wall-clock ("floating") times.

use std::io::Write;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{escape_text, write_folded};
use crate::book::ContactBook;
use crate::error::Result;

/// Writes every pending (open or snoozed) follow-up of live contacts; returns how many.
/// `now` stamps the events (`DTSTAMP`).
pub fn export_ics(book: &ContactBook, now: DateTime<Utc>, out: &mut dyn Write) -> Result<u64> {
    let until = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapport//Rapport CRM//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Rapport follow-ups",
    ] {
        write_folded(out, l)?;
    }
    let mut n = 0;
    for f in book.store().pending_follow_ups_until(until)? {
        let Ok(c) = book.contact(f.contact_id) else {
            continue;
        };
        let d = &c.draft;
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:followup-{}@rapport.invalid", f.id),
            format!("DTSTAMP:{stamp}"),
        ];
        match f.due_time {
            Some(t) => {
                let start = f.due_date.and_time(t);
                let end = start + Duration::minutes(30);
                lines.push(format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")));
                lines.push(format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")));
            }
            None => {
                let end = f.due_date.succ_opt().unwrap_or(f.due_date);
                lines.push(format!(
                    "DTSTART;VALUE=DATE:{}",
                    f.due_date.format("%Y%m%d")
                ));
                lines.push(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
            }
        }
        let summary = if f.text.is_empty() {
            d.display_name.clone()
        } else {
            format!("{}: {}", d.display_name, f.text)
        };
        lines.push(format!("SUMMARY:{}", escape_text(&summary)));
        let mut desc = vec![f.text.clone()];
        desc.extend(d.phones.first().map(|p| format!("Phone: {}", p.raw)));
        desc.extend(d.emails.first().map(|e| format!("Email: {}", e.address)));
        desc.extend(d.company.clone().map(|c| format!("Company: {c}")));
        lines.push(format!(
            "DESCRIPTION:{}",
            escape_text(desc.join("\n").trim())
        ));
        lines.push("STATUS:CONFIRMED".into());
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
        for l in lines {
            write_folded(out, &l)?;
        }
        n += 1;
    }
    write_folded(out, "END:VCALENDAR")?;
    Ok(n)
}

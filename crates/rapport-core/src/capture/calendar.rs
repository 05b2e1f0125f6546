//! `calendar import FILE.ics`: events whose organizer or attendees are
//! contacts become meetings on those contacts at the event's start.
//!
//! - Recurring events (`RRULE`, `RDATE`, `EXDATE`) are expanded with the
//!   `rrule` crate up to `now`, over the last [`WINDOW_DAYS`] days and at most
//!   [`MAX_OCCURRENCES`] occurrences per event (a rule without an end stops
//!   at `now`); an occurrence moved or cancelled by an override (same UID
//!   with a `RECURRENCE-ID`) is replaced by it.
//! - Cancelled events, declined attendees and events still to come are
//!   skipped.
//! - Times: `Z` is UTC; a `TZID` is an IANA zone (also as Outlook's Windows
//!   names and Thunderbird's `/mozilla.org/.../Europe/Berlin`); an unknown
//!   `TZID` or a floating time is read in the user's zone and the unknown
//!   name is reported. An all-day event is placed at noon in the user's zone,
//!   so its date is the same whatever the zone.
//! - Identity: `UID` (with the occurrence's start, or its `RECURRENCE-ID`),
//!   so importing the same file again creates nothing.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_calendar, unfold, Component, Property};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::address;
use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::interactions::{Direction, InteractionKind};
use crate::store::{BatchCounts, CapturedInteraction};

/// Most occurrences of one recurring event imported.
pub const MAX_OCCURRENCES: u16 = 1000;

/// How far back recurring events are expanded.
pub const WINDOW_DAYS: i64 = 3 * 366;

/// Most steps taken through one rule (a `FREQ=SECONDLY` rule from years
/// ago would otherwise run for minutes).
const MAX_STEPS: usize = 200_000;

/// Largest `.ics` file read (it is parsed whole).
pub const MAX_ICS_BYTES: u64 = 256 * 1024 * 1024;

/// What to import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarImportRequest {
    /// The `.ics` file.
    pub path: PathBuf,
}

/// An event that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventProblem {
    /// The event's place in the file, from 1.
    #[ts(type = "number")]
    pub event: u64,
    /// Its UID, when it has one.
    pub uid: Option<String>,
    /// What is wrong.
    pub problem: String,
}

/// What a calendar import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarImportSummary {
    /// The batch (undo it to remove the meetings).
    #[ts(type = "number")]
    pub batch: i64,
    /// Events in the file.
    #[ts(type = "number")]
    pub events: u64,
    /// Occurrences that happened (recurring events expanded).
    #[ts(type = "number")]
    pub occurrences: u64,
    /// Meetings created (one per occurrence and contact).
    #[ts(type = "number")]
    pub created: u64,
    /// Meetings an earlier import had already captured.
    #[ts(type = "number")]
    pub already_imported: u64,
    /// Occurrences with no contact among their people.
    #[ts(type = "number")]
    pub unmatched: u64,
    /// Cancelled events skipped.
    #[ts(type = "number")]
    pub cancelled: u64,
    /// Events still to come, skipped.
    #[ts(type = "number")]
    pub future: u64,
    /// Recurring events whose expansion was cut (window or cap).
    #[ts(type = "number")]
    pub capped: u64,
    /// Time zone names not known, read in the user's zone instead.
    pub unknown_zones: Vec<String>,
    /// Events that could not be read.
    pub problems: Vec<EventProblem>,
}

/// A start time as written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// All-day (`VALUE=DATE`).
    Day(NaiveDate),
    /// A time in a zone (UTC for `Z`).
    At(DateTime<Tz>),
}

impl Start {
    fn instant(&self, zone: Tz) -> DateTime<Utc> {
        match self {
            Start::Day(d) => at_noon(*d, zone),
            Start::At(t) => t.with_timezone(&Utc),
        }
    }
}

fn at_noon(d: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let noon = d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    local_instant(noon, zone).with_timezone(&Utc)
}

/// A local time in `zone`; in a gap (spring forward) the time after it.
fn local_instant(t: NaiveDateTime, zone: Tz) -> DateTime<Tz> {
    zone.from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(t + Duration::hours(1)))
                .earliest()
        })
        .unwrap_or_else(|| zone.from_utc_datetime(&t))
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref().map(|v| v.as_str().trim_matches('"')))
}

fn prop<'a>(c: &'a Component, name: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'a>(c: &'a Component, name: &'a str) -> impl Iterator<Item = &'a Property<'a>> {
    c.properties
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

/// Common Windows zone names (Outlook writes them as TZIDs).
const WINDOWS_ZONES: [(&str, &str); 16] = [
    ("China Standard Time", "Asia/Shanghai"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Mountain Standard Time", "America/Denver"),
    ("Central Standard Time", "America/Chicago"),
    ("Eastern Standard Time", "America/New_York"),
    ("GMT Standard Time", "Europe/London"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("UTC", "UTC"),
];

/// The zone a `TZID` names, `None` when unknown.
fn zone_named(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim();
    if let Ok(z) = tzid.parse::<Tz>() {
        return Some(z);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    // `/mozilla.org/20050126_1/Europe/Berlin`, `/citadel.org/.../America/New_York`.
    let parts: Vec<&str> = tzid.split('/').filter(|s| !s.is_empty()).collect();
    (2..=3.min(parts.len()))
        .rev()
        .find_map(|n| parts[parts.len() - n..].join("/").parse().ok())
}

struct Reader<'a> {
    zone: Tz,
    unknown_zones: &'a mut Vec<String>,
}

impl Reader<'_> {
    /// Reads a DTSTART/RECURRENCE-ID/EXDATE value (one of a list).
    fn start(&mut self, value: &str, tzid: Option<&str>, all_day: bool) -> Option<Start> {
        let v = value.trim();
        if all_day || (v.len() == 8 && !v.contains('T')) {
            return NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d")
                .ok()
                .map(Start::Day);
        }
        if let Some(utc) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
            let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
            return Some(Start::At(Tz::UTC.from_utc_datetime(&t)));
        }
        let t = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?;
        let zone = match tzid {
            None => self.zone,
            Some(name) => zone_named(name).unwrap_or_else(|| {
                if !self.unknown_zones.iter().any(|z| z == name) {
                    self.unknown_zones.push(name.to_string());
                }
                self.zone
            }),
        };
        Some(Start::At(local_instant(t, zone)))
    }

    fn start_of(&mut self, p: &Property) -> Option<Start> {
        let all_day = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        self.start(p.val.as_str(), param(p, "TZID"), all_day)
    }

    fn starts_of(&mut self, p: &Property) -> Vec<Start> {
        let all_day = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        p.val
            .as_str()
            .split(',')
            .filter_map(|v| self.start(v, param(p, "TZID"), all_day))
            .collect()
    }
}

/// The people of an event: (organizer, attendees who did not decline).
fn people(e: &Component) -> (Option<String>, Vec<String>) {
    let addr = |p: &Property| {
        let v = p.val.as_str().trim();
        let v = v
            .get(..7)
            .filter(|s| s.eq_ignore_ascii_case("mailto:"))
            .map_or(v, |_| &v[7..]);
        crate::contacts::looks_like_email(v.trim()).then(|| address::key(v))
    };
    let organizer = prop(e, "ORGANIZER").and_then(addr);
    let attendees = props(e, "ATTENDEE")
        .filter(|p| !param(p, "PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED")))
        .filter_map(addr)
        .collect();
    (organizer, attendees)
}

fn text_of(e: &Component, name: &str) -> Option<String> {
    prop(e, name).map(|p| p.val.clone().unescape_text().as_str().trim().to_string())
}

/// Imports the meetings of an `.ics` file (see the module's rules), in
/// `zone` for floating times and all-day events.
pub fn import_calendar(
    book: &mut ContactBook,
    req: &CalendarImportRequest,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<CalendarImportSummary> {
    let path = &req.path;
    let text = read_ics(path)?;
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).map_err(|e| {
        Error::invalid(
            "calendar",
            format!(
                "{}: not a readable iCalendar file: {}",
                path.display(),
                first_line(&e)
            ),
        )
    })?;
    let events: Vec<&Component> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .collect();
    if events.is_empty() && !unfolded.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(Error::invalid(
            "calendar",
            format!(
                "{}: not an iCalendar file (no BEGIN:VCALENDAR)",
                path.display()
            ),
        ));
    }
    let contacts = book.store().contacts_by_email()?;
    let own = super::own_set(book)?;
    let mut s = CalendarImportSummary {
        events: events.len() as u64,
        ..Default::default()
    };
    let mut unknown = Vec::new();
    let mut r = Reader {
        zone,
        unknown_zones: &mut unknown,
    };
    // Occurrences that an override replaces: (uid, instant of RECURRENCE-ID).
    let mut overridden: HashSet<(String, DateTime<Utc>)> = HashSet::new();
    for e in &events {
        if let (Some(uid), Some(rid)) = (text_of(e, "UID"), prop(e, "RECURRENCE-ID")) {
            if let Some(st) = r.start_of(rid) {
                overridden.insert((uid, st.instant(zone)));
            }
        }
    }
    let mut items = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let number = i as u64 + 1;
        let uid = text_of(e, "UID").filter(|u| !u.is_empty());
        let mut problem = |p: &str| {
            s.problems.push(EventProblem {
                event: number,
                uid: uid.clone(),
                problem: p.to_string(),
            })
        };
        let Some(uid) = uid.clone() else {
            problem("it has no UID");
            continue;
        };
        if text_of(e, "STATUS").is_some_and(|st| st.eq_ignore_ascii_case("CANCELLED")) {
            s.cancelled += 1;
            continue;
        }
        let Some(start) = prop(e, "DTSTART").and_then(|p| r.start_of(p)) else {
            problem("it has no readable DTSTART");
            continue;
        };
        let (organizer, attendees) = people(e);
        let direction = if organizer.as_ref().is_some_and(|o| own.contains(o)) {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        let mut matched: Vec<ContactId> = organizer
            .iter()
            .chain(&attendees)
            .filter(|a| !own.contains(*a))
            .filter_map(|a| contacts.get(a))
            .flatten()
            .copied()
            .collect();
        matched.sort_unstable();
        matched.dedup();
        let summary = text_of(e, "SUMMARY").unwrap_or_default();
        let recurrence_id = prop(e, "RECURRENCE-ID").and_then(|p| r.start_of(p));
        let rule = prop(e, "RRULE").map(|p| p.val.as_str().to_string());
        let occurrences: Vec<(String, DateTime<Utc>)> = match (rule, recurrence_id) {
            (Some(rule), None) => {
                let exdates: Vec<Start> = props(e, "EXDATE").flat_map(|p| r.starts_of(p)).collect();
                let rdates: Vec<Start> = props(e, "RDATE").flat_map(|p| r.starts_of(p)).collect();
                match expand(&rule, start, &exdates, &rdates, now, zone) {
                    Ok((dates, cut)) => {
                        s.capped += u64::from(cut);
                        dates
                            .into_iter()
                            .filter(|d| !overridden.contains(&(uid.clone(), *d)))
                            .map(|d| (format!("ics:{uid}|{}", d.to_rfc3339()), d))
                            .collect()
                    }
                    Err(why) => {
                        problem(&format!(
                            "its RRULE cannot be read ({why}); only its first occurrence is used"
                        ));
                        vec![(format!("ics:{uid}"), start.instant(zone))]
                    }
                }
            }
            (_, Some(rid)) => vec![(
                format!("ics:{uid}|{}", rid.instant(zone).to_rfc3339()),
                start.instant(zone),
            )],
            (None, None) => vec![(format!("ics:{uid}"), start.instant(zone))],
        };
        for (key, at) in occurrences {
            if at > now {
                s.future += 1;
                continue;
            }
            s.occurrences += 1;
            if matched.is_empty() {
                s.unmatched += 1;
            }
            items.extend(matched.iter().map(|&contact| CapturedInteraction {
                key: key.clone(),
                contact,
                kind: InteractionKind::Meeting,
                occurred_at: at,
                direction,
                text: summary.clone(),
            }));
        }
    }
    s.unknown_zones = unknown;
    let _lock = book.import_lock()?;
    let batch = book.store_mut().begin_import_batch(
        &path.display().to_string(),
        r#"{"kind":"calendar"}"#,
        now,
    )?;
    s.batch = batch;
    // One transaction: a calendar is written whole or not at all.
    let written = book
        .store_mut()
        .write_captured(Some(batch), &items, &[], now);
    let o = match written {
        Ok(o) => o,
        Err(e) => {
            book.store_mut()
                .finish_import_batch(batch, "failed", &BatchCounts::default(), now)?;
            return Err(e);
        }
    };
    s.created = o.created;
    s.already_imported = o.known;
    let counts = BatchCounts {
        rows: s.events,
        errors: s.problems.len() as u64,
        ..Default::default()
    };
    book.store_mut()
        .finish_import_batch(batch, "complete", &counts, now)?;
    let _ = book.sync_search();
    Ok(s)
}

fn first_line(e: &str) -> &str {
    e.lines()
        .find(|l| !l.trim().is_empty() && l.trim() != "error:")
        .unwrap_or(e)
        .trim()
}

fn read_ics(path: &Path) -> Result<String> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len == 0 {
        return Err(Error::invalid(
            "calendar",
            format!("{}: the file is empty (0 bytes): no events", path.display()),
        ));
    }
    if len > MAX_ICS_BYTES {
        return Err(Error::invalid(
            "calendar",
            format!("{}: larger than {} MB", path.display(), MAX_ICS_BYTES >> 20),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The occurrences of a recurring event that have happened, within the
/// window and the cap; `true` when some were left out.
fn expand(
    rule: &str,
    start: Start,
    exdates: &[Start],
    rdates: &[Start],
    now: DateTime<Utc>,
    zone: Tz,
) -> std::result::Result<(Vec<DateTime<Utc>>, bool), String> {
    let tz_of = |s: &Start| match s {
        Start::Day(_) => zone,
        Start::At(t) => t.timezone(),
    };
    let in_rrule = |t: DateTime<Utc>, z: Tz| t.with_timezone(&rrule::Tz::Tz(z));
    let z = tz_of(&start);
    let dt_start = in_rrule(start.instant(zone), z);
    let parsed: rrule::RRule<rrule::Unvalidated> = rule.parse().map_err(|e| format!("{e}"))?;
    let validated = parsed.validate(dt_start).map_err(|e| format!("{e}"))?;
    let window_start = now - Duration::days(WINDOW_DAYS);
    let mut set = rrule::RRuleSet::new(dt_start).rrule(validated);
    for x in exdates {
        set = set.exdate(in_rrule(x.instant(zone), z));
    }
    for x in rdates {
        set = set.rdate(in_rrule(x.instant(zone), z));
    }
    // Walked in order, keeping the latest: a rule without an end that began
    // long ago still yields the occurrences nearest now.
    let mut kept: VecDeque<DateTime<Utc>> = VecDeque::new();
    let mut cut = false;
    for (n, d) in (&set).into_iter().enumerate() {
        if n >= MAX_STEPS {
            cut = true;
            break;
        }
        let d = d.with_timezone(&Utc);
        if d > now {
            break;
        }
        if d < window_start {
            cut = true;
            continue;
        }
        if kept.len() == usize::from(MAX_OCCURRENCES) {
            kept.pop_front();
            cut = true;
        }
        kept.push_back(d);
    }
    Ok((kept.into(), cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_found_by_iana_windows_and_mozilla_names() {
        assert_eq!(zone_named("Asia/Shanghai"), Some(Tz::Asia__Shanghai));
        assert_eq!(zone_named("China Standard Time"), Some(Tz::Asia__Shanghai));
        assert_eq!(
            zone_named("/mozilla.org/20050126_1/Europe/Berlin"),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(zone_named("Mars/Olympus_Mons"), None);
    }

    #[test]
    fn an_all_day_event_keeps_its_date_in_any_zone() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for z in [
            Tz::Pacific__Kiritimati,
            Tz::Pacific__Pago_Pago,
            Tz::Asia__Shanghai,
        ] {
            let at = at_noon(d, z);
            assert_eq!(at.with_timezone(&z).date_naive(), d, "{z}");
        }
    }
}

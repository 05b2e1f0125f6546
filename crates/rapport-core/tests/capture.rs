//! Interactions captured from mail files and calendars, through the core's
//! import functions on a real data folder.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::capture::calendar::{import_calendar, CalendarImportRequest};
use rapport_core::capture::mail_import::{import_mail, MailImportRequest, MailImportSummary};
use rapport_core::capture::{set_own_addresses, suggestions};
use rapport_core::contacts::Email;
use rapport_core::today::TodayReason;
use rapport_core::{ContactBook, ContactDraft, ContactId, Direction, InteractionKind};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const ME: &str = "me@rapport.example";

struct World {
    _dir: tempfile::TempDir,
    files: PathBuf,
    book: ContactBook,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("files");
        std::fs::create_dir(&files).unwrap();
        let mut book = ContactBook::open(&dir.path().join("data")).unwrap();
        set_own_addresses(&mut book, &[ME.to_string()]).unwrap();
        World {
            _dir: dir,
            files,
            book,
        }
    }

    fn contact(&mut self, name: &str, email: &str, created: &str) -> ContactId {
        let draft = ContactDraft {
            display_name: name.into(),
            emails: vec![Email {
                address: email.into(),
                label: None,
            }],
            ..Default::default()
        };
        self.book.add_contact(draft, t(created)).unwrap().id
    }

    fn file(&self, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
        let p = self.files.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, body).unwrap();
        p
    }

    fn import(&mut self, path: &Path, now: &str) -> rapport_core::Result<MailImportSummary> {
        let req = MailImportRequest {
            path: path.to_path_buf(),
        };
        import_mail(
            &mut self.book,
            &req,
            t(now),
            &mut |_| {},
            &AtomicBool::new(false),
        )
    }
}

/// One mbox message.
fn msg(id: &str, date: &str, from: &str, to: &str, subject: &str, extra: &str) -> String {
    format!(
        "From - Mon Dec  1 10:00:00 2026\nMessage-ID: <{id}>\nDate: {date}\nFrom: {from}\nTo: {to}\nSubject: {subject}\n{extra}\nHello,\n\nregards\n\n"
    )
}

#[test]
fn a_lapsed_cadence_is_no_longer_due_once_an_email_to_them_is_imported() {
    let mut w = World::new();
    let wei = w.contact("张伟明", "ZWM@Example.cn", "2026-09-01T08:00:00Z");
    let mut d = w.book.contact(wei).unwrap().draft;
    d.cadence_days = Some(30);
    w.book
        .update_contact(wei, d, t("2026-09-01T08:00:00Z"))
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let due = |b: &ContactBook| {
        b.today(today, Tz::Asia__Shanghai)
            .unwrap()
            .today
            .iter()
            .any(|i| i.contact_id == wei && i.reason == TodayReason::Cadence)
    };
    assert!(
        due(&w.book),
        "created three months ago with a 30-day cadence: due"
    );

    let mbox = w.file(
        "Sent",
        msg(
            "s1@rapport",
            "Tue, 1 Dec 2026 18:00:00 +0800",
            ME,
            "Wei <zwm@example.cn>",
            "续保报价",
            "",
        ),
    );
    let s = w.import(&mbox, "2026-12-02T01:00:00Z").unwrap();
    assert_eq!((s.messages, s.created), (1, 1));
    assert!(
        !due(&w.book),
        "the email resets the cadence, as a logged call does"
    );
    let c = w.book.contact(wei).unwrap();
    let last = c.last_contacted.unwrap();
    assert_eq!(
        (last.at, last.kind),
        (t("2026-12-01T10:00:00Z"), InteractionKind::Email)
    );
    let i = &w.book.interactions_of(wei, None).unwrap()[0];
    assert_eq!(
        (i.text.as_str(), i.direction),
        ("续保报价", Some(Direction::Outbound))
    );

    // Undone in one step: the cadence is due again.
    rapport_core::import::undo_import(&mut w.book, s.batch, t("2026-12-02T02:00:00Z")).unwrap();
    assert!(w.book.interactions_of(wei, None).unwrap().is_empty());
    assert!(w.book.contact(wei).unwrap().last_contacted.is_none());
    assert!(due(&w.book));
}

#[test]
fn importing_the_same_mail_again_creates_nothing() {
    let mut w = World::new();
    let a = w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let text = [
        msg(
            "m1@x",
            "Mon, 30 Nov 2026 09:00:00 +0000",
            "Ann <ann@x.com>",
            ME,
            "Quote?",
            "",
        ),
        msg(
            "m2@x",
            "Mon, 30 Nov 2026 10:00:00 +0000",
            ME,
            "ann@x.com",
            "Re: Quote?",
            "",
        ),
    ]
    .concat();
    let mbox = w.file("Inbox", &text);
    let first = w.import(&mbox, "2026-12-01T00:00:00Z").unwrap();
    assert_eq!(first.created, 2);
    let dump = w.book.store().user_data_dump().unwrap();
    // The same messages again, also as a Maildir copy of one of them.
    let again = w.import(&mbox, "2026-12-01T01:00:00Z").unwrap();
    assert_eq!((again.created, again.already_imported), (0, 2));
    let maildir = w.files.join("md");
    w.file(
        "md/cur/1.eml:2,S",
        msg(
            "m1@x",
            "Mon, 30 Nov 2026 09:00:00 +0000",
            "ann@x.com",
            ME,
            "Quote?",
            "",
        )
        .split_once('\n')
        .unwrap()
        .1,
    );
    std::fs::create_dir_all(maildir.join("new")).unwrap();
    let md = w.import(&maildir, "2026-12-01T02:00:00Z").unwrap();
    assert_eq!((md.messages, md.created, md.already_imported), (1, 0, 1));
    assert_eq!(w.book.store().user_data_dump().unwrap(), dump);
    let dirs: Vec<_> = w
        .book
        .interactions_of(a, None)
        .unwrap()
        .iter()
        .map(|i| i.direction)
        .collect();
    assert_eq!(dirs, [Some(Direction::Outbound), Some(Direction::Inbound)]);
}

#[test]
fn lists_no_reply_automatic_replies_and_mass_mail_are_skipped_and_counted() {
    let mut w = World::new();
    let a = w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let many: Vec<String> = (0..21).map(|i| format!("p{i}@x.com")).collect();
    let d = "Mon, 30 Nov 2026 09:00:00 +0000";
    let text = [
        msg("l@x", d, "ann@x.com", ME, "list", "List-Id: <news.x.com>"),
        msg(
            "u@x",
            d,
            "ann@x.com",
            ME,
            "unsub",
            "List-Unsubscribe: <mailto:u@x.com>",
        ),
        msg("b@x", d, "ann@x.com", ME, "bulk", "Precedence: bulk"),
        msg("n@x", d, "noreply@x.com", "ann@x.com", "no reply", ""),
        msg(
            "o@x",
            d,
            "ann@x.com",
            ME,
            "Out of office",
            "Auto-Submitted: auto-replied",
        ),
        msg("x@x", d, "ann@x.com", ME, "away", "X-Autoreply: yes"),
        msg(
            "m@x",
            d,
            ME,
            &format!("ann@x.com, {}", many.join(", ")),
            "to all",
            "",
        ),
        msg("k@x", d, "ann@x.com", ME, "kept", ""),
        // Regression: a list's message without a valid Date was counted unreadable.
        msg(
            "l2@x",
            "",
            "ann@x.com",
            ME,
            "digest",
            "List-Id: <digest.x.com>",
        ),
    ]
    .concat();
    let s = w
        .import(&w.file("mixed.mbox", text), "2026-12-01T00:00:00Z")
        .unwrap();
    assert_eq!(s.messages, 9);
    assert_eq!(s.skipped.mailing_list, 4);
    assert_eq!(s.skipped.unreadable, 0, "{:?}", s.problems);
    assert_eq!(s.skipped.no_reply, 1);
    assert_eq!(s.skipped.automatic_reply, 2);
    assert_eq!(s.skipped.too_many_recipients, 1);
    assert_eq!(s.created, 1);
    assert_eq!(w.book.interactions_of(a, None).unwrap()[0].text, "kept");
    // 21 recipients of a skipped message are not suggestions.
    assert!(suggestions::suggestions(&w.book).unwrap().is_empty());
}

#[test]
fn people_written_to_twice_are_suggested_never_created() {
    let mut w = World::new();
    w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let d = "Mon, 30 Nov 2026 09:00:00 +0000";
    let text = [
        msg(
            "1@x",
            d,
            ME,
            "=?UTF-8?B?5p2O5Zub?= <li4@y.cn>, ann@x.com",
            "a",
            "",
        ),
        msg(
            "2@x",
            "Tue, 1 Dec 2026 09:00:00 +0000",
            ME,
            "LI4@y.cn",
            "b",
            "",
        ),
        msg("3@x", d, ME, "once@y.cn", "c", ""),
        msg("4@x", d, "stranger@y.cn", ME, "inbound only", ""),
        msg("5@x", d, ME, "gone@y.cn", "d", ""),
        msg("6@x", d, ME, "gone@y.cn", "e", ""),
    ]
    .concat();
    let before = w.book.store().count_contacts().unwrap();
    let s = w
        .import(&w.file("Sent", text), "2026-12-02T00:00:00Z")
        .unwrap();
    assert_eq!(
        w.book.store().count_contacts().unwrap(),
        before,
        "never created silently"
    );
    assert_eq!(s.suggestions, 2);
    let list = suggestions::suggestions(&w.book).unwrap();
    let addrs: Vec<&str> = list.iter().map(|s| s.address.as_str()).collect();
    assert_eq!(addrs, ["LI4@y.cn", "gone@y.cn"]);
    assert_eq!(list[0].name.as_deref(), Some("李四"));

    suggestions::dismiss_suggestion(&mut w.book, "gone@y.cn", t("2026-12-02T00:00:00Z")).unwrap();
    let accepted =
        suggestions::accept_suggestion(&mut w.book, "li4@y.cn", t("2026-12-02T00:00:00Z")).unwrap();
    assert_eq!(accepted.contact.draft.display_name, "李四");
    assert_eq!(accepted.emails, 2);
    assert!(suggestions::suggestions(&w.book).unwrap().is_empty());
    assert!(
        suggestions::accept_suggestion(&mut w.book, "once@y.cn", t("2026-12-02T00:00:00Z"))
            .is_err()
    );
    // Re-importing now finds the new contact's messages already captured.
    let again = w
        .import(&w.files.join("Sent"), "2026-12-02T01:00:00Z")
        .unwrap();
    assert_eq!(again.created, 0);
}

#[test]
fn hostile_mail_files_end_in_clear_messages_and_nothing_half_written() {
    let mut w = World::new();
    w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let before = w.book.store().user_data_dump().unwrap();

    let empty = w.file("empty.mbox", "");
    let e = w
        .import(&empty, "2026-12-02T00:00:00Z")
        .unwrap_err()
        .to_string();
    assert!(e.contains("empty.mbox") && e.contains("empty"), "{e}");
    let csv = w.file("contacts.mbox", "name,email\nAnn,ann@x.com\n");
    let e = w
        .import(&csv, "2026-12-02T00:00:00Z")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("contacts.mbox") && e.contains("not an mbox"),
        "{e}"
    );
    assert_eq!(w.book.store().user_data_dump().unwrap(), before);

    let d = "Mon, 30 Nov 2026 09:00:00 +0000";
    let mut text = msg("ok@x", d, "ann@x.com", ME, "ok", "");
    // A 1 MB header.
    text.push_str(&msg("big@x", d, "ann@x.com", ME, &"x".repeat(1 << 20), ""));
    // Bad base64 in the subject: read, not refused.
    text.push_str(&msg("b64@x", d, "ann@x.com", ME, "=?UTF-8?B?@@@###?=", ""));
    // No sender.
    text.push_str("From - Mon Dec  1 10:00:00 2026\nSubject: who?\nDate: Mon, 30 Nov 2026 09:00:00 +0000\n\nbody\n\n");
    // Cut short inside the header.
    text.push_str("From - Mon Dec  1 10:00:00 2026\nMessage-ID: <cut@x>\nFrom: ann@x.com\nSubj");
    let s = w
        .import(&w.file("hostile.mbox", text), "2026-12-02T00:00:00Z")
        .unwrap();
    assert_eq!(s.messages, 5);
    assert_eq!(s.created, 2, "{s:?}");
    let problems: Vec<String> = s.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].contains("hostile.mbox, message 2") && problems[0].contains("256 KiB"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("message 4") && problems[1].contains("no From"),
        "{problems:?}"
    );
    assert!(
        problems[2].contains("message 5") && problems[2].contains("cut short"),
        "{problems:?}"
    );
}

#[test]
fn a_failed_import_is_undone_whole() {
    let mut w = World::new();
    w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let before = w.book.store().user_data_dump().unwrap();
    let d = "Mon, 30 Nov 2026 09:00:00 +0000";
    let text: String = (0..3000)
        .map(|i| msg(&format!("{i}@x"), d, "ann@x.com", ME, "s", ""))
        .collect();
    let p = w.file("big.mbox", text);
    let cancel = AtomicBool::new(false);
    let req = MailImportRequest { path: p };
    // Cancelled after the first chunk is written.
    let mut calls = 0;
    let r = import_mail(
        &mut w.book,
        &req,
        t("2026-12-02T00:00:00Z"),
        &mut |_| {
            calls += 1;
            if calls == 9 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    );
    // The code says what happened (it was `invalid_input`, which the app showed as a bad file).
    assert_eq!(r.unwrap_err().code(), "cancelled");
    assert_eq!(w.book.store().user_data_dump().unwrap(), before);
}

#[test]
fn eml_files_and_raw_gbk_headers_are_read() {
    let mut w = World::new();
    let a = w.contact("张伟明", "zwm@example.cn", "2026-01-01T00:00:00Z");
    let (subject, _, _) = encoding_rs::GBK.encode("关于续保报价的问题，请尽快回复");
    let mut raw = b"From: zwm@example.cn\r\nTo: me@rapport.example\r\nDate: Mon, 30 Nov 2026 09:00:00 +0800\r\nMessage-ID: <g@x>\r\nSubject: ".to_vec();
    raw.extend_from_slice(&subject);
    raw.extend_from_slice(b"\r\n\r\nbody");
    w.file("saved/one.eml", raw);
    w.file("saved/two.eml", "From: =?big5?B?sWmwtqn6?= <zwm@example.cn>\nTo: me@rapport.example\nDate: Tue, 1 Dec 2026 09:00:00 +0800\nSubject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\n");
    w.file("saved/notes.txt", "not mail");
    let s = w
        .import(&w.files.join("saved"), "2026-12-02T00:00:00Z")
        .unwrap();
    assert_eq!((s.files, s.created), (2, 2));
    let texts: Vec<String> = w
        .book
        .interactions_of(a, None)
        .unwrap()
        .into_iter()
        .map(|i| i.text)
        .collect();
    assert_eq!(texts, ["テスト", "关于续保报价的问题，请尽快回复"]);
}

const ICS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
BEGIN:VEVENT\r
UID:once@google.com\r
DTSTART:20261120T020000Z\r
SUMMARY:Lunch\\, with Ann\r
ORGANIZER;CN=Me:mailto:me@rapport.example\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ANN@x.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly@outlook\r
DTSTART;TZID=China Standard Time:20261102T100000\r
RRULE:FREQ=WEEKLY\r
EXDATE;TZID=China Standard Time:20261109T100000\r
SUMMARY:Weekly review\r
ORGANIZER:mailto:ann@x.com\r
ATTENDEE:mailto:me@rapport.example\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly@outlook\r
RECURRENCE-ID;TZID=China Standard Time:20261116T100000\r
DTSTART;TZID=China Standard Time:20261117T150000\r
SUMMARY:Weekly review (moved)\r
ORGANIZER:mailto:ann@x.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:allday@apple\r
DTSTART;VALUE=DATE:20261125\r
SUMMARY:Offsite\r
ATTENDEE:mailto:bob@y.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:gone@google.com\r
STATUS:CANCELLED\r
DTSTART:20261110T020000Z\r
ATTENDEE:mailto:ann@x.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:mars@x\r
DTSTART;TZID=Mars/Olympus:20261105T090000\r
SUMMARY:Zone nobody knows\r
ATTENDEE:mailto:ann@x.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:later@x\r
DTSTART:20270105T090000Z\r
ATTENDEE:mailto:ann@x.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:declined@x\r
DTSTART:20261101T090000Z\r
ATTENDEE;PARTSTAT=DECLINED:mailto:ann@x.com\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn calendar_events_with_contacts_become_meetings_once() {
    let mut w = World::new();
    let ann = w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let bob = w.contact("Bob", "bob@y.com", "2026-01-01T00:00:00Z");
    let ics = w.file("cal.ics", ICS);
    let now = t("2026-12-02T00:00:00Z");
    let req = CalendarImportRequest { path: ics };
    let s = import_calendar(&mut w.book, &req, now, Tz::Asia__Shanghai).unwrap();
    assert_eq!(s.events, 8);
    assert_eq!(s.cancelled, 1);
    assert_eq!(s.future, 1, "{s:?}");
    assert_eq!(s.unknown_zones, ["Mars/Olympus"]);
    let ann_meetings: Vec<(String, DateTime<Utc>)> = w
        .book
        .interactions_of(ann, None)
        .unwrap()
        .into_iter()
        .map(|i| {
            assert_eq!(i.kind, InteractionKind::Meeting);
            (i.text, i.occurred_at)
        })
        .collect();
    // Weekly from Nov 2 (10:00 Shanghai = 02:00Z), Nov 9 excluded, Nov 16 moved to the 17th,
    // then Nov 23 and 30; the one-off lunch; the unknown zone read in Shanghai time.
    let want: Vec<(&str, &str)> = vec![
        ("Weekly review", "2026-11-30T02:00:00Z"),
        ("Weekly review", "2026-11-23T02:00:00Z"),
        ("Lunch, with Ann", "2026-11-20T02:00:00Z"),
        ("Weekly review (moved)", "2026-11-17T07:00:00Z"),
        ("Zone nobody knows", "2026-11-05T01:00:00Z"),
        ("Weekly review", "2026-11-02T02:00:00Z"),
    ];
    let want: Vec<(String, DateTime<Utc>)> = want
        .into_iter()
        .map(|(a, b)| (a.to_string(), t(b)))
        .collect();
    assert_eq!(ann_meetings, want);
    let offsite = &w.book.interactions_of(bob, None).unwrap()[0];
    assert_eq!(
        offsite.occurred_at,
        t("2026-11-25T04:00:00Z"),
        "all day: noon in the user's zone"
    );
    let again = import_calendar(&mut w.book, &req, now, Tz::Asia__Shanghai).unwrap();
    assert_eq!((again.created, again.already_imported), (0, s.created));
}

#[test]
fn a_rule_without_end_stops_at_now_and_is_capped() {
    let mut w = World::new();
    let ann = w.contact("Ann", "ann@x.com", "2026-01-01T00:00:00Z");
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:daily@x\nDTSTART:20000101T090000Z\nRRULE:FREQ=DAILY\nATTENDEE:mailto:ann@x.com\nEND:VEVENT\nEND:VCALENDAR\n";
    let req = CalendarImportRequest {
        path: w.file("daily.ics", ics),
    };
    let s = import_calendar(&mut w.book, &req, t("2026-12-02T00:00:00Z"), Tz::UTC).unwrap();
    assert_eq!(s.capped, 1);
    assert!(s.created <= u64::from(rapport_core::capture::calendar::MAX_OCCURRENCES));
    assert!(s.created > 100);
    let latest = &w.book.interactions_of(ann, Some(1)).unwrap()[0];
    assert_eq!(
        latest.occurred_at,
        t("2026-12-01T09:00:00Z"),
        "up to now, not past it"
    );
}

#[test]
fn hostile_calendars_end_in_clear_messages() {
    let mut w = World::new();
    for (name, body, needle) in [
        ("empty.ics", "", "empty"),
        ("notes.ics", "just some text\n", "iCalendar"),
    ] {
        let req = CalendarImportRequest {
            path: w.file(name, body),
        };
        let e = import_calendar(&mut w.book, &req, t("2026-12-02T00:00:00Z"), Tz::UTC)
            .unwrap_err()
            .to_string();
        assert!(e.contains(name) && e.contains(needle), "{e}");
    }
    let bad_rule = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r@x\nDTSTART:20261101T090000Z\nRRULE:FREQ=SOMETIMES\nATTENDEE:mailto:a@x.com\nEND:VEVENT\nEND:VCALENDAR\n";
    let req = CalendarImportRequest {
        path: w.file("rule.ics", bad_rule),
    };
    let s = import_calendar(&mut w.book, &req, t("2026-12-02T00:00:00Z"), Tz::UTC).unwrap();
    assert_eq!(s.problems.len(), 1);
    assert!(s.problems[0].problem.contains("RRULE"), "{:?}", s.problems);
    assert_eq!(s.problems[0].uid.as_deref(), Some("r@x"));
}

//! The daily reminder: once a day, at the chosen time or the first moment after
//! it that Rapport runs, the number of people to get back to.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::error::Result;
use crate::settings::{Language, SETTING_REMINDER_SENT_ON};

/// Whether the reminder is due at local time `now`: past `at` and not yet sent that day.
pub fn is_due(now: NaiveDateTime, at: NaiveTime, last_sent: Option<NaiveDate>) -> bool {
    now.time() >= at && last_sent != Some(now.date())
}

/// What today's reminder says: how many people, and the first of them by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reminder {
    /// People to get back to today (overdue, due today, at risk), each once.
    pub people: u64,
    /// The first of them, in the today list's order (at most [`NAMED`]).
    pub names: Vec<String>,
    /// The notification's title, in the user's language.
    pub title: String,
    /// Its text: the names, and how many more.
    pub body: String,
}

/// How many people the reminder names.
pub const NAMED: usize = 3;

impl Reminder {
    /// The reminder for `people` people of whom `names` come first, in `language`.
    pub fn new(people: u64, mut names: Vec<String>, language: Language) -> Reminder {
        names.truncate(NAMED);
        let more = people.saturating_sub(names.len() as u64);
        let (title, body) = match language {
            Language::En => {
                let title = match people {
                    1 => "1 person to get back to today".to_string(),
                    n => format!("{n} people to get back to today"),
                };
                let mut parts = names.clone();
                if more > 0 {
                    parts.push(format!("{more} more"));
                }
                let body = match parts.as_slice() {
                    [] => String::new(),
                    [one] => one.clone(),
                    [init @ .., last] => format!("{} and {last}", init.join(", ")),
                };
                (title, body)
            }
            Language::ZhCn => {
                let title = format!("今天要联系 {people} 人");
                let mut body = names.join("、");
                if more > 0 {
                    body.push_str(&format!(" 等 {people} 人"));
                }
                (title, body)
            }
        };
        Reminder {
            people,
            names,
            title,
            body,
        }
    }
}

impl ContactBook {
    /// Today's reminder at local time `now` in `tz`, in the user's language (else
    /// `locale`'s); `None` when it is not due (off, before its time, or already sent
    /// today). Zero people is a reminder too: the caller shows nothing then.
    pub fn reminder_due(
        &self,
        now: NaiveDateTime,
        tz: Tz,
        locale: &str,
    ) -> Result<Option<Reminder>> {
        let Some(at) = self.reminder_time()? else {
            return Ok(None);
        };
        let last_sent = self
            .store()
            .setting(SETTING_REMINDER_SENT_ON)?
            .and_then(|d| d.parse::<NaiveDate>().ok());
        if !is_due(now, at, last_sent) {
            return Ok(None);
        }
        let today = self.today(now.date(), tz)?;
        let mut names: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for item in today
            .overdue
            .iter()
            .chain(&today.today)
            .chain(&today.at_risk)
        {
            if names.len() == NAMED {
                break;
            }
            if seen.insert(item.contact_id) {
                names.push(item.display_name.clone());
            }
        }
        Ok(Some(Reminder::new(
            today.due_count() as u64,
            names,
            self.language(locale)?,
        )))
    }

    /// Records that the reminder went out on `date`.
    pub fn record_reminder_sent(&mut self, date: NaiveDate) -> Result<()> {
        self.store_mut()
            .set_setting(SETTING_REMINDER_SENT_ON, &date.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn once_a_day_from_the_chosen_time() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let today: NaiveDate = "2026-05-01".parse().unwrap();
        let yesterday: NaiveDate = "2026-04-30".parse().unwrap();
        assert!(!is_due(at("2026-05-01 07:59"), eight, Some(yesterday)));
        assert!(is_due(at("2026-05-01 08:00"), eight, Some(yesterday)));
        assert!(is_due(at("2026-05-01 15:00"), eight, None), "started late");
        assert!(!is_due(at("2026-05-01 15:00"), eight, Some(today)), "sent");
    }

    #[test]
    fn due_only_when_set_and_once() {
        let mut book = ContactBook::open_in_memory().unwrap();
        let utc = Tz::UTC;
        assert_eq!(
            book.reminder_due(at("2026-05-01 09:00"), utc, "en_US")
                .unwrap(),
            None
        );
        book.change_setting(crate::settings::SettingChange::ReminderTime(Some(
            "08:30".into(),
        )))
        .unwrap();
        assert_eq!(
            book.reminder_due(at("2026-05-01 08:29"), utc, "en_US")
                .unwrap(),
            None
        );
        assert_eq!(
            book.reminder_due(at("2026-05-01 09:00"), utc, "en_US")
                .unwrap()
                .map(|r| r.people),
            Some(0)
        );
        book.record_reminder_sent("2026-05-01".parse().unwrap())
            .unwrap();
        assert_eq!(
            book.reminder_due(at("2026-05-01 10:00"), utc, "en_US")
                .unwrap(),
            None
        );
    }

    #[test]
    fn names_the_count_and_the_first_people_in_both_languages() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let en = |n, v: &[&str]| {
            let r = Reminder::new(n, names(v), Language::En);
            (r.title, r.body)
        };
        assert_eq!(
            en(1, &["Maria Keller"]),
            (
                "1 person to get back to today".into(),
                "Maria Keller".into()
            )
        );
        assert_eq!(en(2, &["Maria", "王芳"]).1, "Maria and 王芳");
        assert_eq!(en(3, &["A", "B", "C"]).1, "A, B and C");
        assert_eq!(
            en(12, &["A", "B", "C", "D"]),
            (
                "12 people to get back to today".into(),
                "A, B, C and 9 more".into()
            )
        );
        let zh = Reminder::new(5, names(&["王芳", "李娜", "Maria"]), Language::ZhCn);
        assert_eq!(zh.title, "今天要联系 5 人");
        assert_eq!(zh.body, "王芳、李娜、Maria 等 5 人");
        assert_eq!(zh.names.len(), NAMED);
    }

    #[test]
    fn the_reminder_names_the_overdue_first() {
        let mut book = ContactBook::open_in_memory().unwrap();
        let now: chrono::DateTime<chrono::Utc> = "2026-05-01T09:00:00Z".parse().unwrap();
        for (name, due) in [
            ("Late Larry", "2026-04-28"),
            ("Today Tina", "2026-05-01"),
            ("Later Lou", "2026-05-09"),
        ] {
            let c = book
                .add_contact(crate::ContactDraft::named(name), now)
                .unwrap();
            book.add_follow_up(
                crate::FollowUpDraft {
                    contact_id: c.id,
                    due_date: due.parse().unwrap(),
                    due_time: None,
                    text: "call".into(),
                },
                now,
            )
            .unwrap();
        }
        book.change_setting(crate::settings::SettingChange::ReminderTime(Some(
            "08:00".into(),
        )))
        .unwrap();
        let r = book
            .reminder_due(at("2026-05-01 09:00"), Tz::UTC, "zh_CN.UTF-8")
            .unwrap()
            .unwrap();
        assert_eq!(r.people, 2);
        assert_eq!(r.names, vec!["Late Larry", "Today Tina"]);
        assert_eq!(r.title, "今天要联系 2 人", "the locale's language");
    }
}

//! The daily reminder: once a day, at the chosen time or the first moment after
//! it that Rapport runs, the number of people to get back to.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::book::ContactBook;
use crate::error::Result;
use crate::settings::SETTING_REMINDER_SENT_ON;

/// Whether the reminder is due at local time `now`: past `at` and not yet sent that day.
pub fn is_due(now: NaiveDateTime, at: NaiveTime, last_sent: Option<NaiveDate>) -> bool {
    now.time() >= at && last_sent != Some(now.date())
}

/// The reminder's words (English; the app translates its own).
pub fn message(due: u64) -> String {
    match due {
        1 => "1 person to get back to today".to_string(),
        n => format!("{n} people to get back to today"),
    }
}

impl ContactBook {
    /// How many people today's reminder names, at local time `now` in `tz`; `None`
    /// when it is not due (off, before its time, or already sent today).
    pub fn reminder_due(&self, now: NaiveDateTime, tz: Tz) -> Result<Option<u64>> {
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
        Ok(Some(self.today(now.date(), tz)?.due_count() as u64))
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
            book.reminder_due(at("2026-05-01 09:00"), utc).unwrap(),
            None
        );
        book.change_setting(crate::settings::SettingChange::ReminderTime(Some(
            "08:30".into(),
        )))
        .unwrap();
        assert_eq!(
            book.reminder_due(at("2026-05-01 08:29"), utc).unwrap(),
            None
        );
        assert_eq!(
            book.reminder_due(at("2026-05-01 09:00"), utc).unwrap(),
            Some(0)
        );
        book.record_reminder_sent("2026-05-01".parse().unwrap())
            .unwrap();
        assert_eq!(
            book.reminder_due(at("2026-05-01 10:00"), utc).unwrap(),
            None
        );
        assert_eq!(message(1), "1 person to get back to today");
        assert_eq!(message(12), "12 people to get back to today");
    }
}

//! The user's settings as one typed value with its defaults, and the one way to
//! change each. The shells never read or write setting keys themselves.
//!
//! Rules that live here: the time zone the today list is computed in (the
//! user's choice, else the system's, else UTC), the UI language (the user's
//! choice, else the locale's), and the daily reminder time.

use chrono::NaiveTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::error::{Error, Result};
use crate::value::TierMethod;

/// Setting key: the user's IANA time zone (absent: the system's).
pub const SETTING_TIME_ZONE: &str = "time_zone";
/// Setting key: the daily reminder time `HH:MM` (absent: no reminder).
pub const SETTING_REMINDER_TIME: &str = "reminder_time";
/// Setting key: the UI language.
pub const SETTING_LANGUAGE: &str = "language";
/// Setting key: the local date the last daily reminder went out.
pub const SETTING_REMINDER_SENT_ON: &str = "reminder_sent_on";

/// The UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Language {
    /// English.
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Language {
    /// Its tag: `en`, `zh-CN`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    /// Parses a tag (`en`, `zh-CN`, also `zh`).
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim() {
            "en" => Ok(Language::En),
            "zh-CN" | "zh" | "zh_CN" => Ok(Language::ZhCn),
            other => Err(Error::invalid(
                "language",
                format!("'{other}' is not en or zh-CN"),
            )),
        }
    }

    /// The language of a POSIX locale (`zh_CN.UTF-8` → Chinese, else English).
    pub fn of_locale(locale: &str) -> Self {
        if locale.starts_with("zh") {
            Language::ZhCn
        } else {
            Language::En
        }
    }
}

/// Every setting, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Settings {
    /// The data folder (read-only).
    pub data_dir: String,
    /// Region for phones without a country code (`US`, `CN`...).
    pub default_region: String,
    /// The zone the today list is computed in.
    pub time_zone: String,
    /// Whether the user chose `time_zone` (else it is the system's).
    pub time_zone_chosen: bool,
    /// Currency of reports and new deals (ISO 4217).
    pub currency: String,
    /// How customers are put into value tiers.
    pub tier_method: TierMethod,
    /// Days after a purchase for the care follow-up.
    pub care_days: u32,
    /// Contacts due by cadence shown a day.
    pub cadence_workload: u32,
    /// Daily reminder time `HH:MM`; `None`: no reminder.
    pub reminder_time: Option<String>,
    /// UI language.
    pub language: Language,
    /// The user's own email addresses (mail capture skips them).
    pub own_addresses: Vec<String>,
    /// Minutes between mail syncs while the app runs; `None`: only when asked.
    pub mail_sync_minutes: Option<u32>,
}

/// One change to the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "key", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum SettingChange {
    /// Region code (`CN`, `US`...).
    DefaultRegion(String),
    /// IANA zone; `None`: follow the system's.
    TimeZone(Option<String>),
    /// ISO 4217 code.
    Currency(String),
    /// Tier method.
    TierMethod(TierMethod),
    /// Days after a purchase (1–365).
    CareDays(u32),
    /// Contacts a day (1–1000).
    CadenceWorkload(u32),
    /// `HH:MM`; `None`: no reminder.
    ReminderTime(Option<String>),
    /// UI language.
    Language(Language),
    /// The user's own addresses.
    OwnAddresses(Vec<String>),
    /// Minutes between mail syncs while the app runs (5–1440); `None`: only when asked.
    MailSyncMinutes(Option<u32>),
}

/// The keys [`SettingChange::parse`] knows, for messages and help.
pub const SETTING_KEYS: &[&str] = &[
    "default_region",
    "time_zone",
    "currency",
    "tier_method",
    "care_days",
    "cadence_workload",
    "reminder_time",
    "language",
    "own_addresses",
    "mail_sync_minutes",
];

impl SettingChange {
    /// A change from a key and its value as a user types them (`rapport settings set`):
    /// `none` or an empty value clears the time zone and the reminder; own addresses
    /// are separated by commas.
    pub fn parse(key: &str, value: &str) -> Result<Self> {
        let v = value.trim();
        let cleared = v.is_empty() || v.eq_ignore_ascii_case("none");
        let number = |what: &str| {
            v.parse::<u32>()
                .map_err(|_| Error::invalid(key, format!("'{v}' is not a number of {what}")))
        };
        Ok(match key {
            "default_region" => SettingChange::DefaultRegion(v.to_string()),
            "time_zone" => SettingChange::TimeZone((!cleared).then(|| v.to_string())),
            "currency" => SettingChange::Currency(v.to_string()),
            "tier_method" => SettingChange::TierMethod(v.parse()?),
            "care_days" => SettingChange::CareDays(number("days")?),
            "cadence_workload" => SettingChange::CadenceWorkload(number("contacts a day")?),
            "reminder_time" => SettingChange::ReminderTime((!cleared).then(|| v.to_string())),
            "language" => SettingChange::Language(Language::parse(v)?),
            "own_addresses" => SettingChange::OwnAddresses(
                v.split(',')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            "mail_sync_minutes" if cleared || v.eq_ignore_ascii_case("off") => {
                SettingChange::MailSyncMinutes(None)
            }
            "mail_sync_minutes" => SettingChange::MailSyncMinutes(Some(number("minutes")?)),
            other => {
                return Err(Error::invalid(
                    "setting",
                    format!(
                        "unknown setting '{other}' (known: {})",
                        SETTING_KEYS.join(", ")
                    ),
                ))
            }
        })
    }
}

/// Parses an IANA zone name such as `Asia/Shanghai`.
pub fn parse_zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            "time_zone",
            format!("'{name}' is not a time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)"),
        )
    })
}

/// Parses a time of day `HH:MM` (also `H:MM`, and `HHMM` as typed without a colon).
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime> {
    let t = s.trim();
    let parsed = NaiveTime::parse_from_str(t, "%H:%M").or_else(|e| {
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            NaiveTime::parse_from_str(t, "%H%M")
        } else {
            Err(e)
        }
    });
    parsed.map_err(|_| {
        Error::invalid(
            "reminder time",
            format!("'{s}' is not a time of day such as 08:30"),
        )
    })
}

impl ContactBook {
    /// The zone the today list is computed in: the user's choice, else `system`.
    pub fn zone(&self, system: Tz) -> Result<Tz> {
        match self.store().setting(SETTING_TIME_ZONE)? {
            Some(name) => parse_zone(&name),
            None => Ok(system),
        }
    }

    /// The daily reminder time, `None` when off.
    pub fn reminder_time(&self) -> Result<Option<NaiveTime>> {
        self.store()
            .setting(SETTING_REMINDER_TIME)?
            .map(|t| parse_time_of_day(&t))
            .transpose()
    }

    /// The UI language: the user's choice, else the locale's.
    pub fn language(&self, locale: &str) -> Result<Language> {
        Ok(self
            .store()
            .setting(SETTING_LANGUAGE)?
            .and_then(|s| Language::parse(&s).ok())
            .unwrap_or_else(|| Language::of_locale(locale)))
    }

    /// Every setting; `system_zone` and `locale` give the defaults.
    pub fn settings(&self, system_zone: Tz, locale: &str) -> Result<Settings> {
        Ok(Settings {
            data_dir: self
                .data_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            default_region: self.default_region()?.code(),
            time_zone: self.zone(system_zone)?.name().to_string(),
            time_zone_chosen: self.store().setting(SETTING_TIME_ZONE)?.is_some(),
            currency: self.report_currency()?,
            tier_method: self.tier_method()?,
            care_days: self.care_days()?,
            cadence_workload: self.cadence_workload()?,
            reminder_time: self.reminder_time()?.map(|t| t.format("%H:%M").to_string()),
            language: self.language(locale)?,
            own_addresses: crate::capture::own_addresses(self)?,
            mail_sync_minutes: crate::capture::mail_sync::sync_minutes(self)?,
        })
    }

    /// Applies one change, checked first.
    pub fn change_setting(&mut self, change: SettingChange) -> Result<()> {
        match change {
            SettingChange::DefaultRegion(code) => self.set_default_region(&code),
            SettingChange::TimeZone(Some(name)) => {
                let tz = parse_zone(&name)?;
                self.store_mut().set_setting(SETTING_TIME_ZONE, tz.name())
            }
            SettingChange::TimeZone(None) => self.store_mut().clear_setting(SETTING_TIME_ZONE),
            SettingChange::Currency(code) => self.set_report_currency(&code),
            SettingChange::TierMethod(m) => self.set_tier_method(m),
            SettingChange::CareDays(d) => self.set_care_days(d),
            SettingChange::CadenceWorkload(n) => self.set_cadence_workload(n),
            SettingChange::MailSyncMinutes(m) => {
                crate::capture::mail_sync::set_sync_minutes(self, m)
            }
            SettingChange::ReminderTime(Some(t)) => {
                let t = parse_time_of_day(&t)?;
                self.store_mut()
                    .set_setting(SETTING_REMINDER_TIME, &t.format("%H:%M").to_string())
            }
            SettingChange::ReminderTime(None) => {
                self.store_mut().clear_setting(SETTING_REMINDER_TIME)
            }
            SettingChange::Language(l) => {
                self.store_mut().set_setting(SETTING_LANGUAGE, l.as_str())
            }
            SettingChange::OwnAddresses(list) => {
                crate::capture::set_own_addresses(self, &list).map(|_| ())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_changes_round_trip() {
        let mut book = ContactBook::open_in_memory().unwrap();
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        let s = book.settings(shanghai, "zh_CN.UTF-8").unwrap();
        assert_eq!(s.time_zone, "Asia/Shanghai");
        assert!(!s.time_zone_chosen);
        assert_eq!(s.language, Language::ZhCn);
        assert_eq!(s.reminder_time, None);
        for (k, v) in [
            ("time_zone", "Europe/Berlin"),
            ("reminder_time", "0552"),
            ("language", "en"),
            ("cadence_workload", "20"),
        ] {
            book.change_setting(SettingChange::parse(k, v).unwrap())
                .unwrap();
        }
        let s = book.settings(shanghai, "zh_CN.UTF-8").unwrap();
        assert_eq!(s.time_zone, "Europe/Berlin");
        assert!(s.time_zone_chosen);
        assert_eq!(
            s.reminder_time.as_deref(),
            Some("05:52"),
            "typed without a colon"
        );
        assert_eq!(s.language, Language::En);
        assert_eq!(s.cadence_workload, 20);
        book.change_setting(SettingChange::TimeZone(None)).unwrap();
        assert_eq!(book.zone(shanghai).unwrap(), shanghai);
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        let mut book = ContactBook::open_in_memory().unwrap();
        let e = book
            .change_setting(SettingChange::TimeZone(Some("Mars/Base".into())))
            .unwrap_err();
        assert!(e.to_string().contains("Mars/Base"), "{e}");
        assert!(SettingChange::parse("colour", "red")
            .unwrap_err()
            .to_string()
            .contains("unknown setting 'colour'"));
        assert!(parse_time_of_day("25:00").is_err());
        assert!(parse_time_of_day("8am").is_err());
        assert!(SettingChange::parse("care_days", "soon").is_err());
    }
}

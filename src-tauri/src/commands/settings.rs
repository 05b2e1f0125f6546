//! Settings: data folder (read-only), phone region, reminder time, language.

use chrono::NaiveTime;
use rapport_core::ContactBook;
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Setting key: the daily reminder time `HH:MM` (absent: no reminder).
pub const SETTING_REMINDER_TIME: &str = "reminder_time";
/// Setting key: the UI language.
pub const SETTING_LANGUAGE: &str = "language";

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
    fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "en" => Some(Language::En),
            "zh-CN" => Some(Language::ZhCn),
            _ => None,
        }
    }

    /// The system's: Chinese when `LANG`/`LC_ALL` says `zh`, else English.
    fn of_system() -> Self {
        let lang = std::env::var("LC_ALL")
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| std::env::var("LANG").ok())
            .unwrap_or_default();
        if lang.starts_with("zh") {
            Language::ZhCn
        } else {
            Language::En
        }
    }
}

/// What the Settings screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppSettings {
    /// The data folder.
    pub data_dir: String,
    /// Region for phones without a country code (`US`, `CN`, ...).
    pub default_region: String,
    /// Daily reminder time `HH:MM`; `None` for no reminder.
    pub reminder_time: Option<String>,
    /// UI language.
    pub language: Language,
    /// IANA zone the today list is computed in.
    pub time_zone: String,
}

/// The current settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> AppResult<AppSettings> {
    let book = state.book();
    Ok(AppSettings {
        data_dir: state.data_dir().display().to_string(),
        default_region: book.default_region()?.code(),
        reminder_time: reminder_time(&book)?.map(|t| t.format("%H:%M").to_string()),
        language: book
            .store()
            .setting(SETTING_LANGUAGE)?
            .and_then(|s| Language::parse(&s))
            .unwrap_or_else(Language::of_system),
        time_zone: clock::zone(&book)?.name().to_string(),
    })
}

/// Sets the default phone region.
#[tauri::command]
pub async fn set_default_region(state: State<'_, AppState>, code: String) -> AppResult<()> {
    Ok(state.book().set_default_region(&code)?)
}

/// Sets the daily reminder time (`HH:MM`), or turns the reminder off (`null`).
#[tauri::command]
pub async fn set_reminder_time(state: State<'_, AppState>, time: Option<String>) -> AppResult<()> {
    let mut book = state.book();
    match time {
        Some(t) => {
            let t = parse_time(&t)?;
            let value = t.format("%H:%M").to_string();
            book.store_mut()
                .set_setting(SETTING_REMINDER_TIME, &value)?;
        }
        None => book.store_mut().clear_setting(SETTING_REMINDER_TIME)?,
    }
    Ok(())
}

/// Sets the UI language.
#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: Language) -> AppResult<()> {
    Ok(state
        .book()
        .store_mut()
        .set_setting(SETTING_LANGUAGE, language.as_str())?)
}

/// The reminder time, `None` when off.
pub fn reminder_time(book: &ContactBook) -> AppResult<Option<NaiveTime>> {
    book.store()
        .setting(SETTING_REMINDER_TIME)?
        .map(|t| parse_time(&t))
        .transpose()
}

fn parse_time(s: &str) -> AppResult<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| {
        AppError::new(
            "invalid_input",
            format!("invalid reminder time: '{s}' is not a time of day such as 08:30"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_time_round_trips_and_rejects_nonsense() {
        let mut book = ContactBook::open_in_memory().unwrap();
        assert_eq!(reminder_time(&book).unwrap(), None);
        book.store_mut()
            .set_setting(SETTING_REMINDER_TIME, "08:30")
            .unwrap();
        assert_eq!(
            reminder_time(&book).unwrap(),
            NaiveTime::from_hms_opt(8, 30, 0)
        );
        assert_eq!(parse_time("25:00").unwrap_err().code, "invalid_input");
        assert_eq!(parse_time("8am").unwrap_err().code, "invalid_input");
    }

    #[test]
    fn languages_cross_as_their_tags() {
        assert_eq!(serde_json::to_string(&Language::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(Language::parse("en"), Some(Language::En));
        assert_eq!(Language::parse("fr"), None);
    }
}

//! Reading single cell values the way real contact files write them: dates
//! in every local form, yes/no flags, labels, and cells escaped against
//! spreadsheet formulas.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates::PartialDate;

/// How to read an ambiguous date such as `03/04/1985`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DateOrder {
    /// Month first when ambiguous (Outlook's US exports), day first when the first number is above 12 or the separator is a dot.
    #[default]
    Auto,
    /// Month/day/year.
    Mdy,
    /// Day/month/year.
    Dmy,
}

/// Apple and Outlook write a birthday without a year as year 1604.
pub const NO_YEAR_MARKER: i32 = 1604;

/// Parses a date cell: `1985-03-14`, `19850314`, `--03-14`, `--0314`,
/// `1985/3/14`, `3/14/1985`, `14.03.1985`, `1985年3月14日`, `3月14日`,
/// `1604-03-14` (no year), an Excel serial number, or a time stamp whose date
/// part is one of these. `Ok(None)` for an empty cell or Outlook's `0/0/00`.
pub fn parse_date(raw: &str, order: DateOrder) -> Result<Option<PartialDate>, String> {
    let s = raw.trim();
    if s.is_empty() || s == "0/0/00" || s == "0/0/0000" || s == "00.00.0000" {
        return Ok(None);
    }
    let bad = || format!("'{}' is not a date", shorten(s));
    let no_year = |m: u32, d: u32| PartialDate::new(None, m, d).ok_or_else(bad).map(Some);
    let full = |y: i32, m: u32, d: u32| {
        if y == NO_YEAR_MARKER {
            return no_year(m, d);
        }
        NaiveDate::from_ymd_opt(y, m, d)
            .filter(|d| d.year() >= 1000)
            .map(|d| Some(PartialDate::from_date(d)))
            .ok_or_else(bad)
    };
    if let Some(found) = month_name_date(s) {
        return match found {
            Some((Some(y), m, d)) => full(y, m, d),
            Some((None, m, d)) => no_year(m, d),
            None => Err(bad()),
        };
    }
    // A time part (`1985-03-14T00:00:00Z`, `1985-03-14 00:00`) is dropped.
    let s = s
        .split(['T', ' '])
        .next()
        .filter(|d| d.len() >= 4)
        .unwrap_or(s);
    if let Some(rest) = s.strip_prefix("--") {
        let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() == 4 {
            let m = digits[..2].parse().map_err(|_| bad())?;
            let d = digits[2..].parse().map_err(|_| bad())?;
            return no_year(m, d);
        }
        return Err(bad());
    }
    // Chinese: 1985年3月14日, 3月14日.
    if s.contains('月') {
        let nums = numbers(s);
        return match (s.contains('年'), nums.as_slice()) {
            (true, [y, m, d]) => full(*y as i32, *m, *d),
            (false, [m, d]) => no_year(*m, *d),
            _ => Err(bad()),
        };
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return match s.len() {
            8 => full(
                s[..4].parse().map_err(|_| bad())?,
                s[4..6].parse().map_err(|_| bad())?,
                s[6..].parse().map_err(|_| bad())?,
            ),
            // An Excel serial date that lost its date format (1 = 1900-01-01).
            5 => {
                let n: i64 = s.parse().map_err(|_| bad())?;
                excel_serial_to_date(n as f64)
                    .map(|d| Some(PartialDate::from_date(d)))
                    .ok_or_else(bad)
            }
            _ => Err(bad()),
        };
    }
    let sep = s.chars().find(|c| !c.is_ascii_digit()).ok_or_else(bad)?;
    if !matches!(sep, '-' | '/' | '.') || s.chars().any(|c| !c.is_ascii_digit() && c != sep) {
        return Err(bad());
    }
    let nums = numbers(s);
    let parts: Vec<&str> = s.split(sep).collect();
    match nums.as_slice() {
        [a, b, c] if parts[0].len() == 4 => full(*a as i32, *b, *c),
        [a, b, c] => {
            let year = if parts[2].len() == 2 {
                // Two-digit years: 00–29 → 2000s, else 1900s.
                if *c < 30 {
                    2000 + *c as i32
                } else {
                    1900 + *c as i32
                }
            } else {
                *c as i32
            };
            let dmy = match order {
                DateOrder::Dmy => true,
                DateOrder::Mdy => false,
                DateOrder::Auto => sep == '.' || (*a > 12 && *b <= 12),
            };
            if dmy {
                full(year, *b, *a)
            } else {
                full(year, *a, *b)
            }
        }
        // `03-14` or `14.03.` without a year.
        [a, b] if parts.len() == 2 || sep == '.' => {
            let dmy = sep == '.' || order == DateOrder::Dmy || *a > 12;
            if dmy {
                no_year(*b, *a)
            } else {
                no_year(*a, *b)
            }
        }
        _ => Err(bad()),
    }
}

/// A date written with an English month name: `March 14, 1985`, `14 Mar 1985`,
/// `14-Mar-85` (Excel's `d-mmm-yy`), `Thu, 14 Mar 1985 09:00`, `Mar 14` (no
/// year). `None` when no word is a month; `Some(None)` when one is but the
/// rest is not a date.
#[allow(clippy::type_complexity)]
fn month_name_date(s: &str) -> Option<Option<(Option<i32>, u32, u32)>> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        let w = if w == "sept" { "sep".to_string() } else { w };
        MONTHS
            .iter()
            .position(|m| w.len() >= 3 && m.starts_with(w.as_str()))
            .map(|i| i as u32 + 1)
    };
    let words: Vec<&str> = s
        .split([' ', ',', '-', '/', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let at = words
        .iter()
        .position(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && month_of(w).is_some())?;
    let month = month_of(words[at])?;
    let weekday = |w: &str| {
        let w = w.to_ascii_lowercase();
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .any(|d| w.starts_with(d))
    };
    let mut nums: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i == at || w.contains(':') || weekday(w) || matches!(*w, "am" | "pm" | "AM" | "PM") {
            continue;
        }
        if !w.chars().all(|c| c.is_ascii_digit()) {
            return Some(None);
        }
        nums.push(w);
    }
    let year = |y: &str| -> Option<i32> {
        let n: i32 = y.parse().ok()?;
        match y.len() {
            4 => Some(n),
            2 if n < 30 => Some(2000 + n),
            2 => Some(1900 + n),
            _ => None,
        }
    };
    let day = |d: &str| d.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    Some(match nums.as_slice() {
        [d] => day(d).map(|d| (None, month, d)),
        // `14 Mar 1985`, `Mar 14 1985`; a four-digit first number is the year.
        [a, b] if a.len() == 4 => year(a).zip(day(b)).map(|(y, d)| (Some(y), month, d)),
        [a, b] => day(a).zip(year(b)).map(|(d, y)| (Some(y), month, d)),
        _ => None,
    })
}

fn numbers(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// The calendar date of an Excel serial number in the 1900 date system
/// (Excel's phantom 29 February 1900 included, as Excel counts it).
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    // Serials below 61 are one day off because of the phantom leap day.
    let days = if days < 61 { days + 1 } else { days };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

/// A yes/no cell: `yes`, `true`, `1`, `x`, `是`, `y`... are yes.
pub fn parse_flag(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" => None,
        "1" | "yes" | "y" | "true" | "x" | "是" | "对" | "ja" | "oui" | "sí" | "si" => {
            Some(true)
        }
        "0" | "no" | "n" | "false" | "否" | "不" | "nein" | "non" => Some(false),
        _ => None,
    }
}

/// A label as written by Google (`* Work`), Apple (`_$!<Mobile>!$_`) or a person
/// (`Mobile`, `手机`), in the lower-case form Rapport stores (`work`, `mobile`).
pub fn clean_label(raw: &str) -> Option<String> {
    let s = raw.trim().trim_start_matches("* ").trim();
    let s = s
        .strip_prefix("_$!<")
        .and_then(|x| x.strip_suffix(">!$_"))
        .unwrap_or(s)
        .trim();
    let lower = crate::search::analyzer::into_simplified(s.to_lowercase());
    // Outlook's `E-mail 2 Type` holds the address type, not a label.
    if s.is_empty() || matches!(lower.as_str(), "smtp" | "ex" | "x400") {
        return None;
    }
    let known = match lower.as_str() {
        "mobile" | "cell" | "cellular" | "手机" | "移动电话" | "iphone" => "mobile",
        "work" | "business" | "office" | "工作" | "单位" | "办公" => "work",
        "home" | "personal" | "家" | "家庭" | "住宅" | "私人" => "home",
        "other" | "其他" => "other",
        "main" | "主要" => "main",
        "fax" | "workfax" | "work fax" | "homefax" | "home fax" | "传真" => "fax",
        "pager" => "pager",
        "anniversary" => "anniversary",
        _ => "",
    };
    Some(if known.is_empty() {
        s.to_string()
    } else {
        known.to_string()
    })
}

/// Characters that make a spreadsheet treat a cell as a formula.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Undoes the formula escape of [`crate::export`]: `'=SUM(A1)` → `=SUM(A1)`,
/// `''x` → `'x`. Other cells are returned unchanged.
pub fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_TRIGGERS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// The text of a cell written as Excel's text formula, `="0755 8888 1234"`
/// (how many systems export numbers whose leading zeros must survive a
/// spreadsheet); any other cell as it is.
pub fn unwrap_text_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.into(),
        Some(inner) if !inner.replace("\"\"", "").contains('"') => {
            inner.replace("\"\"", "\"").into()
        }
        _ => cell.into(),
    }
}

/// Escapes a cell so that no spreadsheet runs it as a formula: a leading
/// `=`, `+`, `-`, `@`, tab or carriage return (or an apostrophe, so that the
/// escape itself round-trips) gets an apostrophe in front.
pub fn escape_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_TRIGGERS) || cell.starts_with('\'') {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// True when a cell looks like a phone number that a spreadsheet turned into
/// a floating-point number in scientific form (`1.38001E+10`): its digits are lost.
pub fn is_scientific_number(raw: &str) -> bool {
    let s = raw.trim();
    let Some((mantissa, exp)) = s.split_once(['e', 'E']) else {
        return false;
    };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

/// True when a cell reads as one phone number: 7 to 15 digits, only the
/// characters phone numbers are written with, and a sign it is not some
/// other number (a `+`, a separator, or a leading zero).
pub fn looks_like_phone(cell: &str) -> bool {
    let s = cell.trim().trim_start_matches('\'');
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    let phone_chars = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.' | '/'));
    let marked = s.starts_with(['+', '0', '(']) || s.contains([' ', '-', '(', '.', '/']);
    // A Chinese mobile number: 11 digits starting with 1.
    let cn_mobile = digits == 11 && s.starts_with('1') && s.chars().all(|c| c.is_ascii_digit());
    phone_chars && (marked || cn_mobile)
}

/// What a column whose header means nothing holds, judged by its values:
/// e-mail addresses or phone numbers (at least four in five of the filled
/// cells). `None` when the values say nothing certain.
pub fn column_kind(values: &[&str], index: u32) -> Option<super::headers::Target> {
    use super::headers::Target;
    if values.is_empty() {
        return None;
    }
    let share =
        |f: &dyn Fn(&str) -> bool| values.iter().filter(|v| f(v)).count() * 5 >= values.len() * 4;
    if share(&|v| crate::contacts::looks_like_email(v)) {
        return Some(Target::Email {
            slot: 30_000 + index,
            label: None,
        });
    }
    if share(&looks_like_phone) {
        return Some(Target::Phone {
            slot: 30_000 + index,
            label: None,
        });
    }
    None
}

/// True when the values of a column read as people's names: words of
/// letters, without digits or `@`.
pub fn are_names(values: &[&str]) -> bool {
    !values.is_empty()
        && values.iter().all(|v| {
            v.chars().any(char::is_alphabetic)
                && !v.chars().any(|c| c.is_ascii_digit() || c == '@')
                && v.chars().count() <= 60
        })
}

/// At most 40 characters of `s`, for messages.
pub fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        parse_date(s, DateOrder::Auto).unwrap().unwrap().to_string()
    }

    #[test]
    fn dates_with_english_month_names() {
        for s in [
            "March 14 1985",
            "March 14, 1985",
            "14 Mar 1985",
            "14-Mar-85",
            "Thu, 14 Mar 1985 09:00:00",
            "mar. 14, 1985",
            "1985 Mar 14",
        ] {
            assert_eq!(d(s), "1985-03-14", "{s}");
        }
        assert_eq!(d("Sept 1, 2001"), "2001-09-01");
        assert_eq!(d("Mar 14"), "--03-14");
        assert_eq!(d("14 March"), "--03-14");
        for bad in [
            "Mar 32, 1985",
            "30 Feb 1985",
            "Marching 14",
            "May be 14",
            "March 14 1985 ok",
        ] {
            assert!(parse_date(bad, DateOrder::Auto).is_err(), "{bad}");
        }
        // Letters that are no month leave the other forms alone.
        assert_eq!(d("1985-03-14T00:00:00Z"), "1985-03-14");
    }

    #[test]
    fn excel_text_formulas_are_their_text() {
        assert_eq!(unwrap_text_formula("=\"075588881234\""), "075588881234");
        assert_eq!(unwrap_text_formula("=\"say \"\"hi\"\"\""), "say \"hi\"");
        for other in [
            "=SUM(A1:A2)",
            "=\"a\" & \"b\"",
            "=\"",
            "075588881234",
            "\"x\"",
        ] {
            assert_eq!(unwrap_text_formula(other), other);
        }
    }

    #[test]
    fn labels_are_cleaned_and_address_types_are_no_labels() {
        assert_eq!(clean_label("* Work").as_deref(), Some("work"));
        assert_eq!(clean_label("_$!<Mobile>!$_").as_deref(), Some("mobile"));
        assert_eq!(clean_label("Assistant").as_deref(), Some("Assistant"));
        assert_eq!(clean_label("手機").as_deref(), Some("mobile"));
        for t in ["SMTP", "smtp", "EX", " ", ""] {
            assert_eq!(clean_label(t), None, "{t:?}");
        }
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(d("1985-03-14"), "1985-03-14");
        assert_eq!(d("19850314"), "1985-03-14");
        assert_eq!(d("1985/3/14"), "1985-03-14");
        assert_eq!(d("3/14/1985"), "1985-03-14");
        assert_eq!(d("14/03/1985"), "1985-03-14");
        assert_eq!(d("14.03.1985"), "1985-03-14");
        assert_eq!(d("1985年3月14日"), "1985-03-14");
        assert_eq!(d("3月14日"), "--03-14");
        assert_eq!(d("--03-14"), "--03-14");
        assert_eq!(d("--0314"), "--03-14");
        assert_eq!(d("1604-03-14"), "--03-14");
        assert_eq!(d("1985-03-14T00:00:00Z"), "1985-03-14");
        assert_eq!(d("31120"), "1985-03-14");
        assert_eq!(d("3/14/85"), "1985-03-14");
        assert_eq!(
            parse_date("04/03/1985", DateOrder::Dmy)
                .unwrap()
                .unwrap()
                .to_string(),
            "1985-03-04"
        );
        assert_eq!(parse_date("0/0/00", DateOrder::Auto).unwrap(), None);
        assert_eq!(parse_date("", DateOrder::Auto).unwrap(), None);
        assert!(parse_date("soon", DateOrder::Auto).is_err());
        assert!(parse_date("1985-02-30", DateOrder::Auto).is_err());
        assert!(parse_date("--1302", DateOrder::Auto).is_err());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            excel_serial_to_date(31120.0).unwrap().to_string(),
            "1985-03-14"
        );
        assert_eq!(excel_serial_to_date(1.0).unwrap().to_string(), "1900-01-01");
        assert_eq!(
            excel_serial_to_date(61.0).unwrap().to_string(),
            "1900-03-01"
        );
        assert_eq!(excel_serial_to_date(-3.0), None);
    }

    #[test]
    fn formula_escape_round_trips() {
        for s in [
            "=SUM(A1)", "+86 138", "-5", "@me", "\tx", "'quoted", "''", "plain", "'", "",
        ] {
            let e = escape_formula(s);
            assert!(!e.starts_with(FORMULA_TRIGGERS), "{e}");
            assert_eq!(unescape_formula(&e), s, "{s}");
        }
        assert_eq!(unescape_formula("'abc"), "'abc");
    }

    #[test]
    fn labels_and_flags() {
        assert_eq!(clean_label("* Work").as_deref(), Some("work"));
        assert_eq!(clean_label("_$!<Mobile>!$_").as_deref(), Some("mobile"));
        assert_eq!(clean_label("手机").as_deref(), Some("mobile"));
        assert_eq!(clean_label("WeChat").as_deref(), Some("WeChat"));
        assert_eq!(clean_label(" "), None);
        assert_eq!(parse_flag("是"), Some(true));
        assert_eq!(parse_flag("FALSE"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
        assert!(is_scientific_number("1.38001E+10"));
        assert!(!is_scientific_number("+86 138"));
    }
}

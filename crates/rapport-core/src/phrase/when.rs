//! Reading the time of a capture phrase, in English and Chinese: the day (today, tomorrow,
//! next Tuesday, in 3 days, end of month; 今天, 明天, 后天, 下周三, 3天后, 月底, 周五前) and
//! the time of day (3pm, 15:30, tonight; 下午3点, 3点半, 上午/下午/晚上).
//!
//! The rules, all relative to the local date `today` (no clock is read):
//! - **Days**: today/今天 0, tomorrow/明天 +1, the day after tomorrow/后天 +2, 大后天 +3,
//!   yesterday/昨天 −1, the day before yesterday/前天 −2; "in N days"/"N天后" +N, "N days
//!   ago"/"N天前" −N (weeks and months alike).
//! - **Weekdays**: "next Tuesday"/下周二 is Tuesday of the next calendar week (weeks start on
//!   Monday); 这周二/本周二 and "this Tuesday" that of the current week; "last Tuesday" the
//!   latest Tuesday before today and 上周二 Tuesday of the previous week; a bare weekday
//!   ("Tuesday", "on Tue", 周二, "by Fri", 周五前) is the next one from today on (today
//!   included), or the latest up to today when the phrase speaks of the past ("met Ada on
//!   Monday", 周一见了王芳).
//! - **Other days**: next week/下周 Monday of next week, last week/上周 seven days ago, next
//!   month/下个月 the same day a month on, end of month/月底 the month's last day, 月初 the
//!   first of next month, weekend/周末 the coming Saturday; dates written out (2026-12-05,
//!   Dec 5, 12月5日, 5号) as given, in the year that is not behind the phrase's sense.
//! - **Times**: 3pm, 3:30 pm, 15:30, "at 3", noon; 3点, 3点半, 3点一刻, 下午3点, 晚上8点.
//!   An hour from 1 to 6 with no am/pm or part of day is afternoon (business hours: "at 3",
//!   3点 are 15:00). A part of day alone is its usual hour: morning/上午 09:00, noon/中午
//!   12:00, afternoon/下午 14:00, evening/tonight/晚上 19:00.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use regex::{Captures, Regex};

use crate::error::{Error, Result};

/// A part of the day, which sets the hour when none is said and the half of the day when
/// one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayPart {
    EarlyMorning,
    Morning,
    Noon,
    Afternoon,
    Evening,
}

impl DayPart {
    fn default_time(self) -> NaiveTime {
        let h = match self {
            DayPart::EarlyMorning => 6,
            DayPart::Morning => 9,
            DayPart::Noon => 12,
            DayPart::Afternoon => 14,
            DayPart::Evening => 19,
        };
        hm(h, 0)
    }

    /// The 24-hour hour of `h` o'clock in this part of the day.
    fn hour(self, h: u32) -> u32 {
        match self {
            DayPart::EarlyMorning | DayPart::Morning => h % 12,
            DayPart::Noon if h <= 6 => h + 12,
            DayPart::Noon => h,
            DayPart::Afternoon | DayPart::Evening if h < 12 => h + 12,
            DayPart::Afternoon | DayPart::Evening => h,
        }
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// Which week a weekday is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekRef {
    /// No week said: the next one from today on, or the latest when speaking of the past.
    Bare,
    /// The current calendar week.
    This,
    /// The calendar week `n` weeks after the current one.
    Ahead(u64),
    /// English "last": the latest one before today.
    Latest,
    /// Chinese 上周: the previous calendar week.
    Previous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DaySpec {
    Offset(i64),
    Weekday(Weekday, WeekRef),
    Months(i32),
    EndOfMonth(u32),
    StartOfNextMonth,
    NextMonday,
    /// Month and day, year unknown.
    MonthDay(u32, u32),
    /// A day of the current month.
    DayOfMonth(u32),
    /// A day of the month `n` months on.
    DayOfMonthAhead(u32, u32),
    Exact(NaiveDate),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Day(DaySpec, Option<DayPart>),
    /// An hour and minute, with the part of day said with it, and whether am/pm fixed it.
    Clock(u32, u32, Option<DayPart>, bool),
    Part(DayPart),
    /// A date written out that is not on the calendar (2026-02-30).
    NotADay,
}

/// What a phrase says about when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeReading {
    /// The local date said, when one was.
    pub date: Option<NaiveDate>,
    /// The local time of day said, when one was.
    pub time: Option<NaiveTime>,
    /// The byte ranges of the phrase that said it.
    pub spans: Vec<Range<usize>>,
}

type Reader = fn(&Captures) -> Option<Piece>;

const N: &str = "[0-9〇零一二两三四五六七八九十]+";
const MONTHS: &str = "january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec";
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri";
const PARTS_CN: &str = "凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里";

/// The patterns, tried in order; a later one never reads inside what an earlier one read.
static PATTERNS: LazyLock<Vec<(Regex, Reader)>> = LazyLock::new(|| {
    let p = |s: String, r: Reader| (Regex::new(&s).expect("capture time pattern"), r);
    vec![
        // Written-out dates.
        p(
            r"(?i)\b(?:on\s+|by\s+)?(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b".into(),
            |c| exact(num(c, 1)?, num(c, 2)?, num(c, 3)?),
        ),
        p(format!("(\\d{{4}})年({N})月({N})[日号]"), |c| {
            exact(num(c, 1)?, num(c, 2)?, num(c, 3)?)
        }),
        p(format!("下个?月({N})[日号]"), |c| {
            Some(Piece::Day(DaySpec::DayOfMonthAhead(1, num(c, 1)?), None))
        }),
        p(format!("({N})月({N})[日号](?:之前|以前|前)?"), |c| {
            Some(Piece::Day(DaySpec::MonthDay(num(c, 1)?, num(c, 2)?), None))
        }),
        p(
            format!(r"(?i)\b(?:on\s+|by\s+)?({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b"),
            |c| month_day(c, 1, 2, 3),
        ),
        p(
            format!(r"(?i)\b(?:on\s+|by\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\b\.?(?:,?\s+(\d{{4}}))?"),
            |c| month_day(c, 2, 1, 3),
        ),
        // Counted days, weeks and months.
        p(
            r"(?i)\b(?:in|after)\s+(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a couple of)\s+(days?|weeks?|months?)(?:\s+time)?\b".into(),
            |c| counted(c, 1),
        ),
        p(
            r"(?i)\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a couple of)\s+(days?|weeks?|months?)\s+(ago|later|from now|before|back)\b".into(),
            |c| {
                let back = matches!(c.get(3)?.as_str().to_lowercase().as_str(), "ago" | "before" | "back");
                counted(c, if back { -1 } else { 1 })
            },
        ),
        p(
            format!("过({N})(?:个)?(天|日|周|星期|礼拜|个月)"),
            |c| counted_cn(c, 1),
        ),
        p(
            format!("({N})(?:个)?(天|日|周|星期|礼拜|月)(?:以后|之后|后|内|以内|之内)"),
            |c| counted_cn(c, 1),
        ),
        p(
            format!("({N})(?:个)?(天|日|周|星期|礼拜|月)(?:以前|之前|前)"),
            |c| counted_cn(c, -1),
        ),
        // Named days.
        p(r"(?i)\b(?:the\s+)?day\s+after\s+tomorrow\b".into(), |_| day(2, None)),
        p(r"(?i)\b(?:the\s+)?day\s+before\s+yesterday\b".into(), |_| day(-2, None)),
        p(r"(?i)\btonight\b".into(), |_| day(0, Some(DayPart::Evening))),
        p(r"(?i)\blast\s+night\b".into(), |_| day(-1, Some(DayPart::Evening))),
        p(
            r"(?i)\bthis\s+(morning|afternoon|evening)\b".into(),
            |c| day(0, Some(part_en(c.get(1)?.as_str())?)),
        ),
        p(r"(?i)\b(today|tomorrow|tmrw|tmr|yesterday)\b".into(), |c| {
            let n = match c.get(1)?.as_str().to_lowercase().as_str() {
                "today" => 0,
                "yesterday" => -1,
                _ => 1,
            };
            day(n, None)
        }),
        p("大后天".into(), |_| day(3, None)),
        p("大前天".into(), |_| day(-3, None)),
        p("今晚|今夜".into(), |_| day(0, Some(DayPart::Evening))),
        p("今早|今晨".into(), |_| day(0, Some(DayPart::Morning))),
        p("明早|明晨".into(), |_| day(1, Some(DayPart::Morning))),
        p("明晚".into(), |_| day(1, Some(DayPart::Evening))),
        p("昨晚|昨夜".into(), |_| day(-1, Some(DayPart::Evening))),
        p("今天|今日".into(), |_| day(0, None)),
        p("明天|明日".into(), |_| day(1, None)),
        p("后天".into(), |_| day(2, None)),
        p("昨天|昨日".into(), |_| day(-1, None)),
        p("前天".into(), |_| day(-2, None)),
        // Weekdays.
        p(
            format!(r"(?i)\b(?:(next|this|last|coming|on|by|before|until)\s+)?({WEEKDAYS})\b\.?"),
            |c| weekday_en(c.get(1).map(|m| m.as_str()), c.get(2)?.as_str()),
        ),
        p(
            r"(?i)\b(next|this|last|coming|on|by|before|until)\s+(saturday|sunday|sat|sun)\b\.?".into(),
            |c| weekday_en(c.get(1).map(|m| m.as_str()), c.get(2)?.as_str()),
        ),
        p(
            "(下下个?|下个?|上个?|本|这个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])(?:之前|以前|前)?".into(),
            |c| {
                let which = match c.get(1).map(|m| m.as_str()) {
                    None => WeekRef::Bare,
                    Some(w) if w.starts_with("下下") => WeekRef::Ahead(2),
                    Some(w) if w.starts_with('下') => WeekRef::Ahead(1),
                    Some(w) if w.starts_with('上') => WeekRef::Previous,
                    Some(_) => WeekRef::This,
                };
                let wd = match c.get(2)?.as_str() {
                    "一" | "1" => Weekday::Mon,
                    "二" | "2" => Weekday::Tue,
                    "三" | "3" => Weekday::Wed,
                    "四" | "4" => Weekday::Thu,
                    "五" | "5" => Weekday::Fri,
                    "六" | "6" => Weekday::Sat,
                    _ => Weekday::Sun,
                };
                Some(Piece::Day(DaySpec::Weekday(wd, which), None))
            },
        ),
        // Weeks, months, their ends.
        p(r"(?i)\b(?:by\s+|at\s+)?(?:the\s+)?end\s+of\s+next\s+month\b".into(), |_| {
            Some(Piece::Day(DaySpec::EndOfMonth(1), None))
        }),
        p(
            r"(?i)\b(?:by\s+|at\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+)?month|month[-\s]end)\b".into(),
            |_| Some(Piece::Day(DaySpec::EndOfMonth(0), None)),
        ),
        p(r"(?i)\b(?:by\s+|at\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week\b".into(), |_| {
            Some(Piece::Day(DaySpec::Weekday(Weekday::Fri, WeekRef::This), None))
        }),
        p(r"(?i)\b(?:this\s+|on\s+the\s+)?weekend\b".into(), |_| {
            Some(Piece::Day(DaySpec::Weekday(Weekday::Sat, WeekRef::Bare), None))
        }),
        p(r"(?i)\bnext\s+week\b".into(), |_| Some(Piece::Day(DaySpec::NextMonday, None))),
        p(r"(?i)\blast\s+week\b".into(), |_| day(-7, None)),
        p(r"(?i)\bnext\s+month\b".into(), |_| Some(Piece::Day(DaySpec::Months(1), None))),
        p(r"(?i)\blast\s+month\b".into(), |_| Some(Piece::Day(DaySpec::Months(-1), None))),
        p("下个?月(?:底|末)(?:之前|以前|前)?".into(), |_| {
            Some(Piece::Day(DaySpec::EndOfMonth(1), None))
        }),
        p("(?:本|这个?)?月(?:底|末)(?:之前|以前|前)?".into(), |_| {
            Some(Piece::Day(DaySpec::EndOfMonth(0), None))
        }),
        p("(?:下个?)?月初".into(), |_| Some(Piece::Day(DaySpec::StartOfNextMonth, None))),
        p("下(?:个)?(?:周|星期|礼拜)末".into(), |_| {
            Some(Piece::Day(DaySpec::Weekday(Weekday::Sat, WeekRef::Ahead(1)), None))
        }),
        p("(?:本|这个?)?周末".into(), |_| {
            Some(Piece::Day(DaySpec::Weekday(Weekday::Sat, WeekRef::Bare), None))
        }),
        p("下(?:个)?(?:周|星期|礼拜)".into(), |_| Some(Piece::Day(DaySpec::NextMonday, None))),
        p("上(?:个)?(?:周|星期|礼拜)".into(), |_| day(-7, None)),
        p("下个?月".into(), |_| Some(Piece::Day(DaySpec::Months(1), None))),
        p("上个?月".into(), |_| Some(Piece::Day(DaySpec::Months(-1), None))),
        p(format!("({N})[号](?:之前|以前|前)?"), |c| {
            Some(Piece::Day(DaySpec::DayOfMonth(num(c, 1)?), None))
        }),
        // Times of day.
        p(
            r"(?i)(?:\bat\s+|@\s*)?(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)(?:\s|$|[,.;!?])".into(),
            |c| {
                let h = num(c, 1)?;
                let m = c.get(2).map_or(Some(0), |_| num(c, 2))?;
                if !(1..=12).contains(&h) {
                    return None;
                }
                let pm = c.get(3)?.as_str().to_lowercase().starts_with('p');
                let h = if pm { h % 12 + 12 } else { h % 12 };
                Some(Piece::Clock(h, m, None, true))
            },
        ),
        p(
            format!("({PARTS_CN})?\\s*({N})\\s*[点點](?:(半)|(一刻)|(三刻)|({N})分?)?钟?"),
            |c| {
                let part = c.get(1).and_then(|m| part_cn(m.as_str()));
                let h = num(c, 2)?;
                let m = if c.get(3).is_some() {
                    30
                } else if c.get(4).is_some() {
                    15
                } else if c.get(5).is_some() {
                    45
                } else {
                    c.get(6).map_or(Some(0), |_| num(c, 6))?
                };
                Some(Piece::Clock(h, m, part, false))
            },
        ),
        p(
            format!("(?i)(?:\\bat\\s+|@\\s*)?({PARTS_CN})?\\s*([01]?\\d|2[0-3]):([0-5]\\d)"),
            |c| {
                let part = c.get(1).and_then(|m| part_cn(m.as_str()));
                Some(Piece::Clock(num(c, 2)?, num(c, 3)?, part, false))
            },
        ),
        p(r"(?i)\b(?:at\s+)?(noon|midday|midnight)\b".into(), |c| {
            if c.get(1)?.as_str().eq_ignore_ascii_case("midnight") {
                Some(Piece::Clock(0, 0, None, true))
            } else {
                Some(Piece::Clock(12, 0, None, true))
            }
        }),
        p(r"(?i)(?:\bat|@)\s*(\d{1,2})\b".into(), |c| {
            Some(Piece::Clock(num(c, 1)?, 0, None, false))
        }),
        p(
            r"(?i)\b(?:in\s+the\s+|this\s+)?(morning|afternoon|evening)\b".into(),
            |c| Some(Piece::Part(part_en(c.get(1)?.as_str())?)),
        ),
        p(PARTS_CN.into(), |c| Some(Piece::Part(part_cn(c.get(0)?.as_str())?))),
    ]
});

fn exact(y: u32, m: u32, d: u32) -> Option<Piece> {
    Some(match NaiveDate::from_ymd_opt(y as i32, m, d) {
        Some(d) => Piece::Day(DaySpec::Exact(d), None),
        None => Piece::NotADay,
    })
}

fn day(n: i64, part: Option<DayPart>) -> Option<Piece> {
    Some(Piece::Day(DaySpec::Offset(n), part))
}

fn part_en(s: &str) -> Option<DayPart> {
    match s.to_lowercase().as_str() {
        "morning" => Some(DayPart::Morning),
        "afternoon" => Some(DayPart::Afternoon),
        "evening" => Some(DayPart::Evening),
        _ => None,
    }
}

fn part_cn(s: &str) -> Option<DayPart> {
    match s {
        "凌晨" => Some(DayPart::EarlyMorning),
        "早上" | "早晨" | "上午" => Some(DayPart::Morning),
        "中午" => Some(DayPart::Noon),
        "下午" => Some(DayPart::Afternoon),
        "傍晚" | "晚上" | "夜里" => Some(DayPart::Evening),
        _ => None,
    }
}

/// A number in digits or Chinese numerals (一, 两, 十二, 二十五); up to 9999.
pub(crate) fn chinese_number(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|n| *n < 10_000);
    }
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|c| *c == '十') {
        None if chars.len() == 1 => digit(chars[0]),
        None => None,
        Some(at) => {
            let tens = match &chars[..at] {
                [] => 1,
                [d] => digit(*d)?,
                _ => return None,
            };
            let ones = match &chars[at + 1..] {
                [] => 0,
                [d] => digit(*d)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
    }
}

fn num(c: &Captures, i: usize) -> Option<u32> {
    chinese_number(c.get(i)?.as_str())
}

fn english_count(s: &str) -> Option<u32> {
    match s.to_lowercase().as_str() {
        "a" | "an" | "one" => Some(1),
        "two" | "a couple of" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "eight" => Some(8),
        "nine" => Some(9),
        "ten" => Some(10),
        digits => digits.parse().ok().filter(|n| *n < 10_000),
    }
}

fn counted(c: &Captures, sign: i64) -> Option<Piece> {
    let n = i64::from(english_count(c.get(1)?.as_str())?);
    let unit = c.get(2)?.as_str().to_lowercase();
    Some(if unit.starts_with("month") {
        Piece::Day(DaySpec::Months((sign * n) as i32), None)
    } else if unit.starts_with("week") {
        Piece::Day(DaySpec::Offset(sign * n * 7), None)
    } else {
        Piece::Day(DaySpec::Offset(sign * n), None)
    })
}

fn counted_cn(c: &Captures, sign: i64) -> Option<Piece> {
    let n = i64::from(num(c, 1)?);
    Some(match c.get(2)?.as_str() {
        "天" | "日" => Piece::Day(DaySpec::Offset(sign * n), None),
        "月" | "个月" => Piece::Day(DaySpec::Months((sign * n) as i32), None),
        _ => Piece::Day(DaySpec::Offset(sign * n * 7), None),
    })
}

fn month_number(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| s.starts_with(n))
        .map(|i| i as u32 + 1)
}

fn month_day(c: &Captures, month: usize, day: usize, year: usize) -> Option<Piece> {
    let m = month_number(c.get(month)?.as_str())?;
    let d = num(c, day)?;
    Some(match c.get(year) {
        Some(_) => Piece::Day(
            DaySpec::Exact(NaiveDate::from_ymd_opt(num(c, year)? as i32, m, d)?),
            None,
        ),
        None => Piece::Day(DaySpec::MonthDay(m, d), None),
    })
}

fn weekday_en(modifier: Option<&str>, name: &str) -> Option<Piece> {
    let wd = match name.to_lowercase().get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        _ => Weekday::Sun,
    };
    let which = match modifier.map(str::to_lowercase).as_deref() {
        Some("next") => WeekRef::Ahead(1),
        Some("this") => WeekRef::This,
        Some("last") => WeekRef::Latest,
        _ => WeekRef::Bare,
    };
    Some(Piece::Day(DaySpec::Weekday(wd, which), None))
}

fn shift(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        date.checked_add_days(Days::new(n as u64))
    } else {
        date.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        date.checked_add_months(Months::new(n as u32))
    } else {
        date.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

fn month_start(date: NaiveDate, ahead: u32) -> Option<NaiveDate> {
    date.with_day(1)?.checked_add_months(Months::new(ahead))
}

/// The date `spec` names, seen from `today`; `past`: the phrase speaks of the past.
fn resolve_day(spec: DaySpec, today: NaiveDate, past: bool) -> Option<NaiveDate> {
    let monday = shift(today, -i64::from(today.weekday().num_days_from_monday()))?;
    match spec {
        DaySpec::Offset(n) => shift(today, n),
        DaySpec::Months(n) => add_months(today, n),
        DaySpec::Exact(d) => Some(d),
        DaySpec::NextMonday => shift(monday, 7),
        DaySpec::StartOfNextMonth => month_start(today, 1),
        DaySpec::EndOfMonth(ahead) => month_start(today, ahead + 1)?.pred_opt(),
        DaySpec::DayOfMonth(d) => {
            let this_month = today.with_day(d);
            match this_month {
                Some(t) if past && t > today => month_start(today, 0)?
                    .checked_sub_months(Months::new(1))?
                    .with_day(d),
                Some(t) if !past && t < today => month_start(today, 1)?.with_day(d),
                t => t,
            }
        }
        DaySpec::DayOfMonthAhead(ahead, d) => month_start(today, ahead)?.with_day(d),
        DaySpec::MonthDay(m, d) => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), m, d);
            let other = NaiveDate::from_ymd_opt(today.year() + if past { -1 } else { 1 }, m, d);
            match this_year {
                Some(t) if past && t > today => other,
                Some(t) if !past && t < today => other,
                Some(t) => Some(t),
                None => other,
            }
        }
        DaySpec::Weekday(wd, which) => {
            let in_week =
                |week_start: NaiveDate| shift(week_start, i64::from(wd.num_days_from_monday()));
            let ahead = (i64::from(wd.num_days_from_monday())
                - i64::from(today.weekday().num_days_from_monday()))
            .rem_euclid(7);
            match which {
                WeekRef::This => in_week(monday),
                WeekRef::Ahead(n) => in_week(shift(monday, 7 * n as i64)?),
                WeekRef::Previous => in_week(shift(monday, -7)?),
                WeekRef::Latest => shift(today, -(if ahead == 0 { 7 } else { 7 - ahead })),
                WeekRef::Bare if past => shift(today, -((7 - ahead) % 7)),
                WeekRef::Bare => shift(today, ahead),
            }
        }
    }
}

/// Reads when `text` says, seen from local date `today`; `past`: the phrase speaks of the
/// past (it changes bare weekdays and dates without a year). A phrase that names two
/// different days or two times of day is an error that quotes both.
pub fn read_time(text: &str, today: NaiveDate, past: bool) -> Result<TimeReading> {
    let mut taken: Vec<(Range<usize>, Piece)> = Vec::new();
    for (re, reader) in PATTERNS.iter() {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let span = trim_span(text, m.range());
            if span.is_empty()
                || taken
                    .iter()
                    .any(|(r, _)| r.start < span.end && span.start < r.end)
            {
                continue;
            }
            // 快一点, 早一点: "a bit", not one o'clock.
            let before = text[..span.start].chars().next_back();
            if m.as_str().starts_with("一点")
                && before.is_some_and(|b| "快慢早晚多少好有差".contains(b))
            {
                continue;
            }
            if let Some(piece) = reader(&c) {
                taken.push((span, piece));
            }
        }
    }
    taken.sort_by_key(|(r, _)| r.start);

    let quote = |r: &Range<usize>| text[r.clone()].trim().to_string();
    let mut date: Option<(NaiveDate, Range<usize>)> = None;
    let mut part: Option<DayPart> = None;
    let mut clock: Option<(Piece, Range<usize>)> = None;
    for (span, piece) in &taken {
        match *piece {
            Piece::Day(spec, p) => {
                let d = resolve_day(spec, today, past).ok_or_else(|| {
                    Error::invalid(
                        "when",
                        format!("'{}' is not a day of the calendar", quote(span)),
                    )
                })?;
                if let Some((other, at)) = &date {
                    if *other != d {
                        return Err(Error::invalid(
                            "when",
                            format!("it says two days: '{}' and '{}'", quote(at), quote(span)),
                        ));
                    }
                }
                date = Some((d, span.clone()));
                part = part.or(p);
            }
            Piece::Part(p) => part = Some(p),
            Piece::NotADay => {
                return Err(Error::invalid(
                    "when",
                    format!("'{}' is not a day of the calendar", quote(span)),
                ))
            }
            Piece::Clock(h, m, p, fixed) => {
                if let Some((_, at)) = &clock {
                    return Err(Error::invalid(
                        "when",
                        format!("it says two times: '{}' and '{}'", quote(at), quote(span)),
                    ));
                }
                clock = Some((Piece::Clock(h, m, p, fixed), span.clone()));
            }
        }
    }
    let time = match clock {
        Some((Piece::Clock(h, m, p, fixed), span)) => {
            let h = match (p.or(part), fixed) {
                (_, true) => h,
                (Some(p), false) => p.hour(h),
                (None, false) if (1..=6).contains(&h) => h + 12,
                (None, false) => h,
            };
            Some(NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| {
                Error::invalid("when", format!("'{}' is not a time of day", quote(&span)))
            })?)
        }
        _ => part.map(DayPart::default_time),
    };
    Ok(TimeReading {
        date: date.map(|(d, _)| d),
        time,
        spans: taken.into_iter().map(|(r, _)| r).collect(),
    })
}

/// `r` without the whitespace and punctuation a pattern took at its ends.
fn trim_span(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len()
        - s.trim_end_matches(|c: char| c.is_whitespace() || ",.;!?".contains(c))
            .len();
    if lead + trail >= s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn chinese_numbers_read() {
        for (s, n) in [
            ("3", 3),
            ("十", 10),
            ("十二", 12),
            ("二十五", 25),
            ("两", 2),
            ("三十", 30),
        ] {
            assert_eq!(chinese_number(s), Some(n), "{s}");
        }
        assert_eq!(chinese_number("十二三"), None);
    }

    #[test]
    fn two_days_are_an_error_naming_both() {
        let e = read_time("tomorrow or next friday", d(2026, 12, 2), false).unwrap_err();
        let e = e.to_string();
        assert!(e.contains("tomorrow") && e.contains("next friday"), "{e}");
    }

    #[test]
    fn weekdays_follow_the_documented_weeks() {
        // 2026-12-02 is a Wednesday.
        let today = d(2026, 12, 2);
        let day = |s: &str, past| read_time(s, today, past).unwrap().date;
        assert_eq!(day("next tue", false), Some(d(2026, 12, 8)));
        assert_eq!(day("下周三", false), Some(d(2026, 12, 9)));
        assert_eq!(day("周三", false), Some(today));
        assert_eq!(day("周二", false), Some(d(2026, 12, 8)));
        assert_eq!(day("周二", true), Some(d(2026, 12, 1)));
        assert_eq!(day("last wednesday", true), Some(d(2026, 11, 25)));
        assert_eq!(day("上周五", true), Some(d(2026, 11, 27)));
        assert_eq!(day("这周一", true), Some(d(2026, 11, 30)));
    }
}

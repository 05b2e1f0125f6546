//! The today list, cadence rules, the dashboard, value tiers and the daily reminder.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, NoArgs, Session};
use crate::error::{Error, Result};
use crate::reminder::Reminder;
use crate::report::{Report, ReportOptions};
use crate::today::{CadenceRule, RuleKind, TodayList, SECTION_LIMIT};
use crate::value::TierSummary;

/// Most rows per section one request may ask for.
pub const MAX_ROWS_PER_SECTION: u32 = 10_000;

/// Which today list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayListRequest {
    /// The local date (default: today in the user's zone).
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Rows per section (default [`SECTION_LIMIT`]; the totals count every row).
    #[serde(default)]
    pub rows_per_section: Option<u32>,
    /// Every contact due by cadence, past the daily workload.
    #[serde(default)]
    pub past_workload: bool,
}

/// A cadence rule to add or replace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetCadenceRuleRequest {
    /// The rule.
    pub rule: CadenceRule,
}

/// A cadence rule to remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RemoveCadenceRuleRequest {
    /// Tag, stage or tier.
    pub kind: RuleKind,
    /// Its name.
    pub name: String,
}

/// What the dashboard covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportRequest {
    /// Default: 12 weeks of trends, 50 RFM rows.
    #[serde(default)]
    pub options: Option<ReportOptions>,
}

/// The today list.
pub fn today_list(s: &Session, env: &Env, r: TodayListRequest) -> Result<TodayList> {
    let book = s.read();
    let tz = env.zone(&book)?;
    let date = match r.date {
        Some(d) => d,
        None => env.today(&book)?,
    };
    let rows = r.rows_per_section.unwrap_or(SECTION_LIMIT as u32);
    if !(1..=MAX_ROWS_PER_SECTION).contains(&rows) {
        return Err(Error::invalid(
            "rows per section",
            format!("must be 1–{MAX_ROWS_PER_SECTION}"),
        ));
    }
    let workload = match r.past_workload {
        true => None,
        false => Some(book.cadence_workload()? as usize),
    };
    book.today_with(date, tz, Some(rows as usize), workload)
}

/// The default cadences.
pub fn cadence_rules(s: &Session, _: &Env, _: NoArgs) -> Result<Vec<CadenceRule>> {
    s.read().cadence_rules()
}

/// Adds or replaces a cadence rule.
pub fn set_cadence_rule(s: &Session, _: &Env, r: SetCadenceRuleRequest) -> Result<()> {
    s.write()?.set_cadence_rule(r.rule)
}

/// Removes a cadence rule.
pub fn remove_cadence_rule(s: &Session, _: &Env, r: RemoveCadenceRuleRequest) -> Result<bool> {
    s.write()?.remove_cadence_rule(r.kind, &r.name)
}

/// The dashboard for today in the user's zone.
pub fn report(s: &Session, env: &Env, r: ReportRequest) -> Result<Report> {
    let book = s.read();
    let (today, tz) = (env.today(&book)?, env.zone(&book)?);
    book.report(today, tz, r.options.unwrap_or_default())
}

/// Customers per value tier.
pub fn tiers(s: &Session, env: &Env, _: NoArgs) -> Result<TierSummary> {
    let book = s.read();
    let (today, tz) = (env.today(&book)?, env.zone(&book)?);
    book.tier_summary(today, tz)
}

/// The daily reminder if it is due now (how many people, the first by name, its words
/// in the user's language); `None` when it is not (off, before its time, or already
/// sent today).
pub fn reminder_due(s: &Session, env: &Env, _: NoArgs) -> Result<Option<Reminder>> {
    let book = s.read();
    let tz = env.zone(&book)?;
    book.reminder_due(env.now.with_timezone(&tz).naive_local(), tz, &env.locale)
}

/// Records that today's reminder went out.
pub fn reminder_sent(s: &Session, env: &Env, _: NoArgs) -> Result<()> {
    let mut book = s.write()?;
    let today = env.today(&book)?;
    book.record_reminder_sent(today)
}

//! The today list (PRODUCT.md §3): what a salesperson works through every morning.
//!
//! For a local calendar date D in the user's time zone:
//! - **overdue**: pending follow-ups due before D, oldest first;
//! - **today**: pending follow-ups due on D, then contacts whose keep-in-touch cadence has
//!   lapsed (last contacted on local date L, or created then if never contacted, cadence N:
//!   due when L + N ≤ D) and who have no pending follow-up, most days late first;
//! - **occasions**: birthdays and anniversaries on D (29 February on 28 February in common
//!   years), with the age or years when the year is known;
//! - **upcoming**: pending follow-ups due D+1 … D+7.
//!
//! Contacts marked do-not-contact, archived or deleted never appear. D and the zone are
//! inputs: the list does not depend on the wall-clock time.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, PartialDate};
use crate::error::{Error, Result};
use crate::followups::FollowUpId;
use crate::interactions::InteractionKind;
use crate::store::ListedContact;

/// How many days ahead "upcoming" looks.
pub const UPCOMING_DAYS: u64 = 7;

/// Why a row is on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TodayReason {
    /// A follow-up is due (or overdue, or upcoming).
    FollowUp,
    /// The keep-in-touch cadence has lapsed.
    Cadence,
    /// Birthday.
    Birthday,
    /// Anniversary.
    Anniversary,
}

/// The last contact, as a local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LastContactedOn {
    /// Local date in the user's zone.
    pub date: NaiveDate,
    /// Call, email, meeting or message.
    pub kind: InteractionKind,
}

/// One row of the today list, with what the UI needs to show it and act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayItem {
    /// Why it is listed.
    pub reason: TodayReason,
    /// The contact.
    pub contact_id: ContactId,
    /// Its display name.
    pub display_name: String,
    /// Its company.
    pub company: Option<String>,
    /// Last contact (local date and kind); `None` when never contacted.
    pub last_contacted: Option<LastContactedOn>,
    /// The follow-up, for follow-up rows.
    pub follow_up_id: Option<FollowUpId>,
    /// What the follow-up says.
    pub text: Option<String>,
    /// Due date (follow-ups), date the cadence lapsed (cadence), or the occasion's date this year.
    pub due_date: NaiveDate,
    /// Due time of a follow-up, `HH:MM`.
    pub due_time: Option<String>,
    /// Days past due (0 when due today; negative for upcoming).
    #[ts(type = "number")]
    pub days_late: i64,
    /// The effective cadence, for cadence rows.
    pub cadence_days: Option<u32>,
    /// Age on a birthday, years on an anniversary, when the year is known.
    pub years: Option<i32>,
}

/// The today list for one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayList {
    /// The local date it is for.
    pub date: NaiveDate,
    /// Follow-ups due before the date, oldest first.
    pub overdue: Vec<TodayItem>,
    /// Follow-ups due on the date, then lapsed cadences (most late first).
    pub today: Vec<TodayItem>,
    /// Birthdays and anniversaries on the date.
    pub occasions: Vec<TodayItem>,
    /// Follow-ups due in the next seven days.
    pub upcoming: Vec<TodayItem>,
}

impl TodayList {
    /// Number of rows that need action today (overdue + today).
    pub fn due_count(&self) -> usize {
        self.overdue.len() + self.today.len()
    }

    /// The contacts that are overdue: a follow-up due before the date, or a
    /// lapsed keep-in-touch cadence; each once, in list order.
    pub fn overdue_contact_ids(&self) -> Vec<ContactId> {
        let mut seen = std::collections::HashSet::new();
        self.overdue
            .iter()
            .chain(self.today.iter().filter(|i| i.reason == TodayReason::Cadence))
            .map(|i| i.contact_id)
            .filter(|id| seen.insert(*id))
            .collect()
    }

    /// True when nothing at all is listed.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.occasions.is_empty()
            && self.upcoming.is_empty()
    }
}

/// What a cadence rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum RuleKind {
    /// Contacts with this tag.
    Tag,
    /// Contacts in this stage.
    Stage,
}

impl RuleKind {
    /// Stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleKind::Tag => "tag",
            RuleKind::Stage => "stage",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A default keep-in-touch cadence for a tag or a stage (e.g. tag `VIP` → 14 days).
/// A contact's own cadence wins; when several rules match, the shortest wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CadenceRule {
    /// Tag or stage.
    pub kind: RuleKind,
    /// The tag's or stage's name.
    pub name: String,
    /// Days.
    pub days: u32,
}

impl FromStr for RuleKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "tag" => Ok(RuleKind::Tag),
            "stage" => Ok(RuleKind::Stage),
            other => Err(Error::invalid(
                "rule",
                format!("'{other}' is not tag or stage"),
            )),
        }
    }
}

fn local_date(utc_text: &str, tz: Tz) -> Result<NaiveDate> {
    Ok(instant_from_text(utc_text)?.with_timezone(&tz).date_naive())
}

fn last_contacted_on(c: &ListedContact, tz: Tz) -> Result<Option<LastContactedOn>> {
    match (&c.last_contacted_at, &c.last_contacted_kind) {
        (Some(at), Some(kind)) => Ok(Some(LastContactedOn {
            date: local_date(at, tz)?,
            kind: kind.parse()?,
        })),
        _ => Ok(None),
    }
}

fn item(
    reason: TodayReason,
    c: &ListedContact,
    due_date: NaiveDate,
    date: NaiveDate,
    tz: Tz,
) -> Result<TodayItem> {
    Ok(TodayItem {
        reason,
        contact_id: c.id,
        display_name: c.display_name.clone(),
        company: c.company.clone(),
        last_contacted: last_contacted_on(c, tz)?,
        follow_up_id: None,
        text: None,
        due_date,
        due_time: None,
        days_late: (date - due_date).num_days(),
        cadence_days: None,
        years: None,
    })
}

/// Month-days whose occasions fall on `date`: its own, plus 29 February on 28 February of a common year.
fn occasion_month_days(date: NaiveDate) -> Vec<String> {
    let mut mds = vec![date.format("%m-%d").to_string()];
    let leap = NaiveDate::from_ymd_opt(date.year(), 2, 29).is_some();
    if date.month() == 2 && date.day() == 28 && !leap {
        mds.push("02-29".into());
    }
    mds
}

impl ContactBook {
    /// The today list for local date `date` in zone `tz`.
    pub fn today(&self, date: NaiveDate, tz: Tz) -> Result<TodayList> {
        let store = self.store();
        let horizon = date
            .checked_add_days(Days::new(UPCOMING_DAYS))
            .ok_or_else(|| Error::invalid("date", "date is past the calendar's end"))?;
        let mut list = TodayList {
            date,
            overdue: Vec::new(),
            today: Vec::new(),
            occasions: Vec::new(),
            upcoming: Vec::new(),
        };
        for f in store.due_follow_ups(horizon)? {
            let mut it = item(TodayReason::FollowUp, &f.contact, f.due_date, date, tz)?;
            it.follow_up_id = Some(FollowUpId(f.id));
            it.text = Some(f.text);
            it.due_time = f.due_time;
            match f.due_date.cmp(&date) {
                std::cmp::Ordering::Less => list.overdue.push(it),
                std::cmp::Ordering::Equal => list.today.push(it),
                std::cmp::Ordering::Greater => list.upcoming.push(it),
            }
        }

        // The store's pre-filter compares UTC dates; a local date differs from the UTC
        // date by at most one day, so one day of slack, then the exact rule here.
        let mut lapsed = Vec::new();
        let until = date.succ_opt().unwrap_or(date);
        for row in store.cadence_candidates(until)? {
            let since = match &row.contact.last_contacted_at {
                Some(at) => local_date(at, tz)?,
                None => local_date(&row.contact.created_at, tz)?,
            };
            let Some(due) = since.checked_add_days(Days::new(u64::from(row.cadence_days))) else {
                continue;
            };
            if due <= date {
                let mut it = item(TodayReason::Cadence, &row.contact, due, date, tz)?;
                it.cadence_days = Some(row.cadence_days);
                lapsed.push(it);
            }
        }
        lapsed.sort_by(|a, b| {
            b.days_late
                .cmp(&a.days_late)
                .then(a.display_name.cmp(&b.display_name))
        });
        list.today.extend(lapsed);

        let mds = occasion_month_days(date);
        for (anniversary, reason) in [
            (false, TodayReason::Birthday),
            (true, TodayReason::Anniversary),
        ] {
            let mut found = Vec::new();
            for row in store.occasions_on(anniversary, &mds)? {
                let on: PartialDate = row.date.parse()?;
                let mut it = item(reason, &row.contact, date, date, tz)?;
                it.years = on.years_on(date);
                found.push(it);
            }
            found.sort_by(|a, b| {
                a.display_name
                    .to_lowercase()
                    .cmp(&b.display_name.to_lowercase())
            });
            list.occasions.extend(found);
        }
        Ok(list)
    }

    /// The cadence rules.
    pub fn cadence_rules(&self) -> Result<Vec<CadenceRule>> {
        self.store().cadence_rules()
    }

    /// Sets the default cadence for a tag or stage.
    pub fn set_cadence_rule(&mut self, mut rule: CadenceRule) -> Result<()> {
        rule.name = rule.name.trim().to_string();
        if rule.name.is_empty() {
            return Err(Error::invalid("rule", "a rule needs a tag or stage name"));
        }
        if rule.kind == RuleKind::Stage {
            rule.name = rule.name.parse::<crate::Stage>()?.as_str().to_string();
        }
        if !(1..=3660).contains(&rule.days) {
            return Err(Error::invalid("days", "cadence must be 1–3660 days"));
        }
        self.store_mut().set_cadence_rule(&rule)
    }

    /// Removes the rule for a tag or stage; true when there was one.
    pub fn remove_cadence_rule(&mut self, kind: RuleKind, name: &str) -> Result<bool> {
        self.store_mut().remove_cadence_rule(kind, name.trim())
    }
}

//! The today list (PRODUCT.md §3): what a salesperson works through every morning.
//!
//! For a local calendar date D in the user's time zone:
//! - **overdue**: pending follow-ups due before D, oldest first;
//! - **today**: pending follow-ups due on D, then contacts whose keep-in-touch cadence has
//!   lapsed (last contacted on local date L, or created then if never contacted, cadence N:
//!   due when L + N ≤ D) and who have no pending follow-up, value first (see
//!   [`cadence_priority`]), at most the user's daily workload of them
//!   ([`ContactBook::cadence_workload`], default [`DEFAULT_CADENCE_WORKLOAD`]); the rest are
//!   counted as waiting ([`SectionTotals::waiting`]) and listed on request;
//! - **occasions**: birthdays and anniversaries on D (29 February on 28 February in common
//!   years), with the age or years when the year is known;
//! - **upcoming**: pending follow-ups due D+1 … D+7;
//! - **at risk**: valuable customers drifting away ([`crate::drifting`]) with no pending
//!   follow-up;
//! - **open cases**: open service cases ([`crate::cases`]); their follow-ups are in the
//!   sections above, marked with the case.
//!
//! Contacts marked do-not-contact, archived or deleted never appear, nor contacts who
//! opted out of every channel ([`crate::optout`]); rows show the channels opted out of. D and the zone are
//! inputs: the list does not depend on the wall-clock time.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::cases::{CaseId, CaseSeverity};
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, PartialDate};
use crate::drifting::DriftingCustomer;
use crate::error::{Error, Result};
use crate::followups::FollowUpId;
use crate::interactions::InteractionKind;
use crate::optout::{opted_out_of_all, OptOutChannel};
use crate::store::ListedContact;
use crate::value::ValueTier;

/// How many days ahead "upcoming" looks.
pub const UPCOMING_DAYS: u64 = 7;

/// Setting key: how many contacts due by cadence the today list shows a day.
pub const SETTING_CADENCE_WORKLOAD: &str = "cadence_workload";
/// The daily cadence workload until the user sets one.
pub const DEFAULT_CADENCE_WORKLOAD: u32 = 15;

/// Lateness counts for at most this many days in [`cadence_priority`].
pub const LATENESS_CAP_DAYS: i64 = 90;

/// The order of the contacts due by cadence: value first, then lateness.
///
/// Each contact gets points: its value tier's (VIP or A 300, major or B 200, ordinary 100,
/// small, C or none 0), 100 more when it is a valuable customer drifting away
/// ([`crate::drifting`]), plus one a day late, up to [`LATENESS_CAP_DAYS`] (after a quarter,
/// more lateness says nothing more). Most points first; equal points by days late, then by
/// name. So a VIP 3 days late (303) comes before a small customer 700 days late (90), a
/// major customer due today (200) before an ordinary one 60 days late (160), and contacts
/// of one tier keep most-late-first order.
pub fn cadence_priority(tier: Option<ValueTier>, drifting: bool, days_late: i64) -> i64 {
    let tier_points = match tier {
        Some(ValueTier::Vip | ValueTier::A) => 300,
        Some(ValueTier::Major | ValueTier::B) => 200,
        Some(ValueTier::Ordinary) => 100,
        Some(ValueTier::Small | ValueTier::C) | None => 0,
    };
    tier_points + if drifting { 100 } else { 0 } + days_late.clamp(0, LATENESS_CAP_DAYS)
}

/// The sort key of a cadence row: [`cadence_priority`], then days late.
fn cadence_key(points: i64, days_late: i64) -> (i64, i64) {
    (points, days_late)
}

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
    /// A valuable customer drifting away (see [`crate::drifting`]).
    AtRisk,
    /// An open service case.
    ServiceCase,
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
    /// The service case, for case rows and for a case's follow-up rows.
    pub case_id: Option<CaseId>,
    /// The case's severity.
    pub severity: Option<CaseSeverity>,
    /// Why the customer is at risk, for at-risk rows.
    pub drift: Option<DriftingCustomer>,
    /// Channels the contact opted out of (do not use them).
    pub opted_out: Vec<OptOutChannel>,
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
    /// Valuable customers drifting away who have no pending follow-up, most valuable first.
    pub at_risk: Vec<TodayItem>,
    /// Open service cases, most severe first, then oldest.
    pub open_cases: Vec<TodayItem>,
    /// How many rows each long section has in all (the lists hold at most [`SECTION_LIMIT`]).
    pub totals: SectionTotals,
}

/// Rows most a section of the today list holds; the rest are counted in [`SectionTotals`].
pub const SECTION_LIMIT: usize = 200;

/// The whole size of the sections that can be long.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SectionTotals {
    /// Contacts due by cadence (they are in `today` too).
    #[ts(type = "number")]
    #[serde(default)]
    pub cadence: u64,
    /// Contacts due by cadence beyond the daily workload or the section's limit: "N more
    /// waiting" ([`ContactBook::today_with`] with no workload lists them).
    #[ts(type = "number")]
    #[serde(default)]
    pub waiting: u64,
    /// Overdue follow-ups.
    #[ts(type = "number")]
    pub overdue: u64,
    /// Follow-ups due today and lapsed cadences.
    #[ts(type = "number")]
    pub today: u64,
    /// Follow-ups due in the next seven days.
    #[ts(type = "number")]
    pub upcoming: u64,
    /// What the day asks for, as the list counts it: overdue and due-today rows (the
    /// ones beyond a section's limit too, not the cadence contacts waiting past the
    /// daily workload), occasions, contacts at risk and open cases. The "N to do".
    #[ts(type = "number")]
    #[serde(default)]
    pub due: u64,
}

impl TodayList {
    /// Number of rows that need action today (overdue + today + at risk), counting the
    /// rows beyond the section limit.
    pub fn due_count(&self) -> usize {
        (self.totals.overdue + self.totals.today) as usize + self.at_risk.len()
    }

    /// The contacts that are overdue: a follow-up due before the date, or a
    /// lapsed keep-in-touch cadence; each once, in list order.
    pub fn overdue_contact_ids(&self) -> Vec<ContactId> {
        let mut seen = std::collections::HashSet::new();
        self.overdue
            .iter()
            .chain(
                self.today
                    .iter()
                    .filter(|i| i.reason == TodayReason::Cadence),
            )
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
            && self.at_risk.is_empty()
            && self.open_cases.is_empty()
    }

    fn sections_mut(&mut self) -> [&mut Vec<TodayItem>; 6] {
        [
            &mut self.overdue,
            &mut self.today,
            &mut self.occasions,
            &mut self.upcoming,
            &mut self.at_risk,
            &mut self.open_cases,
        ]
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
    /// Customers in this value tier (see [`crate::value`]).
    Tier,
}

impl RuleKind {
    /// Stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleKind::Tag => "tag",
            RuleKind::Stage => "stage",
            RuleKind::Tier => "tier",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A default keep-in-touch cadence for a tag, a stage or a value tier (e.g. tag `VIP` → 14
/// days, tier `vip` → 30 days).
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
            "tier" => Ok(RuleKind::Tier),
            other => Err(Error::invalid(
                "rule",
                format!("'{other}' is not tag, stage or tier"),
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
        case_id: None,
        severity: None,
        drift: None,
        opted_out: Vec::new(),
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
    /// The user's today list for local date `date` in zone `tz`: at most [`SECTION_LIMIT`]
    /// rows per section and [`ContactBook::cadence_workload`] contacts due by cadence (the
    /// totals count them all).
    pub fn today(&self, date: NaiveDate, tz: Tz) -> Result<TodayList> {
        let workload = self.cadence_workload()? as usize;
        self.today_with(date, tz, Some(SECTION_LIMIT), Some(workload))
    }

    /// The today list with at most `limit` rows per section (`None`: every row), with no
    /// workload cap on the contacts due by cadence.
    pub fn today_limited(
        &self,
        date: NaiveDate,
        tz: Tz,
        limit: Option<usize>,
    ) -> Result<TodayList> {
        self.today_with(date, tz, limit, None)
    }

    /// How many contacts due by cadence the today list shows a day (a setting; default
    /// [`DEFAULT_CADENCE_WORKLOAD`]).
    pub fn cadence_workload(&self) -> Result<u32> {
        Ok(self
            .store()
            .setting(SETTING_CADENCE_WORKLOAD)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_CADENCE_WORKLOAD))
    }

    /// Sets the daily cadence workload (1–1000 contacts).
    pub fn set_cadence_workload(&mut self, n: u32) -> Result<()> {
        if !(1..=1000).contains(&n) {
            return Err(Error::invalid(
                "cadence workload",
                "must be 1–1000 contacts a day",
            ));
        }
        self.store_mut()
            .set_setting(SETTING_CADENCE_WORKLOAD, &n.to_string())
    }

    /// The today list with at most `limit` rows per section (`None`: every row) and at most
    /// `workload` contacts due by cadence (`None`: as many as the section holds). Every
    /// section is counted whole; only the rows shown are loaded, so the list costs about
    /// the same for 100 or 100,000 contacts due.
    pub fn today_with(
        &self,
        date: NaiveDate,
        tz: Tz,
        limit: Option<usize>,
        workload: Option<usize>,
    ) -> Result<TodayList> {
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
            at_risk: Vec::new(),
            open_cases: Vec::new(),
            totals: SectionTotals::default(),
        };
        let opt_outs = store.all_opt_outs()?;
        let hidden = |id: &ContactId| opt_outs.get(id).is_some_and(|o| opted_out_of_all(o));
        let fits = |shown: usize| limit.is_none_or(|n| shown < n);
        let cases = store.listable_open_cases()?;
        let case_of_follow_up: HashMap<FollowUpId, (CaseId, CaseSeverity)> = cases
            .iter()
            .filter_map(|(c, _)| c.follow_up_id.map(|f| (f, (c.id, c.severity))))
            .collect();

        // Follow-ups: count each section whole, load only the rows shown.
        let mut shown = [0usize; 3];
        let mut wanted = Vec::new();
        for (id, due, contact) in store.pending_follow_up_keys(horizon)? {
            if hidden(&contact) {
                continue;
            }
            let section = match due.cmp(&date) {
                std::cmp::Ordering::Less => 0,
                std::cmp::Ordering::Equal => 1,
                std::cmp::Ordering::Greater => 2,
            };
            *[
                &mut list.totals.overdue,
                &mut list.totals.today,
                &mut list.totals.upcoming,
            ][section] += 1;
            if fits(shown[section]) {
                shown[section] += 1;
                wanted.push(id);
            }
        }
        for f in store.due_follow_ups_by_id(&wanted)? {
            let mut it = item(TodayReason::FollowUp, &f.contact, f.due_date, date, tz)?;
            it.follow_up_id = Some(FollowUpId(f.id));
            it.text = Some(f.text);
            it.due_time = f.due_time;
            if let Some((case, severity)) = case_of_follow_up.get(&FollowUpId(f.id)) {
                it.case_id = Some(*case);
                it.severity = Some(*severity);
            }
            match f.due_date.cmp(&date) {
                std::cmp::Ordering::Less => list.overdue.push(it),
                std::cmp::Ordering::Equal => list.today.push(it),
                std::cmp::Ordering::Greater => list.upcoming.push(it),
            }
        }

        let room = limit.map(|n| n.saturating_sub(list.today.len()));
        let room = match (room, workload) {
            (Some(r), Some(w)) => Some(r.min(w)),
            (r, w) => r.or(w),
        };
        let (lapsed, lapsed_total) = self.lapsed_cadences(date, tz, room, &hidden)?;
        list.totals.cadence = lapsed_total;
        list.totals.waiting = lapsed_total.saturating_sub(lapsed.len() as u64);
        list.today.extend(lapsed);
        list.totals.today += lapsed_total;

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

        for (drift, row) in self.drifting_with_facts(date, tz)? {
            if row.has_pending_follow_up {
                continue; // already planned
            }
            let mut it = item(
                TodayReason::AtRisk,
                &row.contact,
                drift.drifting_since,
                date,
                tz,
            )?;
            it.drift = Some(drift);
            list.at_risk.push(it);
        }
        for (case, contact) in &cases {
            let opened = case.opened_at.with_timezone(&tz).date_naive();
            let mut it = item(TodayReason::ServiceCase, contact, opened, date, tz)?;
            it.case_id = Some(case.id);
            it.severity = Some(case.severity);
            it.follow_up_id = case.follow_up_id;
            it.text = Some(case.text.clone());
            list.open_cases.push(it);
        }

        // Per-channel opt-out: a contact out of every channel is as good as do-not-contact.
        let opt_outs = store.all_opt_outs()?;
        if !opt_outs.is_empty() {
            for section in list.sections_mut() {
                section.retain_mut(|it| match opt_outs.get(&it.contact_id) {
                    Some(out) if opted_out_of_all(out) => false,
                    Some(out) => {
                        it.opted_out = out.clone();
                        true
                    }
                    None => true,
                });
            }
        }
        let follow_ups_today = list.totals.today.saturating_sub(list.totals.cadence);
        let cadence_today = match workload {
            Some(w) => list.totals.cadence.min(w as u64),
            None => list.totals.cadence,
        };
        list.totals.due = list.totals.overdue
            + follow_ups_today
            + cadence_today
            + (list.occasions.len() + list.at_risk.len() + list.open_cases.len()) as u64;
        Ok(list)
    }

    /// Contacts whose keep-in-touch cadence has lapsed on `date` and who have no pending
    /// follow-up, in [`cadence_priority`] order, at most `room` of them, and how many there
    /// are in all.
    ///
    /// The store knows each contact's lapse date by UTC date; the local date differs from
    /// it by at most a day, so each contact's days late (and its points) is known from the
    /// index to within one day. A contact whose UTC lapse date is two days before `date` or
    /// earlier has surely lapsed and is counted from the index alone; the contacts on the
    /// last two days are checked exactly in `tz`. To rank the first `room` exactly, only the
    /// contacts whose best possible rank reaches the `room`-th surest rank are loaded.
    fn lapsed_cadences(
        &self,
        date: NaiveDate,
        tz: Tz,
        room: Option<usize>,
        hidden: &dyn Fn(&ContactId) -> bool,
    ) -> Result<(Vec<TodayItem>, u64)> {
        let store = self.store();
        let until = date.succ_opt().unwrap_or(date);
        let sure_until = date.pred_opt().unwrap_or(date);
        let pending = store.contacts_with_pending_follow_ups()?;
        let values = store.value_marks(date)?;
        let key_at = |id: &ContactId, late: i64| {
            let (tier, drifting) = values.get(id).copied().unwrap_or((None, false));
            cadence_key(cadence_priority(tier, drifting, late), late)
        };
        let mut total = 0u64;
        // (best possible key, id, on the boundary), and the surest keys of sure ones.
        let mut keyed = Vec::new();
        let mut sure_keys = Vec::new();
        let mut boundary_ids = HashSet::new();
        for (id, due_utc) in store.cadence_keys(until)? {
            if pending.contains(&id) || hidden(&id) {
                continue;
            }
            let late = (date - due_utc).num_days();
            let boundary = due_utc > sure_until;
            if boundary {
                boundary_ids.insert(id);
            } else {
                total += 1;
                sure_keys.push(key_at(&id, late - 1));
            }
            keyed.push((key_at(&id, late + 1), id, boundary));
        }
        let threshold = match room {
            Some(0) => None,
            Some(n) if n <= sure_keys.len() => {
                let (_, nth, _) = sure_keys.select_nth_unstable_by(n - 1, |a, b| b.cmp(a));
                Some(*nth)
            }
            _ => None,
        };
        let load: Vec<ContactId> = keyed
            .iter()
            // Boundary contacts are loaded whatever the room: they are counted exactly.
            .filter(|(best, _, boundary)| {
                *boundary || (room != Some(0) && threshold.is_none_or(|t| *best >= t))
            })
            .map(|(_, id, _)| *id)
            .collect();
        let mut lapsed = Vec::new();
        for row in store.cadence_rows_by_id(&load)? {
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
                lapsed.push((key_at(&row.contact.id, it.days_late), it));
            }
        }
        // A boundary contact that has lapsed in this zone counts; one loaded but not shown
        // still counts, so count before cutting.
        total += lapsed
            .iter()
            .filter(|(_, it)| boundary_ids.contains(&it.contact_id))
            .count() as u64;
        lapsed.sort_by(|(ka, a), (kb, b)| {
            kb.cmp(ka)
                .then(a.display_name.cmp(&b.display_name))
                .then(a.contact_id.cmp(&b.contact_id))
        });
        let mut lapsed: Vec<TodayItem> = lapsed.into_iter().map(|(_, it)| it).collect();
        if let Some(n) = room {
            lapsed.truncate(n);
        }
        Ok((lapsed, total))
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
        match rule.kind {
            RuleKind::Stage => rule.name = rule.name.parse::<crate::Stage>()?.as_str().to_string(),
            RuleKind::Tier => rule.name = rule.name.parse::<ValueTier>()?.as_str().to_string(),
            RuleKind::Tag => {}
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

impl ContactBook {
    /// The contacts that are overdue on `date` in `tz`, as [`TodayList::overdue_contact_ids`]
    /// counts them (a follow-up due before the date, or a lapsed keep-in-touch cadence),
    /// read off the keys alone: only contacts whose cadence lapses on the day's boundary
    /// are loaded to be checked in the zone.
    pub fn overdue_ids(&self, date: NaiveDate, tz: Tz) -> Result<Vec<ContactId>> {
        let store = self.store();
        let opt_outs = store.all_opt_outs()?;
        let hidden = |id: &ContactId| opt_outs.get(id).is_some_and(|o| opted_out_of_all(o));
        let mut ids = HashSet::new();
        if let Some(before) = date.pred_opt() {
            for (_, _, contact) in store.pending_follow_up_keys(before)? {
                if !hidden(&contact) {
                    ids.insert(contact);
                }
            }
        }
        let until = date.succ_opt().unwrap_or(date);
        let sure_until = date.pred_opt().unwrap_or(date);
        let pending = store.contacts_with_pending_follow_ups()?;
        let mut boundary = Vec::new();
        for (id, due_utc) in store.cadence_keys(until)? {
            if pending.contains(&id) || hidden(&id) {
                continue;
            }
            if due_utc > sure_until {
                boundary.push(id);
            } else {
                ids.insert(id);
            }
        }
        for row in store.cadence_rows_by_id(&boundary)? {
            let since = match &row.contact.last_contacted_at {
                Some(at) => local_date(at, tz)?,
                None => local_date(&row.contact.created_at, tz)?,
            };
            let due = since.checked_add_days(Days::new(u64::from(row.cadence_days)));
            if due.is_some_and(|d| d <= date) {
                ids.insert(row.contact.id);
            }
        }
        Ok(ids.into_iter().collect())
    }

    /// The contacts the list's "overdue" filter shows ([`ContactBook::overdue_ids`]),
    /// filtered, ordered and paged by `q` in SQL.
    pub fn list_overdue_contacts(
        &self,
        q: &crate::contacts::ContactQuery,
        date: NaiveDate,
        tz: Tz,
    ) -> Result<Vec<crate::contacts::ContactSummary>> {
        let ids = self.overdue_ids(date, tz)?;
        self.store().list_contacts_among(q, Some(&ids))
    }

    /// How many rows [`ContactBook::list_overdue_contacts`] has (paging ignored).
    pub fn count_overdue_contacts(
        &self,
        q: &crate::contacts::ContactQuery,
        date: NaiveDate,
        tz: Tz,
    ) -> Result<u64> {
        let ids = self.overdue_ids(date, tz)?;
        self.store().count_listed_among(q, Some(&ids))
    }
}

//! The report a salesperson looks at now and then (issue 10's dashboard and
//! `rapport report`): customers per tier, RFM scores, pipeline value by stage, contacts made
//! per week, the overdue trend, drifting customers and open service cases.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::cases::ServiceCase;
use crate::drifting::DriftingCustomer;
use crate::error::{Error, Result};
use crate::pipeline::StageGroup;
use crate::value::{rfm_scores, sort_by_value, RfmScore, TierMethod, ValueTier};

/// What to include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportOptions {
    /// How many weeks the trends cover (1–104).
    pub weeks: u32,
    /// How many customers' RFM rows to list, most valuable first.
    pub rfm_rows: u32,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            weeks: 12,
            rfm_rows: 50,
        }
    }
}

/// Customers in one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TierCount {
    /// The tier.
    pub tier: ValueTier,
    /// How many customers.
    pub customers: u32,
    /// Their revenue in the report currency, minor units.
    #[ts(type = "number")]
    pub revenue_minor: i64,
}

/// How many customers have each score 1–5 (index 0 is score 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RfmDistribution {
    /// Recency scores.
    pub r: [u32; 5],
    /// Frequency scores.
    pub f: [u32; 5],
    /// Monetary scores.
    pub m: [u32; 5],
}

/// Open deals in one pipeline stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StageValue {
    /// Stage key.
    pub key: String,
    /// Stage name.
    pub name: String,
    /// Its group.
    pub group: StageGroup,
    /// Open deals in the report currency.
    #[ts(type = "number")]
    pub open_deals: u64,
    /// Their total, minor units of the report currency.
    #[ts(type = "number")]
    pub value_minor: i64,
    /// Open deals in other currencies (not in the total).
    #[ts(type = "number")]
    pub other_currency_deals: u64,
}

/// Contacts made in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeekCount {
    /// Monday of the week (local date).
    pub week_start: NaiveDate,
    /// Calls, emails, meetings and messages logged for that week (notes excluded).
    #[ts(type = "number")]
    pub interactions: u64,
}

/// Overdue follow-ups at the start of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OverduePoint {
    /// The local date.
    pub date: NaiveDate,
    /// Follow-ups overdue when that day began.
    #[ts(type = "number")]
    pub overdue: u64,
}

/// The whole report for one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    /// The local date it is for.
    pub date: NaiveDate,
    /// Currency of every amount.
    pub currency: String,
    /// How tiers were made.
    pub tier_method: TierMethod,
    /// Contacts with at least one purchase.
    pub customers: u32,
    /// Their revenue, minor units.
    #[ts(type = "number")]
    pub revenue_minor: i64,
    /// Customers per tier, best tier first (every tier of the method, zeros included).
    pub tiers: Vec<TierCount>,
    /// How the RFM scores are spread.
    pub rfm_distribution: RfmDistribution,
    /// RFM rows of the most valuable customers.
    pub rfm: Vec<RfmScore>,
    /// Open deals by pipeline stage, in pipeline order.
    pub pipeline: Vec<StageValue>,
    /// Contacts made per week, oldest first, the current (partial) week last.
    pub interactions_per_week: Vec<WeekCount>,
    /// Overdue follow-ups at the start of the same weekday each week, oldest first, ending
    /// with the report's date.
    pub overdue_trend: Vec<OverduePoint>,
    /// High-value customers drifting away.
    pub drifting: Vec<DriftingCustomer>,
    /// Open service cases.
    pub open_cases: Vec<ServiceCase>,
}

/// The instant local day `date` begins in `tz` (the first valid time after a DST gap).
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..4)
        .find_map(|h| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

fn days_before(date: NaiveDate, n: u64) -> Result<NaiveDate> {
    date.checked_sub_days(Days::new(n))
        .ok_or_else(|| Error::invalid("date", "date is before the calendar's start"))
}

impl ContactBook {
    /// The report for local date `date` in zone `tz`.
    pub fn report(&self, date: NaiveDate, tz: Tz, opts: ReportOptions) -> Result<Report> {
        if !(1..=104).contains(&opts.weeks) {
            return Err(Error::invalid("weeks", "a report covers 1–104 weeks"));
        }
        let currency = self.report_currency()?;
        let method = self.tier_method()?;
        let facts = self.customer_facts(Some(tz))?;
        let mut scores = rfm_scores(&facts, date, method);

        let mut tiers: Vec<TierCount> = method
            .tiers()
            .iter()
            .map(|&tier| TierCount {
                tier,
                customers: 0,
                revenue_minor: 0,
            })
            .collect();
        let mut dist = RfmDistribution::default();
        for s in &scores {
            if let Some(t) = tiers.iter_mut().find(|t| t.tier == s.tier) {
                t.customers += 1;
                t.revenue_minor = t.revenue_minor.saturating_add(s.monetary_minor);
            }
            for (counts, score) in [(&mut dist.r, s.r), (&mut dist.f, s.f), (&mut dist.m, s.m)] {
                if let Some(c) = counts.get_mut(usize::from(score.saturating_sub(1))) {
                    *c += 1;
                }
            }
        }
        let revenue_minor = scores
            .iter()
            .fold(0_i64, |acc, s| acc.saturating_add(s.monetary_minor));
        let customers = scores.len() as u32;
        // Names are read only for the rows shown; ties on value are then ordered by name.
        scores.sort_by(|a, b| {
            b.monetary_minor
                .cmp(&a.monetary_minor)
                .then(b.frequency.cmp(&a.frequency))
        });
        let keep = (opts.rfm_rows as usize).min(scores.len());
        let cut = scores
            .get(keep.saturating_sub(1))
            .map(|s| (s.monetary_minor, s.frequency));
        scores.retain(|s| cut.is_some_and(|c| (s.monetary_minor, s.frequency) >= c) && keep > 0);
        self.name_scores(&mut scores)?;
        sort_by_value(&mut scores);
        scores.truncate(keep);

        let open = self.store().open_deals_by_stage()?;
        let pipeline = self
            .pipeline_stages()?
            .into_iter()
            .map(|st| {
                let mut v = StageValue {
                    key: st.key.clone(),
                    name: st.name,
                    group: st.group,
                    open_deals: 0,
                    value_minor: 0,
                    other_currency_deals: 0,
                };
                for row in open.iter().filter(|r| r.stage == st.key) {
                    if row.currency == currency {
                        v.open_deals += row.deals;
                        v.value_minor = v.value_minor.saturating_add(row.amount_minor);
                    } else {
                        v.other_currency_deals += row.deals;
                    }
                }
                v
            })
            .collect();

        let this_monday = days_before(date, u64::from(date.weekday().num_days_from_monday()))?;
        let mut interactions_per_week = Vec::with_capacity(opts.weeks as usize);
        for k in (0..u64::from(opts.weeks)).rev() {
            let week_start = days_before(this_monday, 7 * k)?;
            let next = crate::book::add_days(week_start, 7)?;
            interactions_per_week.push(WeekCount {
                week_start,
                interactions: self
                    .store()
                    .contacts_made_between(start_of_day(week_start, tz), start_of_day(next, tz))?,
            });
        }
        let mut days = Vec::with_capacity(opts.weeks as usize);
        for k in (0..u64::from(opts.weeks)).rev() {
            let day = days_before(date, 7 * k)?;
            days.push((day, start_of_day(day, tz)));
        }
        let overdue_trend = days
            .iter()
            .zip(self.store().overdue_at(&days)?)
            .map(|((date, _), overdue)| OverduePoint {
                date: *date,
                overdue,
            })
            .collect();

        Ok(Report {
            date,
            currency,
            tier_method: method,
            customers,
            revenue_minor,
            tiers,
            rfm_distribution: dist,
            rfm: scores,
            pipeline,
            interactions_per_week,
            overdue_trend,
            drifting: self.drifting(date, tz)?,
            open_cases: self.open_cases()?,
        })
    }
}

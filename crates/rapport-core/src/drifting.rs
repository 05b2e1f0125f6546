//! Drifting customers: valuable customers who have gone quiet for much longer than their own
//! usual rhythm (PRODUCT.md §1: "valuable customers who stopped buying").
//!
//! The rule, for a customer on local date D:
//! - **high value**: tier VIP, major or ordinary (the pyramid's top 20%) or A (ABC), as
//!   stored on the contact (so only those customers are read: the today list stays fast);
//! - **usual interval** `u`: the median of the gaps in days between consecutive distinct
//!   purchase dates (with an even number of gaps, the mean of the middle two, rounded
//!   down); at least two purchase dates are needed, so a one-off buyer never drifts;
//! - **silence** `s`: days from the latest purchase *or* contact to D (a salesperson who
//!   called last week is already on it);
//! - **drifting** when `s > max(2·u, u + 30)`: twice the usual interval, and at least a
//!   month longer than it, so that a weekly buyer is not flagged after a fortnight.
//!
//! The same measures give every customer (any tier) a [`Risk`] of leaving, for segments
//! and the value × risk matrix: **drifting** past the threshold above, **at risk** once
//! the silence is longer than the usual interval (the next purchase is late), **steady**
//! otherwise. A customer with a single purchase date has no rhythm: at risk after
//! [`ONE_OFF_AT_RISK_DAYS`] days of silence, never drifting.

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::dates::instant_from_text;
use crate::error::Result;
use crate::store::CustomerRow;
use crate::value::{facts_from_deals, CustomerFacts, ValueTier};

/// A customer's risk of leaving on a date (see the module's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Risk {
    /// Buying at their usual rhythm.
    Steady,
    /// Their next purchase is late.
    AtRisk,
    /// Silent for much longer than their rhythm.
    Drifting,
}

impl Risk {
    /// Every level, lowest first.
    pub const ALL: [Risk; 3] = [Risk::Steady, Risk::AtRisk, Risk::Drifting];

    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Risk::Steady => "steady",
            Risk::AtRisk => "at_risk",
            Risk::Drifting => "drifting",
        }
    }
}

impl std::str::FromStr for Risk {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase().replace('-', "_");
        Risk::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                crate::error::Error::invalid(
                    "risk",
                    format!("'{s}' is not one of steady, at_risk, drifting"),
                )
            })
    }
}

/// Days of silence after which a customer with a single purchase date is at risk.
pub const ONE_OFF_AT_RISK_DAYS: i64 = 180;

/// The risk of a customer with these facts on `date`; `None` without a purchase.
pub fn risk_of(c: &CustomerFacts, date: NaiveDate) -> Option<Risk> {
    let silent = (date - c.last_event()?).num_days();
    Some(match usual_interval(&c.purchases) {
        Some(u) if silent > drift_threshold(u) => Risk::Drifting,
        Some(u) if silent > u => Risk::AtRisk,
        Some(_) => Risk::Steady,
        None if silent > ONE_OFF_AT_RISK_DAYS => Risk::AtRisk,
        None => Risk::Steady,
    })
}

/// A drifting customer and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DriftingCustomer {
    /// The contact.
    pub contact_id: ContactId,
    /// Its display name.
    pub display_name: String,
    /// Its tier.
    pub tier: ValueTier,
    /// Revenue in the report currency, minor units.
    #[ts(type = "number")]
    pub revenue_minor: i64,
    /// Median days between purchases.
    #[ts(type = "number")]
    pub usual_interval_days: i64,
    /// Days since the latest purchase or contact.
    #[ts(type = "number")]
    pub days_silent: i64,
    /// Silence beyond which the customer counts as drifting: `max(2·u, u + 30)`.
    #[ts(type = "number")]
    pub threshold_days: i64,
    /// The latest purchase.
    pub last_purchase: NaiveDate,
    /// The latest contact, if any.
    pub last_contacted: Option<NaiveDate>,
    /// The day the silence crossed the threshold.
    pub drifting_since: NaiveDate,
}

/// Median gap in days between consecutive distinct dates (ascending input); `None` with
/// fewer than two distinct dates.
pub fn usual_interval(purchases: &[NaiveDate]) -> Option<i64> {
    let mut gaps: Vec<i64> = purchases
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .filter(|&g| g > 0)
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let n = gaps.len();
    Some(if n % 2 == 1 {
        gaps[n / 2]
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2]) / 2
    })
}

/// The first day on which purchases on `purchases` (ascending) alone count as drifting:
/// the last purchase + `max(2·u, u + 30)` + 1; `None` without a usual interval.
pub fn drift_on(purchases: &[NaiveDate]) -> Option<NaiveDate> {
    let u = usual_interval(purchases)?;
    purchases
        .last()?
        .checked_add_days(Days::new(drift_threshold(u) as u64 + 1))
}

/// The silence beyond which a customer with usual interval `u` is drifting.
pub fn drift_threshold(u: i64) -> i64 {
    (2 * u).max(u + 30)
}

impl ContactBook {
    /// The risk of leaving of every live customer on local date `date`, in id order.
    pub fn risks(&self, date: NaiveDate, tz: Tz) -> Result<Vec<(ContactId, Risk)>> {
        Ok(self
            .customer_facts(Some(tz))?
            .iter()
            .filter_map(|c| risk_of(c, date).map(|r| (c.contact_id, r)))
            .collect())
    }

    /// High-value customers drifting away on local date `date`, most valuable first.
    /// Contacts that are archived or do-not-contact are left out.
    pub fn drifting(&self, date: NaiveDate, tz: Tz) -> Result<Vec<DriftingCustomer>> {
        Ok(self
            .drifting_with_facts(date, tz)?
            .into_iter()
            .map(|(d, _)| d)
            .collect())
    }

    /// Drifting customers with their contact row (which says whether a follow-up is
    /// pending). Reads the candidates off the drift-date index (high-value customers whose
    /// purchases alone have gone quiet for too long, kept by
    /// [`ContactBook::refresh_value_tiers`]), then their purchases and contact rows; a
    /// recent contact can only shorten the silence. The today list stays fast.
    pub(crate) fn drifting_with_facts(
        &self,
        date: NaiveDate,
        tz: Tz,
    ) -> Result<Vec<(DriftingCustomer, CustomerRow)>> {
        let currency = self.report_currency()?;
        let store = self.store();
        let mut out = Vec::new();
        for (id, tier) in store.drift_candidates(date)? {
            let Some(tier) = tier.parse::<ValueTier>().ok().filter(|t| t.is_high_value()) else {
                continue;
            };
            let Some(c) = facts_from_deals(store.won_deals_of(id, &currency)?, |_| true).pop()
            else {
                continue;
            };
            let (Some(u), Some(last_purchase)) =
                (usual_interval(&c.purchases), c.purchases.last().copied())
            else {
                continue;
            };
            let threshold = drift_threshold(u);
            if (date - last_purchase).num_days() <= threshold {
                continue;
            }
            let Some(row) = store.customer_row(id)? else {
                continue;
            };
            if !row.listable {
                continue;
            }
            let last_contacted_on = row
                .contact
                .last_contacted_at
                .as_deref()
                .map(|at| -> Result<NaiveDate> {
                    Ok(instant_from_text(at)?.with_timezone(&tz).date_naive())
                })
                .transpose()?;
            let last_event = last_purchase.max(last_contacted_on.unwrap_or(last_purchase));
            let silent = (date - last_event).num_days();
            if silent <= threshold {
                continue;
            }
            let since = last_event
                .checked_add_days(Days::new(threshold as u64 + 1))
                .unwrap_or(date);
            out.push((
                DriftingCustomer {
                    contact_id: id,
                    display_name: row.contact.display_name.clone(),
                    tier,
                    revenue_minor: c.revenue_minor,
                    usual_interval_days: u,
                    days_silent: silent,
                    threshold_days: threshold,
                    last_purchase,
                    last_contacted: last_contacted_on,
                    drifting_since: since,
                },
                row,
            ));
        }
        out.sort_by(|(a, _), (b, _)| {
            b.revenue_minor
                .cmp(&a.revenue_minor)
                .then(a.display_name.cmp(&b.display_name))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn usual_interval_is_the_median_gap() {
        // Gaps 30, 31, 90 → median 31.
        let p = [
            d("2026-01-01"),
            d("2026-01-31"),
            d("2026-03-03"),
            d("2026-06-01"),
        ];
        assert_eq!(usual_interval(&p), Some(31));
        // Gaps 10, 20 → (10 + 20) / 2 = 15; a same-day repeat adds no gap.
        let p = [
            d("2026-01-01"),
            d("2026-01-11"),
            d("2026-01-11"),
            d("2026-01-31"),
        ];
        assert_eq!(usual_interval(&p), Some(15));
        assert_eq!(usual_interval(&[d("2026-01-01")]), None);
        assert_eq!(usual_interval(&[d("2026-01-01"), d("2026-01-01")]), None);
    }

    #[test]
    fn risk_follows_the_silence_against_the_rhythm() {
        let facts = |p: &[&str]| CustomerFacts {
            contact_id: ContactId(1),
            purchases: p.iter().map(|x| d(x)).collect(),
            revenue_minor: 100,
            last_contacted_on: None,
        };
        // Gaps 30, 30: late after 30 days of silence, drifting after 60.
        let c = facts(&["2026-01-01", "2026-01-31", "2026-03-02"]);
        assert_eq!(risk_of(&c, d("2026-04-01")), Some(Risk::Steady));
        assert_eq!(risk_of(&c, d("2026-04-02")), Some(Risk::AtRisk));
        assert_eq!(risk_of(&c, d("2026-05-01")), Some(Risk::AtRisk));
        assert_eq!(risk_of(&c, d("2026-05-02")), Some(Risk::Drifting));
        let one = facts(&["2026-01-01"]);
        assert_eq!(risk_of(&one, d("2026-06-30")), Some(Risk::Steady));
        assert_eq!(risk_of(&one, d("2026-07-01")), Some(Risk::AtRisk));
        assert_eq!(risk_of(&facts(&[]), d("2026-07-01")), None);
    }

    #[test]
    fn threshold_is_twice_the_interval_and_at_least_a_month_more() {
        assert_eq!(drift_threshold(7), 37);
        assert_eq!(drift_threshold(30), 60);
        assert_eq!(drift_threshold(90), 180);
        // Gaps 30, 30: usual 30, threshold 60, drifting from 03-11 + 61 days.
        let p = [d("2026-01-10"), d("2026-02-09"), d("2026-03-11")];
        assert_eq!(drift_on(&p), Some(d("2026-05-11")));
        assert_eq!(drift_on(&p[..1]), None);
    }
}

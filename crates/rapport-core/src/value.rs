//! Customer value (seed 002): RFM scores and value tiers, computed from purchases (won
//! deals) and contact history.
//!
//! **Customers** are live contacts with at least one won deal. For a date D:
//! - **Recency**: days from the customer's latest purchase or contact (whichever is later;
//!   a contact's local date in the user's zone) to D.
//! - **Frequency**: number of won deals.
//! - **Monetary**: total of won deals in the report currency (a setting; other currencies
//!   cannot be added up without exchange rates and count for recency and frequency only).
//!
//! Each is scored 1–5 in **quintiles** over all customers: with `n` customers and `w` of them
//! strictly worse on a measure, the score is `1 + ⌊5·w / n⌋`, so ties share a score and the
//! best fifth scores 5 (for recency fewer days is better).
//!
//! **Tiers** rank customers by monetary value, one of two methods (a setting):
//! - **pyramid**: with `b` customers strictly better, VIP when `b < ⌈1%·n⌉`, major when
//!   `b < ⌈5%·n⌉`, ordinary when `b < ⌈20%·n⌉`, otherwise small (top 1% / next 4% / next
//!   15% / the rest; the best customer is always VIP);
//! - **ABC** by revenue share: with `s` the share of total revenue of customers strictly
//!   better, A when `s < 70%`, B when `s < 90%`, otherwise C.
//!
//! The tier is stored on the contact (refreshed on every change to won deals and to the
//! method) so that the contact list can filter on it and cadence defaults can key on it.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::dates::instant_from_text;
use crate::error::{Error, Result};

/// Setting key: `pyramid` or `abc`.
pub const SETTING_TIER_METHOD: &str = "tier_method";
/// Setting key: the ISO 4217 currency that monetary value and pipeline totals are in.
pub const SETTING_CURRENCY: &str = "currency";
/// The report currency until the user sets one.
pub const DEFAULT_CURRENCY: &str = "CNY";

/// How customers are put into tiers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum TierMethod {
    /// Seed 002's pyramid: VIP 1%, major 4%, ordinary 15%, small the rest.
    #[default]
    Pyramid,
    /// ABC by share of revenue: A up to 70%, B up to 90%, C the rest.
    Abc,
}

impl TierMethod {
    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            TierMethod::Pyramid => "pyramid",
            TierMethod::Abc => "abc",
        }
    }

    /// The tiers this method gives, best first.
    pub fn tiers(&self) -> &'static [ValueTier] {
        match self {
            TierMethod::Pyramid => &[
                ValueTier::Vip,
                ValueTier::Major,
                ValueTier::Ordinary,
                ValueTier::Small,
            ],
            TierMethod::Abc => &[ValueTier::A, ValueTier::B, ValueTier::C],
        }
    }
}

impl FromStr for TierMethod {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "pyramid" => Ok(TierMethod::Pyramid),
            "abc" => Ok(TierMethod::Abc),
            other => Err(Error::invalid(
                "tier method",
                format!("'{other}' is not pyramid or abc"),
            )),
        }
    }
}

/// A customer's value tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ValueTier {
    /// Pyramid: top 1%.
    Vip,
    /// Pyramid: next 4%.
    Major,
    /// Pyramid: next 15%.
    Ordinary,
    /// Pyramid: the rest.
    Small,
    /// ABC: the customers that make the first 70% of revenue.
    A,
    /// ABC: the next 20% of revenue.
    B,
    /// ABC: the rest.
    C,
}

impl ValueTier {
    /// Every tier.
    pub const ALL: [ValueTier; 7] = [
        ValueTier::Vip,
        ValueTier::Major,
        ValueTier::Ordinary,
        ValueTier::Small,
        ValueTier::A,
        ValueTier::B,
        ValueTier::C,
    ];

    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ValueTier::Vip => "vip",
            ValueTier::Major => "major",
            ValueTier::Ordinary => "ordinary",
            ValueTier::Small => "small",
            ValueTier::A => "a",
            ValueTier::B => "b",
            ValueTier::C => "c",
        }
    }

    /// High value: the top 20% of the pyramid (VIP, major, ordinary) or ABC's A.
    pub fn is_high_value(&self) -> bool {
        matches!(
            self,
            ValueTier::Vip | ValueTier::Major | ValueTier::Ordinary | ValueTier::A
        )
    }
}

impl FromStr for ValueTier {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        ValueTier::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .or(match s.as_str() {
                "重要" | "主要" => Some(ValueTier::Major),
                "普通" => Some(ValueTier::Ordinary),
                "小客户" => Some(ValueTier::Small),
                _ => None,
            })
            .ok_or_else(|| {
                Error::invalid(
                    "tier",
                    format!("'{s}' is not one of vip, major, ordinary, small, a, b, c"),
                )
            })
    }
}

impl fmt::Display for ValueTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A customer's RFM measures and scores, and tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RfmScore {
    /// The contact.
    pub contact_id: ContactId,
    /// Its display name.
    pub display_name: String,
    /// Days since the latest purchase or contact.
    #[ts(type = "number")]
    pub recency_days: i64,
    /// Number of purchases.
    pub frequency: u32,
    /// Total of purchases in the report currency, minor units.
    #[ts(type = "number")]
    pub monetary_minor: i64,
    /// Recency score 1–5 (5: most recent fifth).
    pub r: u8,
    /// Frequency score 1–5.
    pub f: u8,
    /// Monetary score 1–5.
    pub m: u8,
    /// Value tier.
    pub tier: ValueTier,
}

impl RfmScore {
    /// The three scores as one code, e.g. `"545"`.
    pub fn code(&self) -> String {
        format!("{}{}{}", self.r, self.f, self.m)
    }
}

/// Quintile scores: for each value, `1 + ⌊5·w / n⌋` where `w` counts the values strictly
/// worse (smaller when `higher_is_better`, larger otherwise).
pub fn quintile_scores(values: &[i64], higher_is_better: bool) -> Vec<u8> {
    let n = values.len();
    let mut sorted: Vec<i64> = values.to_vec();
    sorted.sort_unstable();
    values
        .iter()
        .map(|v| {
            let worse = if higher_is_better {
                sorted.partition_point(|x| x < v)
            } else {
                n - sorted.partition_point(|x| x <= v)
            };
            (1 + 5 * worse / n.max(1)) as u8
        })
        .collect()
}

/// The tier of each revenue (minor units) under `method`, in the input's order.
pub fn tiers_of(revenues: &[i64], method: TierMethod) -> Vec<ValueTier> {
    let n = revenues.len();
    let mut desc: Vec<i64> = revenues.to_vec();
    desc.sort_unstable_by(|a, b| b.cmp(a));
    match method {
        TierMethod::Pyramid => {
            let cut = |pct: usize| (n * pct).div_ceil(100);
            let (vip, major, ordinary) = (cut(1), cut(5), cut(20));
            revenues
                .iter()
                .map(|v| {
                    let better = desc.partition_point(|x| x > v);
                    if better < vip {
                        ValueTier::Vip
                    } else if better < major {
                        ValueTier::Major
                    } else if better < ordinary {
                        ValueTier::Ordinary
                    } else {
                        ValueTier::Small
                    }
                })
                .collect()
        }
        TierMethod::Abc => {
            let total: i128 = desc.iter().map(|&v| i128::from(v)).sum();
            // Revenue of all customers strictly better than each distinct value.
            let mut before: HashMap<i64, i128> = HashMap::new();
            let mut running: i128 = 0;
            for &v in &desc {
                before.entry(v).or_insert(running);
                running += i128::from(v);
            }
            revenues
                .iter()
                .map(|v| {
                    let s = before.get(v).copied().unwrap_or(0) * 100;
                    if total > 0 && s < 70 * total {
                        ValueTier::A
                    } else if total > 0 && s < 90 * total {
                        ValueTier::B
                    } else {
                        ValueTier::C
                    }
                })
                .collect()
        }
    }
}

/// What the value computation knows about one customer.
#[derive(Debug, Clone)]
pub struct CustomerFacts {
    /// The contact.
    pub contact_id: ContactId,
    /// Purchase dates (won deals, any currency), ascending.
    pub purchases: Vec<NaiveDate>,
    /// Revenue in the report currency, minor units.
    pub revenue_minor: i64,
    /// Local date of the last contact, if any.
    pub last_contacted_on: Option<NaiveDate>,
}

impl CustomerFacts {
    /// The latest purchase or contact.
    pub fn last_event(&self) -> Option<NaiveDate> {
        self.purchases.last().copied().max(self.last_contacted_on)
    }
}

/// Groups won deals by live customer, in contact id order, with purchase dates ascending
/// and revenue in the report currency. The store reads them in that order already; other
/// input is sorted first.
pub(crate) fn facts_from_deals(
    mut deals: Vec<crate::store::WonDealRow>,
    is_live: impl Fn(ContactId) -> bool,
) -> Vec<CustomerFacts> {
    if !deals.is_sorted_by_key(|d| (d.contact_id, d.closed_on)) {
        deals.sort_by_key(|d| (d.contact_id, d.closed_on));
    }
    let mut out: Vec<CustomerFacts> = Vec::new();
    for deal in deals {
        if !is_live(deal.contact_id) {
            continue;
        }
        let c = match out.last_mut() {
            Some(c) if c.contact_id == deal.contact_id => c,
            _ => {
                out.push(CustomerFacts {
                    contact_id: deal.contact_id,
                    purchases: Vec::new(),
                    revenue_minor: 0,
                    last_contacted_on: None,
                });
                let Some(c) = out.last_mut() else { break };
                c
            }
        };
        c.purchases.push(deal.closed_on);
        if deal.in_report_currency {
            c.revenue_minor = c.revenue_minor.saturating_add(deal.amount_minor);
        }
    }
    out
}

/// RFM scores and tiers of `customers` on `date`, in the input's order. Display names are
/// left empty: the caller fills in those it shows.
pub fn rfm_scores(
    customers: &[CustomerFacts],
    date: NaiveDate,
    method: TierMethod,
) -> Vec<RfmScore> {
    let recency: Vec<i64> = customers
        .iter()
        .map(|c| {
            c.last_event()
                .map(|d| (date - d).num_days().max(0))
                .unwrap_or(i64::MAX)
        })
        .collect();
    let frequency: Vec<i64> = customers.iter().map(|c| c.purchases.len() as i64).collect();
    let monetary: Vec<i64> = customers.iter().map(|c| c.revenue_minor).collect();
    let r = quintile_scores(&recency, false);
    let f = quintile_scores(&frequency, true);
    let m = quintile_scores(&monetary, true);
    let tiers = tiers_of(&monetary, method);
    customers
        .iter()
        .enumerate()
        .map(|(i, c)| RfmScore {
            contact_id: c.contact_id,
            display_name: String::new(),
            recency_days: recency[i],
            frequency: frequency[i] as u32,
            monetary_minor: monetary[i],
            r: r[i],
            f: f[i],
            m: m[i],
            tier: tiers[i],
        })
        .collect()
}

impl ContactBook {
    /// The tier method (pyramid unless set).
    pub fn tier_method(&self) -> Result<TierMethod> {
        Ok(self
            .store()
            .setting(SETTING_TIER_METHOD)?
            .and_then(|m| m.parse().ok())
            .unwrap_or_default())
    }

    /// Chooses the tier method and re-tiers every customer (one transaction:
    /// the setting never names a method the stored tiers do not follow).
    pub fn set_tier_method(&mut self, method: TierMethod) -> Result<()> {
        self.atomically(|book| {
            book.store_mut()
                .set_setting(SETTING_TIER_METHOD, method.as_str())?;
            book.refresh_value_tiers()
        })
    }

    /// The currency monetary value and pipeline totals are reported in.
    pub fn report_currency(&self) -> Result<String> {
        Ok(self
            .store()
            .setting(SETTING_CURRENCY)?
            .unwrap_or_else(|| DEFAULT_CURRENCY.to_string()))
    }

    /// Sets the report currency and re-tiers every customer.
    pub fn set_report_currency(&mut self, code: &str) -> Result<()> {
        let code = crate::deals::normalise_currency(code)?;
        self.atomically(|book| {
            book.store_mut().set_setting(SETTING_CURRENCY, &code)?;
            book.refresh_value_tiers()
        })
    }

    /// What the value computation knows about every live customer, in contact id order.
    /// Without a zone the last-contacted dates are not read (tiers do not need them).
    /// Only indexes are read, never the wide contact rows, so this stays fast at 100k.
    pub fn customer_facts(&self, tz: Option<Tz>) -> Result<Vec<CustomerFacts>> {
        let currency = self.report_currency()?;
        let deleted = self.store().deleted_contact_ids()?;
        let mut facts = facts_from_deals(self.store().won_deals(&currency)?, |id| {
            !deleted.contains(&id)
        });
        if let Some(tz) = tz {
            let last = self.store().last_contacted_all()?;
            for c in &mut facts {
                if let Some(at) = last.get(&c.contact_id) {
                    c.last_contacted_on =
                        Some(instant_from_text(at)?.with_timezone(&tz).date_naive());
                }
            }
        }
        Ok(facts)
    }

    /// Fills in the display names of `scores`.
    pub(crate) fn name_scores(&self, scores: &mut [RfmScore]) -> Result<()> {
        let ids: Vec<ContactId> = scores.iter().map(|s| s.contact_id).collect();
        let names = self.store().display_names(&ids)?;
        for s in scores {
            if let Some(n) = names.get(&s.contact_id) {
                s.display_name.clone_from(n);
            }
        }
        Ok(())
    }

    /// RFM scores and tiers of every customer on local date `date`, best monetary first.
    pub fn rfm(&self, date: NaiveDate, tz: Tz) -> Result<Vec<RfmScore>> {
        let facts = self.customer_facts(Some(tz))?;
        let mut scores = rfm_scores(&facts, date, self.tier_method()?);
        self.name_scores(&mut scores)?;
        sort_by_value(&mut scores);
        Ok(scores)
    }

    /// One contact's RFM score and tier; `None` when it has bought nothing.
    pub fn contact_value(
        &self,
        id: ContactId,
        date: NaiveDate,
        tz: Tz,
    ) -> Result<Option<RfmScore>> {
        let facts = self.customer_facts(Some(tz))?;
        let mut scores = rfm_scores(&facts, date, self.tier_method()?);
        scores.retain(|s| s.contact_id == id);
        self.name_scores(&mut scores)?;
        Ok(scores.pop())
    }

    /// Recomputes every customer's tier (and, for high-value ones, the day their purchases
    /// alone go quiet for too long) and stores the ones that changed (the contact list
    /// filters on the tier, the cadence triggers key on it, the today list reads drift
    /// candidates off the drift date). Called after every change to won
    /// deals, the tier method or the currency; call it after bulk changes made elsewhere.
    pub fn refresh_value_tiers(&mut self) -> Result<()> {
        // Tiers depend on revenue only: not on the date or the zone.
        let facts = self.customer_facts(None)?;
        let revenues: Vec<i64> = facts.iter().map(|c| c.revenue_minor).collect();
        let tiers = tiers_of(&revenues, self.tier_method()?);
        let wanted: HashMap<ContactId, (ValueTier, Option<NaiveDate>)> = facts
            .iter()
            .zip(tiers)
            .map(|(c, t)| {
                let drift_on = if t.is_high_value() {
                    crate::drifting::drift_on(&c.purchases)
                } else {
                    None
                };
                (c.contact_id, (t, drift_on))
            })
            .collect();
        self.store_mut().write_value_tiers(&wanted)
    }
}

/// Orders scores by monetary value, then frequency, then name.
pub(crate) fn sort_by_value(scores: &mut [RfmScore]) {
    scores.sort_by(|a, b| {
        b.monetary_minor
            .cmp(&a.monetary_minor)
            .then(b.frequency.cmp(&a.frequency))
            .then(a.display_name.cmp(&b.display_name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_share_scores_on_ties() {
        // Ten distinct values: two per score.
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(
            quintile_scores(&v, true),
            vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
        );
        assert_eq!(
            quintile_scores(&v, false),
            vec![5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
        );
        // Ties: the three 7s have one value below them → 1 + 5·1/5 = 2.
        assert_eq!(quintile_scores(&[7, 7, 7, 1, 9], true), vec![2, 2, 2, 1, 5]);
        assert_eq!(quintile_scores(&[], true), Vec::<u8>::new());
    }

    #[test]
    fn pyramid_of_a_hundred_is_1_4_15_80() {
        let v: Vec<i64> = (1..=100).collect();
        let t = tiers_of(&v, TierMethod::Pyramid);
        let count = |x| t.iter().filter(|&&y| y == x).count();
        assert_eq!(
            [
                ValueTier::Vip,
                ValueTier::Major,
                ValueTier::Ordinary,
                ValueTier::Small
            ]
            .map(count),
            [1, 4, 15, 80]
        );
        assert_eq!(t[99], ValueTier::Vip);
        assert_eq!(t[95], ValueTier::Major);
        assert_eq!(t[94], ValueTier::Ordinary);
        assert_eq!(t[79], ValueTier::Small);
    }
}

/// Customers in one value tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TierCustomers {
    /// The tier.
    pub tier: ValueTier,
    /// How many customers.
    #[ts(type = "number")]
    pub customers: u64,
}

/// Customers per tier of the current method (`rapport tier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TierSummary {
    /// How tiers are assigned.
    pub method: TierMethod,
    /// The report currency.
    pub currency: String,
    /// Every tier of the method, in order.
    pub tiers: Vec<TierCustomers>,
}

impl ContactBook {
    /// Customers per tier on `date`.
    pub fn tier_summary(&self, date: NaiveDate, tz: Tz) -> Result<TierSummary> {
        let method = self.tier_method()?;
        let scores = self.rfm(date, tz)?;
        Ok(TierSummary {
            method,
            currency: self.report_currency()?,
            tiers: method
                .tiers()
                .iter()
                .map(|t| TierCustomers {
                    tier: *t,
                    customers: scores.iter().filter(|s| s.tier == *t).count() as u64,
                })
                .collect(),
        })
    }
}

//! Deals and purchases: what a contact is buying or has bought, with an amount in integer
//! minor units (cents, fen) of an ISO 4217 currency, a pipeline stage and a status.
//!
//! Winning a deal is a purchase: it counts for the contact's value (see [`crate::value`])
//! and schedules a care follow-up (see [`crate::care`]).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::followups::FollowUpId;
use crate::pipeline::{find_stage, first_of, StageGroup};

/// Identifies a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct DealId(pub i64);

impl fmt::Display for DealId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a deal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DealStatus {
    /// Being worked on.
    Open,
    /// Bought: a purchase.
    Won,
    /// Did not happen.
    Lost,
}

impl DealStatus {
    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }
}

impl FromStr for DealStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "open" => Ok(DealStatus::Open),
            "won" => Ok(DealStatus::Won),
            "lost" => Ok(DealStatus::Lost),
            other => Err(Error::invalid(
                "status",
                format!("'{other}' is not open, won or lost"),
            )),
        }
    }
}

impl fmt::Display for DealStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the user enters for a new deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DealDraft {
    /// Who.
    pub contact_id: ContactId,
    /// What (product or service).
    pub product: Option<String>,
    /// Amount in minor units of `currency` (see [`parse_amount`]).
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// ISO 4217 code, upper case (`CNY`, `USD`).
    pub currency: String,
    /// The deal's date (for a won deal: the purchase date), local calendar date.
    pub date: NaiveDate,
    /// Open, won or lost.
    pub status: DealStatus,
    /// Pipeline stage key or name; `None` picks the first stage that fits the status.
    pub stage: Option<String>,
}

/// A stored deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deal {
    /// Its id.
    pub id: DealId,
    /// Who.
    pub contact_id: ContactId,
    /// What.
    pub product: Option<String>,
    /// Amount in minor units.
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// The deal's date.
    pub date: NaiveDate,
    /// Open, won or lost.
    pub status: DealStatus,
    /// Pipeline stage key.
    pub stage: String,
    /// The local date it was won or lost (a won deal's purchase date).
    pub closed_on: Option<NaiveDate>,
    /// The satisfaction check scheduled when it was won.
    pub care_follow_up_id: Option<FollowUpId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Which deals to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DealQuery {
    /// Only this contact's.
    pub contact_id: Option<ContactId>,
    /// Only deals with this status.
    pub status: Option<DealStatus>,
}

/// Digits after the decimal point of a currency's minor unit (ISO 4217): 0 for JPY, KRW...,
/// 3 for the dinars, 2 for all others.
pub fn currency_exponent(code: &str) -> u32 {
    match code {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "PYG" | "UGX" | "XAF" | "XOF" | "XPF" | "RWF"
        | "KMF" | "GNF" | "DJF" | "BIF" | "VUV" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// Checks and upper-cases a currency code (three ASCII letters).
pub fn normalise_currency(code: &str) -> Result<String> {
    let c = code.trim().to_ascii_uppercase();
    if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(Error::invalid(
            "currency",
            format!("'{code}' is not a three-letter currency code such as CNY or USD"),
        ))
    }
}

/// Parses an amount typed by a person (`1234.5`, `1,234.50`, `¥1 200`) into minor units of
/// `currency`, exactly (no floating point). More decimals than the currency has is an error.
pub fn parse_amount(text: &str, currency: &str) -> Result<i64> {
    let bad = |why: &str| Error::invalid("amount", format!("'{text}' {why}"));
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}' | '¥' | '￥' | '$' | '€' | '£'))
        .collect();
    if cleaned.starts_with('-') {
        return Err(bad("is negative; record a refund as a lost deal instead"));
    }
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && frac.is_empty() {
        return Err(bad("is not an amount"));
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("is not an amount"));
    }
    let exp = currency_exponent(currency);
    if frac.len() > exp as usize {
        return Err(bad(&format!("has more than {exp} decimals for {currency}")));
    }
    let mut minor: i64 = 0;
    let digits = whole
        .chars()
        .chain(frac.chars())
        .chain(std::iter::repeat_n('0', exp as usize - frac.len()));
    for c in digits {
        let d = i64::from(c.to_digit(10).unwrap_or(0));
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add(d))
            .ok_or_else(|| bad("is too large"))?;
    }
    Ok(minor)
}

/// Formats minor units as a plain decimal (`123456`, `CNY` → `1234.56`).
pub fn format_amount(minor: i64, currency: &str) -> String {
    let exp = currency_exponent(currency);
    if exp == 0 {
        return minor.to_string();
    }
    let div = 10_i64.pow(exp);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    let d = div.unsigned_abs();
    format!("{sign}{}.{:0w$}", m / d, m % d, w = exp as usize)
}

impl ContactBook {
    /// Records a deal. A won deal is a purchase: it schedules the care follow-up (unless
    /// that date is already before `today`, as for history entered late) and updates the
    /// value tiers.
    pub fn add_deal(
        &mut self,
        mut d: DealDraft,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Deal> {
        d.currency = normalise_currency(&d.currency)?;
        d.product = d
            .product
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        if d.amount_minor < 0 {
            return Err(Error::invalid("amount", "an amount cannot be negative"));
        }
        let stages = self.pipeline_stages()?;
        let stage = match &d.stage {
            Some(s) => find_stage(&stages, s)?.key.clone(),
            None => default_stage_key(&stages, d.status)?,
        };
        let closed_on = (d.status != DealStatus::Open).then_some(d.date);
        let care = match d.status {
            DealStatus::Won => {
                self.care_follow_up_for(d.contact_id, d.product.as_deref(), d.date, today)?
            }
            _ => None,
        };
        // The deal, its care follow-up and the tiers it moves: one transaction.
        self.atomically(|book| {
            let id = book
                .store_mut()
                .insert_deal(&d, &stage, closed_on, care.as_ref(), now)?;
            if d.status == DealStatus::Won {
                book.refresh_value_tiers()?;
            }
            book.store().deal(id)
        })
    }

    /// Marks a deal won (a purchase on `on`) or lost. Winning moves it from an 意向 stage to
    /// the first 签约 stage and schedules the care follow-up; losing moves it to the first
    /// 流失 stage.
    pub fn close_deal(
        &mut self,
        id: DealId,
        status: DealStatus,
        on: NaiveDate,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Deal> {
        if status == DealStatus::Open {
            return Err(Error::invalid("status", "a deal is closed as won or lost"));
        }
        let deal = self.store().deal(id)?;
        if deal.status == status {
            return Err(Error::invalid(
                "status",
                format!("deal {id} is already {status}"),
            ));
        }
        let stages = self.pipeline_stages()?;
        let current = stages.iter().find(|s| s.key == deal.stage).map(|s| s.group);
        let stage = match (status, current) {
            (DealStatus::Won, Some(StageGroup::Signed)) => deal.stage.clone(),
            (DealStatus::Lost, Some(StageGroup::Lost)) => deal.stage.clone(),
            _ => default_stage_key(&stages, status)?,
        };
        let care = match status {
            DealStatus::Won => {
                self.care_follow_up_for(deal.contact_id, deal.product.as_deref(), on, today)?
            }
            _ => None,
        };
        self.atomically(|book| {
            book.store_mut()
                .close_deal(id, status, &stage, on, care.as_ref(), now)?;
            if status == DealStatus::Won || deal.status == DealStatus::Won {
                book.refresh_value_tiers()?;
            }
            book.store().deal(id)
        })
    }

    /// Moves an open deal to another pipeline stage (key or name).
    pub fn move_deal(&mut self, id: DealId, stage: &str, now: DateTime<Utc>) -> Result<Deal> {
        let stages = self.pipeline_stages()?;
        let key = find_stage(&stages, stage)?.key.clone();
        self.store_mut().set_deal_stage(id, &key, now)?;
        self.store().deal(id)
    }

    /// Deals of live contacts, newest first.
    pub fn deals(&self, q: &DealQuery) -> Result<Vec<Deal>> {
        self.store().deals(q)
    }
}

fn default_stage_key(
    stages: &[crate::pipeline::PipelineStage],
    status: DealStatus,
) -> Result<String> {
    let group = match status {
        DealStatus::Open => StageGroup::Intent,
        DealStatus::Won => StageGroup::Signed,
        DealStatus::Lost => StageGroup::Lost,
    };
    first_of(stages, group)
        .or_else(|| stages.first())
        .map(|s| s.key.clone())
        .ok_or_else(|| Error::invalid("stage", "the pipeline has no stages"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_exactly_into_minor_units() {
        assert_eq!(parse_amount("1234.56", "CNY").unwrap(), 123_456);
        assert_eq!(parse_amount("1,234.5", "USD").unwrap(), 123_450);
        assert_eq!(parse_amount("¥ 80", "CNY").unwrap(), 8_000);
        assert_eq!(parse_amount("1200", "JPY").unwrap(), 1_200);
        assert_eq!(parse_amount("1.234", "KWD").unwrap(), 1_234);
        assert_eq!(parse_amount(".5", "EUR").unwrap(), 50);
        for bad in ["", "-5", "1.234", "12a", "1.2.3", "99999999999999999999"] {
            assert!(parse_amount(bad, "USD").is_err(), "{bad}");
        }
        assert!(parse_amount("1.5", "JPY").is_err());
        assert_eq!(format_amount(123_456, "CNY"), "1234.56");
        assert_eq!(format_amount(5, "USD"), "0.05");
        assert_eq!(format_amount(1_200, "JPY"), "1200");
        assert_eq!(normalise_currency(" cny ").unwrap(), "CNY");
        assert!(normalise_currency("RMB1").is_err());
    }
}

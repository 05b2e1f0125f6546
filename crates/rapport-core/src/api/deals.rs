//! Deals and purchases, the pipeline's stages, and service cases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Env, NoArgs, Session};
use crate::cases::{CaseDraft, CaseId, CaseSeverity, ServiceCase};
use crate::contacts::ContactId;
use crate::deals::{
    normalise_currency, parse_amount, Deal, DealDraft, DealId, DealQuery, DealStatus,
};
use crate::error::{Error, Result};
use crate::pipeline::PipelineStage;

/// A deal as the user enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddDealRequest {
    /// Who.
    pub contact_id: ContactId,
    /// What (product or service).
    #[serde(default)]
    pub product: Option<String>,
    /// The amount as typed (`1234.50`, `1,234.5`).
    pub amount: String,
    /// ISO 4217 code (default: the report currency).
    #[serde(default)]
    pub currency: Option<String>,
    /// The deal's local date (default: today); a won deal's purchase date.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Open, won (a purchase) or lost.
    pub status: DealStatus,
    /// Pipeline stage key or name (default: the first that fits the status).
    #[serde(default)]
    pub stage: Option<String>,
}

/// A deal closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloseDealRequest {
    /// The deal.
    pub id: DealId,
    /// Won or lost.
    pub status: DealStatus,
    /// When (default: today).
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// A deal moved along the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MoveDealRequest {
    /// The deal.
    pub id: DealId,
    /// Stage key or name.
    pub stage: String,
}

/// A stage renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RenameStageRequest {
    /// Stage key or current name.
    pub stage: String,
    /// Its new name.
    pub name: String,
}

/// A case as the user opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenCaseRequest {
    /// Who complained.
    pub contact_id: ContactId,
    /// What happened.
    pub text: String,
    /// How serious.
    pub severity: CaseSeverity,
    /// When it happened (default: now).
    #[serde(default)]
    pub opened_at: Option<DateTime<Utc>>,
    /// The first follow-up's local date (default: today).
    #[serde(default)]
    pub follow_up_on: Option<NaiveDate>,
}

/// A case closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloseCaseRequest {
    /// The case.
    pub id: CaseId,
    /// How it was resolved.
    pub resolution: String,
}

/// Which cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListCasesRequest {
    /// One contact's, open and closed (default: every open case).
    #[serde(default)]
    pub contact_id: Option<ContactId>,
}

/// Records a deal; a won deal is a purchase (care follow-up, value tiers).
pub fn add_deal(s: &Session, env: &Env, r: AddDealRequest) -> Result<Deal> {
    let mut book = s.write()?;
    let today = env.today(&book)?;
    let currency = match r.currency {
        Some(c) => normalise_currency(&c)?,
        None => book.report_currency()?,
    };
    let draft = DealDraft {
        contact_id: r.contact_id,
        product: r.product,
        amount_minor: parse_amount(&r.amount, &currency)?,
        currency,
        date: r.date.unwrap_or(today),
        status: r.status,
        stage: r.stage,
    };
    book.add_deal(draft, today, env.now)
}

/// Marks a deal won or lost.
pub fn close_deal(s: &Session, env: &Env, r: CloseDealRequest) -> Result<Deal> {
    let mut book = s.write()?;
    let today = env.today(&book)?;
    if r.status == DealStatus::Open {
        return Err(Error::invalid("status", "a deal is closed as won or lost"));
    }
    book.close_deal(r.id, r.status, r.on.unwrap_or(today), today, env.now)
}

/// Moves an open deal to another stage.
pub fn move_deal(s: &Session, env: &Env, r: MoveDealRequest) -> Result<Deal> {
    s.write()?.move_deal(r.id, &r.stage, env.now)
}

/// Deals, newest first.
pub fn list_deals(s: &Session, _: &Env, q: DealQuery) -> Result<Vec<Deal>> {
    s.read().deals(&q)
}

/// The pipeline's stages.
pub fn pipeline_stages(s: &Session, _: &Env, _: NoArgs) -> Result<Vec<PipelineStage>> {
    s.read().pipeline_stages()
}

/// Renames a stage.
pub fn rename_stage(s: &Session, _: &Env, r: RenameStageRequest) -> Result<Vec<PipelineStage>> {
    s.write()?.rename_pipeline_stage(&r.stage, &r.name)
}

/// Opens a case.
pub fn open_case(s: &Session, env: &Env, r: OpenCaseRequest) -> Result<ServiceCase> {
    let mut book = s.write()?;
    let today = env.today(&book)?;
    let draft = CaseDraft {
        contact_id: r.contact_id,
        text: r.text,
        severity: r.severity,
        opened_at: r.opened_at.unwrap_or(env.now),
        follow_up_on: r.follow_up_on.unwrap_or(today),
    };
    book.open_case(draft, env.now)
}

/// Closes a case.
pub fn close_case(s: &Session, env: &Env, r: CloseCaseRequest) -> Result<ServiceCase> {
    s.write()?.close_case(r.id, &r.resolution, env.now)
}

/// Open cases, or one contact's.
pub fn list_cases(s: &Session, _: &Env, r: ListCasesRequest) -> Result<Vec<ServiceCase>> {
    let book = s.read();
    match r.contact_id {
        Some(c) => book.cases_of(c),
        None => book.open_cases(),
    }
}

//! Acting on groups: saved segments, bulk actions and their undo, duplicates,
//! and campaigns measured against a control group. Each command is the core
//! function of the same concept (`segments`, `bulk`, `duplicates`, `campaigns`)
//! on the session's book, at now in the user's zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Env, Session};
use crate::book::ContactBook;
use crate::bulk::{
    self, BulkOutcome, BulkPreview, BulkRequest, BulkTarget, UndoHistory, UndoHistoryRequest,
    UndoRequest,
};
use crate::campaigns::{
    self, CampaignCreated, CampaignDetail, CampaignDraft, CampaignList, CampaignListRequest,
    CampaignRef, CampaignReport, OutreachRequest,
};
use crate::duplicates::{self, DuplicateList, DuplicatesRequest, MergeOutcome, MergeRequest};
use crate::error::Result;
use crate::interactions::Interaction;
use crate::segments::{
    self, MatrixRequest, SavedMatrix, Segment, SegmentCount, SegmentDraft, SegmentEdit,
    SegmentList, SegmentListRequest, SegmentMembers, SegmentMembersRequest, SegmentPreviewRequest,
    SegmentRef, ValueRiskMatrix,
};
use crate::store::UndoStep;

type ReadFn<R, T> = fn(&ContactBook, R, DateTime<Utc>, Tz) -> Result<T>;
type WriteFn<R, T> = fn(&mut ContactBook, R, DateTime<Utc>, Tz) -> Result<T>;

fn reading<R, T>(s: &Session, env: &Env, r: R, f: ReadFn<R, T>) -> Result<T> {
    let book = s.read();
    let tz = env.zone(&book)?;
    f(&book, r, env.now, tz)
}

fn writing<R, T>(s: &Session, env: &Env, r: R, f: WriteFn<R, T>) -> Result<T> {
    let mut book = s.write()?;
    let tz = env.zone(&book)?;
    f(&mut book, r, env.now, tz)
}

/// Saves a segment; with how many contacts it holds now.
pub fn save_segment(s: &Session, env: &Env, r: SegmentDraft) -> Result<SegmentCount> {
    writing(s, env, r, segments::save_segment)
}

/// Renames, re-defines or (un)pins a segment.
pub fn edit_segment(s: &Session, env: &Env, r: SegmentEdit) -> Result<SegmentCount> {
    writing(s, env, r, segments::edit_segment)
}

/// Removes a saved segment (its contacts stay).
pub fn remove_segment(s: &Session, env: &Env, r: SegmentRef) -> Result<Segment> {
    writing(s, env, r, segments::remove_segment)
}

/// Saved segments with their counts.
pub fn list_segments(s: &Session, env: &Env, r: SegmentListRequest) -> Result<SegmentList> {
    reading(s, env, r, segments::list_segments)
}

/// One segment and its count.
pub fn show_segment(s: &Session, env: &Env, r: SegmentRef) -> Result<SegmentCount> {
    reading(s, env, r, segments::show_segment)
}

/// A segment's contacts, paged.
pub fn segment_members(s: &Session, env: &Env, r: SegmentMembersRequest) -> Result<SegmentMembers> {
    reading(s, env, r, segments::segment_members)
}

/// Who a condition selects, before it is saved.
pub fn preview_segment(s: &Session, env: &Env, r: SegmentPreviewRequest) -> Result<SegmentMembers> {
    reading(s, env, r, segments::preview_segment)
}

/// Customers by value tier and risk.
pub fn value_risk_matrix(s: &Session, env: &Env, r: MatrixRequest) -> Result<ValueRiskMatrix> {
    reading(s, env, r, segments::value_risk_matrix)
}

/// Saves each cell of the value/risk matrix as a segment.
pub fn save_value_risk_matrix(s: &Session, env: &Env, r: MatrixRequest) -> Result<SavedMatrix> {
    writing(s, env, r, segments::save_value_risk_matrix)
}

/// Applies one action to a group of contacts, as one undoable step.
pub fn apply_bulk(s: &Session, env: &Env, r: BulkRequest) -> Result<BulkOutcome> {
    writing(s, env, r, bulk::apply_bulk)
}

/// Who a bulk action would reach.
pub fn preview_bulk(s: &Session, env: &Env, r: BulkTarget) -> Result<BulkPreview> {
    reading(s, env, r, bulk::preview_bulk)
}

/// Undoes the newest step (bulk action, merge of duplicates, campaign creation) or a given one.
pub fn undo_step(s: &Session, env: &Env, r: UndoRequest) -> Result<UndoStep> {
    writing(s, env, r, bulk::undo_step)
}

/// The steps that can be undone, newest first.
pub fn undo_history(s: &Session, env: &Env, r: UndoHistoryRequest) -> Result<UndoHistory> {
    reading(s, env, r, bulk::undo_history)
}

/// Likely duplicates across the book.
pub fn find_duplicates(s: &Session, env: &Env, r: DuplicatesRequest) -> Result<DuplicateList> {
    reading(s, env, r, duplicates::find_duplicates)
}

/// Merges likely duplicates, as one undoable step.
pub fn merge_duplicates(s: &Session, env: &Env, r: MergeRequest) -> Result<MergeOutcome> {
    writing(s, env, r, duplicates::merge_duplicates)
}

/// Creates a campaign from a segment, with its control group.
pub fn create_campaign(s: &Session, env: &Env, r: CampaignDraft) -> Result<CampaignCreated> {
    writing(s, env, r, campaigns::create_campaign)
}

/// Every campaign, newest first.
pub fn list_campaigns(s: &Session, env: &Env, r: CampaignListRequest) -> Result<CampaignList> {
    reading(s, env, r, campaigns::list_campaigns)
}

/// A campaign and its members.
pub fn show_campaign(s: &Session, env: &Env, r: CampaignRef) -> Result<CampaignDetail> {
    reading(s, env, r, campaigns::show_campaign)
}

/// A campaign's result against its control group.
pub fn campaign_result(s: &Session, env: &Env, r: CampaignRef) -> Result<CampaignReport> {
    reading(s, env, r, campaigns::campaign_result)
}

/// Logs the outreach to one member of a campaign.
pub fn log_outreach(s: &Session, env: &Env, r: OutreachRequest) -> Result<Interaction> {
    writing(s, env, r, campaigns::log_outreach)
}

/// Undoes a campaign's creation (refused once outreach is logged).
pub fn undo_campaign(s: &Session, env: &Env, r: CampaignRef) -> Result<UndoStep> {
    writing(s, env, r, campaigns::undo_campaign)
}

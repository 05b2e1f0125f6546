//! Segments: saved, named queries over contacts, evaluated live each time they are read.
//!
//! A segment is a [`Condition`] tree stored as JSON. The store compiles the tree to one SQL
//! query with bound parameters (never values written into the SQL text) and runs it over
//! the live, unarchived contacts. Conditions on the contact's own fields, tags, addresses,
//! custom fields, follow-ups, cases and deals are plain SQL over the store. Three facts are
//! not columns of the store, because they depend on the date, the zone, or on every other
//! customer; the core works them out with the same rules as everywhere else and hands them
//! to the query as temporary tables, only when the tree uses them:
//! - the RFM scores of [`crate::value::rfm_scores`] (quintiles over all customers);
//! - the risk of leaving of [`crate::drifting::risk_of`];
//! - when each cadence length lapses on the local date (the rule of the today list: a
//!   contact with cadence N last contacted on local date L is due when L + N ≤ D).
//!
//! Dates in conditions are local calendar dates of the user's zone, inclusive.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::{ContactId, ContactSummary, Stage};
use crate::deals::DealStatus;
use crate::drifting::Risk;
use crate::error::{Error, Result};
use crate::value::ValueTier;

/// Identifies a saved segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct SegmentId(pub i64);

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How a tag condition matches a contact's tags (case-insensitively).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TagMatch {
    /// Has at least one of the tags.
    Any,
    /// Has every one of the tags.
    All,
    /// Has none of the tags.
    None,
}

/// How a text condition compares (case-insensitively for ASCII letters, after trimming).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TextOp {
    /// The whole value.
    Equals,
    /// Part of the value.
    Contains,
}

/// Which part of a postal address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PlacePart {
    /// City.
    City,
    /// State, province.
    Region,
    /// Country.
    Country,
}

/// When a contact was last contacted (notes do not count), in local dates, inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "when", rename_all = "snake_case")]
#[ts(export)]
pub enum ContactedWhen {
    /// Last contacted before this day (never-contacted contacts do not match).
    Before {
        /// The day.
        date: NaiveDate,
    },
    /// Last contacted after this day.
    After {
        /// The day.
        date: NaiveDate,
    },
    /// Last contacted on one of these days.
    Between {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// Never contacted.
    Never,
}

/// A range of RFM scores, 1–5 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScoreRange {
    /// Lowest score.
    pub min: u8,
    /// Highest score.
    pub max: u8,
}

/// A condition on a contact; the leaves combine with [`Condition::All`], [`Condition::Any`]
/// and [`Condition::Not`], nested to any depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Condition {
    /// Every condition holds (none given: every contact).
    All {
        /// The conditions.
        of: Vec<Condition>,
    },
    /// At least one holds (none given: no contact).
    Any {
        /// The conditions.
        of: Vec<Condition>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        of: Box<Condition>,
    },
    /// Tags, any/all/none of them.
    Tags {
        /// How they match.
        mode: TagMatch,
        /// The tag names.
        tags: Vec<String>,
    },
    /// In one of these stages.
    Stage {
        /// The stages.
        stages: Vec<Stage>,
    },
    /// A customer in one of these value tiers.
    Tier {
        /// The tiers.
        tiers: Vec<ValueTier>,
    },
    /// A customer whose RFM scores fall in the ranges given (a missing range: any score).
    Rfm {
        /// Recency.
        r: Option<ScoreRange>,
        /// Frequency.
        f: Option<ScoreRange>,
        /// Monetary.
        m: Option<ScoreRange>,
    },
    /// A customer at one of these levels of risk of leaving.
    Risk {
        /// The levels.
        levels: Vec<Risk>,
    },
    /// When last contacted.
    LastContacted {
        /// The days.
        when: ContactedWhen,
    },
    /// The keep-in-touch cadence has lapsed (as on the today list, open follow-ups or not).
    CadenceLapsed,
    /// Has an open (or snoozed) follow-up.
    OpenFollowUp,
    /// Has an open service case.
    OpenCase,
    /// Born in one of these months (1–12).
    BirthdayMonth {
        /// The months.
        months: Vec<u32>,
    },
    /// An address's city, region or country.
    Place {
        /// Which part.
        part: PlacePart,
        /// How it compares.
        op: TextOp,
        /// The text.
        value: String,
    },
    /// The company.
    Company {
        /// How it compares.
        op: TextOp,
        /// The text.
        value: String,
    },
    /// The source (`referral`, `import: google.csv`...).
    Source {
        /// How it compares.
        op: TextOp,
        /// The text.
        value: String,
    },
    /// Created by this import batch.
    ImportBatch {
        /// The batch id.
        #[ts(type = "number")]
        batch: i64,
    },
    /// A custom field (key compared case-insensitively for ASCII).
    CustomField {
        /// The field's name.
        key: String,
        /// How the value compares.
        op: TextOp,
        /// The text.
        value: String,
    },
    /// Has a deal with this status dated in the range (the day it was won or lost, the
    /// deal's date while open) and with an amount in the range (minor units of the report
    /// currency; with an amount bound, only deals in that currency count).
    Deal {
        /// Open, won or lost.
        status: DealStatus,
        /// First day.
        from: Option<NaiveDate>,
        /// Last day.
        to: Option<NaiveDate>,
        /// Smallest amount, minor units.
        #[ts(type = "number | null")]
        min_minor: Option<i64>,
        /// Largest amount, minor units.
        #[ts(type = "number | null")]
        max_minor: Option<i64>,
    },
}

impl Condition {
    /// All of `of`.
    pub fn all(of: Vec<Condition>) -> Self {
        Condition::All { of }
    }

    /// Any of `of`.
    pub fn any(of: Vec<Condition>) -> Self {
        Condition::Any { of }
    }

    /// Checks what must hold (scores 1–5, months 1–12, ranges in order, no empty text)
    /// and trims texts.
    pub fn validated(self) -> Result<Self> {
        let bad = |reason: String| Err(Error::invalid("segment condition", reason));
        let text = |v: String| -> Result<String> {
            let v = v.trim().to_string();
            if v.is_empty() {
                return Err(Error::invalid("segment condition", "a text value is empty"));
            }
            Ok(v)
        };
        Ok(match self {
            Condition::All { of } => Condition::All {
                of: of.into_iter().map(Self::validated).collect::<Result<_>>()?,
            },
            Condition::Any { of } => Condition::Any {
                of: of.into_iter().map(Self::validated).collect::<Result<_>>()?,
            },
            Condition::Not { of } => Condition::Not {
                of: Box::new(of.validated()?),
            },
            Condition::Tags { mode, tags } => {
                let tags: Vec<String> = tags
                    .into_iter()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
                if tags.is_empty() {
                    return bad("a tag condition names no tag".into());
                }
                Condition::Tags { mode, tags }
            }
            Condition::Rfm { r, f, m } => {
                for s in [r, f, m].into_iter().flatten() {
                    if !(1..=5).contains(&s.min) || !(1..=5).contains(&s.max) || s.min > s.max {
                        return bad(format!(
                            "an RFM score range is 1–5, low to high, not {}–{}",
                            s.min, s.max
                        ));
                    }
                }
                Condition::Rfm { r, f, m }
            }
            Condition::LastContacted {
                when: ContactedWhen::Between { from, to },
            } if from > to => {
                return bad(format!("{from} is after {to}"));
            }
            Condition::BirthdayMonth { months } => {
                if months.is_empty() || months.iter().any(|m| !(1..=12).contains(m)) {
                    return bad("birthday months are 1–12".into());
                }
                Condition::BirthdayMonth { months }
            }
            Condition::Place { part, op, value } => Condition::Place {
                part,
                op,
                value: text(value)?,
            },
            Condition::Company { op, value } => Condition::Company {
                op,
                value: text(value)?,
            },
            Condition::Source { op, value } => Condition::Source {
                op,
                value: text(value)?,
            },
            Condition::CustomField { key, op, value } => Condition::CustomField {
                key: text(key)?,
                op,
                value: text(value)?,
            },
            Condition::Deal {
                from: Some(from),
                to: Some(to),
                ..
            } if from > to => return bad(format!("{from} is after {to}")),
            Condition::Deal {
                min_minor: Some(lo),
                max_minor: Some(hi),
                ..
            } if lo > hi => return bad(format!("the amount range {lo}–{hi} is reversed")),
            other => other,
        })
    }

    /// True when some node is one of `pred`'s.
    pub fn uses(&self, pred: &dyn Fn(&Condition) -> bool) -> bool {
        pred(self)
            || match self {
                Condition::All { of } | Condition::Any { of } => of.iter().any(|c| c.uses(pred)),
                Condition::Not { of } => of.uses(pred),
                _ => false,
            }
    }
}

/// A saved segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Segment {
    /// Its id.
    pub id: SegmentId,
    /// Its name, unique (case-insensitively).
    pub name: String,
    /// Who is in it.
    pub condition: Condition,
    /// Shown in the app's sidebar.
    pub pinned: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// What the user sets on a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentDraft {
    /// Its name.
    pub name: String,
    /// Who is in it.
    pub condition: Condition,
    /// Shown in the app's sidebar.
    #[serde(default)]
    pub pinned: bool,
}

/// A segment with how many contacts it holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentCount {
    /// The segment.
    pub segment: Segment,
    /// Its members now.
    #[ts(type = "number")]
    pub count: u64,
}

/// What the store needs to evaluate a condition beyond its own tables: the local date
/// and zone, the report currency, and the facts computed by the core's rules.
#[derive(Debug, Clone, Default)]
pub struct SegmentFacts {
    /// The local date conditions are evaluated on.
    pub today: NaiveDate,
    /// The user's zone: local days in conditions begin at its midnight.
    pub zone: Option<Tz>,
    /// The report currency (amount bounds of deal conditions).
    pub currency: String,
    /// RFM scores of every customer, when the condition uses them.
    pub rfm: Option<Vec<(ContactId, u8, u8, u8)>>,
    /// Risk of every customer, when the condition uses it.
    pub risk: Option<Vec<(ContactId, Risk)>>,
}

fn needs_rfm(c: &Condition) -> bool {
    matches!(c, Condition::Rfm { .. })
}

fn needs_risk(c: &Condition) -> bool {
    matches!(c, Condition::Risk { .. })
}

impl ContactBook {
    /// The facts `cond` needs on local date `today` in `tz`.
    fn segment_facts(&self, cond: &Condition, today: NaiveDate, tz: Tz) -> Result<SegmentFacts> {
        let rfm = if cond.uses(&needs_rfm) {
            Some(
                self.rfm(today, tz)?
                    .into_iter()
                    .map(|s| (s.contact_id, s.r, s.f, s.m))
                    .collect(),
            )
        } else {
            None
        };
        let risk = if cond.uses(&needs_risk) {
            Some(self.risks(today, tz)?)
        } else {
            None
        };
        Ok(SegmentFacts {
            today,
            zone: Some(tz),
            currency: self.report_currency()?,
            rfm,
            risk,
        })
    }

    /// The live, unarchived contacts `cond` selects at `now` in `tz`, in id order.
    pub fn contacts_where(
        &self,
        cond: &Condition,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Vec<ContactId>> {
        let cond = cond.clone().validated()?;
        let facts = self.segment_facts(&cond, now.with_timezone(&tz).date_naive(), tz)?;
        self.store().segment_members(&cond, &facts)
    }

    /// How many contacts `cond` selects.
    pub fn count_where(&self, cond: &Condition, now: DateTime<Utc>, tz: Tz) -> Result<u64> {
        let cond = cond.clone().validated()?;
        let facts = self.segment_facts(&cond, now.with_timezone(&tz).date_naive(), tz)?;
        self.store().segment_count(&cond, &facts)
    }

    /// Saves a new segment.
    pub fn add_segment(&mut self, draft: SegmentDraft, now: DateTime<Utc>) -> Result<Segment> {
        let draft = normalised(draft)?;
        let id = self.store_mut().insert_segment(&draft, now)?;
        self.store().segment_by_id(id)
    }

    /// Replaces a saved segment's name, condition and pin.
    pub fn edit_segment(
        &mut self,
        name: &str,
        draft: SegmentDraft,
        now: DateTime<Utc>,
    ) -> Result<Segment> {
        let id = self.segment(name)?.id;
        let draft = normalised(draft)?;
        self.store_mut().update_segment(id, &draft, now)?;
        self.store().segment_by_id(id)
    }

    /// Removes a saved segment (its contacts are not touched).
    pub fn remove_segment(&mut self, name: &str) -> Result<()> {
        let id = self.segment(name)?.id;
        self.store_mut().delete_segment(id)
    }

    /// A saved segment by name (case-insensitively).
    pub fn segment(&self, name: &str) -> Result<Segment> {
        self.store().segment_by_name(name.trim())?.ok_or_else(|| {
            Error::invalid(
                "segment",
                format!("there is no segment named '{}'", name.trim()),
            )
        })
    }

    /// Every saved segment with its count now, pinned first, then by name.
    pub fn segments(&self, now: DateTime<Utc>, tz: Tz) -> Result<Vec<SegmentCount>> {
        self.store()
            .all_segments()?
            .into_iter()
            .map(|segment| {
                let count = self.count_where(&segment.condition, now, tz)?;
                Ok(SegmentCount { segment, count })
            })
            .collect()
    }

    /// The members of a saved segment, as contact list rows (in name order).
    pub fn segment_contacts(
        &self,
        name: &str,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Vec<ContactSummary>> {
        let seg = self.segment(name)?;
        let ids = self.contacts_where(&seg.condition, now, tz)?;
        self.store().summaries_of(&ids)
    }
}

/// One cell of the value × risk matrix: a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatrixCell {
    /// The risk of leaving (the column).
    pub risk: Risk,
    /// Customers in the cell now.
    #[ts(type = "number")]
    pub count: u64,
    /// The cell as a segment's condition.
    pub condition: Condition,
    /// The name the cell is saved under (`vip · drifting`).
    pub name: String,
}

/// One row of the matrix: a value tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatrixRow {
    /// The tier.
    pub tier: ValueTier,
    /// Its cells, steady to drifting.
    pub cells: Vec<MatrixCell>,
}

/// Customers by value tier (rows, best first, of the book's tier method) against risk of
/// leaving (columns): which valuable customers to win back first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ValueRiskMatrix {
    /// The rows.
    pub rows: Vec<MatrixRow>,
}

/// The condition of a matrix cell.
pub fn matrix_cell(tier: ValueTier, risk: Risk) -> Condition {
    Condition::all(vec![
        Condition::Tier { tiers: vec![tier] },
        Condition::Risk { levels: vec![risk] },
    ])
}

impl ContactBook {
    /// The value × risk matrix at `now` in `tz`; every cell is a segment's condition.
    pub fn value_risk_matrix(&self, now: DateTime<Utc>, tz: Tz) -> Result<ValueRiskMatrix> {
        let today = now.with_timezone(&tz).date_naive();
        let all_risks = Condition::Risk {
            levels: Risk::ALL.to_vec(),
        };
        // The facts once for every cell.
        let facts = self.segment_facts(&all_risks, today, tz)?;
        let rows = self
            .tier_method()?
            .tiers()
            .iter()
            .map(|&tier| {
                let cells = Risk::ALL
                    .into_iter()
                    .map(|risk| {
                        let condition = matrix_cell(tier, risk);
                        Ok(MatrixCell {
                            risk,
                            count: self.store().segment_count(&condition, &facts)?,
                            condition,
                            name: format!("{tier} · {}", risk.as_str()),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(MatrixRow { tier, cells })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ValueRiskMatrix { rows })
    }

    /// Saves every cell of the matrix as a segment named after it (replacing a segment of
    /// that name); returns the names.
    pub fn save_matrix_segments(&mut self, now: DateTime<Utc>, tz: Tz) -> Result<Vec<String>> {
        let matrix = self.value_risk_matrix(now, tz)?;
        let mut names = Vec::new();
        for cell in matrix.rows.into_iter().flat_map(|r| r.cells) {
            let draft = SegmentDraft {
                name: cell.name.clone(),
                condition: cell.condition,
                pinned: false,
            };
            match self.store().segment_by_name(&cell.name)? {
                Some(s) => self.store_mut().update_segment(s.id, &draft, now)?,
                None => {
                    self.store_mut().insert_segment(&draft, now)?;
                }
            }
            names.push(cell.name);
        }
        Ok(names)
    }
}

/// Names a saved segment (case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentRef {
    /// The segment's name.
    pub name: String,
}

/// Changes to a saved segment; what is `None` stays as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentEdit {
    /// The segment's current name.
    pub name: String,
    /// A new name.
    #[serde(default)]
    pub rename: Option<String>,
    /// A new condition.
    #[serde(default)]
    pub condition: Option<Condition>,
    /// Pin it to the sidebar, or unpin it.
    #[serde(default)]
    pub pinned: Option<bool>,
}

/// Which saved segments to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentListRequest {
    /// Only the pinned ones (the sidebar).
    #[serde(default)]
    pub pinned_only: bool,
}

/// Saved segments with their counts now, pinned first, then by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentList {
    /// The segments.
    pub segments: Vec<SegmentCount>,
}

/// A page of a saved segment's members, in name order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentMembersRequest {
    /// The segment's name.
    pub name: String,
    /// At most this many (all when `None`).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Skip this many.
    #[serde(default)]
    pub offset: u32,
}

/// Who an unsaved condition selects now (the count, and the first members by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentPreviewRequest {
    /// The condition.
    pub condition: Condition,
    /// At most this many members listed (all when `None`).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Members of a segment (or of an unsaved condition): how many, and a page of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SegmentMembers {
    /// The saved segment (`None` for a preview).
    pub segment: Option<Segment>,
    /// Members now.
    #[ts(type = "number")]
    pub total: u64,
    /// The page asked for, in name order.
    pub contacts: Vec<ContactSummary>,
}

/// The value × risk matrix; nothing to set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatrixRequest {}

/// The matrix's cells saved as segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedMatrix {
    /// The matrix now.
    pub matrix: ValueRiskMatrix,
    /// The names of the segments saved (or replaced), one a cell.
    pub saved: Vec<String>,
}

/// Saves a new segment; returns it with its count at `now` in `tz`.
pub fn save_segment(
    book: &mut ContactBook,
    req: SegmentDraft,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SegmentCount> {
    let segment = book.add_segment(req, now)?;
    let count = book.count_where(&segment.condition, now, tz)?;
    Ok(SegmentCount { segment, count })
}

/// Renames a saved segment, changes its condition or its pin.
pub fn edit_segment(
    book: &mut ContactBook,
    req: SegmentEdit,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SegmentCount> {
    let old = book.segment(&req.name)?;
    if req.rename.is_none() && req.condition.is_none() && req.pinned.is_none() {
        return Err(Error::invalid(
            "segment",
            format!(
                "nothing to change in segment '{}': give a new name, condition or pin",
                old.name
            ),
        ));
    }
    let draft = SegmentDraft {
        name: req.rename.unwrap_or(old.name),
        condition: req.condition.unwrap_or(old.condition),
        pinned: req.pinned.unwrap_or(old.pinned),
    };
    let segment = book.edit_segment(&req.name, draft, now)?;
    let count = book.count_where(&segment.condition, now, tz)?;
    Ok(SegmentCount { segment, count })
}

/// Removes a saved segment (its contacts are not touched); returns what it was.
pub fn remove_segment(
    book: &mut ContactBook,
    req: SegmentRef,
    _now: DateTime<Utc>,
    _tz: Tz,
) -> Result<Segment> {
    let segment = book.segment(&req.name)?;
    book.remove_segment(&segment.name)?;
    Ok(segment)
}

/// The saved segments with their counts at `now` in `tz`, pinned first, then by name.
pub fn list_segments(
    book: &ContactBook,
    req: SegmentListRequest,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SegmentList> {
    let mut segments = book.segments(now, tz)?;
    if req.pinned_only {
        segments.retain(|s| s.segment.pinned);
    }
    Ok(SegmentList { segments })
}

/// A saved segment with its count at `now` in `tz`.
pub fn show_segment(
    book: &ContactBook,
    req: SegmentRef,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SegmentCount> {
    let segment = book.segment(&req.name)?;
    let count = book.count_where(&segment.condition, now, tz)?;
    Ok(SegmentCount { segment, count })
}

fn page(
    ids: &[ContactId],
    book: &ContactBook,
    limit: Option<u32>,
    offset: u32,
) -> Result<Vec<ContactSummary>> {
    let all = book.store().summaries_of(ids)?;
    let take = limit.map_or(usize::MAX, |l| l as usize);
    Ok(all.into_iter().skip(offset as usize).take(take).collect())
}

/// A page of a saved segment's members at `now` in `tz`, in name order, with their count.
pub fn segment_members(
    book: &ContactBook,
    req: SegmentMembersRequest,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SegmentMembers> {
    let segment = book.segment(&req.name)?;
    let ids = book.contacts_where(&segment.condition, now, tz)?;
    Ok(SegmentMembers {
        total: ids.len() as u64,
        contacts: page(&ids, book, req.limit, req.offset)?,
        segment: Some(segment),
    })
}

/// Who an unsaved condition selects at `now` in `tz` (for building a segment).
pub fn preview_segment(
    book: &ContactBook,
    req: SegmentPreviewRequest,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SegmentMembers> {
    let ids = book.contacts_where(&req.condition, now, tz)?;
    Ok(SegmentMembers {
        segment: None,
        total: ids.len() as u64,
        contacts: page(&ids, book, req.limit, 0)?,
    })
}

/// The value × risk matrix at `now` in `tz`.
pub fn value_risk_matrix(
    book: &ContactBook,
    _req: MatrixRequest,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<ValueRiskMatrix> {
    book.value_risk_matrix(now, tz)
}

/// Saves every cell of the value × risk matrix as a segment (replacing one of its name).
pub fn save_value_risk_matrix(
    book: &mut ContactBook,
    _req: MatrixRequest,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<SavedMatrix> {
    let saved = book.save_matrix_segments(now, tz)?;
    Ok(SavedMatrix {
        matrix: book.value_risk_matrix(now, tz)?,
        saved,
    })
}

fn normalised(mut d: SegmentDraft) -> Result<SegmentDraft> {
    d.name = d.name.trim().to_string();
    if d.name.is_empty() {
        return Err(Error::invalid("segment", "a segment needs a name"));
    }
    d.condition = d.condition.validated()?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_tree_reads_back_from_its_json() {
        let c = Condition::all(vec![
            Condition::Tags {
                mode: TagMatch::Any,
                tags: vec!["VIP".into()],
            },
            Condition::any(vec![
                Condition::CadenceLapsed,
                Condition::LastContacted {
                    when: ContactedWhen::Never,
                },
            ]),
        ]);
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains(r#""kind":"cadence_lapsed""#), "{json}");
        assert!(json.contains(r#""when":"never""#), "{json}");
        assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), c);
    }

    #[test]
    fn bad_conditions_are_refused_with_a_reason() {
        let e = Condition::BirthdayMonth { months: vec![13] }
            .validated()
            .unwrap_err();
        assert!(e.to_string().contains("1–12"), "{e}");
        let e = Condition::Rfm {
            r: Some(ScoreRange { min: 4, max: 2 }),
            f: None,
            m: None,
        }
        .validated()
        .unwrap_err();
        assert!(e.to_string().contains("4–2"), "{e}");
        assert!(Condition::Tags {
            mode: TagMatch::All,
            tags: vec![" ".into()]
        }
        .validated()
        .is_err());
    }
}

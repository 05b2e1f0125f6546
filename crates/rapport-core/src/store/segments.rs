//! Saved segments, and the compilation of a condition tree to one SQL query. Every value
//! of a condition is a bound parameter; the SQL text holds only the tree's shape.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::{Error, Result};
use crate::report::start_of_day;
use crate::segments::{
    Condition, ContactedWhen, PlacePart, Segment, SegmentDraft, SegmentFacts, SegmentId, TagMatch,
    TextOp,
};

const COLUMNS: &str = "id, name, condition_json, pinned, created_at, updated_at";

fn read_segment(r: &Row) -> rusqlite::Result<(i64, String, String, bool, String, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn build_segment(
    (id, name, json, pinned, created, updated): (i64, String, String, bool, String, String),
) -> Result<Segment> {
    let condition = serde_json::from_str(&json).map_err(|e| {
        Error::invalid(
            "segment",
            format!("the stored condition of segment '{name}' cannot be read: {e}"),
        )
    })?;
    Ok(Segment {
        id: SegmentId(id),
        name,
        condition,
        pinned,
        created_at: instant_from_text(&created)?,
        updated_at: instant_from_text(&updated)?,
    })
}

fn condition_json(c: &Condition) -> Result<String> {
    serde_json::to_string(c).map_err(|e| Error::invalid("segment", e.to_string()))
}

/// A unique-name clash, said in words.
fn name_taken(e: rusqlite::Error, name: &str) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Error::invalid(
                "segment",
                format!("a segment named '{name}' exists already"),
            )
        }
        other => other.into(),
    }
}

impl Store {
    /// Saves a new segment (`draft` normalised).
    pub fn insert_segment(
        &mut self,
        draft: &SegmentDraft,
        now: DateTime<Utc>,
    ) -> Result<SegmentId> {
        let json = condition_json(&draft.condition)?;
        let now = instant_to_text(now);
        self.conn
            .execute(
                "INSERT INTO segments (name, condition_json, pinned, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![draft.name, json, draft.pinned, now],
            )
            .map_err(|e| name_taken(e, &draft.name))?;
        Ok(SegmentId(self.conn.last_insert_rowid()))
    }

    /// Replaces a segment's name, condition and pin.
    pub fn update_segment(
        &mut self,
        id: SegmentId,
        draft: &SegmentDraft,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let json = condition_json(&draft.condition)?;
        self.conn
            .execute(
                "UPDATE segments SET name = ?2, condition_json = ?3, pinned = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![id.0, draft.name, json, draft.pinned, instant_to_text(now)],
            )
            .map_err(|e| name_taken(e, &draft.name))?;
        Ok(())
    }

    /// Removes a segment.
    pub fn delete_segment(&mut self, id: SegmentId) -> Result<()> {
        self.conn
            .execute("DELETE FROM segments WHERE id = ?1", [id.0])?;
        Ok(())
    }

    /// A segment by id.
    pub fn segment_by_id(&self, id: SegmentId) -> Result<Segment> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM segments WHERE id = ?1"))?
            .query_row([id.0], read_segment)
            .optional()?
            .ok_or_else(|| Error::invalid("segment", format!("there is no segment {id}")))?;
        build_segment(row)
    }

    /// A segment by name, case-insensitively.
    pub fn segment_by_name(&self, name: &str) -> Result<Option<Segment>> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM segments WHERE name = ?1"))?
            .query_row([name], read_segment)
            .optional()?
            .map(build_segment)
            .transpose()
    }

    /// Every segment, pinned first, then by name.
    pub fn all_segments(&self) -> Result<Vec<Segment>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM segments ORDER BY pinned DESC, name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], read_segment)?;
        rows.map(|r| build_segment(r?)).collect()
    }

    /// The live, unarchived contacts `cond` selects, in id order.
    pub fn segment_members(
        &self,
        cond: &Condition,
        facts: &SegmentFacts,
    ) -> Result<Vec<ContactId>> {
        self.with_segment_facts(cond, facts, |store, sql, args| {
            let mut stmt = store
                .conn
                .prepare(&format!("SELECT c.id {sql} ORDER BY c.id"))?;
            let ids = stmt
                .query_map(rusqlite::params_from_iter(args), |r| {
                    Ok(ContactId(r.get(0)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ids)
        })
    }

    /// How many contacts `cond` selects.
    pub fn segment_count(&self, cond: &Condition, facts: &SegmentFacts) -> Result<u64> {
        self.with_segment_facts(cond, facts, |store, sql, args| {
            Ok(store.conn.query_row(
                &format!("SELECT count(*) {sql}"),
                rusqlite::params_from_iter(args),
                |r| r.get(0),
            )?)
        })
    }

    /// Runs `query` on the compiled condition (`FROM ... WHERE ...` and its arguments)
    /// with the temporary tables of `facts` filled, and drops them after.
    fn with_segment_facts<T>(
        &self,
        cond: &Condition,
        facts: &SegmentFacts,
        query: impl FnOnce(&Store, &str, Vec<Value>) -> Result<T>,
    ) -> Result<T> {
        let mut compiler = Compiler {
            args: Vec::new(),
            facts,
            cadence: false,
        };
        let body = compiler.condition(cond)?;
        let sql = format!(
            "FROM contacts c WHERE c.deleted_at IS NULL AND c.archived_at IS NULL AND {body}"
        );
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS segment_rfm
                 (contact_id INTEGER PRIMARY KEY, r INTEGER, f INTEGER, m INTEGER);
             CREATE TEMP TABLE IF NOT EXISTS segment_risk (contact_id INTEGER PRIMARY KEY, risk TEXT);
             CREATE TEMP TABLE IF NOT EXISTS segment_cadence (days INTEGER PRIMARY KEY, lapsed_before TEXT);
             DELETE FROM temp.segment_rfm; DELETE FROM temp.segment_risk; DELETE FROM temp.segment_cadence;",
        )?;
        if let Some(rfm) = &facts.rfm {
            let mut ins = self
                .conn
                .prepare_cached("INSERT INTO temp.segment_rfm VALUES (?1, ?2, ?3, ?4)")?;
            for (id, r, f, m) in rfm {
                ins.execute(params![id.0, r, f, m])?;
            }
        }
        if let Some(risk) = &facts.risk {
            let mut ins = self
                .conn
                .prepare_cached("INSERT INTO temp.segment_risk VALUES (?1, ?2)")?;
            for (id, level) in risk {
                ins.execute(params![id.0, level.as_str()])?;
            }
        }
        if compiler.cadence {
            // A contact with cadence N whose last contact (or creation) fell on local day L
            // is due on D when L + N ≤ D, that is when it happened before the start of
            // local day D − N + 1.
            let lengths: Vec<i64> = self
                .conn
                .prepare("SELECT DISTINCT cadence_effective FROM contacts WHERE cadence_effective IS NOT NULL")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut ins = self
                .conn
                .prepare_cached("INSERT INTO temp.segment_cadence VALUES (?1, ?2)")?;
            for n in lengths {
                let Some(day) = u64::try_from(n - 1)
                    .ok()
                    .and_then(|back| facts.today.checked_sub_days(Days::new(back)))
                else {
                    continue;
                };
                ins.execute(params![n, compiler.day_start(day)])?;
            }
        }
        let out = query(self, &sql, compiler.args);
        self.conn.execute_batch(
            "DELETE FROM temp.segment_rfm; DELETE FROM temp.segment_risk; DELETE FROM temp.segment_cadence;",
        )?;
        out
    }
}

/// Builds the WHERE clause of a condition tree, collecting its arguments.
struct Compiler<'a> {
    args: Vec<Value>,
    facts: &'a SegmentFacts,
    /// The tree asks whether cadences lapsed.
    cadence: bool,
}

impl Compiler<'_> {
    /// A placeholder for `v`.
    fn arg(&mut self, v: impl Into<Value>) -> String {
        self.args.push(v.into());
        format!("?{}", self.args.len())
    }

    /// Placeholders for a list, comma-separated.
    fn list<T: Into<Value>>(&mut self, vs: impl IntoIterator<Item = T>) -> String {
        vs.into_iter()
            .map(|v| self.arg(v))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The stored instant local day `d` begins.
    fn day_start(&self, d: NaiveDate) -> String {
        let tz = self.facts.zone.unwrap_or(chrono_tz::Tz::UTC);
        instant_to_text(start_of_day(d, tz))
    }

    fn day_after_start(&mut self, d: NaiveDate) -> Result<String> {
        let next = d
            .checked_add_days(Days::new(1))
            .ok_or_else(|| Error::invalid("segment condition", format!("{d} is too late")))?;
        let start = self.day_start(next);
        Ok(self.arg(start))
    }

    /// `col` compared with `value` by `op` (ASCII case folded, as SQLite's `lower`).
    fn text(&mut self, col: &str, op: TextOp, value: &str) -> String {
        let p = self.arg(value.to_string());
        match op {
            TextOp::Equals => format!("lower(trim({col})) = lower({p})"),
            TextOp::Contains => format!("instr(lower({col}), lower({p})) > 0"),
        }
    }

    /// The SQL of `c`: a leaf is never NULL (so that `Not` is its exact complement).
    fn condition(&mut self, c: &Condition) -> Result<String> {
        let join = |me: &mut Self, of: &[Condition], op: &str, empty: &str| -> Result<String> {
            if of.is_empty() {
                return Ok(empty.to_string());
            }
            let parts = of
                .iter()
                .map(|c| me.condition(c))
                .collect::<Result<Vec<_>>>()?;
            Ok(format!("({})", parts.join(op)))
        };
        let leaf = match c {
            Condition::All { of } => return join(self, of, " AND ", "1"),
            Condition::Any { of } => return join(self, of, " OR ", "0"),
            Condition::Not { of } => return Ok(format!("(NOT {})", self.condition(of)?)),
            Condition::Tags { mode, tags } => {
                let mut names: Vec<String> = tags.iter().map(|t| t.trim().to_string()).collect();
                // Tag names compare as the tags table does (NOCASE: ASCII letters folded).
                names.sort_by_key(|t| t.to_ascii_lowercase());
                names.dedup_by_key(|t| t.to_ascii_lowercase());
                let n = names.len() as i64;
                let list = self.list(names);
                let linked = format!(
                    "SELECT count(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                     WHERE ct.contact_id = c.id AND t.name IN ({list})"
                );
                match mode {
                    TagMatch::Any => format!("({linked}) > 0"),
                    TagMatch::None => format!("({linked}) = 0"),
                    TagMatch::All => {
                        let n = self.arg(n);
                        format!("({linked}) = {n}")
                    }
                }
            }
            Condition::Stage { stages } => {
                let list = self.list(stages.iter().map(|s| s.as_str().to_string()));
                format!("c.stage IN ({list})")
            }
            Condition::Tier { tiers } => {
                let list = self.list(tiers.iter().map(|t| t.as_str().to_string()));
                format!("c.value_tier IN ({list})")
            }
            Condition::Rfm { r, f, m } => {
                let mut parts = vec!["s.contact_id = c.id".to_string()];
                for (col, range) in [("r", r), ("f", f), ("m", m)] {
                    if let Some(range) = range {
                        let lo = self.arg(i64::from(range.min));
                        let hi = self.arg(i64::from(range.max));
                        parts.push(format!("s.{col} BETWEEN {lo} AND {hi}"));
                    }
                }
                format!(
                    "EXISTS (SELECT 1 FROM temp.segment_rfm s WHERE {})",
                    parts.join(" AND ")
                )
            }
            Condition::Risk { levels } => {
                let list = self.list(levels.iter().map(|l| l.as_str().to_string()));
                format!(
                    "EXISTS (SELECT 1 FROM temp.segment_risk s WHERE s.contact_id = c.id AND s.risk IN ({list}))"
                )
            }
            Condition::LastContacted { when } => match when {
                ContactedWhen::Never => "c.last_contacted_at IS NULL".to_string(),
                ContactedWhen::Before { date } => {
                    let start = self.day_start(*date);
                    let p = self.arg(start);
                    format!("c.last_contacted_at < {p}")
                }
                ContactedWhen::After { date } => {
                    let p = self.day_after_start(*date)?;
                    format!("c.last_contacted_at >= {p}")
                }
                ContactedWhen::Between { from, to } => {
                    let start = self.day_start(*from);
                    let lo = self.arg(start);
                    let hi = self.day_after_start(*to)?;
                    format!("(c.last_contacted_at >= {lo} AND c.last_contacted_at < {hi})")
                }
            },
            Condition::CadenceLapsed => {
                self.cadence = true;
                "coalesce(c.last_contacted_at, c.created_at) < (SELECT lapsed_before FROM temp.segment_cadence
                     WHERE days = c.cadence_effective)"
                    .to_string()
            }
            Condition::OpenFollowUp => {
                "EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = c.id AND f.status != 'done')"
                    .to_string()
            }
            Condition::OpenCase => "EXISTS (SELECT 1 FROM service_cases s WHERE s.contact_id = c.id AND s.status = 'open')"
                .to_string(),
            Condition::BirthdayMonth { months } => {
                let list = self.list(months.iter().map(|m| format!("{m:02}")));
                format!("substr(c.birthday_md, 1, 2) IN ({list})")
            }
            Condition::Place { part, op, value } => {
                let col = match part {
                    PlacePart::City => "a.city",
                    PlacePart::Region => "a.region",
                    PlacePart::Country => "a.country",
                };
                let m = self.text(col, *op, value);
                format!("EXISTS (SELECT 1 FROM contact_addresses a WHERE a.contact_id = c.id AND {m})")
            }
            Condition::Company { op, value } => self.text("c.company", *op, value),
            Condition::Source { op, value } => self.text("c.source", *op, value),
            Condition::ImportBatch { batch } => {
                let p = self.arg(*batch);
                format!("c.import_batch_id = {p}")
            }
            Condition::CustomField { key, op, value } => {
                let k = self.arg(key.clone());
                let m = self.text("f.value", *op, value);
                format!(
                    "EXISTS (SELECT 1 FROM custom_fields f WHERE f.contact_id = c.id
                        AND lower(f.key) = lower({k}) AND {m})"
                )
            }
            Condition::Deal {
                status,
                from,
                to,
                min_minor,
                max_minor,
            } => {
                let st = self.arg(status.as_str().to_string());
                let mut parts = vec![format!("d.contact_id = c.id AND d.status = {st}")];
                let day = "(CASE WHEN d.status = 'open' THEN d.deal_date ELSE coalesce(d.closed_on, d.deal_date) END)";
                if let Some(from) = from {
                    let p = self.arg(from.to_string());
                    parts.push(format!("{day} >= {p}"));
                }
                if let Some(to) = to {
                    let p = self.arg(to.to_string());
                    parts.push(format!("{day} <= {p}"));
                }
                if min_minor.is_some() || max_minor.is_some() {
                    let cur = self.arg(self.facts.currency.clone());
                    parts.push(format!("d.currency = {cur}"));
                }
                if let Some(lo) = min_minor {
                    let p = self.arg(*lo);
                    parts.push(format!("d.amount_minor >= {p}"));
                }
                if let Some(hi) = max_minor {
                    let p = self.arg(*hi);
                    parts.push(format!("d.amount_minor <= {p}"));
                }
                format!("EXISTS (SELECT 1 FROM deals d WHERE {})", parts.join(" AND "))
            }
        };
        Ok(format!("coalesce(({leaf}), 0)"))
    }
}

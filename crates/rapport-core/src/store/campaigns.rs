//! Campaign rows, their members, and the reads that measure response.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::journal::{begin_step, fill_bulk_ids, keep_created, max_id};
use super::{Store, UndoStepId};
use crate::campaigns::{Arm, Campaign, CampaignId, CampaignMember, MemberResponse};
use crate::contacts::ContactId;
use crate::dates::{instant_from_text, instant_to_text};
use crate::error::{Error, Result};
use crate::followups::{FollowUpDraft, FollowUpId};
use crate::interactions::{InteractionDraft, InteractionId};
use crate::optout::OptOutChannel;

const COLUMNS: &str = "c.id, c.name, c.segment_name, c.condition_json, c.channel, c.starts_on,
    c.ends_on, c.offer, c.cost_minor, c.currency, c.control_permille, c.seed, c.daily_cap,
    c.window_days, c.excluded_opted_out, c.created_at,
    (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.id AND m.arm = 'treatment'),
    (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.id AND m.arm = 'control')";

fn read(r: &Row) -> rusqlite::Result<Result<Campaign>> {
    let text = |i: usize| r.get::<_, String>(i);
    let date = |s: String| -> Result<NaiveDate> {
        s.parse()
            .map_err(|_| Error::invalid("campaign", format!("stored date '{s}' is damaged")))
    };
    let (json, channel, starts, ends, created) =
        (text(3)?, text(4)?, text(5)?, text(6)?, text(15)?);
    let seed: i64 = r.get(11)?;
    let row = (
        r.get::<_, i64>(0)?,
        text(1)?,
        text(2)?,
        r.get::<_, Option<String>>(7)?,
        r.get::<_, Option<i64>>(8)?,
        text(9)?,
        r.get::<_, u32>(10)?,
        r.get::<_, u32>(12)?,
        r.get::<_, u32>(13)?,
        r.get::<_, i64>(14)?,
        r.get::<_, i64>(16)?,
        r.get::<_, i64>(17)?,
    );
    Ok((|| {
        let (id, name, segment, offer, cost, currency, permille, cap, window, excluded, t, c) = row;
        Ok(Campaign {
            id: CampaignId(id),
            name,
            segment,
            condition: serde_json::from_str(&json)
                .map_err(|e| Error::invalid("campaign", format!("damaged condition: {e}")))?,
            channel: channel.parse()?,
            starts_on: date(starts)?,
            ends_on: date(ends)?,
            offer,
            cost_minor: cost,
            currency,
            control_permille: permille,
            seed: seed as u64,
            daily_cap: cap,
            window_days: window,
            excluded_opted_out: excluded.max(0) as u64,
            treatment: t.max(0) as u64,
            control: c.max(0) as u64,
            created_at: instant_from_text(&created)?,
        })
    })())
}

impl Store {
    /// Of `ids`, those reachable for outreach on `channel` (not do-not-contact, not opted
    /// out of it), in id order, and how many were left out.
    pub fn reachable_on(
        &self,
        ids: &[ContactId],
        channel: Option<OptOutChannel>,
    ) -> Result<(Vec<ContactId>, u64)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.do_not_contact = 0 AND NOT EXISTS (SELECT 1 FROM contact_opt_outs o
                WHERE o.contact_id = c.id AND o.channel = ?2)
             FROM contacts c WHERE c.id = ?1",
        )?;
        let mut ok = Vec::new();
        let mut out = 0;
        let mut sorted = ids.to_vec();
        sorted.sort();
        sorted.dedup();
        for id in sorted {
            let reachable: bool = stmt
                .query_row(params![id.0, channel.map(|c| c.as_str())], |r| r.get(0))
                .optional()?
                .unwrap_or(false);
            if reachable {
                ok.push(id);
            } else {
                out += 1;
            }
        }
        Ok((ok, out))
    }

    /// Stores a campaign, its control members, and its treatment members each with their
    /// outreach follow-up, in one transaction, as one step of the undo journal (its undo
    /// removes the campaign and the follow-ups; it touches no contact's own rows).
    pub fn insert_campaign(
        &mut self,
        c: &Campaign,
        control: &[ContactId],
        follow_ups: &[FollowUpDraft],
        now: DateTime<Utc>,
    ) -> Result<(CampaignId, UndoStepId)> {
        let json = serde_json::to_string(&c.condition)
            .map_err(|e| Error::invalid("campaign", e.to_string()))?;
        self.write(|tx| {
            fill_bulk_ids(tx, &[])?;
            let step = begin_step(
                tx,
                "create_campaign",
                &format!("create campaign {}", c.name),
                now,
            )?;
            let members = control.len() + follow_ups.len();
            tx.execute(
                "UPDATE undo_steps SET contacts = ?2 WHERE id = ?1",
                params![step.0, members as i64],
            )?;
            let first_follow_up = max_id(tx, "follow_ups")?;
            tx.execute(
                "INSERT INTO campaigns (name, segment_name, condition_json, channel, starts_on, ends_on,
                    offer, cost_minor, currency, control_permille, seed, daily_cap, window_days,
                    excluded_opted_out, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                params![
                    c.name,
                    c.segment,
                    json,
                    c.channel.as_str(),
                    c.starts_on.to_string(),
                    c.ends_on.to_string(),
                    c.offer,
                    c.cost_minor,
                    c.currency,
                    c.control_permille,
                    c.seed as i64,
                    c.daily_cap,
                    c.window_days,
                    c.excluded_opted_out as i64,
                    instant_to_text(now),
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Error::invalid(
                        "campaign",
                        format!("a campaign named '{}' exists already", c.name),
                    )
                }
                other => other.into(),
            })?;
            let id = tx.last_insert_rowid();
            let mut member = tx.prepare_cached(
                "INSERT INTO campaign_members (campaign_id, contact_id, arm, follow_up_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for contact in control {
                member.execute(params![id, contact.0, Arm::Control.as_str(), None::<i64>])?;
            }
            for f in follow_ups {
                let fu = super::followups::insert_follow_up(tx, f, now)?;
                member.execute(params![id, f.contact_id.0, Arm::Treatment.as_str(), fu.0])?;
            }
            keep_created(tx, step, "follow_ups", first_follow_up)?;
            tx.execute(
                "INSERT INTO undo_created (step_id, tbl, row_id) VALUES (?1, 'campaigns', ?2)",
                params![step.0, id],
            )?;
            Ok((CampaignId(id), step))
        })
    }

    /// The journal step that created campaign `id`, while it stands (not undone).
    pub fn campaign_step(&self, id: CampaignId) -> Result<Option<UndoStepId>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT u.step_id FROM undo_created u JOIN undo_steps s ON s.id = u.step_id
                 WHERE u.tbl = 'campaigns' AND u.row_id = ?1 AND s.undone_at IS NULL",
            )?
            .query_row([id.0], |r| r.get(0))
            .optional()?
            .map(UndoStepId))
    }

    /// A campaign by name, case-insensitively.
    pub fn campaign_by_name(&self, name: &str) -> Result<Option<Campaign>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM campaigns c WHERE c.name = ?1"
            ))?
            .query_row([name], read)
            .optional()?
            .transpose()
    }

    /// Every campaign, newest first.
    pub fn all_campaigns(&self) -> Result<Vec<Campaign>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM campaigns c ORDER BY c.id DESC"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, read(r)?)))?;
        self.readable_rows("campaigns", rows, |r| r.0, |(_, c)| c)
    }

    /// A campaign's members, in contact id order.
    pub fn campaign_members(&self, id: CampaignId) -> Result<Vec<CampaignMember>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, arm, follow_up_id, contacted_at FROM campaign_members
             WHERE campaign_id = ?1 ORDER BY contact_id",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (contact, arm, fu, at) = row?;
            Ok(CampaignMember {
                contact_id: ContactId(contact),
                arm: arm.parse()?,
                follow_up: fu.map(FollowUpId),
                contacted_at: at.as_deref().map(instant_from_text).transpose()?,
            })
        })
        .collect()
    }

    /// Logs a treatment member's outreach, completes their outreach follow-up and marks
    /// them contacted (the first time), in one transaction.
    pub fn record_outreach(
        &mut self,
        campaign: CampaignId,
        d: &InteractionDraft,
        follow_up: Option<FollowUpId>,
        now: DateTime<Utc>,
    ) -> Result<InteractionId> {
        self.write(|tx| {
            let id = super::interactions::insert_interaction(tx, d, None, now)?;
            let now = instant_to_text(now);
            if let Some(fu) = follow_up {
                tx.execute(
                    "UPDATE follow_ups SET status = 'done', completed_at = ?2
                     WHERE id = ?1 AND status != 'done'",
                    params![fu.0, now],
                )?;
            }
            tx.execute(
                "UPDATE campaign_members SET contacted_at = coalesce(contacted_at, ?3)
                 WHERE campaign_id = ?1 AND contact_id = ?2",
                params![campaign.0, d.contact_id.0, instant_to_text(d.occurred_at)],
            )?;
            Ok(id)
        })
    }

    /// Whether `contact` got in touch (an inbound interaction at `from` ≤ t < `until`) or
    /// won a deal closed on a local day `first..=last`, and the revenue of those deals in
    /// `currency`.
    pub fn response_in(
        &self,
        contact: ContactId,
        from: &str,
        until: &str,
        first: NaiveDate,
        last: NaiveDate,
        currency: &str,
    ) -> Result<MemberResponse> {
        let inbound: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM interactions WHERE contact_id = ?1
                    AND direction = 'inbound' AND occurred_at >= ?2 AND occurred_at < ?3)",
            )?
            .query_row(params![contact.0, from, until], |r| r.get(0))?;
        let (won, revenue): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(CASE WHEN currency = ?4 THEN amount_minor ELSE 0 END), 0)
                 FROM deals WHERE contact_id = ?1 AND status = 'won'
                    AND closed_on >= ?2 AND closed_on <= ?3",
            )?
            .query_row(
                params![contact.0, first.to_string(), last.to_string(), currency],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        Ok(MemberResponse {
            responded: inbound || won > 0,
            revenue_minor: revenue,
        })
    }
}

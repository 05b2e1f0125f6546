//! Campaigns measured against a control group.
//!
//! A campaign reaches the members of a segment through one channel between two dates. On
//! creation:
//! - members who cannot be reached on the channel (opted out of it, or do-not-contact)
//!   are left out and counted;
//! - the others, in contact id order, are shuffled by a Fisher–Yates shuffle driven by
//!   ChaCha8 seeded with the campaign's seed (given, or taken from the creation time, and
//!   stored), and the first `round(share × n)` are the **control** group: they are never
//!   contacted for the campaign. The same seed and members give the same groups on every
//!   machine and every run;
//! - each **treatment** member gets an outreach follow-up, in the shuffled order, spread
//!   evenly over the campaign's days with at most `daily_cap` a day (when the days are too
//!   few for the cap, the last ones fall after the end date). Logging the outreach
//!   ([`ContactBook::campaign_outreach`]) completes it and marks the member contacted.
//!
//! **Response**: a member responds when, within `window_days` of the start of their window,
//! they get in touch (an inbound interaction) or buy (a deal won). A treatment member's
//! window starts when they were contacted; a control member's, and that of a treatment
//! member not contacted yet, starts on the campaign's first day. Revenue is the won
//! deals in the window, in the campaign's currency.
//!
//! **Lift** is the difference of the response rates (treatment − control), with a 95%
//! confidence interval by Newcombe's hybrid score method (his method 10, 1998): the
//! Wilson score interval of each rate, combined as
//! `d − √((p₁ − l₁)² + (u₂ − p₂)²)` … `d + √((u₁ − p₁)² + (p₂ − l₂)²)`. Unlike the Wald
//! interval it stays inside −1…1 and behaves with small groups and rates near 0 or 1.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::error::{Error, Result};
use crate::followups::FollowUpDraft;
use crate::interactions::{Direction, Interaction, InteractionDraft, InteractionKind};
use crate::optout::OptOutChannel;
use crate::segments::Condition;
use crate::store::{UndoStep, UndoStepId};

/// Default share of members held out as the control group.
pub const DEFAULT_CONTROL_SHARE: f64 = 0.10;
/// Default response window, days.
pub const DEFAULT_WINDOW_DAYS: u32 = 30;
/// Default most outreach follow-ups a day.
pub const DEFAULT_DAILY_CAP: u32 = 20;
/// z for a two-sided 95% interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Identifies a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "number")]
pub struct CampaignId(pub i64);

/// How a campaign reaches people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Channel {
    /// Phone calls.
    Call,
    /// Email.
    Email,
    /// Text messages.
    Message,
    /// Visits in person.
    Visit,
    /// Postal mail.
    Mail,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Channel::Call,
        Channel::Email,
        Channel::Message,
        Channel::Visit,
        Channel::Mail,
    ];

    /// The stored and typed name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Email => "email",
            Channel::Message => "message",
            Channel::Visit => "visit",
            Channel::Mail => "mail",
        }
    }

    /// The opt-out that keeps a contact out of a campaign on this channel (a visit has
    /// none: only do-not-contact keeps a contact out).
    pub fn opt_out(&self) -> Option<OptOutChannel> {
        match self {
            Channel::Call => Some(OptOutChannel::Phone),
            Channel::Email => Some(OptOutChannel::Email),
            Channel::Message => Some(OptOutChannel::Sms),
            Channel::Mail => Some(OptOutChannel::Mail),
            Channel::Visit => None,
        }
    }

    /// The kind of interaction the outreach is logged as (a letter is a message).
    pub fn interaction(&self) -> InteractionKind {
        match self {
            Channel::Call => InteractionKind::Call,
            Channel::Email => InteractionKind::Email,
            Channel::Message | Channel::Mail => InteractionKind::Message,
            Channel::Visit => InteractionKind::Meeting,
        }
    }
}

impl FromStr for Channel {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_lowercase();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "channel",
                    format!("'{s}' is not one of call, email, message, visit, mail"),
                )
            })
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member's group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Arm {
    /// Reached by the campaign.
    Treatment,
    /// Held out, never reached by the campaign.
    Control,
}

impl Arm {
    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Arm::Treatment => "treatment",
            Arm::Control => "control",
        }
    }
}

impl FromStr for Arm {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "treatment" => Ok(Arm::Treatment),
            "control" => Ok(Arm::Control),
            other => Err(Error::invalid("arm", format!("unknown group '{other}'"))),
        }
    }
}

/// What the user sets on a new campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignDraft {
    /// Its name, unique.
    pub name: String,
    /// The saved segment it reaches.
    pub segment: String,
    /// How.
    pub channel: Channel,
    /// First day (local).
    pub starts_on: NaiveDate,
    /// Last day (local).
    pub ends_on: NaiveDate,
    /// What is offered.
    pub offer: Option<String>,
    /// What it costs, minor units of the report currency.
    #[ts(type = "number | null")]
    pub cost_minor: Option<i64>,
    /// Share held out as control, 0–1 (default 0.10).
    pub control_share: Option<f64>,
    /// Seed of the control group's draw (default: from the creation time).
    #[ts(type = "number | null")]
    pub seed: Option<u64>,
    /// Most outreach follow-ups a day (default 20).
    pub daily_cap: Option<u32>,
    /// Response window, days (default 30).
    pub window_days: Option<u32>,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Campaign {
    /// Its id.
    pub id: CampaignId,
    /// Its name.
    pub name: String,
    /// The segment's name when it was created.
    pub segment: String,
    /// The segment's condition when it was created.
    pub condition: Condition,
    /// How.
    pub channel: Channel,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// What is offered.
    pub offer: Option<String>,
    /// Cost, minor units of `currency`.
    #[ts(type = "number | null")]
    pub cost_minor: Option<i64>,
    /// The currency of cost and revenue.
    pub currency: String,
    /// Share held out, per mille.
    pub control_permille: u32,
    /// Seed of the draw.
    #[ts(type = "number")]
    pub seed: u64,
    /// Most outreach follow-ups a day.
    pub daily_cap: u32,
    /// Response window, days.
    pub window_days: u32,
    /// Segment members left out: opted out of the channel or do-not-contact.
    #[ts(type = "number")]
    pub excluded_opted_out: u64,
    /// Treatment members.
    #[ts(type = "number")]
    pub treatment: u64,
    /// Control members.
    #[ts(type = "number")]
    pub control: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// One member of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignMember {
    /// The contact.
    pub contact_id: ContactId,
    /// Treatment or control.
    pub arm: Arm,
    /// The outreach follow-up (treatment only).
    pub follow_up: Option<crate::followups::FollowUpId>,
    /// When the outreach was logged.
    pub contacted_at: Option<DateTime<Utc>>,
}

/// One group's response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArmResult {
    /// Members.
    #[ts(type = "number")]
    pub members: u64,
    /// Members contacted by the campaign (0 for control).
    #[ts(type = "number")]
    pub contacted: u64,
    /// Members who responded.
    #[ts(type = "number")]
    pub responders: u64,
    /// responders / members (0 when empty).
    pub rate: f64,
    /// Won deals in the members' windows, minor units.
    #[ts(type = "number")]
    pub revenue_minor: i64,
    /// Revenue per member, minor units.
    pub revenue_per_member_minor: f64,
}

/// The difference of response rates with its interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Lift {
    /// Treatment rate − control rate.
    pub difference: f64,
    /// Lower bound of the 95% interval.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// How the interval was computed.
    pub method: String,
}

/// A member who responded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Responder {
    /// The contact.
    pub contact_id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Their group.
    pub arm: Arm,
    /// Won deals in the window, minor units.
    #[ts(type = "number")]
    pub revenue_minor: i64,
}

/// A campaign's measured response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignReport {
    /// The campaign.
    pub campaign: Campaign,
    /// Treatment group.
    pub treatment: ArmResult,
    /// Control group.
    pub control: ArmResult,
    /// Lift; `None` when a group is empty.
    pub lift: Option<Lift>,
    /// Cost per treatment responder, minor units (with a cost and a responder).
    pub cost_per_response_minor: Option<f64>,
    /// Cost per response above control: cost / (lift × treatment members), when the lift
    /// is positive.
    pub cost_per_incremental_response_minor: Option<f64>,
    /// Members who responded, treatment first, then by name.
    pub responders: Vec<Responder>,
    /// Every window has closed by the report's time.
    pub complete: bool,
}

/// The Wilson score interval of `x` successes in `n` trials.
pub fn wilson_interval(x: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = x as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Newcombe's hybrid score interval for `x1/n1 − x2/n2`; `None` when a group is empty.
pub fn newcombe_interval(x1: u64, n1: u64, x2: u64, n2: u64, z: f64) -> Option<Lift> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let p1 = x1 as f64 / n1 as f64;
    let p2 = x2 as f64 / n2 as f64;
    let (l1, u1) = wilson_interval(x1, n1, z);
    let (l2, u2) = wilson_interval(x2, n2, z);
    let d = p1 - p2;
    Some(Lift {
        difference: d,
        low: d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt(),
        high: d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt(),
        method: "Newcombe hybrid score interval (Wilson score per group), 95%".into(),
    })
}

/// Shuffles `items` in place: Fisher–Yates from the end, index `next_u64 mod (i + 1)`,
/// with ChaCha8 seeded by `seed` (a fixed, portable stream).
pub fn seeded_shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// How many of `n` members a share of `permille` holds out (rounded half up).
pub fn control_size(n: u64, permille: u32) -> u64 {
    (n * u64::from(permille) + 500) / 1000
}

/// The due date of the `k`-th (0-based) of `n` outreach follow-ups over the days
/// `starts_on..=ends_on`, at most `cap` a day: spread evenly, `⌈n / days⌉` a day (no more
/// than the cap).
pub fn outreach_day(
    k: u64,
    n: u64,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    cap: u32,
) -> NaiveDate {
    let days = ((ends_on - starts_on).num_days() + 1).max(1) as u64;
    let per_day = n.div_ceil(days).clamp(1, u64::from(cap.max(1)));
    starts_on
        .checked_add_days(Days::new(k / per_day))
        .unwrap_or(ends_on)
}

impl ContactBook {
    /// Creates a campaign from a saved segment's members now: draws the control group,
    /// and gives each treatment member an outreach follow-up; one undoable step.
    pub fn add_campaign(
        &mut self,
        d: CampaignDraft,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<CampaignCreated> {
        let name = d.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid("campaign", "a campaign needs a name"));
        }
        if d.ends_on < d.starts_on {
            return Err(Error::invalid(
                "campaign",
                format!("it ends ({}) before it starts ({})", d.ends_on, d.starts_on),
            ));
        }
        let share = d.control_share.unwrap_or(DEFAULT_CONTROL_SHARE);
        if !(0.0..=0.9).contains(&share) {
            return Err(Error::invalid(
                "control share",
                format!("{share} is not between 0 and 0.9"),
            ));
        }
        let permille = (share * 1000.0).round() as u32;
        let cap = d.daily_cap.unwrap_or(DEFAULT_DAILY_CAP);
        let window = d.window_days.unwrap_or(DEFAULT_WINDOW_DAYS);
        if cap == 0 || window == 0 || window > 3660 {
            return Err(Error::invalid(
                "campaign",
                "the daily cap and the window (1–3660 days) must be positive",
            ));
        }
        if d.cost_minor.is_some_and(|c| c < 0) {
            return Err(Error::invalid("cost", "a cost cannot be negative"));
        }
        // One transaction: the members drawn are the members stored.
        self.atomically(|book| {
            let segment = book.segment(&d.segment)?;
            let members = book.contacts_where(&segment.condition, now, tz)?;
            let (mut eligible, excluded) =
                book.store().reachable_on(&members, d.channel.opt_out())?;
            let seed = d.seed.unwrap_or(now.timestamp_micros() as u64);
            seeded_shuffle(&mut eligible, seed);
            let k = control_size(eligible.len() as u64, permille) as usize;
            let (control, treatment) = eligible.split_at(k);
            let offer = d
                .offer
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty());
            let text = match &offer {
                Some(o) => format!("Campaign {name}: {} ({o})", d.channel),
                None => format!("Campaign {name}: {}", d.channel),
            };
            let n = treatment.len() as u64;
            let follow_ups: Vec<FollowUpDraft> = treatment
                .iter()
                .enumerate()
                .map(|(i, id)| FollowUpDraft {
                    contact_id: *id,
                    due_date: outreach_day(i as u64, n, d.starts_on, d.ends_on, cap),
                    due_time: None,
                    text: text.clone(),
                })
                .collect();
            let campaign = Campaign {
                id: CampaignId(0),
                name,
                segment: segment.name,
                condition: segment.condition,
                channel: d.channel,
                starts_on: d.starts_on,
                ends_on: d.ends_on,
                offer,
                cost_minor: d.cost_minor,
                currency: book.report_currency()?,
                control_permille: permille,
                seed,
                daily_cap: cap,
                window_days: window,
                excluded_opted_out: excluded,
                treatment: n,
                control: control.len() as u64,
                created_at: now,
            };
            let (_, step) =
                book.store_mut()
                    .insert_campaign(&campaign, control, &follow_ups, now)?;
            Ok(CampaignCreated {
                campaign: book.campaign(&campaign.name)?,
                step,
            })
        })
    }

    /// A campaign by name.
    pub fn campaign(&self, name: &str) -> Result<Campaign> {
        self.store().campaign_by_name(name.trim())?.ok_or_else(|| {
            Error::invalid(
                "campaign",
                format!("there is no campaign named '{}'", name.trim()),
            )
        })
    }

    /// Every campaign, newest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        self.store().all_campaigns()
    }

    /// A campaign's members.
    pub fn campaign_members(&self, name: &str) -> Result<Vec<CampaignMember>> {
        let c = self.campaign(name)?;
        self.store().campaign_members(c.id)
    }

    /// Logs the outreach to a treatment member (an outbound interaction of the channel's
    /// kind at `now`), completes their outreach follow-up and marks them contacted.
    pub fn campaign_outreach(
        &mut self,
        name: &str,
        contact: ContactId,
        text: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Interaction> {
        let c = self.campaign(name)?;
        let member = self
            .store()
            .campaign_members(c.id)?
            .into_iter()
            .find(|m| m.contact_id == contact)
            .ok_or_else(|| {
                Error::invalid(
                    "campaign",
                    format!("contact {contact} is not a member of campaign '{}'", c.name),
                )
            })?;
        if member.arm == Arm::Control {
            return Err(Error::invalid(
                "campaign",
                format!(
                    "contact {contact} is in the control group of '{}': the campaign must not reach them",
                    c.name
                ),
            ));
        }
        let draft = InteractionDraft {
            contact_id: contact,
            kind: c.channel.interaction(),
            occurred_at: now,
            direction: Some(Direction::Outbound),
            text: text
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| format!("Campaign {}", c.name)),
            outcome: None,
        };
        let id = self
            .store_mut()
            .record_outreach(c.id, &draft, member.follow_up, now)?;
        self.index_changes();
        self.store().interaction(id)
    }

    /// The campaign's response at `now` (see the module's rules).
    pub fn campaign_report(
        &self,
        name: &str,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<CampaignReport> {
        let c = self.campaign(name)?;
        let start = crate::report::start_of_day(c.starts_on, tz);
        let window = chrono::Duration::days(i64::from(c.window_days));
        let mut treatment = ArmTally::default();
        let mut control = ArmTally::default();
        let mut responders = Vec::new();
        let mut complete = true;
        for m in self.store().campaign_members(c.id)? {
            let from = match (m.arm, m.contacted_at) {
                (Arm::Treatment, Some(at)) => at,
                _ => start,
            };
            let until = from + window;
            // A treatment member not contacted yet may still be: their window is open.
            if until > now || (m.arm == Arm::Treatment && m.contacted_at.is_none()) {
                complete = false;
            }
            let first_day = from.with_timezone(&tz).date_naive();
            let last_day = first_day
                .checked_add_days(Days::new(u64::from(c.window_days) - 1))
                .unwrap_or(first_day);
            let r = self.store().response_in(
                m.contact_id,
                &crate::dates::instant_to_text(from),
                &crate::dates::instant_to_text(until),
                first_day,
                last_day,
                &c.currency,
            )?;
            let tally = match m.arm {
                Arm::Treatment => &mut treatment,
                Arm::Control => &mut control,
            };
            tally.members += 1;
            tally.contacted += u64::from(m.contacted_at.is_some());
            tally.revenue_minor = tally.revenue_minor.saturating_add(r.revenue_minor);
            if r.responded {
                tally.responders += 1;
                responders.push(Responder {
                    contact_id: m.contact_id,
                    display_name: String::new(),
                    arm: m.arm,
                    revenue_minor: r.revenue_minor,
                });
            }
        }
        let ids: Vec<ContactId> = responders.iter().map(|r| r.contact_id).collect();
        let names = self.store().display_names(&ids)?;
        for r in &mut responders {
            if let Some(n) = names.get(&r.contact_id) {
                r.display_name.clone_from(n);
            }
        }
        responders.sort_by(|a, b| {
            (a.arm != Arm::Treatment, &a.display_name)
                .cmp(&(b.arm != Arm::Treatment, &b.display_name))
        });
        let lift = newcombe_interval(
            treatment.responders,
            treatment.members,
            control.responders,
            control.members,
            Z_95,
        );
        let cost_per_response_minor = c
            .cost_minor
            .filter(|_| treatment.responders > 0)
            .map(|cost| cost as f64 / treatment.responders as f64);
        let cost_per_incremental_response_minor = match (&lift, c.cost_minor) {
            (Some(l), Some(cost)) if l.difference > 0.0 => {
                Some(cost as f64 / (l.difference * treatment.members as f64))
            }
            _ => None,
        };
        Ok(CampaignReport {
            campaign: c,
            treatment: treatment.result(),
            control: control.result(),
            lift,
            cost_per_response_minor,
            cost_per_incremental_response_minor,
            responders,
            complete,
        })
    }
}

/// A new campaign and the journal step that undoes its creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignCreated {
    /// The campaign.
    pub campaign: Campaign,
    /// The step `undo` takes to remove it (while no outreach is logged).
    pub step: UndoStepId,
}

/// Names a campaign (case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignRef {
    /// The campaign's name.
    pub name: String,
}

/// Which campaigns to list; nothing to set yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignListRequest {}

/// Every campaign, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignList {
    /// The campaigns.
    pub campaigns: Vec<Campaign>,
}

/// One member of a campaign as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignMemberRow {
    /// The contact.
    pub contact_id: ContactId,
    /// Display name.
    pub display_name: String,
    /// Treatment or control.
    pub arm: Arm,
    /// The outreach follow-up's due date (treatment only; `None` once it was removed).
    pub due_date: Option<NaiveDate>,
    /// When the outreach was logged.
    pub contacted_at: Option<DateTime<Utc>>,
}

/// A campaign with its members, treatment first, then by due date and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignDetail {
    /// The campaign.
    pub campaign: Campaign,
    /// Treatment members contacted so far.
    #[ts(type = "number")]
    pub contacted: u64,
    /// Its members.
    pub members: Vec<CampaignMemberRow>,
}

/// Outreach to log to a treatment member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutreachRequest {
    /// The campaign's name.
    pub campaign: String,
    /// The member.
    pub contact_id: ContactId,
    /// What was said or sent (default: "Campaign NAME").
    #[serde(default)]
    pub text: Option<String>,
}

/// Creates a campaign from a saved segment's members at `now` in `tz` (see the module):
/// the control group drawn, outreach follow-ups for the treatment group, one undoable step.
pub fn create_campaign(
    book: &mut ContactBook,
    req: CampaignDraft,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<CampaignCreated> {
    book.add_campaign(req, now, tz)
}

/// Every campaign, newest first.
pub fn list_campaigns(
    book: &ContactBook,
    _req: CampaignListRequest,
    _now: DateTime<Utc>,
    _tz: Tz,
) -> Result<CampaignList> {
    Ok(CampaignList {
        campaigns: book.campaigns()?,
    })
}

/// A campaign and its members.
pub fn show_campaign(
    book: &ContactBook,
    req: CampaignRef,
    _now: DateTime<Utc>,
    _tz: Tz,
) -> Result<CampaignDetail> {
    let campaign = book.campaign(&req.name)?;
    let members = book.store().campaign_members(campaign.id)?;
    let ids: Vec<ContactId> = members.iter().map(|m| m.contact_id).collect();
    let names = book.store().display_names(&ids)?;
    let mut rows = Vec::with_capacity(members.len());
    for m in members {
        let due_date = match m.follow_up {
            Some(f) => match book.store().follow_up(f) {
                Ok(f) => Some(f.due_date),
                Err(Error::FollowUpNotFound(_)) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        rows.push(CampaignMemberRow {
            display_name: names.get(&m.contact_id).cloned().unwrap_or_default(),
            contact_id: m.contact_id,
            arm: m.arm,
            due_date,
            contacted_at: m.contacted_at,
        });
    }
    rows.sort_by(|a, b| {
        (
            a.arm != Arm::Treatment,
            a.due_date,
            &a.display_name,
            a.contact_id,
        )
            .cmp(&(
                b.arm != Arm::Treatment,
                b.due_date,
                &b.display_name,
                b.contact_id,
            ))
    });
    Ok(CampaignDetail {
        contacted: rows.iter().filter(|r| r.contacted_at.is_some()).count() as u64,
        campaign,
        members: rows,
    })
}

/// The campaign's response at `now` in `tz`: rates, revenue, lift with its 95% interval.
pub fn campaign_result(
    book: &ContactBook,
    req: CampaignRef,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<CampaignReport> {
    book.campaign_report(&req.name, now, tz)
}

/// Logs the outreach to a treatment member at `now` (refused for a control member).
pub fn log_outreach(
    book: &mut ContactBook,
    req: OutreachRequest,
    now: DateTime<Utc>,
    _tz: Tz,
) -> Result<Interaction> {
    book.campaign_outreach(&req.campaign, req.contact_id, req.text, now)
}

/// Undoes a campaign's creation: the campaign, its members and their outreach follow-ups
/// go. Refused once outreach was logged, and while a later step of the journal stands.
pub fn undo_campaign(
    book: &mut ContactBook,
    req: CampaignRef,
    now: DateTime<Utc>,
    _tz: Tz,
) -> Result<UndoStep> {
    let c = book.campaign(&req.name)?;
    let step = book.store().campaign_step(c.id)?.ok_or_else(|| {
        Error::invalid(
            "campaign",
            format!(
                "campaign '{}' was created before its creation could be undone",
                c.name
            ),
        )
    })?;
    book.undo(Some(step), now)
}

#[derive(Default)]
struct ArmTally {
    members: u64,
    contacted: u64,
    responders: u64,
    revenue_minor: i64,
}

impl ArmTally {
    fn result(&self) -> ArmResult {
        let per = |v: f64| {
            if self.members == 0 {
                0.0
            } else {
                v / self.members as f64
            }
        };
        ArmResult {
            members: self.members,
            contacted: self.contacted,
            responders: self.responders,
            rate: per(self.responders as f64),
            revenue_minor: self.revenue_minor,
            revenue_per_member_minor: per(self.revenue_minor as f64),
        }
    }
}

/// Whether a member responded in their window, and what they bought in it.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemberResponse {
    /// An inbound interaction or a won deal in the window.
    pub responded: bool,
    /// Won deals in the window, minor units of the campaign's currency.
    pub revenue_minor: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_and_newcombe_match_the_published_example() {
        // Newcombe (1998), Table II, example (a): 56/70 vs 48/80 gives
        // 0.2000, 95% CI 0.0524 to 0.3339 by method 10.
        let l = newcombe_interval(56, 70, 48, 80, Z_95).unwrap();
        assert!((l.difference - 0.2).abs() < 1e-12);
        assert!((l.low - 0.0524).abs() < 5e-5, "{}", l.low);
        assert!((l.high - 0.3339).abs() < 5e-5, "{}", l.high);
        // Wilson for 0 of 10: 0 to 0.2775 (Newcombe's Table I).
        let (lo, hi) = wilson_interval(0, 10, Z_95);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 5e-5, "{hi}");
        assert!(newcombe_interval(1, 0, 1, 2, Z_95).is_none());
    }

    #[test]
    fn outreach_is_spread_evenly_within_the_cap() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (a, b) = (d("2026-03-02"), d("2026-03-06"));
        // 24 over 5 days: 5 a day, the last day 4.
        let days: Vec<NaiveDate> = (0..24).map(|k| outreach_day(k, 24, a, b, 20)).collect();
        assert_eq!(days.iter().filter(|x| **x == a).count(), 5);
        assert_eq!(days.iter().filter(|x| **x == b).count(), 4);
        // A cap of 3: 15 fit in the 5 days, the rest follow after the end.
        assert_eq!(outreach_day(14, 24, a, b, 3), b);
        assert_eq!(outreach_day(15, 24, a, b, 3), d("2026-03-07"));
    }

    #[test]
    fn the_shuffle_is_fixed_by_its_seed() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        seeded_shuffle(&mut a, 7);
        seeded_shuffle(&mut b, 7);
        assert_eq!(a, b);
        let mut c: Vec<u32> = (0..20).collect();
        seeded_shuffle(&mut c, 8);
        assert_ne!(a, c);
        assert_eq!(control_size(25, 100), 3);
        assert_eq!(control_size(24, 100), 2);
    }
}

//! Bulk actions over 10k contacts (a segment of every contact), each one journaled
//! transaction, then its undo; beside the floor of the same change as one bare SQL
//! statement (rolled back). Also segments' evaluation (plain SQL, and with the RFM and
//! risk facts), the value × risk matrix, duplicates across the book, and a campaign over
//! every contact: its creation, its report and the undo of its creation.

mod support;

use std::time::Instant;

use chrono::Utc;
use chrono_tz::Tz;
use rapport_core::bulk::{BulkAction, BulkRequest, BulkTarget};
use rapport_core::campaigns::{CampaignDraft, Channel};
use rapport_core::drifting::Risk;
use rapport_core::optout::OptOutChannel;
use rapport_core::segments::{Condition, ScoreRange, SegmentDraft, TagMatch};
use rapport_core::value::ValueTier;
use rapport_core::{ContactBook, InteractionKind, Stage};
use support::{data_dir, measure, quick, row, Stats};

fn main() {
    let n = 10_000;
    let dir = data_dir().join(format!("groups-{n}"));
    if !dir.join("rapport.db").exists() {
        let mut book = ContactBook::open(&dir).expect("open");
        rapport_core::datagen::populate(book.store_mut(), 42, n, 10, Utc::now()).expect("populate");
        rapport_core::datagen_deals::populate_deals(&mut book, 42, n as u64, Utc::now())
            .expect("deals");
        book.sync_search().expect("index");
    }
    let mut book = ContactBook::open(&dir).expect("open");
    book.sync_search().expect("index");
    let tz: Tz = "Asia/Shanghai".parse().expect("zone");
    if book.segment("everyone").is_err() {
        book.add_segment(
            SegmentDraft {
                name: "everyone".into(),
                condition: Condition::all(vec![]),
                pinned: false,
            },
            Utc::now(),
        )
        .expect("segment");
    }
    let reps = if quick() { 2 } else { 3 };
    let everyone = || BulkTarget::Segment {
        name: "everyone".into(),
    };
    let c = rusqlite::Connection::open(dir.join("rapport.db")).expect("sqlite");
    let floor = |sql: &str| {
        measure(reps, || {
            c.execute_batch(&format!("BEGIN; {sql}; ROLLBACK;"))
                .expect("floor")
        })
    };
    let actions: [(&str, BulkAction, &str); 7] = [
        (
            "add a tag",
            BulkAction::AddTags {
                tags: vec!["新年".into()],
            },
            "INSERT OR IGNORE INTO tags (name) VALUES ('新年');
             INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, position)
             SELECT id, (SELECT id FROM tags WHERE name = '新年'), 99 FROM contacts WHERE deleted_at IS NULL",
        ),
        (
            "set the stage",
            BulkAction::SetStage {
                stage: Some(Stage::Dormant),
            },
            "UPDATE contacts SET stage = 'dormant' WHERE deleted_at IS NULL",
        ),
        (
            "set the cadence",
            BulkAction::SetCadence { days: Some(45) },
            "UPDATE contacts SET cadence_days = 45 WHERE deleted_at IS NULL",
        ),
        (
            "opt out of email",
            BulkAction::OptOut {
                channel: OptOutChannel::Email,
                opted_out: true,
            },
            "INSERT OR IGNORE INTO contact_opt_outs SELECT id, 'email' FROM contacts WHERE deleted_at IS NULL",
        ),
        (
            "archive",
            BulkAction::Archive,
            "UPDATE contacts SET archived_at = 'x' WHERE deleted_at IS NULL",
        ),
        (
            "delete",
            BulkAction::Delete,
            "UPDATE contacts SET deleted_at = 'x' WHERE deleted_at IS NULL",
        ),
        (
            "log an interaction on each",
            BulkAction::Log {
                interaction: InteractionKind::Message,
                text: "sent the new-year card".into(),
                direction: None,
                at: None,
            },
            "INSERT INTO interactions (contact_id, kind, occurred_at, text, created_at)
             SELECT id, 'message', 'x', 'sent the new-year card', 'x' FROM contacts WHERE deleted_at IS NULL",
        ),
    ];
    for (what, action, sql) in actions {
        let mut apply = Vec::new();
        let mut undo = Vec::new();
        for _ in 0..reps {
            let t = Instant::now();
            let out = book
                .bulk(
                    BulkRequest {
                        target: everyone(),
                        action: action.clone(),
                    },
                    Utc::now(),
                    tz,
                )
                .expect("bulk");
            apply.push(t.elapsed());
            assert_eq!(out.contacts, n as u64);
            let t = Instant::now();
            book.undo(Some(out.step), Utc::now()).expect("undo");
            undo.push(t.elapsed());
        }
        let bare = floor(sql);
        row(
            "groups",
            &format!("bulk: {what}, {n} contacts (journaled, index synced)"),
            Stats::of(apply),
            Some(("the same change as bare SQL (floor)", bare)),
        );
        row(
            "groups",
            &format!("undo: {what}, {n} contacts"),
            Stats::of(undo),
            None,
        );
    }
    // Where a bulk action's time goes: the segment, the journaled transaction, the tiers,
    // the search index.
    {
        let action = BulkAction::AddTags {
            tags: vec!["新年".into()],
        };
        let (mut seg, mut tx, mut tiers, mut index) = (vec![], vec![], vec![], vec![]);
        for _ in 0..reps {
            let t = Instant::now();
            let ids = book
                .target_contacts(&everyone(), Utc::now(), tz)
                .expect("target");
            seg.push(t.elapsed());
            let t = Instant::now();
            let out = book
                .store_mut()
                .bulk_action(&ids, &action, Utc::now())
                .expect("bulk");
            tx.push(t.elapsed());
            let t = Instant::now();
            book.refresh_value_tiers().expect("tiers");
            tiers.push(t.elapsed());
            let t = Instant::now();
            book.sync_search().expect("sync");
            index.push(t.elapsed());
            book.undo(Some(out.step), Utc::now()).expect("undo");
        }
        for (what, v) in [
            ("the segment's members", seg),
            ("the journaled transaction", tx),
            ("re-tiering", tiers),
            ("the search index", index),
        ] {
            row(
                "groups",
                &format!("bulk add a tag, {n} contacts, of which {what}"),
                Stats::of(v),
                None,
            );
        }
    }
    let vip = Condition::all(vec![
        Condition::Tags {
            mode: TagMatch::None,
            tags: vec!["blocked".into()],
        },
        Condition::CadenceLapsed,
    ]);
    let eval = measure(reps * 3, || {
        book.contacts_where(&vip, Utc::now(), tz).expect("eval")
    });
    row(
        "groups",
        &format!("segment: no tag and cadence lapsed, {n} contacts"),
        eval,
        None,
    );
    // The conditions the core computes facts for: RFM quintiles and the risk of leaving.
    let valuable_at_risk = Condition::any(vec![
        Condition::Rfm {
            r: Some(ScoreRange { min: 1, max: 2 }),
            f: Some(ScoreRange { min: 4, max: 5 }),
            m: None,
        },
        Condition::all(vec![
            Condition::Tier {
                tiers: vec![ValueTier::Vip, ValueTier::Major],
            },
            Condition::Risk {
                levels: vec![Risk::AtRisk, Risk::Drifting],
            },
        ]),
    ]);
    let eval = measure(reps * 3, || {
        book.contacts_where(&valuable_at_risk, Utc::now(), tz)
            .expect("eval")
    });
    row(
        "groups",
        &format!("segment: RFM or valuable and at risk, {n} contacts"),
        eval,
        None,
    );
    let matrix = measure(reps, || {
        book.value_risk_matrix(Utc::now(), tz).expect("matrix")
    });
    row(
        "groups",
        &format!("value × risk matrix (12 cells), {n} contacts"),
        matrix,
        None,
    );
    let dups = measure(reps, || book.duplicates().expect("duplicates"));
    row(
        "groups",
        &format!("duplicates across the book, {n} contacts"),
        dups,
        None,
    );
    let mut create = Vec::new();
    let mut report = Vec::new();
    let mut undo = Vec::new();
    let today = Utc::now().with_timezone(&tz).date_naive();
    for rep in 0..reps {
        let t = Instant::now();
        let created = book
            .add_campaign(
                CampaignDraft {
                    name: format!("bench {rep}"),
                    segment: "everyone".into(),
                    channel: Channel::Email,
                    starts_on: today,
                    ends_on: today + chrono::Days::new(29),
                    offer: None,
                    cost_minor: Some(100_000),
                    control_share: None,
                    seed: Some(7),
                    daily_cap: Some(400),
                    window_days: None,
                },
                Utc::now(),
                tz,
            )
            .expect("campaign");
        create.push(t.elapsed());
        let t = Instant::now();
        let r = book
            .campaign_report(&created.campaign.name, Utc::now(), tz)
            .expect("report");
        report.push(t.elapsed());
        assert!(r.treatment.members + r.control.members > 0);
        let t = Instant::now();
        book.undo(Some(created.step), Utc::now()).expect("undo");
        undo.push(t.elapsed());
    }
    row(
        "groups",
        &format!("campaign: create from a segment of {n} (control drawn, follow-ups)"),
        Stats::of(create),
        None,
    );
    row(
        "groups",
        &format!("campaign: report over {n} members"),
        Stats::of(report),
        None,
    );
    row(
        "groups",
        &format!("campaign: undo its creation, {n} members"),
        Stats::of(undo),
        None,
    );
}

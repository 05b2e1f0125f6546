//! A salesperson's day, walked through a real database file: add contacts,
//! log interactions, manage follow-ups, close and reopen, and check every value.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::contacts::{Email, Phone};
use rapport_core::{
    ContactBook, ContactDraft, ContactQuery, ContactSort, FollowUpDraft, FollowUpStatus,
    InteractionDraft, InteractionKind, PartialDate, Stage,
};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_day_in_the_life() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let morning = at("2026-11-23T01:00:00Z"); // 09:00 in Shanghai

    let (zhang, ada, fu1, fu2) = {
        let mut book = ContactBook::open(&data).unwrap();
        book.set_default_region("CN").unwrap();

        let zhang = book
            .add_contact(
                ContactDraft {
                    given_name: Some("伟明".into()),
                    family_name: Some("张".into()),
                    company: Some("华为技术".into()),
                    emails: vec![Email {
                        address: "zwm@example.com".into(),
                        label: None,
                    }],
                    phones: vec![Phone {
                        raw: "138 0013 8000".into(),
                        e164: None,
                        label: Some("手机".into()),
                    }],
                    tags: vec!["VIP".into()],
                    stage: Some(Stage::Customer),
                    birthday: Some("1980-02-29".parse().unwrap()),
                    cadence_days: Some(14),
                    ..Default::default()
                },
                morning,
            )
            .unwrap();
        assert_eq!(zhang.draft.display_name, "张伟明");

        let ada = book
            .add_contact(
                ContactDraft {
                    display_name: "Ada Lovelace".into(),
                    emails: vec![
                        Email {
                            address: "ada@example.com".into(),
                            label: Some("work".into()),
                        },
                        Email {
                            address: "ada.home@example.org".into(),
                            label: Some("home".into()),
                        },
                    ],
                    phones: vec![
                        Phone {
                            raw: "+1 (415) 555-8123".into(),
                            e164: None,
                            label: Some("work".into()),
                        },
                        Phone {
                            raw: "+44 20 7946 0958".into(),
                            e164: None,
                            label: Some("home".into()),
                        },
                    ],
                    birthday: Some(PartialDate::new(None, 12, 10).unwrap()),
                    ..Default::default()
                },
                morning,
            )
            .unwrap();
        assert_eq!(ada.draft.phones[0].e164.as_deref(), Some("+14155558123"));
        assert_eq!(ada.draft.phones[1].e164.as_deref(), Some("+442079460958"));

        // A note is not a contact; the call is.
        book.log_interaction(
            InteractionDraft {
                contact_id: zhang.id,
                kind: InteractionKind::Note,
                occurred_at: at("2026-11-23T01:30:00Z"),
                direction: None,
                text: "喜欢喝普洱茶".into(),
                outcome: None,
            },
            morning,
        )
        .unwrap();
        assert!(book.contact(zhang.id).unwrap().last_contacted.is_none());
        book.log_interaction(
            InteractionDraft {
                contact_id: zhang.id,
                kind: InteractionKind::Call,
                occurred_at: at("2026-11-23T02:00:00Z"),
                direction: Some(rapport_core::Direction::Outbound),
                text: "续保报价，周五前回复".into(),
                outcome: Some("agreed".into()),
            },
            morning,
        )
        .unwrap();

        let fu1 = book
            .add_follow_up(
                FollowUpDraft {
                    contact_id: zhang.id,
                    due_date: date("2026-11-27"),
                    due_time: None,
                    text: "Send the quote".into(),
                },
                morning,
            )
            .unwrap();
        let fu2 = book
            .add_follow_up(
                FollowUpDraft {
                    contact_id: ada.id,
                    due_date: date("2026-11-23"),
                    due_time: None,
                    text: "Intro call".into(),
                },
                morning,
            )
            .unwrap();
        let next = book
            .complete_follow_up(
                fu2.id,
                Some(7),
                date("2026-11-23"),
                at("2026-11-23T03:00:00Z"),
            )
            .unwrap()
            .unwrap();
        assert_eq!(next.due_date, date("2026-11-30"));
        assert_eq!(next.text, "Intro call");
        book.snooze_follow_up(fu1.id, date("2026-12-01")).unwrap();
        (zhang.id, ada.id, fu1.id, fu2.id)
    };

    // Reopen the file and check every value.
    let book = ContactBook::open(&data).unwrap();
    assert!(book.check().unwrap().is_ok());
    assert_eq!(book.default_region().unwrap().code(), "CN");

    let z = book.contact(zhang).unwrap();
    assert_eq!(z.draft.display_name, "张伟明");
    assert_eq!(z.draft.family_name.as_deref(), Some("张"));
    assert_eq!(z.draft.company.as_deref(), Some("华为技术"));
    assert_eq!(z.draft.emails[0].address, "zwm@example.com");
    assert_eq!(z.draft.phones[0].raw, "138 0013 8000");
    assert_eq!(z.draft.phones[0].e164.as_deref(), Some("+8613800138000"));
    assert_eq!(z.draft.phones[0].label.as_deref(), Some("手机"));
    assert_eq!(z.draft.tags, vec!["VIP"]);
    assert_eq!(z.draft.stage, Some(Stage::Customer));
    assert_eq!(z.draft.birthday.unwrap().to_string(), "1980-02-29");
    assert_eq!(z.draft.cadence_days, Some(14));
    let last = z.last_contacted.unwrap();
    assert_eq!(last.kind, InteractionKind::Call);
    assert_eq!(last.at, at("2026-11-23T02:00:00Z"));
    let history = book.interactions_of(zhang, None).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].text, "续保报价，周五前回复");
    assert_eq!(history[0].outcome.as_deref(), Some("agreed"));
    assert_eq!(history[1].kind, InteractionKind::Note);

    let a = book.contact(ada).unwrap();
    assert_eq!(a.draft.emails.len(), 2);
    assert_eq!(a.draft.emails[1].label.as_deref(), Some("home"));
    assert_eq!(a.draft.phones.len(), 2);
    assert_eq!(a.draft.birthday.unwrap().to_string(), "--12-10");
    assert!(a.last_contacted.is_none());

    let f1 = book.store().follow_up(fu1).unwrap();
    assert_eq!(f1.status, FollowUpStatus::Snoozed);
    assert_eq!(f1.due_date, date("2026-12-01"));
    let f2 = book.store().follow_up(fu2).unwrap();
    assert_eq!(f2.status, FollowUpStatus::Done);
    assert_eq!(f2.completed_at, Some(at("2026-11-23T03:00:00Z")));
    let ada_fus = book.follow_ups_of(ada).unwrap();
    assert_eq!(ada_fus.len(), 2);
    assert_eq!(ada_fus[0].status, FollowUpStatus::Open, "pending first");

    let list = book
        .list_contacts(&ContactQuery {
            sort: ContactSort::LastContacted,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        list.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![zhang, ada]
    );
    let vip = book
        .list_contacts(&ContactQuery {
            tag: Some("vip".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(vip.len(), 1);
    assert_eq!(vip[0].email.as_deref(), Some("zwm@example.com"));
}

#[test]
fn merge_combines_and_moves_history_and_delete_is_undoable() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now = at("2026-11-23T08:00:00Z");
    let a = book
        .add_contact(
            ContactDraft {
                display_name: "Li Lei".into(),
                emails: vec![Email {
                    address: "li@example.com".into(),
                    label: None,
                }],
                ..Default::default()
            },
            now,
        )
        .unwrap();
    let b = book
        .add_contact(
            ContactDraft {
                display_name: "李雷".into(),
                company: Some("Acme".into()),
                emails: vec![
                    Email {
                        address: "LI@example.com".into(),
                        label: None,
                    },
                    Email {
                        address: "lei@example.cn".into(),
                        label: None,
                    },
                ],
                tags: vec!["lead".into()],
                ..Default::default()
            },
            now,
        )
        .unwrap();
    book.log_interaction(
        InteractionDraft {
            contact_id: b.id,
            kind: InteractionKind::Meeting,
            occurred_at: now,
            direction: None,
            text: "lunch".into(),
            outcome: None,
        },
        now,
    )
    .unwrap();
    let m = book.merge_contacts(b.id, a.id, now).unwrap();
    assert_eq!(m.draft.display_name, "Li Lei");
    assert_eq!(m.draft.company.as_deref(), Some("Acme"));
    assert_eq!(
        m.draft
            .emails
            .iter()
            .map(|e| e.address.as_str())
            .collect::<Vec<_>>(),
        vec!["li@example.com", "lei@example.cn"]
    );
    assert_eq!(m.draft.tags, vec!["lead"]);
    assert_eq!(m.last_contacted.unwrap().kind, InteractionKind::Meeting);
    assert_eq!(book.interactions_of(a.id, None).unwrap().len(), 1);
    assert_eq!(book.contact(b.id).unwrap_err().code(), "contact_not_found");
    assert!(book.merge_contacts(a.id, a.id, now).is_err());

    book.delete_contact(a.id, now).unwrap();
    assert_eq!(
        book.list_contacts(&ContactQuery::default()).unwrap().len(),
        0
    );
    book.restore_contact(a.id, now).unwrap();
    assert_eq!(book.contact(a.id).unwrap().draft.emails.len(), 2);
    assert_eq!(book.interactions_of(a.id, None).unwrap().len(), 1);
}

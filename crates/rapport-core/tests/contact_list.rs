//! The contact list's counts, tags in use, and the "needs action" set the app filters on.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rapport_core::{ContactBook, ContactDraft, ContactQuery, FollowUpDraft, Stage};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn count_follows_the_list_filters_and_ignores_paging() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now = t("2026-05-01T09:00:00Z");
    for (name, tag, stage) in [
        ("张伟明", Some("VIP"), Some(Stage::Customer)),
        ("Ann Lee", Some("VIP"), Some(Stage::Lead)),
        ("Bo Chen", None, Some(Stage::Customer)),
        ("Cy Park", Some("golf"), None),
    ] {
        let mut draft = ContactDraft::named(name);
        draft.tags = tag.into_iter().map(String::from).collect();
        draft.stage = stage;
        book.add_contact(draft, now).unwrap();
    }
    let gone = book
        .add_contact(ContactDraft::named("Deleted Dee"), now)
        .unwrap();
    book.delete_contact(gone.id, now).unwrap();

    let all = ContactQuery {
        limit: Some(2),
        offset: 1,
        ..Default::default()
    };
    assert_eq!(book.count_contacts(&all).unwrap(), 4);
    assert_eq!(book.list_contacts(&all).unwrap().len(), 2);

    let vip = ContactQuery {
        tag: Some("VIP".into()),
        ..Default::default()
    };
    assert_eq!(book.count_contacts(&vip).unwrap(), 2);
    let vip_customers = ContactQuery {
        stage: Some(Stage::Customer),
        ..vip.clone()
    };
    assert_eq!(book.count_contacts(&vip_customers).unwrap(), 1);
    assert_eq!(
        book.count_contacts(&vip_customers).unwrap() as usize,
        book.list_contacts(&vip_customers).unwrap().len()
    );

    assert_eq!(book.tags().unwrap(), vec!["golf", "VIP"]);
}

#[test]
fn tags_of_deleted_contacts_are_not_in_use() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now = t("2026-05-01T09:00:00Z");
    let mut draft = ContactDraft::named("Only One");
    draft.tags = vec!["temp".into()];
    let c = book.add_contact(draft, now).unwrap();
    assert_eq!(book.tags().unwrap(), vec!["temp"]);
    book.delete_contact(c.id, now).unwrap();
    assert!(book.tags().unwrap().is_empty());
}

#[test]
fn overdue_contacts_are_late_follow_ups_and_lapsed_cadences_once_each() {
    let mut book = ContactBook::open_in_memory().unwrap();
    let now = t("2026-05-01T09:00:00Z");
    let a = book
        .add_contact(ContactDraft::named("Late Twice"), now)
        .unwrap()
        .id;
    let b = book
        .add_contact(ContactDraft::named("Due Today"), now)
        .unwrap()
        .id;
    let c = book
        .add_contact(ContactDraft::named("Next Week"), now)
        .unwrap()
        .id;
    let mut lapsed = ContactDraft::named("Lapsed Cadence");
    lapsed.cadence_days = Some(7);
    let l = book
        .add_contact(lapsed, t("2026-04-01T09:00:00Z"))
        .unwrap()
        .id;
    for (id, due) in [
        (a, "2026-04-20"),
        (a, "2026-04-25"),
        (b, "2026-05-01"),
        (c, "2026-05-05"),
    ] {
        let draft = FollowUpDraft {
            contact_id: id,
            due_date: d(due),
            due_time: None,
            text: "call".into(),
        };
        book.add_follow_up(draft, now).unwrap();
    }
    let list = book.today(d("2026-05-01"), Tz::UTC).unwrap();
    assert_eq!(list.overdue_contact_ids(), vec![a, l]);
}

/// Chinese names sort by their pinyin among Latin names (they came after every
/// Latin name, by code point), accents folded, as phone address books sort.
#[test]
fn names_sort_by_how_they_read() {
    let mut book = rapport_core::ContactBook::open_in_memory().unwrap();
    let now = "2026-03-10T09:00:00Z".parse().unwrap();
    for name in ["张伟明", "Bob", "艾伦", "Zoe", "李娜", "Émile", "ada"] {
        book.add_contact(rapport_core::ContactDraft::named(name), now)
            .unwrap();
    }
    let names: Vec<String> = book
        .list_contacts(&rapport_core::ContactQuery::default())
        .unwrap()
        .into_iter()
        .map(|c| c.display_name)
        .collect();
    assert_eq!(
        names,
        ["ada", "艾伦", "Bob", "Émile", "李娜", "张伟明", "Zoe"]
    );
    // A rename moves the contact to where its new name reads.
    let zoe = book
        .list_contacts(&rapport_core::ContactQuery::default())
        .unwrap()
        .pop()
        .unwrap();
    let mut draft = book.contact(zoe.id).unwrap().draft;
    draft.display_name = "阿美".into();
    book.update_contact(zoe.id, draft, now).unwrap();
    let first = &book
        .list_contacts(&rapport_core::ContactQuery::default())
        .unwrap()[0];
    assert_eq!(first.display_name, "阿美", "a mei reads first");
}

/// Rows written before the sort key existed (or by another program) get theirs
/// when the book is opened.
#[test]
fn names_without_a_sort_key_get_one_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-03-10T09:00:00Z".parse().unwrap();
    {
        let mut book = rapport_core::ContactBook::open(dir.path()).unwrap();
        for name in ["张伟明", "Bob", "艾伦"] {
            book.add_contact(rapport_core::ContactDraft::named(name), now)
                .unwrap();
        }
    }
    let db = rusqlite::Connection::open(dir.path().join("rapport.db")).unwrap();
    db.execute("UPDATE contacts SET name_sort_key = NULL", [])
        .unwrap();
    drop(db);
    let book = rapport_core::ContactBook::open(dir.path()).unwrap();
    let names: Vec<String> = book
        .list_contacts(&rapport_core::ContactQuery::default())
        .unwrap()
        .into_iter()
        .map(|c| c.display_name)
        .collect();
    assert_eq!(names, ["艾伦", "Bob", "张伟明"]);
}

#[test]
fn pages_put_together_are_the_whole_list_in_every_order() {
    // The list pages its ids first and reads each row's email and tags for the page only:
    // every page, at every offset and in every order, must be the same rows as the whole list.
    use rapport_core::contacts::Email;
    use rapport_core::ContactSort;
    let mut book = ContactBook::open_in_memory().unwrap();
    let now = t("2026-05-01T09:00:00Z");
    let names = [
        "张伟",
        "Ann Lee",
        "ann lee",
        "Bo Chen",
        "陈静",
        "Zed",
        "Émile Roux",
        "李娜",
        "Cy Park",
        "Dee",
        "王芳",
        "Bo Chen",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut draft = ContactDraft::named(name);
        draft.emails = vec![Email {
            address: format!("p{i}@example.com"),
            label: None,
        }];
        draft.tags = vec![format!("t{}", i % 3)];
        draft.company = (i % 4 != 0).then(|| format!("Co {}", i % 5));
        let c = book.add_contact(draft, now).unwrap();
        if i % 5 == 1 {
            book.set_archived(c.id, true, now).unwrap();
        }
    }
    for sort in [
        ContactSort::Name,
        ContactSort::LastContacted,
        ContactSort::Company,
    ] {
        for include_archived in [false, true] {
            let whole = ContactQuery {
                sort,
                include_archived,
                ..Default::default()
            };
            let all = book.list_contacts(&whole).unwrap();
            assert!(all.iter().all(|c| c.email.is_some() && c.tags.len() == 1));
            for size in [1u32, 3, 5] {
                let mut paged = Vec::new();
                for offset in (0..all.len() as u32 + 2).step_by(size as usize) {
                    paged.extend(
                        book.list_contacts(&ContactQuery {
                            limit: Some(size),
                            offset,
                            ..whole.clone()
                        })
                        .unwrap(),
                    );
                }
                assert_eq!(
                    paged, all,
                    "{sort:?}, archived {include_archived}, page {size}"
                );
            }
        }
    }
}

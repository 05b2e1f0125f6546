//! Seeded, realistic test data for benchmarks and demos (feature `datagen`).
//!
//! The same seed always gives the same contacts and interactions. Names are a
//! mix of English and Chinese (with their pinyin, so search recall can be
//! checked), phones come in several national formats, and notes are written
//! in both languages.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::contacts::{Address, ContactDraft, ContactId, CustomField, Email, Phone, Stage};
use crate::dates::PartialDate;
use crate::error::Result;
use crate::interactions::{Direction, InteractionDraft, InteractionKind};
use crate::phone::Region;
use crate::store::Store;

/// Chinese surnames with their reading (surnames that read differently from the common reading included).
pub const CN_SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("罗", "luo"),
    ("高", "gao"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("单", "shan"),
    ("曾", "zeng"),
    ("解", "xie"),
    ("区", "ou"),
    ("仇", "qiu"),
    ("朴", "piao"),
    ("查", "zha"),
    ("翟", "zhai"),
    ("欧阳", "ouyang"),
    ("司马", "sima"),
    ("尉迟", "yuchi"),
];

/// Characters of Chinese given names with their reading.
pub const CN_GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("明", "ming"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("华", "hua"),
    ("文", "wen"),
    ("建", "jian"),
    ("国", "guo"),
    ("海", "hai"),
    ("婷", "ting"),
    ("宇", "yu"),
    ("欣", "xin"),
    ("晨", "chen"),
    ("浩", "hao"),
];

const EN_GIVEN: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Matthew",
    "Nancy",
    "Anthony",
    "Lisa",
    "Mark",
    "Emily",
    "José",
    "Zoë",
    "Renée",
    "Jürgen",
    "François",
    "Søren",
    "Ana",
    "Priya",
    "Olivia",
    "Noah",
    "Liam",
    "Sofia",
];

const EN_FAMILY: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Müller",
    "Schmidt",
    "Dubois",
    "O'Brien",
    "Nguyen",
    "Kowalski",
    "Novák",
    "Øster",
    "Patel",
    "García",
];

const COMPANIES: &[&str] = &[
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Insurance",
    "Stark Industries",
    "Wayne Enterprises",
    "Northwind Traders",
    "Contoso",
    "Fabrikam",
    "Tailspin Toys",
    "华为技术",
    "阿里巴巴",
    "腾讯科技",
    "平安保险",
    "中国人寿",
    "万科地产",
    "招商银行",
    "小米科技",
    "比亚迪",
    "京东物流",
    "Blue Harbor Realty",
    "Summit Financial",
    "Evergreen Advisors",
    "Pioneer B2B",
];

const TITLES: &[&str] = &[
    "CEO",
    "CFO",
    "Sales Manager",
    "Purchasing Director",
    "Engineer",
    "Consultant",
    "Owner",
    "总经理",
    "销售经理",
    "采购总监",
    "财务总监",
    "工程师",
    "客户经理",
    "董事长",
    "Head of IT",
];

const TAGS: &[&str] = &[
    "VIP",
    "lead",
    "insurance",
    "real-estate",
    "referral",
    "golf",
    "老客户",
    "重点",
    "wechat",
    "conference-2025",
    "newsletter",
];

const CITIES: &[(&str, &str)] = &[
    ("San Francisco", "US"),
    ("New York", "US"),
    ("London", "GB"),
    ("Berlin", "DE"),
    ("上海", "CN"),
    ("北京", "CN"),
    ("深圳", "CN"),
    ("杭州", "CN"),
    ("Paris", "FR"),
    ("Toronto", "CA"),
];

const NOTES_EN: &[&str] = &[
    "Called about the renewal of the annual policy; wants a quote by Friday.",
    "Discussed pricing for the enterprise plan and a pilot with two teams.",
    "Met at the conference, interested in the new portfolio review.",
    "Sent the brochure and the contract draft for the apartment on Elm Street.",
    "Left a voicemail, will try again next week.",
    "Asked for a discount on the bulk order; escalate to the manager.",
    "Happy with the service, might refer a colleague from accounting.",
    "Complained about the delayed delivery, promised a follow-up call.",
    "Quarterly check-in: budget approved, decision expected in March.",
    "Birthday lunch invitation accepted; prefers Italian food.",
];

const NOTES_ZH: &[&str] = &[
    "电话沟通了年度保单续保事宜，客户希望周五前收到报价。",
    "讨论了企业版的价格，客户考虑先在两个部门试用。",
    "在展会上认识，对新的理财产品很感兴趣。",
    "已发送宣传册和合同草案，等待客户确认。",
    "客户没有接电话，下周再联系。",
    "客户要求批量采购折扣，需要向经理申请。",
    "对服务很满意，可能会介绍财务部的同事。",
    "投诉交货延迟，已承诺回访。",
    "季度回访：预算已批准，预计三月份做决定。",
    "生日午餐邀请已接受，喜欢吃川菜。",
];

/// One generated contact with the facts needed to check search recall.
#[derive(Debug, Clone)]
pub struct GeneratedContact {
    /// What is stored.
    pub draft: ContactDraft,
    /// Full pinyin of a Chinese name (`zhangweiming`), `None` for other names.
    pub pinyin: Option<String>,
    /// Pinyin initials (`zwm`).
    pub initials: Option<String>,
}

/// A seeded generator of realistic contacts and interactions.
pub struct Generator {
    rng: ChaCha8Rng,
}

impl Generator {
    /// A generator; the same seed gives the same data.
    pub fn new(seed: u64) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    /// The `i`-th contact (about 45% Chinese names).
    pub fn contact(&mut self, i: u64) -> GeneratedContact {
        let chinese = self.rng.random_bool(0.45);
        let (given, family, display, pinyin, initials, email_local) = if chinese {
            let &(fam, fam_py) = self.pick(CN_SURNAMES);
            let n = if self.rng.random_bool(0.7) { 2 } else { 1 };
            let mut given = String::new();
            let mut given_py = Vec::new();
            for _ in 0..n {
                let &(c, py) = self.pick(CN_GIVEN);
                given.push_str(c);
                given_py.push(py);
            }
            let full_py = format!("{fam_py}{}", given_py.concat());
            let initials: String = std::iter::once(fam_py)
                .chain(given_py.iter().copied())
                .filter_map(|p| p.chars().next())
                .collect();
            let email_local = format!("{}.{}", given_py.concat(), fam_py);
            (
                given.clone(),
                fam.to_string(),
                format!("{fam}{given}"),
                Some(full_py),
                Some(initials),
                email_local,
            )
        } else {
            let g = *self.pick(EN_GIVEN);
            let f = *self.pick(EN_FAMILY);
            let local = format!("{}.{}", ascii_fold(g), ascii_fold(f))
                .to_lowercase()
                .replace('\'', "");
            (
                g.to_string(),
                f.to_string(),
                format!("{g} {f}"),
                None,
                None,
                local,
            )
        };
        let company = self
            .rng
            .random_bool(0.8)
            .then(|| self.pick(COMPANIES).to_string());
        let domain = [
            "example.com",
            "mail.example.org",
            "corp.example.net",
            "example.cn",
        ][self.rng.random_range(0..4)];
        let mut emails = vec![Email {
            address: format!("{email_local}{i}@{domain}"),
            label: Some("work".into()),
        }];
        if self.rng.random_bool(0.25) {
            emails.push(Email {
                address: format!("{email_local}.home{i}@example.com"),
                label: Some("home".into()),
            });
        }
        let mut phones = vec![self.phone(chinese)];
        if self.rng.random_bool(0.3) {
            phones.push(self.phone(!chinese));
        }
        let tags = (0..self.rng.random_range(0..3))
            .map(|_| self.pick(TAGS).to_string())
            .collect();
        let birthday = self.rng.random_bool(0.6).then(|| {
            let year = self
                .rng
                .random_bool(0.8)
                .then(|| self.rng.random_range(1950..2004));
            let month = self.rng.random_range(1..=12);
            let day = self.rng.random_range(1..=28);
            PartialDate::new(year, month, day).unwrap_or(PartialDate {
                year: None,
                month: 1,
                day: 1,
            })
        });
        let &(city, country) = self.pick(CITIES);
        let addresses = if self.rng.random_bool(0.5) {
            vec![Address {
                label: Some("work".into()),
                street: Some(format!("{} Market Street", self.rng.random_range(1..999))),
                city: Some(city.into()),
                country: Some(country.into()),
                ..Default::default()
            }]
        } else {
            vec![]
        };
        let stage = self.rng.random_bool(0.7).then(|| *self.pick(&Stage::ALL));
        let custom_fields = if chinese && self.rng.random_bool(0.5) {
            vec![CustomField {
                key: "微信".into(),
                value: format!("wx_{}", initials.clone().unwrap_or_default()),
            }]
        } else {
            vec![]
        };
        GeneratedContact {
            draft: ContactDraft {
                display_name: display,
                given_name: Some(given),
                family_name: Some(family),
                company,
                title: self
                    .rng
                    .random_bool(0.7)
                    .then(|| self.pick(TITLES).to_string()),
                emails,
                phones,
                addresses,
                birthday,
                tags,
                stage,
                custom_fields,
                cadence_days: self
                    .rng
                    .random_bool(0.3)
                    .then(|| [7, 14, 30, 90][self.rng.random_range(0..4)]),
                do_not_contact: self.rng.random_bool(0.02),
                source: Some("datagen".into()),
                ..Default::default()
            },
            pinyin,
            initials,
        }
    }

    /// A phone number in one of several national formats, normalised with its own region.
    fn phone(&mut self, chinese: bool) -> Phone {
        let r = &mut self.rng;
        let (raw, region) = if chinese {
            let prefix = ["138", "139", "135", "186", "150", "177"][r.random_range(0..6)];
            let a = r.random_range(1000..9999);
            let b = r.random_range(1000..9999);
            match r.random_range(0..3) {
                0 => (format!("{prefix} {a} {b}"), "CN"),
                1 => (format!("+86 {prefix}-{a}-{b}"), "CN"),
                _ => (format!("{prefix}{a}{b}"), "CN"),
            }
        } else {
            match r.random_range(0..4) {
                0 => {
                    let area = [415, 212, 646, 312, 617][r.random_range(0..5)];
                    (
                        format!(
                            "({area}) {}-{:04}",
                            r.random_range(201..999),
                            r.random_range(0..10000)
                        ),
                        "US",
                    )
                }
                1 => (
                    format!(
                        "+1 {}-{}-{:04}",
                        [415, 310, 206][r.random_range(0..3)],
                        r.random_range(201..999),
                        r.random_range(0..10000)
                    ),
                    "US",
                ),
                2 => (
                    format!(
                        "+44 20 {} {:04}",
                        r.random_range(7000..8999),
                        r.random_range(0..10000)
                    ),
                    "GB",
                ),
                _ => (
                    format!("+49 30 {}", r.random_range(1_000_000..99_999_999)),
                    "DE",
                ),
            }
        };
        Phone::new(
            &raw,
            Some("mobile".into()),
            Region::parse(region).unwrap_or_default(),
        )
    }

    /// Interactions for one contact, `count` of them, spread over the two years before `now`.
    pub fn interactions(
        &mut self,
        contact: ContactId,
        count: usize,
        now: DateTime<Utc>,
    ) -> Vec<InteractionDraft> {
        (0..count)
            .map(|_| {
                let kind = *self.pick(&InteractionKind::ALL);
                let zh = self.rng.random_bool(0.45);
                let text = if zh {
                    self.pick(NOTES_ZH)
                } else {
                    self.pick(NOTES_EN)
                };
                InteractionDraft {
                    contact_id: contact,
                    kind,
                    occurred_at: now
                        - Duration::minutes(self.rng.random_range(0..2 * 365 * 24 * 60)),
                    direction: Some(if self.rng.random_bool(0.5) {
                        Direction::Inbound
                    } else {
                        Direction::Outbound
                    }),
                    text: text.to_string(),
                    outcome: None,
                }
            })
            .collect()
    }

    /// A number of interactions with mean `mean` (0 ..= 2·mean).
    pub fn interaction_count(&mut self, mean: usize) -> usize {
        self.rng.random_range(0..=2 * mean)
    }

    /// A date in the last `days` days before `today`.
    pub fn recent_date(&mut self, today: NaiveDate, days: u32) -> NaiveDate {
        today - Duration::days(i64::from(self.rng.random_range(0..days.max(1))))
    }
}

/// What [`populate`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Populated {
    /// Contacts created.
    pub contacts: usize,
    /// Interactions logged.
    pub interactions: usize,
    /// Follow-ups added.
    pub follow_ups: usize,
}

/// The most contacts [`populate`] and the CSV generator write in one call.
pub const MAX_CONTACTS: usize = 10_000_000;
/// The most interactions per contact, on average, [`populate`] writes.
pub const MAX_INTERACTIONS_PER_CONTACT: usize = 1_000;

/// `contacts` when it is at most [`MAX_CONTACTS`].
pub fn check_contacts(contacts: usize) -> Result<usize> {
    if contacts > MAX_CONTACTS {
        return Err(crate::error::Error::invalid(
            "contacts",
            format!("{contacts} contacts: give at most {MAX_CONTACTS}"),
        ));
    }
    Ok(contacts)
}

/// Fills `store` with `contacts` generated contacts, on average
/// `interactions_per_contact` interactions each, and a follow-up on one contact in ten,
/// in large transactions. Bypasses the search index: call `sync_search` after.
/// How long before `now` generated interactions and follow-ups were entered.
pub const HISTORY_CREATED_DAYS_AGO: i64 = 60;

/// [`populate`] into a book, its search index brought up to date after.
pub fn populate_book(
    book: &mut crate::ContactBook,
    seed: u64,
    contacts: usize,
    interactions_per_contact: usize,
    now: DateTime<Utc>,
) -> Result<Populated> {
    let p = populate(
        book.store_mut(),
        seed,
        contacts,
        interactions_per_contact,
        now,
    )?;
    book.sync_search()?;
    Ok(p)
}

pub fn populate(
    store: &mut Store,
    seed: u64,
    contacts: usize,
    interactions_per_contact: usize,
    now: DateTime<Utc>,
) -> Result<Populated> {
    // Checked before anything is written: a count of billions held each
    // chunk's interactions in memory until the allocation failed.
    check_contacts(contacts)?;
    if interactions_per_contact > MAX_INTERACTIONS_PER_CONTACT {
        return Err(crate::error::Error::invalid(
            "interactions",
            format!(
                "{interactions_per_contact} interactions per contact: give at most {MAX_INTERACTIONS_PER_CONTACT}"
            ),
        ));
    }
    let mut g = Generator::new(seed);
    let mut done = Populated::default();
    let today = now.date_naive();
    const CHUNK: usize = 5_000;
    let mut i = 0;
    while i < contacts {
        let end = (i + CHUNK).min(contacts);
        let batch = (i..end)
            .map(|n| g.contact(n as u64).draft.normalised())
            .collect::<Result<Vec<_>>>()?;
        let mut plans = Vec::with_capacity(batch.len());
        for _ in &batch {
            let count = g.interaction_count(interactions_per_contact);
            let follow_up = g
                .rng
                .random_bool(0.1)
                .then(|| g.recent_date(today + Duration::days(20), 40));
            plans.push((count, follow_up));
        }
        let ids = store.insert_contacts_bulk(&batch, now)?;
        let mut interactions = Vec::new();
        let mut follow_ups = Vec::new();
        for (id, (count, follow_up)) in ids.iter().zip(plans) {
            interactions.extend(g.interactions(*id, count, now));
            if let Some(due) = follow_up {
                follow_ups.push(crate::followups::FollowUpDraft {
                    contact_id: *id,
                    due_date: due,
                    due_time: None,
                    text: "Follow up on the proposal / 跟进报价".into(),
                });
            }
        }
        // Planned weeks before they fall due, as a user's follow-ups are: the
        // dashboard's overdue trend counts those created before each day began.
        store.insert_history_bulk(
            &interactions,
            &follow_ups,
            now - Duration::days(HISTORY_CREATED_DAYS_AGO),
        )?;
        done.contacts += ids.len();
        done.interactions += interactions.len();
        done.follow_ups += follow_ups.len();
        i = end;
    }
    Ok(done)
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            'ö' | 'ø' | 'Ø' => 'o',
            'ç' => 'c',
            'á' | 'à' => 'a',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data() {
        let a: Vec<_> = (0..50)
            .map(|i| Generator::new(7).contact(i).draft)
            .collect();
        let b: Vec<_> = (0..50)
            .map(|i| Generator::new(7).contact(i).draft)
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn populates_a_store_with_valid_contacts() {
        let mut store = Store::open_in_memory().unwrap();
        let now = "2026-11-23T08:00:00Z".parse().unwrap();
        let p = populate(&mut store, 1, 300, 10, now).unwrap();
        assert_eq!(p.contacts, 300);
        assert_eq!(store.count_contacts().unwrap(), 300);
        assert!(
            p.interactions > 1500 && p.interactions < 4500,
            "{}",
            p.interactions
        );
        let c = store.live_contact(ContactId(1)).unwrap();
        assert!(!c.draft.emails.is_empty());
        assert!(c.draft.phones.iter().all(|p| !p.raw.is_empty()));
        let with_e164 = (1..=300)
            .filter_map(|i| store.live_contact(ContactId(i)).ok())
            .filter(|c| c.draft.phones[0].e164.is_some())
            .count();
        assert!(
            with_e164 > 250,
            "most generated phones are valid: {with_e164}"
        );
        assert!(store.health().unwrap().is_ok());
    }
}

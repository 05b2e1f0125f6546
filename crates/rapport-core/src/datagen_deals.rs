//! Seeded deals for benchmarks and demos (feature `datagen`): about a third of the contacts
//! are customers with one to eight purchases over the last two years, a few buy on a
//! steady rhythm and then stop (drifting), and one contact in ten has an open deal
//! somewhere in the pipeline.

use chrono::{DateTime, Days, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::book::ContactBook;
use crate::contacts::ContactId;
use crate::deals::{DealDraft, DealStatus};
use crate::error::Result;

const PRODUCTS: &[&str] = &[
    "寿险",
    "车险",
    "Home policy",
    "年金",
    "Consulting",
    "Renewal",
];

/// Adds seeded deals to contacts `1..=contacts` and refreshes the tiers; returns how many.
pub fn populate_deals(
    book: &mut ContactBook,
    seed: u64,
    contacts: u64,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x000D_EA15);
    let today = now.date_naive();
    let stages = book.pipeline_stages()?;
    let currency = book.report_currency()?;
    let mut deals = Vec::new();
    for id in 1..=contacts {
        let roll: f64 = rng.random();
        if roll < 0.33 {
            let purchases = rng.random_range(1..=8);
            let rhythm = rng.random_range(20..=120_u64);
            // One customer in five stopped buying a while ago.
            let stopped = if rng.random_bool(0.2) {
                rng.random_range(90..=400_u64)
            } else {
                0
            };
            let base: u64 = if rng.random_bool(0.05) {
                2_000_000
            } else {
                50_000
            };
            for k in 0..purchases {
                let back = stopped + k * rhythm + rng.random_range(0..=10_u64);
                let Some(date) = today.checked_sub_days(Days::new(back.min(730))) else {
                    continue;
                };
                deals.push(DealDraft {
                    contact_id: ContactId(id as i64),
                    product: Some(PRODUCTS[rng.random_range(0..PRODUCTS.len())].to_string()),
                    amount_minor: (base as f64 * rng.random_range(0.2..5.0)) as i64,
                    currency: currency.clone(),
                    date,
                    status: DealStatus::Won,
                    stage: Some("signed".into()),
                });
            }
        } else if roll < 0.43 {
            let stage = &stages[rng.random_range(0..6.min(stages.len()))];
            deals.push(DealDraft {
                contact_id: ContactId(id as i64),
                product: Some(PRODUCTS[rng.random_range(0..PRODUCTS.len())].to_string()),
                amount_minor: rng.random_range(10_000..5_000_000),
                currency: currency.clone(),
                date: today
                    .checked_sub_days(Days::new(rng.random_range(0..90)))
                    .unwrap_or(today),
                status: DealStatus::Open,
                stage: Some(stage.key.clone()),
            });
        }
    }
    let n = book.store_mut().insert_deals_bulk(&deals, now)?;
    book.refresh_value_tiers()?;
    Ok(n)
}

//! Micro-benchmarks of the hot paths (`cargo bench -p rapport-core --features
//! datagen --bench hot_paths`): normalising phone numbers, tokenising CJK and
//! pinyin, and mapping CSV rows into contacts. Each reports time per item, so
//! a change to one of them shows before it is lost in an end-to-end figure.

use divan::{black_box, Bencher};
use rapport_core::datagen_csv::{write_contacts_csv, CsvLayout};
use rapport_core::import::mapping::{auto_map, map_row, Compiled, RowContext};
use rapport_core::import::values::DateOrder;
use rapport_core::phone::{to_e164, Region};
use rapport_core::search::{analyzer, pinyin};

fn main() {
    divan::main();
}

/// Phone numbers as people type them: national and international forms of
/// several countries, the mix a real address book has.
const PHONES: [(&str, &str); 12] = [
    ("(415) 555-8123", "US"),
    ("+1 212 555 0182", "US"),
    ("138 0013 8000", "CN"),
    ("+86 139-1234-5678", "US"),
    ("0086 21 6123 4567", "CN"),
    ("030 1234567", "DE"),
    ("+49 89 12345678", "CN"),
    ("020 7946 0958", "GB"),
    ("+44 7700 900123", "US"),
    ("03-1234-5678", "JP"),
    ("+33 1 42 68 53 00", "US"),
    ("+91 98765 43210", "US"),
];

#[divan::bench]
fn phone_to_e164(bencher: Bencher) {
    let phones: Vec<(&str, Region)> = PHONES
        .iter()
        .map(|(raw, region)| (*raw, Region::parse(region).expect("region")))
        .collect();
    bencher
        .counter(divan::counter::ItemsCount::new(phones.len()))
        .bench(|| {
            for (raw, region) in &phones {
                black_box(to_e164(black_box(raw), *region));
            }
        });
}

const NOTE_ZH: &str =
    "客户张伟明来电，询问上海仓库的报价，下周三前回复；他提到竞争对手的价格低了百分之十。";
const NOTE_EN: &str =
    "Called Robert García about the Q3 renewal; he wants the 3-year price by Friday.";

#[divan::bench(args = [NOTE_ZH, NOTE_EN])]
fn tokenise_note(bencher: Bencher, text: &str) {
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| black_box(analyzer::pieces(black_box(text))));
}

#[divan::bench(args = ["张伟明", "欧阳晓燕", "單志強"])]
fn pinyin_of_name(bencher: Bencher, name: &str) {
    bencher.bench(|| {
        let syllables = pinyin::syllables(black_box(name), None);
        black_box(pinyin::full_pieces(&syllables));
        black_box(pinyin::initials_pieces(&syllables));
    });
}

/// Rows of a generated file in `layout`, with the mapping its header gets.
fn sample_rows(layout: CsvLayout) -> (Compiled, Vec<Vec<String>>) {
    let mut bytes = Vec::new();
    write_contacts_csv(7, 1_000, layout, &mut bytes).expect("generate");
    let text = match layout {
        CsvLayout::ChineseGbk => encoding_rs::GBK.decode(&bytes).0.into_owned(),
        _ => String::from_utf8(bytes).expect("utf-8"),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut records = reader.records().map(|r| {
        r.expect("record")
            .iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    let headers = records.next().expect("header");
    let compiled = Compiled::new(&auto_map(&headers), &headers);
    (compiled, records.collect())
}

#[divan::bench(args = [CsvLayout::Google, CsvLayout::Outlook, CsvLayout::ChineseGbk])]
fn map_csv_row(bencher: Bencher, layout: CsvLayout) {
    let (compiled, rows) = sample_rows(layout);
    let ctx = RowContext {
        write_chunk: 10_000,
        region: Region::parse(if layout == CsvLayout::ChineseGbk {
            "CN"
        } else {
            "US"
        })
        .expect("region"),
        date_order: DateOrder::Auto,
        delimiter: Some(b','),
        source: "import".into(),
    };
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    bencher
        .counter(divan::counter::ItemsCount::new(cells.len()))
        .bench(|| {
            for (i, row) in cells.iter().enumerate() {
                black_box(map_row(&compiled, &ctx, i as u64 + 2, row));
            }
        });
}

//! Phone numbers: kept as the user typed them, and normalised to E.164 for
//! matching and de-duplication.

use phonenumber::country::Id as Country;

mod metadata;
mod validity;

/// The region used for numbers written without a country code, e.g. `US` or `CN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(Country);

impl Region {
    /// Parses an ISO 3166 alpha-2 code (`"CN"`, `"us"`); `None` when unknown.
    pub fn parse(code: &str) -> Option<Self> {
        code.trim()
            .to_ascii_uppercase()
            .parse::<Country>()
            .ok()
            .map(Region)
    }

    /// The ISO 3166 alpha-2 code.
    pub fn code(&self) -> String {
        self.0.as_ref().to_string()
    }

    /// The territory of a POSIX or BCP 47 locale (`zh_CN.UTF-8` → CN,
    /// `en-GB` → GB); `None` for `C`, `POSIX` or a language alone (`zh`
    /// could be China or Taiwan).
    pub fn of_locale(locale: &str) -> Option<Self> {
        let name = locale.split(['.', '@']).next()?;
        let territory = name
            .split(['_', '-'])
            .skip(1)
            .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))?;
        Self::parse(territory)
    }

    /// The territory of the system's locale for telephone numbers
    /// (`LC_ALL`, else `LC_TELEPHONE`, else `LANG`), when it names one.
    pub fn of_system_locale() -> Option<Self> {
        ["LC_ALL", "LC_TELEPHONE", "LANG"]
            .into_iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Self::of_locale(&v))
    }
}

impl Default for Region {
    fn default() -> Self {
        Region(Country::US)
    }
}

/// Normalises a phone number to E.164 (`+14155558123`), or `None` when it is
/// not a valid number. `region` applies to national forms only.
pub fn to_e164(raw: &str, region: Region) -> Option<String> {
    to_e164_with(raw, region, Metadata::ByCode)
}

/// Which phone metadata the parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metadata {
    /// The regions of the number's calling code only, the whole metadata when
    /// the number names a code only the parser can find ([`metadata`]).
    ByCode,
    /// Every region (the crate's own database; tests compare the two).
    #[cfg(test)]
    All,
}

fn to_e164_with(raw: &str, region: Region, lookup: Metadata) -> Option<String> {
    let raw = raw.trim();
    // Cheap rejection before the (costly) parser: a number has 5–20 digits.
    let digits = raw.chars().filter(|c| c.is_ascii_digit()).count();
    if !(5..=20).contains(&digits) || raw.len() > 64 {
        return None;
    }
    // An extension written in Chinese (`010-65521234转123`): as the parser reads `ext.`.
    let ext;
    let raw = if raw.contains(['转', '轉', '分']) {
        ext = ["分机", "分機", "转", "轉"]
            .into_iter()
            .fold(raw.to_string(), |s, w| s.replace(w, " ext. "));
        ext.as_str()
    } else {
        raw
    };
    // `00` is the international prefix in most of the world, including China.
    let owned;
    // `(0086) 138…`, `(00)55 11…` as well; from North America, `011 86 138…`
    // (no number there starts with 0).
    let lead = raw.trim_start_matches('(');
    let region_code = metadata::code_of_region(region.0.as_ref());
    let international = lead
        .strip_prefix("00")
        .or_else(|| lead.strip_prefix("011").filter(|_| region_code == Some(1)));
    let input = if let Some(rest) = international {
        owned = format!("+{rest}");
        owned.as_str()
    } else {
        raw
    };
    // An international number is never parsed with the default region: the
    // parser would strip that region's national prefix from it (`+86 138…`
    // with region US loses its `1`). It gets its own code's region, or none.
    let (code, parse_region) = match input.strip_prefix('+') {
        Some(international) => {
            let code = match leading_code(international) {
                Leading::Code(code) => Some(code),
                // The parser finds no code either.
                Leading::NotACode => return None,
                Leading::Unsure => None,
            };
            (code, validity::shared_code_region(international))
        }
        // A region without metadata (Antarctica) has no national numbers.
        None => (Some(region_code?), Some(region.0)),
    };
    let db = match (lookup, code) {
        (Metadata::ByCode, Some(code)) => Some(metadata::of_code(code)?),
        _ => None,
    };
    let parsed = db.map(|db| (db, phonenumber::parse_with(db, parse_region, input)));
    let (db, number) = match parsed {
        Some((db, Ok(number))) => (db, number),
        // Not only one code's regions, or a number naming another code than
        // the one loaded (a national number dialled with an international
        // prefix other than `00`): the parser needs every region.
        None | Some((_, Err(phonenumber::ParseError::InvalidCountryCode))) => {
            let all = metadata::all();
            (all, phonenumber::parse_with(all, parse_region, input).ok()?)
        }
        Some((_, Err(_))) => return None,
    };
    to_e164_parsed(number, db, input, parse_region)
}

/// The E.164 form of what the parser read from `input` (with `db`), when valid.
fn to_e164_parsed(
    number: phonenumber::PhoneNumber,
    db: &phonenumber::metadata::Database,
    input: &str,
    region: Option<Country>,
) -> Option<String> {
    let code = number.code().value();
    let national = number.national().to_string();
    if !validity::is_valid(code, &national) {
        return None;
    }
    let e164 = format!("+{code}{national}");
    // Keep a number only if its E.164 form reads back as itself. That can fail
    // when the parser read it by the region's dialling rules (`(00) 55 …` in
    // China) or changed its digits (dropped a `(0)` or carrier prefix, read
    // letters): the parser strips some prefixes from `+` numbers that the
    // dialled form kept. Found by the `phone` fuzz target.
    let changed = match input.strip_prefix('+') {
        Some(plus) => !plus
            .chars()
            .filter(char::is_ascii_digit)
            .eq(e164[1..].chars()),
        None => number.metadata(db).and_then(|m| m.id().parse().ok()) != region,
    };
    if changed && to_e164(&e164, Region::default()).as_deref() != Some(e164.as_str()) {
        return None;
    }
    Some(e164)
}

/// What the start of an international number (after its `+`) says about its
/// calling code.
enum Leading {
    /// Its first digits are this code.
    Code(u16),
    /// Its first three digits hold no code: the parser refuses it.
    NotACode,
    /// It does not start with three plain digits (letters, other scripts'
    /// digits): the parser decides.
    Unsure,
}

fn leading_code(international: &str) -> Leading {
    let digits: String = international
        .chars()
        .take_while(|c| c.is_ascii_digit() || " -.()".contains(*c))
        .filter(char::is_ascii_digit)
        .take(3)
        .collect();
    if digits.len() < 3 {
        return Leading::Unsure;
    }
    match metadata::code_prefix(&digits) {
        Some((code, _)) => Leading::Code(code),
        None => Leading::NotACode,
    }
}

/// Loads the metadata of `region`'s calling code on a thread of its own, so
/// that work about to normalise numbers (an import, while it opens the file
/// and the index) finds it loaded. Once per process.
pub fn load_in_background(region: Region) {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("phone-metadata".into())
            .spawn(move || {
                metadata::code_of_region(region.0.as_ref()).and_then(metadata::of_code);
            });
    });
}

/// The digits of a phone number, for substring search on numbers that could
/// not be normalised.
pub fn digits(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_digit()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `phone` fuzz target: a number dialled with the region's
    /// international prefix came out as an E.164 form that did not read back.
    #[test]
    fn numbers_dialled_abroad_read_back_as_their_e164_form() {
        for raw in [
            "(005kz000lm*620",
            "(005509001k870~z",
            "+5509001k870~z",
            "(00)55900056620",
            "011 55 900056620",
            "+44 (0) 20 7946 0018",
        ] {
            for code in ["US", "CN", "DE", "GB"] {
                let r = Region::parse(code).unwrap();
                if let Some(e) = to_e164(raw, r) {
                    assert_eq!(
                        to_e164(&e, r).as_deref(),
                        Some(e.as_str()),
                        "{raw} in {code}"
                    );
                }
            }
        }
        // Real numbers dialled abroad still normalise.
        assert_eq!(
            to_e164("(00) 44 20 7946 0018", cn()).as_deref(),
            Some("+442079460018")
        );
        assert_eq!(
            to_e164("(00)55 11 98765 4321", cn()).as_deref(),
            Some("+5511987654321")
        );
        assert_eq!(
            to_e164("(0086) 138 0013 8000", Region::default()).as_deref(),
            Some("+8613800138000")
        );
        assert_eq!(
            to_e164("+44 (0) 20 7946 0018", Region::default()).as_deref(),
            Some("+442079460018")
        );
        // North America's international prefix, there only.
        let us = Region::parse("US").unwrap();
        assert_eq!(
            to_e164("011 86 138 0013 8000", us).as_deref(),
            Some("+8613800138000")
        );
        assert_eq!(
            to_e164("011-44-20-7946-0018", Region::parse("CA").unwrap()).as_deref(),
            Some("+442079460018")
        );
        assert_eq!(to_e164("011 86 138 0013 8000", cn()), None);
    }

    #[test]
    fn the_region_of_a_locale_is_its_territory() {
        let code = |l: &str| Region::of_locale(l).map(|r| r.code());
        assert_eq!(code("zh_CN.UTF-8").as_deref(), Some("CN"));
        assert_eq!(code("zh_TW.Big5").as_deref(), Some("TW"));
        assert_eq!(code("en-GB").as_deref(), Some("GB"));
        assert_eq!(code("de_DE@euro").as_deref(), Some("DE"));
        assert_eq!(code("zh-Hans-CN").as_deref(), Some("CN"));
        for none in ["C", "C.UTF-8", "POSIX", "zh", "", "en_XX"] {
            assert_eq!(code(none), None, "{none}");
        }
    }

    fn cn() -> Region {
        Region::parse("CN").unwrap()
    }

    #[test]
    fn national_and_international_forms_compare_equal() {
        let us = Region::parse("us").unwrap();
        let a = to_e164("(415) 555-8123", us).unwrap();
        assert_eq!(a, "+14155558123");
        assert_eq!(to_e164("+1 415-555-8123", cn()).unwrap(), a);
        assert_eq!(to_e164("001 415 555 8123", cn()).unwrap(), a);

        let b = to_e164("138 0013 8000", cn()).unwrap();
        assert_eq!(b, "+8613800138000");
        assert_eq!(to_e164("+86 138 0013 8000", us).unwrap(), b);
        assert_eq!(to_e164("+86-138-0013-8000", us).unwrap(), b);
        assert_eq!(to_e164("0086 13800138000", us).unwrap(), b);
    }

    /// `to_e164` as it was before `shared_code_region`: an international number
    /// is parsed without a region, and the parser tries each region sharing its code.
    fn to_e164_by_the_parser_alone(raw: &str) -> Option<String> {
        let number = phonenumber::parse(None, raw).ok()?;
        let code = number.code().value();
        let national = number.national().to_string();
        validity::is_valid(code, &national).then(|| format!("+{code}{national}"))
    }

    #[test]
    fn numbers_of_shared_codes_come_out_as_the_parser_alone_gives_them() {
        use phonenumber::metadata::DATABASE;
        let shared: std::collections::BTreeSet<u16> = DATABASE
            .iter()
            .map(|m| m.country_code())
            .filter(|c| DATABASE.region(c).is_some_and(|r| r.len() > 1))
            .collect();
        assert!(
            [1, 7, 44, 61].iter().all(|c| shared.contains(c)),
            "{shared:?}"
        );
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for &code in &shared {
            let rounds = if code == 1 { 1500 } else { 100 };
            for _ in 0..rounds {
                // A length one of the code's regions allows, so that many are valid.
                let metas = DATABASE.by_code(&code).unwrap_or_default();
                let lengths = metas[next(metas.len() as u64) as usize]
                    .descriptors()
                    .general()
                    .possible_length();
                let len = match lengths {
                    [] => 4 + next(9) as usize,
                    some => usize::from(some[next(some.len() as u64) as usize]),
                };
                let national: String = (0..len)
                    .map(|_| char::from(b'0' + next(10) as u8))
                    .collect();
                let (head, tail) = national.split_at(3.min(len));
                let raw = match next(4) {
                    0 => format!("+{code} {national}"),
                    1 => format!("+{code}-{head}-{tail}"),
                    2 => format!("+{code} (0){national}"),
                    _ => format!("+{code}{head} {tail}"),
                };
                assert_eq!(
                    to_e164(&raw, cn()),
                    to_e164_by_the_parser_alone(&raw),
                    "{raw}"
                );
            }
        }
        let (mut valid, mut tried) = (0, 0);
        // Every region's own example numbers, as written by people who add a
        // national prefix or separate the first digits.
        for meta in DATABASE
            .iter()
            .filter(|m| shared.contains(&m.country_code()))
        {
            let d = meta.descriptors();
            let kinds = [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.voip(),
                d.pager(),
                d.uan(),
            ];
            for example in kinds.into_iter().flatten().filter_map(|k| k.example()) {
                let code = meta.country_code();
                let (head, tail) = example.split_at(3.min(example.len()));
                for raw in [
                    format!("+{code} {example}"),
                    format!("+{code} (0){example}"),
                    format!("+{code}-{head}-{tail}"),
                ] {
                    let expected = to_e164_by_the_parser_alone(&raw);
                    assert_eq!(to_e164(&raw, cn()), expected, "{raw} ({})", meta.id());
                    tried += 1;
                    valid += usize::from(expected.is_some());
                }
            }
        }
        // The comparison covered numbers that are valid, not only garbage.
        assert!(valid * 3 > tried * 2, "{valid} valid of {tried}");
        // Numbers of other regions than the first of their code (Jersey, Kazakhstan, Antigua).
        for raw in [
            "+44 1534 456789",
            "+7 701 234 5678",
            "+1 268 464 1234",
            "+44 (0)20 7946 0018",
        ] {
            assert!(to_e164(raw, cn()).is_some(), "{raw}");
            assert_eq!(
                to_e164(raw, cn()),
                to_e164_by_the_parser_alone(raw),
                "{raw}"
            );
        }
    }

    #[test]
    fn garbage_is_not_a_number() {
        assert_eq!(to_e164("", cn()), None);
        assert_eq!(to_e164("call me", cn()), None);
        assert_eq!(to_e164("123", cn()), None);
        assert_eq!(to_e164(&"9".repeat(500), cn()), None);
    }

    #[test]
    fn every_pattern_stays_compiled() {
        to_e164("+49 89 12345678", cn());
        let cache = metadata::of_code(49).unwrap().cache();
        let capacity = cache.lock().map(|c| c.capacity()).unwrap_or(0);
        assert!(
            capacity >= metadata::PATTERN_CACHE,
            "pattern cache holds {capacity}"
        );
    }

    /// Loading one calling code's regions instead of every region gives the
    /// same result for every example number of the metadata written the ways
    /// people write them (national with and without its prefix, `+`, `00`,
    /// the region's own international prefix to another code, near misses),
    /// read in its own region and in others.
    #[test]
    fn one_codes_metadata_reads_numbers_as_all_of_it_does() {
        use phonenumber::metadata::DATABASE;
        let regions: Vec<Region> = DATABASE
            .iter()
            .filter_map(|m| Region::parse(m.id()))
            .collect();
        assert!(regions.len() > 200);
        let mut tried = 0;
        let mut valid = 0;
        let mut check = |raw: &str, region: Region| {
            let lazy = to_e164_with(raw, region, Metadata::ByCode);
            let all = to_e164_with(raw, region, Metadata::All);
            assert_eq!(lazy, all, "{raw} in {}", region.code());
            tried += 1;
            valid += usize::from(all.is_some());
        };
        for meta in DATABASE.iter() {
            let d = meta.descriptors();
            let kinds = [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.voip(),
                d.uan(),
                d.pager(),
            ];
            let code = meta.country_code();
            let own = Region::parse(meta.id());
            let prefix = meta.national_prefix().unwrap_or("");
            for example in kinds.into_iter().flatten().filter_map(|k| k.example()) {
                let (head, tail) = example.split_at(3.min(example.len()));
                let near = format!("{example}7");
                for raw in [
                    format!("+{code} {example}"),
                    format!("+{code} ({prefix}){head}-{tail}"),
                    format!("00{code} {example}"),
                    format!("+{code} {near}"),
                ] {
                    for r in [cn(), Region::default(), Region::parse("GB").unwrap()] {
                        check(&raw, r);
                    }
                }
                if let Some(own) = own {
                    for raw in [
                        example.to_string(),
                        format!("{prefix}{example}"),
                        format!("({prefix}{head}) {tail}"),
                        near.clone(),
                    ] {
                        check(&raw, own);
                    }
                }
            }
        }
        // Every region dialling another code with its own international prefix
        // (Australia's `0011`, Russia's `810`...), and a national number of
        // another region read in each.
        for meta in DATABASE.iter() {
            let Some(region) = Region::parse(meta.id()) else {
                continue;
            };
            let idd = meta
                .preferred_international_prefix()
                .map(str::to_string)
                .or_else(|| {
                    let p = meta.international_prefix()?.as_str();
                    p.chars().all(|c| c.is_ascii_digit()).then(|| p.to_string())
                });
            for raw in [
                "20 7946 0018",
                "(415) 555-8123",
                "138 0013 8000",
                "+44 20 7946 0018",
                "0044 20 7946 0018",
            ] {
                check(raw, region);
            }
            if let Some(idd) = idd.map(|p| p.replace('~', "")) {
                for raw in [
                    format!("{idd} 44 20 7946 0018"),
                    format!("{idd}1 415 555 8123"),
                    format!("{idd} 86 138 0013 8000"),
                    format!("{idd} 999 123 4567"),
                ] {
                    check(&raw, region);
                }
            }
        }
        for raw in [
            "+1-800-FLOWERS",
            "＋４４ ２０ ７９４６ ００１８",
            "tel:+44-20-7946-0018",
            "+0 123 4567",
            "+999 123 4567",
            "+44 20 7946 0018 ext. 12",
            "+1 415 555 8123 x12",
            "+8 12 3456",
        ] {
            for r in [cn(), Region::default()] {
                check(raw, r);
            }
        }
        assert!(
            tried > 15_000 && valid * 3 > tried * 2,
            "{valid} valid of {tried}"
        );
    }

    /// Our compiled check agrees with the crate's `is_valid` on every example
    /// number of the metadata and on near misses of each (a digit more, a
    /// digit less, another first digit).
    #[test]
    fn validity_agrees_with_the_metadata_on_examples_and_near_misses() {
        use phonenumber::metadata::DATABASE;
        let mut tried = 0;
        let mut valid = 0;
        for meta in DATABASE.iter() {
            let d = meta.descriptors();
            let examples = [
                Some(d.general()),
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.voip(),
                d.uan(),
            ];
            for example in examples.into_iter().flatten().filter_map(|d| d.example()) {
                let first = example.chars().next().unwrap_or('1');
                let other = if first == '9' { '2' } else { '9' };
                let variants = [
                    example.to_string(),
                    format!("{example}5"),
                    example[..example.len().saturating_sub(1)].to_string(),
                    format!("{other}{}", &example[first.len_utf8()..]),
                ];
                for national in variants {
                    let text = format!("+{}{}", meta.country_code(), national);
                    let Ok(number) = phonenumber::parse(None, &text) else {
                        continue;
                    };
                    let expected = phonenumber::is_valid(&number);
                    let code = number.code().value();
                    let ours = validity::is_valid(code, &number.national().to_string());
                    assert_eq!(ours, expected, "{text} ({})", meta.id());
                    tried += 1;
                    valid += usize::from(expected);
                }
            }
        }
        assert!(
            tried > 2_000 && valid > 1_000,
            "{tried} tried, {valid} valid"
        );
    }

    #[test]
    fn region_codes() {
        assert_eq!(Region::parse("de").unwrap().code(), "DE");
        assert!(Region::parse("XX").is_none());
    }
}

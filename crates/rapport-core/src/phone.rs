//! Phone numbers: kept as the user typed them, and normalised to E.164 for
//! matching and de-duplication.

use phonenumber::country::Id as Country;

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
}

impl Default for Region {
    fn default() -> Self {
        Region(Country::US)
    }
}

/// Normalises a phone number to E.164 (`+14155558123`), or `None` when it is
/// not a valid number. `region` applies to national forms only.
pub fn to_e164(raw: &str, region: Region) -> Option<String> {
    widen_regex_cache();
    let raw = raw.trim();
    // Cheap rejection before the (costly) parser: a number has 5–20 digits.
    let digits = raw.chars().filter(|c| c.is_ascii_digit()).count();
    if !(5..=20).contains(&digits) || raw.len() > 64 {
        return None;
    }
    // `00` is the international prefix in most of the world, including China.
    let owned;
    let input = if let Some(rest) = raw.strip_prefix("00") {
        owned = format!("+{rest}");
        owned.as_str()
    } else {
        raw
    };
    // An international number must be parsed without a region: the parser
    // otherwise strips the region's national prefix from it (`+86 138…` with
    // region US loses its `1`).
    let region = if input.starts_with('+') {
        None
    } else {
        Some(region.0)
    };
    let number = phonenumber::parse(region, input).ok()?;
    let code = number.code().value();
    let national = number.national().to_string();
    validity::is_valid(code, &national).then(|| format!("+{code}{national}"))
}

/// Loads the phone metadata (about a fifth of a second: the crate parses
/// thousands of patterns) on a thread of its own, so that work that is about to
/// normalise numbers (an import, while it opens the file and the index) does not
/// wait for it on its first number. Loading happens once per process.
pub fn load_in_background() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("phone-metadata".into())
            .spawn(widen_regex_cache);
    });
}

/// The phone metadata compiles its patterns lazily into an LRU cache of 100
/// regular expressions, fewer than a file of numbers from a few dozen countries
/// uses: the cache then thrashes and every number recompiles patterns (three
/// quarters of an import's phone time). Room for every pattern keeps each one
/// compiled once per process. (The parser still goes through that cache; the
/// validity check does not, see [`validity`].)
fn widen_regex_cache() {
    static WIDENED: std::sync::Once = std::sync::Once::new();
    WIDENED.call_once(|| {
        if let Ok(mut cache) = phonenumber::metadata::DATABASE.cache().lock() {
            cache.set_capacity(PATTERN_CACHE);
        }
    });
}

/// More than the metadata's number of distinct patterns (about 2,000).
const PATTERN_CACHE: usize = 16_384;

/// Whether a national number is valid for its country code: the same rule as
/// `phonenumber::is_valid` (the region is picked by leading digits or by the
/// first region whose patterns match; the number must match the general
/// pattern and one number type), with each country's patterns compiled once
/// into plain anchored regexes. The crate's own check takes a global lock,
/// hashes the pattern's text and runs an unanchored forward and reverse search
/// for every pattern it tries: half of an import's phone time.
mod validity {
    use std::sync::OnceLock;

    use phonenumber::metadata::{Descriptor, Metadata, DATABASE};
    use regex::{Regex, RegexBuilder};

    /// Country calling codes are 1 to 3 digits.
    const CODES: usize = 1_000;

    /// The compiled rules of each country code, built on first use.
    static COUNTRIES: [OnceLock<Vec<RegionRules>>; CODES] = [const { OnceLock::new() }; CODES];

    pub fn is_valid(code: u16, national: &str) -> bool {
        let Some(slot) = COUNTRIES.get(usize::from(code)) else {
            return false;
        };
        let regions = slot.get_or_init(|| compile_country(code));
        match regions.as_slice() {
            [] => false,
            [only] => only.has_type(national),
            many => {
                for region in many {
                    match &region.leading_digits {
                        Some(leading) => {
                            if leading.is_match(national) {
                                return region.has_type(national);
                            }
                        }
                        None => {
                            if region.has_type(national) {
                                return true;
                            }
                        }
                    }
                }
                false
            }
        }
    }

    /// A pattern that must match from the first digit (not to the last: the
    /// possible lengths bound the number), as the metadata's matcher does;
    /// compiled on its first use (a country has up to a few hundred).
    struct Pattern {
        source: String,
        regex: OnceLock<Option<Regex>>,
        lengths: Vec<u16>,
    }

    impl Pattern {
        fn new(source: &str, lengths: &[u16]) -> Self {
            Pattern {
                source: source.to_string(),
                regex: OnceLock::new(),
                lengths: lengths.to_vec(),
            }
        }

        fn of(desc: &Descriptor) -> Self {
            Pattern::new(desc.national_number().as_str(), desc.possible_length())
        }

        fn is_match(&self, national: &str) -> bool {
            let len = u16::try_from(national.len()).unwrap_or(u16::MAX);
            if !self.lengths.is_empty() && !self.lengths.contains(&len) {
                return false;
            }
            let regex = self.regex.get_or_init(|| {
                RegexBuilder::new(&format!("^(?:{})", self.source))
                    .ignore_whitespace(true)
                    .build()
                    .ok()
            });
            regex.as_ref().is_some_and(|r| r.is_match(national))
        }
    }

    struct RegionRules {
        leading_digits: Option<Pattern>,
        general: Pattern,
        /// The types `number_type` tries (premium rate … mobile); emergency and
        /// short codes do not make a number valid.
        types: Vec<Pattern>,
    }

    impl RegionRules {
        fn new(meta: &Metadata) -> Self {
            let d = meta.descriptors();
            let types = [
                d.premium_rate(),
                d.toll_free(),
                d.shared_cost(),
                d.voip(),
                d.personal_number(),
                d.pager(),
                d.uan(),
                d.voicemail(),
                d.fixed_line(),
                d.mobile(),
            ];
            RegionRules {
                leading_digits: meta.leading_digits().map(|p| Pattern::new(p.as_str(), &[])),
                general: Pattern::of(d.general()),
                types: types.into_iter().flatten().map(Pattern::of).collect(),
            }
        }

        fn has_type(&self, national: &str) -> bool {
            self.general.is_match(national) && self.types.iter().any(|t| t.is_match(national))
        }
    }

    fn compile_country(code: u16) -> Vec<RegionRules> {
        let Some(regions) = DATABASE.region(&code) else {
            return Vec::new();
        };
        if let [only] = regions.as_slice() {
            // Non-geographic codes (`001`) have no region of their own.
            let meta = DATABASE
                .by_id(*only)
                .or_else(|| DATABASE.by_code(&code).and_then(|m| m.into_iter().next()));
            return meta.map(RegionRules::new).into_iter().collect();
        }
        regions
            .into_iter()
            .filter_map(|r| DATABASE.by_id(r))
            .map(RegionRules::new)
            .collect()
    }
}

/// The digits of a phone number, for substring search on numbers that could
/// not be normalised.
pub fn digits(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_digit()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let cache = phonenumber::metadata::DATABASE.cache();
        let capacity = cache.lock().map(|c| c.capacity()).unwrap_or(0);
        assert!(capacity >= PATTERN_CACHE, "pattern cache holds {capacity}");
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

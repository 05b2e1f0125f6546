//! Phone numbers: kept as the user typed them, and normalised to E.164 for
//! matching and de-duplication.

use phonenumber::country::Id as Country;
use phonenumber::Mode;

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
    if !phonenumber::is_valid(&number) {
        return None;
    }
    Some(number.format().mode(Mode::E164).to_string())
}

/// The phone metadata compiles its patterns lazily into an LRU cache of 100
/// regular expressions, fewer than a file of numbers from a few dozen countries
/// uses: the cache then thrashes and every number recompiles patterns (three
/// quarters of an import's phone time). Room for every pattern keeps each one
/// compiled once per process.
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

    #[test]
    fn region_codes() {
        assert_eq!(Region::parse("de").unwrap().code(), "DE");
        assert!(Region::parse("XX").is_none());
    }
}

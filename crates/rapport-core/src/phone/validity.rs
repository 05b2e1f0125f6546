//! Whether a national number is valid for its country code: the same rule as
//! `phonenumber::is_valid` (the region is picked by leading digits or by the
//! first region whose patterns match; the number must match the general
//! pattern and one number type), with each country's patterns compiled once
//! into plain anchored regexes. The crate's own check takes a global lock,
//! hashes the pattern's text and runs an unanchored forward and reverse search
//! for every pattern it tries: half of an import's phone time.

use std::sync::OnceLock;

use phonenumber::metadata::{Descriptor, Metadata};
use regex::bytes::{Regex, RegexBuilder};

use super::{metadata, Country};

/// Country calling codes are 1 to 3 digits.
const CODES: usize = 1_000;

/// The compiled rules of each country code, built on first use.
static COUNTRIES: [OnceLock<Vec<RegionRules>>; CODES] = [const { OnceLock::new() }; CODES];

pub fn is_valid(code: u16, national: &str) -> bool {
    match rules(code) {
        [] => false,
        [only] => only.has_type(national),
        many => pick(many, national).is_some_and(|r| r.has_type(national)),
    }
}

/// For an international number (`national` is what follows the `+`) whose
/// calling code several regions share (`+1`, `+44`, `+7`...), the region
/// whose rules the parser needs: what the parser finds by trying each
/// region's patterns through its locked cache (the crate's `source_for`,
/// a third of an import's phone time), found here with compiled patterns.
/// `None` (the parser decides, as before) for a code of one region, when
/// no region fits, or for anything but ASCII digits and the usual
/// separators (letters, extensions, other scripts' digits).
pub fn shared_code_region(international: &str) -> Option<Country> {
    if !international
        .bytes()
        .all(|b| b.is_ascii_digit() || b" -.()".contains(&b))
    {
        return None;
    }
    let digits: String = international.chars().filter(char::is_ascii_digit).collect();
    let (code, len) = metadata::code_prefix(&digits)?;
    match rules(code) {
        [] | [_] => None,
        many => pick(many, digits[len..].trim_start_matches('0')).and_then(|r| r.country),
    }
}

fn rules(code: u16) -> &'static [RegionRules] {
    match COUNTRIES.get(usize::from(code)) {
        Some(slot) => slot.get_or_init(|| compile_country(code)),
        None => &[],
    }
}

/// Of the regions sharing a code, the first whose leading digits match, or
/// without leading digits, whose patterns give the number a type.
fn pick<'a>(regions: &'a [RegionRules], national: &str) -> Option<&'a RegionRules> {
    regions.iter().find(|region| match &region.leading_digits {
        Some(leading) => leading.is_match(national),
        None => region.has_type(national),
    })
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
        let regex = self.regex.get_or_init(|| compile(&self.source));
        regex
            .as_ref()
            .is_some_and(|r| r.is_match(national.as_bytes()))
    }
}

/// A metadata pattern anchored at the start, over ASCII: the numbers it is
/// given are ASCII digits, and an ASCII `\d` compiles to a fraction of the
/// automaton of Unicode's (which has some 70 ranges of digits): half of a
/// small import's phone time was compiling them.
fn compile(source: &str) -> Option<Regex> {
    RegexBuilder::new(&format!("^(?:{source})"))
        .ignore_whitespace(true)
        .unicode(false)
        .build()
        .ok()
}

struct RegionRules {
    country: Option<Country>,
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
            country: meta.id().parse().ok(),
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
    // In the code's own database, so a non-geographic code (`001`, shared by
    // +800, +808, +870...) reads its own metadata.
    metadata::of_code(code)
        .and_then(|db| db.by_code(&code))
        .unwrap_or_default()
        .into_iter()
        .map(RegionRules::new)
        .collect()
}

#[cfg(test)]
mod tests {
    /// Every pattern of the metadata compiles in the ASCII form (one that did
    /// not would make its numbers invalid without a word).
    #[test]
    fn every_pattern_compiles_over_ascii() {
        use phonenumber::metadata::DATABASE;
        let mut n = 0;
        for code in 1..1000_u16 {
            for meta in DATABASE.by_code(&code).unwrap_or_default() {
                let d = meta.descriptors();
                let types = [
                    Some(d.general()),
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
                let sources = types
                    .into_iter()
                    .flatten()
                    .map(|t| t.national_number().as_str())
                    .chain(meta.leading_digits().map(|p| p.as_str()));
                for source in sources {
                    assert!(super::compile(source).is_some(), "{code}: {source}");
                    n += 1;
                }
            }
        }
        assert!(n > 1_200, "{n} patterns");
    }
}

//! The phone metadata, loaded one calling code at a time.
//!
//! The `phonenumber` crate's own database loads every region at once (it
//! checks the syntax of each of its thousands of patterns: about a fifth of a
//! second of CPU, more than the rest of a 1,000-row import). The build script
//! writes the same metadata split by calling code; a code's regions are loaded
//! when a number first needs them, into a database of their own that the
//! crate's parser reads like its own.

use std::sync::OnceLock;

use phonenumber::metadata::{loader, Database};

const BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/phone_metadata.bin"));
include!(concat!(env!("OUT_DIR"), "/phone_metadata_index.rs"));

/// Calling codes are 1 to 3 digits.
const SLOTS: usize = 1_000;

/// The parser compiles a pattern on first use into its database's cache of
/// compiled patterns (100 by default, fewer than one busy code's patterns:
/// the cache then thrashes and every number recompiles). Room for all of them.
pub const PATTERN_CACHE: usize = 16_384;

static LOADED: [OnceLock<Option<Database>>; SLOTS] = [const { OnceLock::new() }; SLOTS];

/// The metadata of the regions of calling code `code`; `None` for a code no
/// region has. Loaded once per process.
pub fn of_code(code: u16) -> Option<&'static Database> {
    LOADED
        .get(usize::from(code))?
        .get_or_init(|| load(code))
        .as_ref()
}

fn load(code: u16) -> Option<Database> {
    let i = CODES.binary_search_by_key(&code, |c| c.0).ok()?;
    let (_, start, end) = CODES[i];
    let list: Vec<loader::Metadata> = postcard::from_bytes(BLOB.get(start..end)?).ok()?;
    let db = Database::from(list).ok()?;
    widen_cache(&db);
    Some(db)
}

fn widen_cache(db: &Database) {
    if let Ok(mut cache) = db.cache().lock() {
        cache.set_capacity(PATTERN_CACHE);
    }
}

/// Every region at once: what the parser needs when a number names a calling
/// code only it can find (a national number dialled with an international
/// prefix other than `00`, say `0011 44 …` from Australia).
pub fn all() -> &'static Database {
    static WIDENED: std::sync::Once = std::sync::Once::new();
    let db = &*phonenumber::metadata::DATABASE;
    WIDENED.call_once(|| widen_cache(db));
    db
}

/// Whether some region has calling code `code`.
pub fn is_code(code: u16) -> bool {
    CODES.binary_search_by_key(&code, |c| c.0).is_ok()
}

/// The calling code of a region (`"GB"` → 44); `None` for a region without
/// metadata (Antarctica, say).
pub fn code_of_region(id: &str) -> Option<u16> {
    let i = REGIONS.binary_search_by(|(r, _)| (*r).cmp(id)).ok()?;
    Some(REGIONS[i].1)
}

/// The calling code an international number starts with, found as the parser
/// finds it: the shortest of its first one to three digits that is a code.
/// With its length in digits. No code starts with 0.
pub fn code_prefix(digits: &str) -> Option<(u16, usize)> {
    if digits.starts_with('0') {
        return None;
    }
    (1..=3.min(digits.len())).find_map(|len| {
        let code: u16 = digits.get(..len)?.parse().ok()?;
        is_code(code).then_some((code, len))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonenumber::metadata::DATABASE;

    /// Each code's database holds what the crate's holds for that code,
    /// region by region and field by field (patterns as their text).
    #[test]
    fn every_code_holds_the_crates_metadata() {
        let mut codes = 0;
        for code in 1..1000_u16 {
            let full = DATABASE.by_code(&code);
            assert_eq!(is_code(code), full.is_some(), "{code}");
            let Some(full) = full else { continue };
            codes += 1;
            let ours = of_code(code).expect("loads").by_code(&code).expect("code");
            assert_eq!(ours.len(), full.len(), "{code}");
            for (a, b) in ours.iter().zip(&full) {
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{code} {}", b.id());
            }
            assert_eq!(
                of_code(code).and_then(|d| d.region(&code)),
                DATABASE.region(&code),
                "{code}"
            );
        }
        assert!(codes > 200, "{codes} codes");
        assert!(of_code(0).is_none() && of_code(999).is_none());
    }

    #[test]
    fn regions_know_their_code() {
        assert_eq!(code_of_region("GB"), Some(44));
        assert_eq!(code_of_region("JE"), Some(44));
        assert_eq!(code_of_region("CN"), Some(86));
        assert_eq!(code_of_region("US"), Some(1));
        assert_eq!(code_of_region("001"), None);
        assert_eq!(code_of_region("XX"), None);
        for m in DATABASE.iter().filter(|m| m.id() != "001") {
            assert_eq!(code_of_region(m.id()), Some(m.country_code()), "{}", m.id());
        }
    }

    /// The parser takes the shortest prefix that is a code; that is the code
    /// only because no code is the start of another (E.164 codes are a
    /// prefix code), which `phone::to_e164` relies on to load one code.
    #[test]
    fn no_calling_code_starts_another() {
        let codes: Vec<String> = CODES.iter().map(|c| c.0.to_string()).collect();
        for a in &codes {
            for b in &codes {
                assert!(a == b || !b.starts_with(a.as_str()), "{a} starts {b}");
            }
        }
        assert_eq!(code_prefix("4420794"), Some((44, 2)));
        assert_eq!(code_prefix("1415"), Some((1, 1)));
        assert_eq!(code_prefix("8613800"), Some((86, 2)));
        assert_eq!(code_prefix("0123"), None);
        assert_eq!(code_prefix(""), None);
    }
}
#[cfg(test)]
mod timing {
    #[test]
    #[ignore]
    fn time_codes() {
        for code in [1u16, 44, 49, 86, 7, 33, 61] {
            let t = std::time::Instant::now();
            super::of_code(code);
            eprintln!("{code}: {:?}", t.elapsed());
        }
        let t = std::time::Instant::now();
        super::all();
        eprintln!("all: {:?}", t.elapsed());
    }
}

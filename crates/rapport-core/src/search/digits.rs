//! Phone numbers as digit runs: any run of 4 or more consecutive digits of a
//! number finds it, whatever punctuation either side was typed with.
//!
//! A number counts as the digits of its E.164 form and the digits as entered
//! (which keep a national trunk prefix such as the `0` of `0755 ...`). The
//! index holds each such run as its overlapping 4-digit grams at consecutive
//! positions ([`gram_pieces`]), and a query's digits are a phrase of grams
//! ([`query_grams`]): a run is found exactly when it is inside one of the
//! number's runs. Grams are few distinct terms (at most 10,000), where every
//! suffix of every number was a term of its own (a term dictionary as large
//! as the phone book, most of an import's indexing time for phones).
//! [`phone_terms`] states the same rule as suffixes, for explaining matches.

/// Fewest digits that count as a phone fragment.
pub const MIN_DIGITS: usize = 4;

/// The digits of `text`, in order.
pub fn digits_of(text: &str) -> String {
    text.chars()
        .map(super::analyzer::half_width)
        .filter(char::is_ascii_digit)
        .collect()
}

/// The terms indexed for one phone: suffixes of 4+ digits of its E.164 form
/// and of its digits as entered, without duplicates.
pub fn phone_terms(raw: &str, e164: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for digits in [e164.map(digits_of), Some(digits_of(raw))]
        .into_iter()
        .flatten()
    {
        if digits.len() < MIN_DIGITS {
            continue;
        }
        for start in 0..=digits.len() - MIN_DIGITS {
            let suffix = &digits[start..];
            if !out.iter().any(|t| t == suffix) {
                out.push(suffix.to_string());
            }
        }
    }
    out
}

/// The digit runs of one phone: its E.164 digits, and the digits as entered
/// when they are not already part of those.
pub fn phone_runs(raw: &str, e164: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for digits in [e164.map(digits_of), Some(digits_of(raw))]
        .into_iter()
        .flatten()
    {
        if digits.len() >= MIN_DIGITS && !out.iter().any(|r| r.contains(digits.as_str())) {
            out.push(digits);
        }
    }
    out
}

/// Positions between two runs in the index: more than a run has grams, so no
/// phrase of grams can span two runs.
const RUN_GAP: usize = 64;

/// The 4-digit grams of digit runs separated by spaces, each at its position:
/// consecutive within a run, [`RUN_GAP`] apart between runs. Characters that
/// are not digits are skipped (runs are digits already).
pub fn gram_pieces(runs: &str) -> Vec<super::analyzer::Piece> {
    let mut out = Vec::new();
    let mut base = 0;
    let mut from = 0;
    for run in runs.split(' ') {
        let bytes = run.as_bytes();
        if bytes.len() >= MIN_DIGITS && bytes.iter().all(u8::is_ascii_digit) {
            for i in 0..=bytes.len() - MIN_DIGITS {
                out.push(super::analyzer::Piece {
                    text: run[i..i + MIN_DIGITS].to_string(),
                    position: base + i,
                    from: from + i,
                    to: from + i + MIN_DIGITS,
                });
            }
            base += bytes.len() + RUN_GAP;
        }
        from += run.len() + 1;
    }
    out
}

/// The grams a query's digits (4 or more) must have, with their offsets in the
/// phrase: every fourth gram and the last, which together cover every digit.
pub fn query_grams(digits: &str) -> Vec<(usize, String)> {
    if digits.len() < MIN_DIGITS || !digits.is_ascii() {
        return Vec::new();
    }
    let last = digits.len() - MIN_DIGITS;
    let mut starts: Vec<usize> = (0..=last).step_by(MIN_DIGITS).collect();
    if starts.last() != Some(&last) {
        starts.push(last);
    }
    starts
        .into_iter()
        .map(|i| (i, digits[i..i + MIN_DIGITS].to_string()))
        .collect()
}

/// Whether a whole query reads as a phone number or fragment: digits and
/// phone punctuation only, with at least [`MIN_DIGITS`] digits.
pub fn phone_like(query: &str) -> Option<String> {
    let ok = query
        .chars()
        .map(super::analyzer::half_width)
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | '/' | '\t'));
    let digits = digits_of(query);
    (ok && digits.len() >= MIN_DIGITS).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_of_both_forms() {
        let t = phone_terms("(415) 555-8123", Some("+14155558123"));
        assert!(t.contains(&"14155558123".to_string()));
        assert!(t.contains(&"4155558123".to_string()));
        assert!(t.contains(&"8123".to_string()));
        assert!(!t.iter().any(|s| s.len() < MIN_DIGITS));
        let n = t.len();
        let mut d = t.clone();
        d.dedup();
        assert_eq!(d.len(), n);
        // The trunk prefix typed by the user stays findable.
        let cn = phone_terms("0755 8888 1234", Some("+8675588881234"));
        assert!(cn.contains(&"075588881234".to_string()));
    }

    #[test]
    fn any_run_is_a_prefix_of_a_suffix() {
        let terms = phone_terms("+1 (415) 555-8123", Some("+14155558123"));
        let digits = "14155558123";
        for len in MIN_DIGITS..=digits.len() {
            for start in 0..=digits.len() - len {
                let run = &digits[start..start + len];
                assert!(terms.iter().any(|t| t.starts_with(run)), "{run}");
            }
        }
    }

    /// The grams of the index and of a query find a run exactly when the
    /// suffix rule does, and never across two runs of a number.
    #[test]
    fn grams_find_a_run_exactly_when_it_is_inside_one_of_the_runs() {
        let runs = phone_runs("0755 8888 1234", Some("+8675588881234"));
        assert_eq!(runs, ["8675588881234", "075588881234"]);
        assert_eq!(phone_runs("415 555 8123", Some("+14155558123")).len(), 1);
        let pieces = gram_pieces(&runs.join(" "));
        let found = |q: &str| {
            let grams = query_grams(q);
            pieces.iter().any(|first| {
                grams.iter().all(|(off, g)| {
                    pieces
                        .iter()
                        .any(|p| &p.text == g && p.position == first.position + off)
                })
            })
        };
        let suffixes = phone_terms("0755 8888 1234", Some("+8675588881234"));
        let digits = "86075588881234567";
        for len in MIN_DIGITS..=10 {
            for start in 0..=digits.len() - len {
                let q = &digits[start..start + len];
                let by_suffix = suffixes.iter().any(|t| t.starts_with(q));
                assert_eq!(found(q), by_suffix, "{q}");
            }
        }
        // The end of one run followed by the start of the other is no match.
        assert!(!found("12340755"));
        assert!(found("07558888"));
        assert_eq!(
            query_grams("5558123"),
            vec![(0, "5558".to_string()), (3, "8123".to_string())]
        );
        assert_eq!(query_grams("8123"), vec![(0, "8123".to_string())]);
    }

    #[test]
    fn phone_like_queries() {
        assert_eq!(phone_like("555-8123").as_deref(), Some("5558123"));
        assert_eq!(phone_like("(415) 555").as_deref(), Some("415555"));
        assert_eq!(phone_like("＋８６ １３８").as_deref(), Some("86138"));
        assert_eq!(phone_like("123"), None);
        assert_eq!(phone_like("acme 1234"), None);
    }
}

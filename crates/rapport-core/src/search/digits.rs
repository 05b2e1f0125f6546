//! Phone numbers as digit runs: any run of 4 or more consecutive digits of a
//! number finds it, whatever punctuation either side was typed with.
//!
//! Each number is indexed as every suffix (of 4+ digits) of its digit string,
//! for both the E.164 form and the digits as entered (which keeps a national
//! trunk prefix such as the `0` of `0755 ...`). A run of digits in a query is
//! then a prefix of one of those suffixes.

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

    #[test]
    fn phone_like_queries() {
        assert_eq!(phone_like("555-8123").as_deref(), Some("5558123"));
        assert_eq!(phone_like("(415) 555").as_deref(), Some("415555"));
        assert_eq!(phone_like("＋８６ １３８").as_deref(), Some("86138"));
        assert_eq!(phone_like("123"), None);
        assert_eq!(phone_like("acme 1234"), None);
    }
}

//! Printing: JSON for scripts, aligned text for people.

use anyhow::Result;
use serde::Serialize;

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints an error on stderr: `error: ...` with its causes, or a JSON object
/// `{"error": {"code", "message"}}` with `--json`.
pub fn error(e: &anyhow::Error, json: bool) {
    let code = e
        .chain()
        .find_map(|c| c.downcast_ref::<rapport_core::Error>())
        .map(|c| c.code())
        .unwrap_or("error");
    let message = e
        .chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ");
    if json {
        let v = serde_json::json!({ "error": { "code": code, "message": message } });
        eprintln!("{v}");
    } else {
        eprintln!("error: {message}");
    }
}

/// Pads `s` to `width` display columns (CJK characters take two).
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Display columns of `s`: wide (CJK) characters count two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if rapport_core::contacts::is_cjk(c) || ('\u{FF00}'..='\u{FFEF}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("张伟", 6), "张伟  ");
        assert_eq!(pad("Ann", 6), "Ann   ");
        assert_eq!(pad("toolong", 3), "toolong");
    }
}

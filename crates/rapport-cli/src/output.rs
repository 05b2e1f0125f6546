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
    let message = message_of(e);
    if json {
        let v = serde_json::json!({ "error": { "code": code, "message": message } });
        eprintln!("{v}");
    } else {
        eprintln!("error: {message}");
    }
}

/// The error and its causes joined by `: `, leaving out a cause the message
/// already says (`path: No such file or directory` is not followed by the
/// I/O error a second time).
fn message_of(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
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

/// Display columns of `s` on a terminal: CJK, full-width forms and emoji count two,
/// combining marks and zero-width joiners none (Unicode's East Asian Width, via
/// `unicode-width`).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// "1 group", "2 groups": a count and its noun (plural with an s).
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "1 day", "2 days", with `then` after it ("1 day late").
pub fn days(n: i64, then: &str) -> String {
    let unit = if n == 1 || n == -1 { "day" } else { "days" };
    if then.is_empty() {
        format!("{n} {unit}")
    } else {
        format!("{n} {unit} {then}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let e = anyhow::Error::new(rapport_core::Error::Io {
            path: "/x.csv".into(),
            source: io,
        });
        assert_eq!(message_of(&e), "/x.csv: No such file");
        let e = anyhow::anyhow!("disk full").context("writing the backup");
        assert_eq!(message_of(&e), "writing the backup: disk full");
    }

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("张伟", 6), "张伟  ");
        assert_eq!(pad("Ann", 6), "Ann   ");
        assert_eq!(pad("toolong", 3), "toolong");
        // Emoji are two columns, a combining accent none, a ZWJ family one emoji wide.
        assert_eq!(pad("🎂Ann", 6), "🎂Ann ");
        assert_eq!(pad("Jose\u{301}", 6), "Jose\u{301}  ");
        assert_eq!(display_width("Ｆｕｌｌ"), 8);
        assert_eq!(display_width("王芳🙂"), 6);
    }

    #[test]
    fn counts_of_days_read_right() {
        assert_eq!(days(1, "late"), "1 day late");
        assert_eq!(days(2, "late"), "2 days late");
        assert_eq!(days(0, ""), "0 days");
        assert_eq!(days(1, ""), "1 day");
        assert_eq!(count(1, "group"), "1 group");
        assert_eq!(count(0, "contact"), "0 contacts");
    }
}

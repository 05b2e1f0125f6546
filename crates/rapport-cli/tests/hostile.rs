//! Hostile input (PRODUCT.md §9): every file of `tests/fixtures/bad/` and a
//! few large ones made here are fed to `rapport import`. None may panic;
//! each either imports what it can or fails with a message naming the file,
//! and the contact already in the book is never touched by a failed import.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::rapport;
use serde_json::Value;

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/bad")
        .join(name)
}

/// A data folder holding one contact.
fn book_with_one() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(
        dir.path(),
        &[
            "--json",
            "contact",
            "add",
            "--name",
            "Existing Person",
            "--email",
            "ex@example.com",
        ],
    );
    assert!(out.status.success());
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let out = rapport(dir, &["--json", "contact", "list"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap().to_string())
        .collect()
}

enum Expect {
    /// Fails; the message contains these words.
    Fails(&'static [&'static str]),
    /// Imports these names (besides the existing contact), warnings allowed.
    Imports(&'static [&'static str]),
}

/// Imports `file` into a book holding one contact and checks the outcome.
fn check(file: &Path, expect: Expect) {
    let dir = book_with_one();
    let out = rapport(dir.path(), &["--json", "import", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let what = file.display();
    assert!(!stderr.contains("panicked"), "{what}: panic: {stderr}");
    assert_ne!(out.status.code(), Some(101), "{what}: panic exit");
    let mut got = names(dir.path());
    got.sort();
    match expect {
        Expect::Fails(words) => {
            assert!(!out.status.success(), "{what}: should fail");
            let err: Value = serde_json::from_slice(&out.stderr)
                .unwrap_or_else(|_| panic!("{what}: error is not JSON: {stderr}"));
            let msg = err["error"]["message"].as_str().unwrap();
            let name = file.file_name().unwrap().to_str().unwrap();
            assert!(
                msg.contains(name),
                "{what}: message does not name the file: {msg}"
            );
            for w in words {
                assert!(msg.contains(w), "{what}: '{w}' missing from: {msg}");
            }
            assert_eq!(got, ["Existing Person"], "{what}: the book changed");
        }
        Expect::Imports(expected) => {
            assert!(out.status.success(), "{what}: {stderr}");
            let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            want.push("Existing Person".into());
            want.sort();
            assert_eq!(got, want, "{what}");
        }
    }
}

#[test]
fn small_hostile_files() {
    use Expect::*;
    let cases: &[(&str, Expect)] = &[
        ("empty.csv", Fails(&["empty"])),
        ("header_only.csv", Fails(&["no contact rows"])),
        ("archive_renamed.csv", Fails(&["zip"])),
        ("document_renamed.csv", Fails(&["PDF"])),
        ("image_renamed.csv", Fails(&["PNG"])),
        ("nul_bytes.csv", Fails(&["NUL"])),
        (
            "truncated_utf8.csv",
            Imports(&["Ada Lovelace", "张伟明", "李娜"]),
        ),
        ("utf16le_no_bom.csv", Imports(&["Ada Lovelace", "张伟明"])),
        (
            "mixed_encodings.csv",
            Imports(&["Ada Lovelace", "张伟明", "王芳"]),
        ),
        // The unclosed quote swallows Grace's row; Ada's row is kept with a warning.
        ("unbalanced_quotes.csv", Imports(&["Ada Lovelace"])),
        (
            "csv_injection.csv",
            Imports(&[
                "+cmd|' /C calc'!A0",
                "-2+3",
                "=HYPERLINK(\"http://evil.example\")",
            ]),
        ),
        ("deeply_folded.vcf", Imports(&["DeeplyFoldedFolded"])),
        ("unterminated.vcf", Imports(&["Never Ends"])),
    ];
    for (name, expect) in cases {
        let expect = match expect {
            Fails(w) => Fails(w),
            Imports(n) => Imports(n),
        };
        if name == &"deeply_folded.vcf" {
            // 5,000 folded continuation lines (unfolding drops the fold and one space): a long name.
            let dir = book_with_one();
            let out = rapport(
                dir.path(),
                &["--json", "import", bad(name).to_str().unwrap()],
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(names(dir.path())
                .iter()
                .any(|n| n.starts_with("DeeplyFoldedFolded")));
            continue;
        }
        check(&bad(name), expect);
    }
}

#[test]
fn unbalanced_quote_is_reported_with_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(
        dir.path(),
        &[
            "--json",
            "import",
            bad("unbalanced_quotes.csv").to_str().unwrap(),
        ],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issue = &report["issues"][0];
    assert_eq!(issue["row"], 2);
    assert_eq!(issue["column"], "Company");
    assert!(issue["message"].as_str().unwrap().contains("quote"));
}

#[test]
fn formulas_are_text_in_and_escaped_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(
        dir.path(),
        &["import", bad("csv_injection.csv").to_str().unwrap()],
    );
    assert!(out.status.success());
    let csv = rapport(dir.path(), &["export", "--format", "csv"]);
    let text = String::from_utf8(csv.stdout).unwrap();
    for line in text.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run as a formula: {line}"
            );
        }
    }
    assert!(text.contains("'=HYPERLINK"), "{text}");
}

#[test]
fn large_hostile_files() {
    let tmp = tempfile::tempdir().unwrap();
    // 100,000 columns.
    let wide = tmp.path().join("wide.csv");
    let mut f = std::fs::File::create(&wide).unwrap();
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    writeln!(f, "{}\n{}", header.join(","), row.join(",")).unwrap();
    drop(f);
    check(&wide, Expect::Fails(&["nothing imported"]));

    // One 50 MB line.
    let giant = tmp.path().join("giant_line.csv");
    std::fs::write(&giant, vec![b'a'; 50 * 1024 * 1024]).unwrap();
    check(&giant, Expect::Fails(&["no contact rows"]));

    // A vCard with a 20 MB photo: the contact comes in, the photo does not.
    let photo = tmp.path().join("photo.vcf");
    let mut f = std::fs::File::create(&photo).unwrap();
    write!(
        f,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\nEMAIL:photo@example.com\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
    )
    .unwrap();
    let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx";
    for _ in 0..(20 * 1024 * 1024 / line.len()) {
        write!(f, "{line}\r\n ").unwrap();
    }
    write!(f, "AA==\r\nEND:VCARD\r\n").unwrap();
    drop(f);
    check(&photo, Expect::Imports(&["Photo Person"]));

    // A folder, and a file that is not there.
    check(tmp.path(), Expect::Fails(&["folder"]));
    check(&tmp.path().join("missing.csv"), Expect::Fails(&[]));
}

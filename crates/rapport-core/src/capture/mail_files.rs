//! What a path given to `mail import` holds: an mbox file, an `.eml` file, a
//! Maildir (`cur/` and `new/`), or a folder of any of these (a Thunderbird
//! profile's `Mail/` folder, an Apple Mail export's `Inbox.mbox/`, a folder
//! of saved `.eml` messages), walked in name order.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One file to read messages from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailFile {
    /// Many messages, one after another (`From ` lines between them).
    Mbox(PathBuf),
    /// One message (an `.eml` file, or a file of a Maildir).
    Message(PathBuf),
}

impl MailFile {
    /// Its path.
    pub fn path(&self) -> &Path {
        match self {
            MailFile::Mbox(p) | MailFile::Message(p) => p,
        }
    }
}

/// The mail files under `path`, with the byte count of all of them; a file
/// given directly is taken as it is (an `.eml` as one message, anything else
/// as an mbox, checked when it is opened). Fails when `path` cannot be read
/// or holds no mail file.
pub fn mail_files(path: &Path) -> Result<(Vec<MailFile>, u64)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let mut out = Vec::new();
    if meta.is_file() {
        out.push(if has_extension(path, "eml") {
            MailFile::Message(path.to_path_buf())
        } else {
            MailFile::Mbox(path.to_path_buf())
        });
    } else {
        walk(path, &mut out)?;
        if out.is_empty() {
            return Err(Error::invalid(
                "mail",
                format!(
                    "{}: no mail found (an mbox file, .eml files or a Maildir)",
                    path.display()
                ),
            ));
        }
    }
    let mut bytes = 0;
    for f in &out {
        bytes += std::fs::metadata(f.path()).map(|m| m.len()).unwrap_or(0);
    }
    Ok((out, bytes))
}

fn has_extension(p: &Path, ext: &str) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    Ok(entries)
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn walk(dir: &Path, out: &mut Vec<MailFile>) -> Result<()> {
    if is_maildir(dir) {
        for sub in ["cur", "new"] {
            for p in sorted_entries(&dir.join(sub))? {
                if p.is_file() && !hidden(&p) {
                    out.push(MailFile::Message(p));
                }
            }
        }
    }
    for p in sorted_entries(dir)? {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            // A Maildir's own folders are read above; its `.Sub` folders (Maildir++) are walked.
            if !(is_maildir(dir) && ["cur", "new", "tmp"].contains(&name)) {
                walk(&p, out)?;
            }
        } else if hidden(&p) {
            continue;
        } else if has_extension(&p, "eml") {
            out.push(MailFile::Message(p));
        } else if starts_like_mbox(&p) {
            out.push(MailFile::Mbox(p));
        }
    }
    Ok(())
}

/// Whether a file found in a folder is an mbox: Thunderbird's have no
/// extension (`Inbox`, beside `Inbox.msf`), so the first bytes decide.
fn starts_like_mbox(p: &Path) -> bool {
    let mut head = [0u8; 5];
    std::fs::File::open(p)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"From "
}

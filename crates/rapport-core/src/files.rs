//! Files that hold the user's data are the user's alone: the database (and
//! its `-wal`/`-shm`), the search index, backups and the before-restore copy
//! are created owner-only (files 0600, folders 0700) whatever the umask, and
//! an existing data folder or database that others can read is tightened
//! when the book opens. (On systems without Unix modes these do nothing.)

use std::fs::OpenOptions;
use std::path::Path;

use crate::error::{Error, Result};

/// Mode of a file holding the user's data.
#[cfg(unix)]
const PRIVATE_FILE: u32 = 0o600;
/// Mode of a folder holding the user's data.
#[cfg(unix)]
const PRIVATE_DIR: u32 = 0o700;

/// The core's error for an I/O failure on `path`.
pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Options that create a file owner-only (0600).
pub fn private_file_options() -> OpenOptions {
    #[allow(unused_mut)] // only Unix sets a mode
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(PRIVATE_FILE);
    }
    o
}

/// Creates `dir` (and its missing parents) owner-only; an existing folder
/// that others can enter is tightened to 0700.
pub fn private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(PRIVATE_DIR);
        }
        return b.create(dir).map_err(io(dir));
    }
    if !dir.is_dir() {
        return Err(io(dir)(std::io::Error::other("exists and is not a folder")));
    }
    #[cfg(unix)]
    tighten(dir, PRIVATE_DIR)?;
    Ok(())
}

/// Makes an existing file owner-only (a file SQLite or a copy created with
/// the umask's mode, or one an older Rapport left readable). A missing file
/// is no error.
pub fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if path.exists() {
        tighten(path, PRIVATE_FILE)?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes every file directly in `dir` owner-only: the files a library writes
/// with the umask's mode (the search index's segments, its `meta.json`). A
/// file removed meanwhile (a merge replacing segments) is no error.
pub fn make_private_files_in(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io(dir)(e)),
        };
        for entry in entries {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_file() => {}
                _ => continue,
            }
            match tighten(&path, PRIVATE_FILE) {
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
                other => other?,
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes group and other permissions from `path` when it has any.
#[cfg(unix)]
fn tighten(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = std::fs::metadata(path).map_err(io(path))?.permissions();
    if current.mode() & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(io(path))?;
    }
    Ok(())
}

/// Creates an empty owner-only file at `path` unless one is there already
/// (another process may have created it a moment ago). An existing file is not
/// opened at all: for a database this process has open, closing any other
/// descriptor of the file would drop every POSIX lock SQLite holds on it, and
/// another process would then take its WAL for unused and delete it.
pub fn create_private(path: &Path) -> Result<()> {
    match private_file_options()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(path)(e)),
    }
}

/// Creates an empty owner-only file at `path`, which must not exist (the
/// target of `VACUUM INTO`, which keeps an existing empty file's mode).
pub fn create_private_new(path: &Path) -> Result<()> {
    private_file_options()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
        .map_err(io(path))
}

#[cfg(test)]
mod tests {
    /// Two processes opening a new data folder at once both saw no database
    /// and the second failed with "File exists" (CI, reliability.rs): every
    /// opener of a fresh folder succeeds.
    #[test]
    fn books_opened_at_once_on_a_new_folder_all_open() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let openers: Vec<_> = (0..8)
            .map(|_| {
                let data = data.clone();
                std::thread::spawn(move || crate::ContactBook::open(&data).map(drop))
            })
            .collect();
        for o in openers {
            let opened = o.join().unwrap();
            assert!(opened.is_ok(), "{opened:?}");
        }
    }
}

/// Writes `path` through a temporary file beside it, renamed into place once
/// `body` succeeded and the data is flushed: a failed or cancelled write leaves
/// neither a half-written file nor a changed old one.
pub fn write_atomically(
    path: &Path,
    body: impl FnOnce(&mut dyn std::io::Write) -> Result<u64>,
) -> Result<u64> {
    use std::io::Write;
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("file", format!("{} is not a file name", path.display())))?;
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut out = std::io::BufWriter::new(file);
    let written = body(&mut out).and_then(|n| {
        out.flush().map_err(io(&tmp))?;
        out.get_ref().sync_all().map_err(io(&tmp))?;
        Ok(n)
    });
    drop(out);
    match written {
        Ok(n) => {
            std::fs::rename(&tmp, path).map_err(io(path))?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod write_atomically_tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let e = write_atomically(&target, |out| {
            out.write_all(b"half").unwrap();
            Err(Error::invalid("export", "disk full"))
        })
        .unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
        let n = write_atomically(&target, |out| {
            out.write_all(b"whole").unwrap();
            Ok(1)
        })
        .unwrap();
        assert_eq!(n, 1);
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
    }
}

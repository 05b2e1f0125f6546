//! Long operations on one book (import, undo of an import, restore, reindex,
//! merge) exclude each other across processes. Each holds an advisory lock on
//! `<data folder>/operation.lock` while it runs and writes its name into the
//! file; a second one fails at once with [`Error::BookBusy`] naming the first
//! ("busy: an import is running") instead of interleaving with it (a restore
//! under a running import, say, would leave rows that exist nowhere).
//! Short writes (an edit, a log) do not take it: SQLite orders them.

use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::book::ContactBook;
use crate::error::{Error, Result};

/// File in the data folder locked while a long operation runs.
pub const OPERATION_LOCK_FILE: &str = "operation.lock";

/// The long operations that exclude each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongOperation {
    /// `import` (and `import --resume`).
    Import,
    /// `undo-import`.
    UndoImport,
    /// `restore`.
    Restore,
    /// `reindex`.
    Reindex,
    /// `contact merge`.
    Merge,
}

impl LongOperation {
    const ALL: [LongOperation; 5] = [
        LongOperation::Import,
        LongOperation::UndoImport,
        LongOperation::Restore,
        LongOperation::Reindex,
        LongOperation::Merge,
    ];

    /// The name written into the lock file.
    fn name(self) -> &'static str {
        match self {
            LongOperation::Import => "import",
            LongOperation::UndoImport => "undo_import",
            LongOperation::Restore => "restore",
            LongOperation::Reindex => "reindex",
            LongOperation::Merge => "merge",
        }
    }

    /// What another process is told while this runs.
    pub fn running(self) -> &'static str {
        match self {
            LongOperation::Import => "an import is running",
            LongOperation::UndoImport => "an undo of an import is running",
            LongOperation::Restore => "a restore is running",
            LongOperation::Reindex => "a reindex is running",
            LongOperation::Merge => "a merge is running",
        }
    }
}

/// Held while a long operation runs; dropping it lets the next one start.
#[derive(Debug)]
pub struct OperationGuard {
    _file: Option<std::fs::File>,
}

/// Takes the long-operation lock of the data folder `data_dir` (`None`: a
/// book in memory, nothing to exclude).
pub fn begin(data_dir: Option<&Path>, op: LongOperation) -> Result<OperationGuard> {
    let Some(dir) = data_dir else {
        return Ok(OperationGuard { _file: None });
    };
    let path = dir.join(OPERATION_LOCK_FILE);
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let mut file = crate::files::private_file_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut name = String::new();
            // The holder may be writing its name this instant: then say less.
            let _ = file.read_to_string(&mut name);
            let running = LongOperation::ALL
                .into_iter()
                .find(|op| op.name() == name.trim())
                .map(LongOperation::running)
                .unwrap_or("another long operation is running");
            return Err(Error::BookBusy {
                running: running.to_string(),
            });
        }
        Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
    }
    file.set_len(0).map_err(io)?;
    file.rewind().map_err(io)?;
    file.write_all(op.name().as_bytes()).map_err(io)?;
    Ok(OperationGuard { _file: Some(file) })
}

impl ContactBook {
    /// Takes this book's long-operation lock for `op` (see [`begin`]).
    pub fn begin_long(&self, op: LongOperation) -> Result<OperationGuard> {
        begin(self.data_dir(), op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_long_operation_is_refused_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let held = begin(Some(dir.path()), LongOperation::Import).unwrap();
        let err = begin(Some(dir.path()), LongOperation::Restore).unwrap_err();
        assert_eq!(err.code(), "busy");
        assert!(
            err.to_string().contains("busy: an import is running"),
            "{err}"
        );
        drop(held);
        let again = begin(Some(dir.path()), LongOperation::Restore).unwrap();
        let err = begin(Some(dir.path()), LongOperation::Merge).unwrap_err();
        assert!(err.to_string().contains("a restore is running"), "{err}");
        drop(again);
    }
}

//! Errors of the core. Each variant has a stable [`Error::code`] that crosses
//! the IPC boundary unchanged, so the UI can act on it.

use std::path::PathBuf;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No contact with that id (or it was deleted).
    #[error("contact {0} not found")]
    ContactNotFound(i64),
    /// No interaction with that id.
    #[error("interaction {0} not found")]
    InteractionNotFound(i64),
    /// No follow-up with that id.
    #[error("follow-up {0} not found")]
    FollowUpNotFound(i64),
    /// No deal with that id (or its contact was deleted).
    #[error("deal {0} not found")]
    DealNotFound(i64),
    /// No service case with that id (or its contact was deleted).
    #[error("service case {0} not found")]
    CaseNotFound(i64),
    /// A value given by the user is not acceptable.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Which field or argument.
        field: String,
        /// Why, in words a user understands.
        reason: String,
    },
    /// The database was written by a newer version of Rapport.
    #[error(
        "{path} was written by a newer version of Rapport (schema version {found}, this build knows up to {supported}); it was not opened or changed"
    )]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest schema this build knows.
        supported: i64,
    },
    /// The database is locked by another process for longer than the busy timeout.
    #[error("the database is in use by another Rapport process; close it and try again")]
    Busy,
    /// Another process is importing into the same data folder.
    #[error("another import into this data folder is running; wait for it to finish")]
    ImportRunning,
    /// Another long operation (import, undo, restore, reindex, merge) is
    /// running on this book in another process; try again when it ends.
    #[error("busy: {running}; try again when it has finished")]
    BookBusy {
        /// What is running, e.g. "an import is running".
        running: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be imported at all (it names the file, and the row and column when known).
    #[error("{}", import_message(file, *row, column.as_deref(), reason))]
    Import {
        /// The file.
        file: PathBuf,
        /// The row (line of a CSV, row of a sheet, first line of a vCard), when known.
        row: Option<u64>,
        /// The column (header), when known.
        column: Option<String>,
        /// What is wrong, in words a user understands.
        reason: String,
    },
    /// The search index could not be read or written. The store is unaffected;
    /// the index is rebuilt from it (`rapport reindex`).
    #[error("search index {}: {reason}", path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "(in memory)".into()))]
    SearchIndex {
        /// The index folder, `None` in memory.
        path: Option<PathBuf>,
        /// What went wrong.
        reason: String,
    },
    /// A mail server could not be reached or read.
    #[error("mail server {server}: {reason}")]
    MailServer {
        /// `host:port`.
        server: String,
        /// What went wrong, in words.
        reason: String,
    },
    /// A mail server refused the login.
    #[error("mail server {server} refused the login for {login} ({reason}); check the password (an app password if the account signs in in two steps)")]
    LoginRefused {
        /// `host:port`.
        server: String,
        /// The login it refused.
        login: String,
        /// The server's words.
        reason: String,
    },
    /// A mail server's certificate is not trusted; pinning its fingerprint trusts it.
    #[error("mail server {server}: {reason}. To trust this server anyway, pin its certificate: sha256:{fingerprint}")]
    UntrustedCertificate {
        /// `host:port`.
        server: String,
        /// The SHA-256 of the certificate it showed.
        fingerprint: String,
        /// Why it is not trusted.
        reason: String,
    },
    /// The system keyring, where mail passwords live, could not be used.
    #[error("{reason}")]
    Keyring {
        /// What went wrong, in words.
        reason: String,
    },
    /// Long work (reindex) was cancelled by the user; nothing was changed.
    #[error("cancelled")]
    Cancelled,
    /// An SQLite error that is not one of the above.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl Error {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::ContactNotFound(_) => "contact_not_found",
            Error::InteractionNotFound(_) => "interaction_not_found",
            Error::FollowUpNotFound(_) => "followup_not_found",
            Error::DealNotFound(_) => "deal_not_found",
            Error::CaseNotFound(_) => "case_not_found",
            Error::Invalid { .. } => "invalid_input",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::Busy => "database_busy",
            Error::ImportRunning => "import_running",
            Error::BookBusy { .. } => "busy",
            Error::Io { .. } => "io",
            Error::Import { .. } => "import_failed",
            Error::SearchIndex { .. } => "search_index",
            Error::MailServer { .. } => "mail_server",
            Error::LoginRefused { .. } => "login_refused",
            Error::UntrustedCertificate { .. } => "untrusted_certificate",
            Error::Keyring { .. } => "keyring",
            Error::Cancelled => "cancelled",
            Error::Sqlite(_) => "database",
        }
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            _ => Error::Sqlite(e),
        }
    }
}

fn import_message(
    file: &std::path::Path,
    row: Option<u64>,
    column: Option<&str>,
    reason: &str,
) -> String {
    let mut s = file.display().to_string();
    if let Some(r) = row {
        s.push_str(&format!(", row {r}"));
    }
    if let Some(c) = column {
        s.push_str(&format!(", column '{c}'"));
    }
    format!("{s}: {reason}")
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

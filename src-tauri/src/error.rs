//! Errors as they cross IPC: `{ code, message }`, with the core's stable codes.

use serde::Serialize;
use ts_rs::TS;

/// An error returned by a command. `code` is stable (the core's
/// [`rapport_core::Error::code`], or one of the app's own codes below), so the
/// UI can act on it; `message` is for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    /// Stable, machine-readable code.
    pub code: String,
    /// What went wrong, in words a user understands.
    pub message: String,
}

impl AppError {
    /// An error with one of the app's own codes.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// A job (import, export) is already running.
    pub fn busy(what: &str) -> Self {
        AppError::new(
            "job_running",
            format!("{what} is already running; wait for it or cancel it"),
        )
    }

    /// Background work stopped unexpectedly.
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new("internal", message)
    }
}

impl From<rapport_core::Error> for AppError {
    fn from(e: rapport_core::Error) -> Self {
        AppError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for AppError {}

/// What every command returns.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_stable_code() {
        let e: AppError = rapport_core::Error::ContactNotFound(7).into();
        assert_eq!(e.code, "contact_not_found");
        assert_eq!(e.message, "contact 7 not found");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "contact_not_found", "message": "contact 7 not found" })
        );
    }
}

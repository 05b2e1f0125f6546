//! Passwords kept in the operating system's keyring (the Secret Service on
//! Linux: GNOME Keyring or KWallet), never in the book, a log or an error.
//! Each is found by a name that says what it opens (`imap://login@host:port`).

use crate::error::{Error, Result};

/// The keyring's service name for Rapport's secrets.
const SERVICE: &str = "Rapport";

fn entry(name: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, name).map_err(keyring_error)
}

fn keyring_error(e: keyring::Error) -> Error {
    let reason = match e {
        keyring::Error::NoStorageAccess(why) | keyring::Error::PlatformFailure(why) => {
            format!("the system keyring could not be used ({why})")
        }
        keyring::Error::NoEntry => "the keyring holds no password for it".into(),
        other => other.to_string(),
    };
    Error::Keyring { reason }
}

/// Stores (or replaces) a password.
pub fn store_password(name: &str, password: &str) -> Result<()> {
    entry(name)?.set_password(password).map_err(keyring_error)
}

/// The password stored under `name`.
pub fn password(name: &str) -> Result<String> {
    entry(name)?.get_password().map_err(|e| match e {
        keyring::Error::NoEntry => Error::Keyring {
            reason: format!(
                "the keyring holds no password for {name}; remove the account and add it again"
            ),
        },
        other => keyring_error(other),
    })
}

/// Forgets a password; nothing to forget is fine.
pub fn forget_password(name: &str) -> Result<()> {
    match entry(name)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}

//! Mail accounts read over IMAP: which server, who logs in, which folders.
//!
//! An account is added only once the server has accepted its login (so a
//! mistyped password is said at once, not at the first sync), and its
//! password then goes to the system keyring ([`crate::secrets`]), never
//! into the book. Removing the account forgets the password; the
//! interactions it brought stay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::imap::{self, ListedFolder};
use super::BookAccess;
use crate::book::ContactBook;
use crate::error::{Error, Result};
use crate::secrets;

/// How the connection is encrypted (never not at all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Security {
    /// TLS from the first byte (usually port 993).
    #[default]
    Tls,
    /// A plain connection upgraded with STARTTLS before the login (usually port 143).
    Starttls,
}

impl Security {
    /// As stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
        }
    }

    /// The usual port.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 993,
            Security::Starttls => 143,
        }
    }
}

/// Where an account's server is and how it is trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailServer {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// TLS or STARTTLS.
    pub security: Security,
    /// The SHA-256 of the certificate the user chose to trust (a self-signed
    /// server); none: the system's authorities decide.
    pub pinned_certificate: Option<String>,
}

impl std::fmt::Display for MailServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// A mail account as stored (no password: that is in the keyring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailAccount {
    /// Its number.
    #[ts(type = "number")]
    pub id: i64,
    /// The server.
    pub server: MailServer,
    /// The login (usually the address).
    pub login: String,
    /// The folders read; empty: the INBOX and the Sent folder.
    pub folders: Vec<String>,
    /// When a sync last read every folder to the end.
    pub last_sync_at: Option<DateTime<Utc>>,
}

impl MailAccount {
    /// `login@host:port`, as the account is shown.
    pub fn name(&self) -> String {
        format!("{}@{}", self.login, self.server)
    }

    /// `imap://login@host:port`: the name its password has in the keyring, and its
    /// import batches' source.
    pub fn uri(&self) -> String {
        format!("imap://{}", self.name())
    }
}

/// A new account, as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailAccountDraft {
    /// Host name or address (`imap.example.com`).
    pub host: String,
    /// Port; none: 993 for TLS, 143 for STARTTLS.
    #[serde(default)]
    pub port: Option<u16>,
    /// TLS (default) or STARTTLS.
    #[serde(default)]
    pub security: Security,
    /// The login.
    pub login: String,
    /// The password or app password (kept in the system keyring only).
    pub password: String,
    /// The folders to read; empty: the INBOX and the Sent folder.
    #[serde(default)]
    pub folders: Vec<String>,
    /// The SHA-256 of a self-signed server's certificate, to trust it.
    #[serde(default)]
    pub pinned_certificate: Option<String>,
}

/// What adding an account found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailAccountAdded {
    /// The account as stored.
    pub account: MailAccount,
    /// The folders each sync reads.
    pub folders: Vec<String>,
    /// The folder whose messages count as sent by the user, if any.
    pub sent_folder: Option<String>,
}

/// Which account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailAccountRequest {
    /// The account's number.
    #[ts(type = "number")]
    pub account: i64,
}

/// Checks a draft's values; the server and login it names.
fn checked(d: &MailAccountDraft) -> Result<(MailServer, String)> {
    let host = d.host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/') {
        return Err(Error::invalid(
            "host",
            format!("'{}' is not a server name", d.host.trim()),
        ));
    }
    let login = d.login.trim().to_string();
    if login.is_empty() {
        return Err(Error::invalid("login", "it is empty"));
    }
    if d.password.is_empty() {
        return Err(Error::invalid("password", "it is empty"));
    }
    let pinned_certificate = match d.pinned_certificate.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(imap::normalise_fingerprint(p).ok_or_else(|| {
            Error::invalid(
                "certificate",
                format!("'{p}' is not a SHA-256 fingerprint (64 hex digits)"),
            )
        })?),
    };
    let port = match d.port {
        Some(0) => return Err(Error::invalid("port", "0 is not a port")),
        Some(p) => p,
        None => d.security.default_port(),
    };
    Ok((
        MailServer {
            host,
            port,
            security: d.security,
            pinned_certificate,
        },
        login,
    ))
}

/// The folders a sync reads, from what the server lists: the user's choice
/// (each must exist), else the INBOX and the Sent folder.
pub fn folders_to_read(
    chosen: &[String],
    listed: &[ListedFolder],
) -> Result<(Vec<String>, Option<String>)> {
    let (defaults, sent) = imap::default_folders(listed);
    if chosen.is_empty() {
        return Ok((defaults, sent));
    }
    for c in chosen {
        let found = listed.iter().any(|f| &f.name == c) || c.eq_ignore_ascii_case("INBOX");
        if !found {
            let names: Vec<&str> = listed.iter().map(|f| f.name.as_str()).collect();
            return Err(Error::invalid(
                "folders",
                format!(
                    "the server has no folder '{c}' (it has: {})",
                    names.join(", ")
                ),
            ));
        }
    }
    let sent = sent.filter(|s| chosen.contains(s));
    Ok((chosen.to_vec(), sent))
}

/// Tries the account: connects, logs in, lists its folders. Nothing is stored.
pub fn test_account(d: &MailAccountDraft) -> Result<MailAccountAdded> {
    let (server, login) = checked(d)?;
    let mut session = imap::login(&server, &login, &d.password)?;
    let listed = imap::list_folders(&server, &mut session)?;
    let _ = session.logout();
    let (folders, sent_folder) = folders_to_read(&d.folders, &listed)?;
    Ok(MailAccountAdded {
        account: MailAccount {
            id: 0,
            server,
            login,
            folders: d.folders.clone(),
            last_sync_at: None,
        },
        folders,
        sent_folder,
    })
}

/// Adds an account once its server accepted the login; its password goes
/// to the system keyring.
/// The book is not held while the server is tried.
pub fn add_account(
    book: &impl BookAccess,
    d: &MailAccountDraft,
    now: DateTime<Utc>,
) -> Result<MailAccountAdded> {
    let (server, login) = checked(d)?;
    // Said before the server is tried (the store checks again as it inserts).
    book.with_book(|b| b.store().refuse_added_mail_account(&server, &login))?;
    let mut added = test_account(d)?;
    let name = added.account.uri();
    secrets::store_password(&name, &d.password)?;
    match book.with_book(|b| b.store_mut().insert_mail_account(&added.account, now)) {
        Ok(id) => added.account.id = id,
        Err(e) => {
            let _ = secrets::forget_password(&name);
            return Err(e);
        }
    }
    Ok(added)
}

/// Every account.
pub fn accounts(book: &ContactBook) -> Result<Vec<MailAccount>> {
    book.store().mail_accounts()
}

/// One account, or an error that names it.
pub fn account(book: &ContactBook, id: i64) -> Result<MailAccount> {
    book.store()
        .mail_account(id)?
        .ok_or_else(|| Error::invalid("account", format!("there is no mail account {id}")))
}

/// The accounts a sync reads: `account` (which must exist), else every one.
pub fn ids_to_sync(book: &ContactBook, account: Option<i64>) -> Result<Vec<i64>> {
    match account {
        Some(id) => Ok(vec![self::account(book, id)?.id]),
        None => Ok(accounts(book)?.iter().map(|a| a.id).collect()),
    }
}

/// Removes an account and forgets its password; the interactions it brought stay.
pub fn remove_account(book: &mut ContactBook, id: i64) -> Result<MailAccount> {
    let a = account(book, id)?;
    book.store_mut().remove_mail_account(id)?;
    secrets::forget_password(&a.uri())?;
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> MailAccountDraft {
        MailAccountDraft {
            host: " IMAP.Example.com. ".into(),
            port: None,
            security: Security::Starttls,
            login: " ada@example.com ".into(),
            password: "pw".into(),
            folders: vec![],
            pinned_certificate: None,
        }
    }

    #[test]
    fn a_draft_is_tidied_and_gets_the_usual_port() {
        let (server, login) = checked(&draft()).unwrap();
        assert_eq!(server.host, "imap.example.com");
        assert_eq!(server.port, 143);
        assert_eq!(login, "ada@example.com");
    }

    #[test]
    fn bad_drafts_name_the_field() {
        let bad = |f: &dyn Fn(&mut MailAccountDraft)| {
            let mut d = draft();
            f(&mut d);
            match checked(&d) {
                Err(Error::Invalid { field, .. }) => field,
                other => panic!("expected invalid, got {other:?}"),
            }
        };
        assert_eq!(bad(&|d| d.host = "imap example".into()), "host");
        assert_eq!(bad(&|d| d.login = " ".into()), "login");
        assert_eq!(bad(&|d| d.password = String::new()), "password");
        assert_eq!(bad(&|d| d.port = Some(0)), "port");
        assert_eq!(
            bad(&|d| d.pinned_certificate = Some("12:34".into())),
            "certificate"
        );
    }

    #[test]
    fn chosen_folders_must_exist() {
        let listed = [
            ListedFolder {
                name: "INBOX".into(),
                sent: false,
            },
            ListedFolder {
                name: "Sent".into(),
                sent: true,
            },
        ];
        assert_eq!(
            folders_to_read(&["Sent".into()], &listed).unwrap(),
            (vec!["Sent".to_string()], Some("Sent".to_string()))
        );
        let e = folders_to_read(&["Archive".into()], &listed).unwrap_err();
        assert!(e.to_string().contains("no folder 'Archive'"), "{e}");
    }
}

//! IMAP sync speed: 20k message headers (10k in the quick run) synced from a
//! local Dovecot on 127.0.0.1 over TLS into a book of as many contacts
//! (fetch, rules, store, index), next to Python's `imaplib` fetching the
//! same header fields of the same folder in the same chunks (no parsing,
//! no store). Target: under 10 s on 2 cores.

// The same Dovecot the CLI's tests start (one harness, not a copy).
#[path = "../../rapport-cli/tests/mailserver/mod.rs"]
mod mailserver;
mod support;

use std::cell::RefCell;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use chrono::Utc;
use rapport_core::capture::mail_accounts::{MailAccount, MailServer, Security};
use rapport_core::capture::mail_sync::{sync_with_password, CHUNK};
use rapport_core::ContactBook;
use support::{measure, quick, row, Stats};

/// Python's standard library fetching what the sync fetches.
const PYTHON_PEER: &str = r#"
import imaplib, ssl, sys
port, login, password, chunk = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login(login, password)
m.select("INBOX", readonly=True)
uids = m.uid("SEARCH", None, "UID 1:*")[1][0].split()
n = 0
for i in range(0, len(uids), chunk):
    part = b",".join(uids[i:i + chunk]).decode()
    typ, data = m.uid("FETCH", part, "(UID BODY.PEEK[HEADER.FIELDS (FROM TO CC BCC DATE SUBJECT MESSAGE-ID LIST-ID LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED X-AUTOREPLY X-AUTORESPOND)])")
    n += sum(1 for d in data if isinstance(d, tuple))
m.logout()
print(n)
"#;

/// Runs the Python peer on the server's INBOX in chunks of `chunk`; the messages it fetched.
fn python_peer(server: &mailserver::Dovecot, chunk: usize) -> usize {
    let out = Command::new("python3")
        .arg("-c")
        .arg(PYTHON_PEER)
        .args([
            &server.tls_port.to_string(),
            &server.login,
            &server.password,
            &chunk.to_string(),
        ])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

fn main() {
    let n = if quick() { 10_000 } else { 20_000 };
    let reps = if quick() { 2 } else { 3 };
    let server = mailserver::Dovecot::start();
    for i in 0..n {
        let m = mailserver::message(
            &format!("Contact {i} <contact{i}@example.com>"),
            &server.login,
            &format!("=?UTF-8?B?57ut5L+d5oql5Lu3?= {i}"),
            &format!("s{i}@rapport.bench"),
            "",
        );
        server.deliver("INBOX", &format!("b{i:06}"), &m);
    }
    let account = MailAccount {
        id: 1,
        server: MailServer {
            host: "127.0.0.1".into(),
            port: server.tls_port,
            security: Security::Tls,
            pinned_certificate: Some(server.fingerprint().replace(':', "").to_lowercase()),
        },
        login: server.login.clone(),
        folders: vec!["INBOX".into()],
        last_sync_at: None,
    };
    let drafts = support::addressed_contacts(n);
    // Dovecot indexes the folder the first time it is opened: not part of either side.
    python_peer(&server, 500);
    let ours = Stats::of(
        (0..reps)
            .map(|_| {
                let dir = tempfile::tempdir().expect("dir");
                let mut book = ContactBook::open(dir.path()).expect("open");
                book.store_mut()
                    .insert_contacts_bulk(&drafts, Utc::now())
                    .expect("contacts");
                book.sync_search().expect("index");
                let id = book
                    .store_mut()
                    .insert_mail_account(&account, Utc::now())
                    .expect("account");
                let account = MailAccount {
                    id,
                    ..account.clone()
                };
                let stamp = std::time::Instant::now();
                let s = sync_with_password(
                    &RefCell::new(&mut book),
                    &account,
                    &server.password,
                    Utc::now(),
                    &mut |_| {},
                    &AtomicBool::new(false),
                )
                .expect("sync");
                assert_eq!(s.counts.created as usize, n);
                stamp.elapsed()
            })
            .collect(),
    );
    let peer = measure(reps, || {
        assert_eq!(python_peer(&server, CHUNK), n);
    });
    row(
        "mail",
        &format!("IMAP sync of {n} message headers from a local Dovecot (TLS) against {n} contacts: fetch, rules, store, index"),
        ours,
        Some(("Python imaplib fetching the same header fields (no parsing, no store)", peer)),
    );
}

//! `rapport mail account` and `rapport mail sync` against a real Dovecot on
//! 127.0.0.1, with the password in a real GNOME Keyring: first and
//! incremental syncs, a renumbered folder, a server killed mid-sync, a
//! wrong password, an untrusted certificate, a 50 MB attachment, and that
//! the password is nowhere but the keyring.
#![allow(clippy::unwrap_used)]

mod mailserver;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use mailserver::{message, Dovecot, Keyring};
use serde_json::Value;

fn rapport_cmd(data: &Path, keyring: &Keyring, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        .env("LC_ALL", "C")
        .envs(keyring.env())
        .stdin(Stdio::null());
    c
}

fn rapport(data: &Path, keyring: &Keyring, args: &[&str]) -> Output {
    rapport_cmd(data, keyring, args).output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `mail account add` with the password on standard input.
fn add_account(data: &Path, keyring: &Keyring, password: &str, args: &[&str]) -> Output {
    let mut c = rapport_cmd(
        data,
        keyring,
        &[
            &["--json", "mail", "account", "add", "--password-stdin"],
            args,
        ]
        .concat(),
    );
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

struct Setup {
    server: Dovecot,
    keyring: Keyring,
    data: tempfile::TempDir,
}

impl Setup {
    /// A server, a keyring, and a book with Bob and Carol as contacts.
    fn new() -> Setup {
        let s = Setup {
            server: Dovecot::start(),
            keyring: Keyring::start(),
            data: tempfile::tempdir().unwrap(),
        };
        for (name, email) in [
            ("Bob Brown", "bob@example.org"),
            ("Carol Chen", "carol@example.net"),
        ] {
            json(&s.rapport(&["--json", "contact", "add", "--name", name, "--email", email]));
        }
        s
    }

    fn rapport(&self, args: &[&str]) -> Output {
        rapport(self.data.path(), &self.keyring, args)
    }

    fn tls_args(&self) -> Vec<String> {
        vec![
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            self.server.tls_port.to_string(),
            "--login".into(),
            self.server.login.clone(),
            "--pin".into(),
            self.server.fingerprint(),
        ]
    }

    /// Adds the server's account (TLS, its certificate pinned).
    fn add(&self) -> Value {
        let args = self.tls_args();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        json(&add_account(
            self.data.path(),
            &self.keyring,
            &self.server.password,
            &args,
        ))
    }

    fn sync(&self) -> Value {
        let v = json(&self.rapport(&["--json", "mail", "sync"]));
        assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
        v[0].clone()
    }

    fn emails_of(&self, contact: i64) -> Vec<Value> {
        let v = json(&self.rapport(&["--json", "contact", "show", &contact.to_string()]));
        v["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "email")
            .cloned()
            .collect()
    }
}

fn folder(summary: &Value, name: &str) -> Value {
    summary["folders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["folder"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no folder {name} in {summary}"))
}

#[test]
fn first_sync_reads_inbox_and_sent_then_only_what_is_new() {
    let s = Setup::new();
    let inbox = [
        message(
            "Bob Brown <bob@example.org>",
            "ada@example.com",
            "Renewal quote",
            "m1@x",
            "",
        ),
        message(
            "News <news@lists.example>",
            "ada@example.com",
            "Weekly",
            "m2@x",
            "List-Id: <news.lists.example>\r\n",
        ),
        message(
            "Bob Brown <bob@example.org>",
            "ada@example.com",
            "Out of office",
            "m3@x",
            "Auto-Submitted: auto-replied\r\n",
        ),
        message(
            "Dan <dan@example.com>",
            "ada@example.com",
            "Hello",
            "m4@x",
            "",
        ),
    ];
    for (i, m) in inbox.iter().enumerate() {
        s.server.deliver("INBOX", &format!("in{i}"), m);
    }
    // Sent from an address the user never listed as their own: the Sent folder says it is theirs.
    s.server.deliver(
        "Sent",
        "out0",
        &message(
            "Ada <ada@another.example>",
            "Carol Chen <carol@example.net>",
            "Proposal",
            "m5@x",
            "",
        ),
    );
    let added = s.add();
    assert_eq!(added["folders"], serde_json::json!(["INBOX", "Sent"]));
    assert_eq!(added["sent_folder"], "Sent");

    let first = s.sync();
    assert_eq!(folder(&first, "INBOX")["messages"], 4);
    assert_eq!(folder(&first, "Sent")["messages"], 1);
    let c = &first["counts"];
    assert_eq!(c["created"], 2, "{first}");
    assert_eq!(c["skipped"]["mailing_list"], 1);
    assert_eq!(c["skipped"]["automatic_reply"], 1);
    assert_eq!(c["unmatched"], 1);
    let bob = s.emails_of(1);
    assert_eq!(bob.len(), 1);
    assert_eq!(bob[0]["text"], "Renewal quote");
    assert_eq!(bob[0]["direction"], "inbound");
    let carol = s.emails_of(2);
    assert_eq!(carol[0]["text"], "Proposal");
    assert_eq!(carol[0]["direction"], "outbound");

    // A new message arrives: only it is read.
    s.server.deliver(
        "INBOX",
        "in9",
        &message("bob@example.org", "ada@example.com", "Signed", "m9@x", ""),
    );
    let second = s.sync();
    assert_eq!(folder(&second, "INBOX")["messages"], 1, "{second}");
    assert_eq!(folder(&second, "Sent")["messages"], 0);
    assert_eq!(second["counts"]["created"], 1);
    assert_eq!(s.emails_of(1).len(), 2);

    let third = s.sync();
    assert_eq!(third["counts"]["messages"], 0, "{third}");

    // Each sync is an undoable batch.
    let batch = second["counts"]["batch"].as_i64().unwrap();
    json(&s.rapport(&["--json", "mail", "undo", &batch.to_string(), "--yes"]));
    assert_eq!(s.emails_of(1).len(), 1);

    // The server saw only EXAMINE: nothing was marked read.
    let new = std::fs::read_dir(s.server.maildir().join("new"))
        .unwrap()
        .count();
    let cur_seen = std::fs::read_dir(s.server.maildir().join("cur"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(",S")
        })
        .count();
    assert_eq!(
        (new, cur_seen),
        (5, 0),
        "messages were moved or flagged on the server"
    );
}

#[test]
fn a_lapsed_cadence_is_no_longer_due_once_a_sync_brings_an_email() {
    let s = Setup::new();
    let now = chrono::Utc::now();
    let long_ago = (now - chrono::Duration::days(20)).to_rfc3339();
    json(&s.rapport(&["--json", "contact", "edit", "1", "--cadence", "7"]));
    json(&s.rapport(&["--json", "log", "1", "--kind", "call", "--at", &long_ago]));
    let due = |s: &Setup| -> Vec<String> {
        let t = json(&s.rapport(&["--json", "today", "--tz", "UTC"]));
        ["overdue", "today"]
            .iter()
            .flat_map(|k| t[*k].as_array().unwrap().clone())
            .map(|r| r["display_name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(due(&s), vec!["Bob Brown".to_string()]);
    let date = (now - chrono::Duration::hours(1)).to_rfc2822();
    let m = format!(
        "From: ada@example.com\r\nTo: bob@example.org\r\nSubject: Checking in\r\nDate: {date}\r\nMessage-ID: <due@x>\r\n\r\nHi Bob.\r\n"
    );
    s.server.deliver("Sent", "due", m.as_bytes());
    s.add();
    assert_eq!(s.sync()["counts"]["created"], 1);
    assert_eq!(
        due(&s),
        Vec::<String>::new(),
        "the email should make Bob not due"
    );
}

#[test]
fn a_renumbered_folder_is_read_again_without_doubling() {
    let mut s = Setup::new();
    for i in 0..3 {
        s.server.deliver(
            "INBOX",
            &format!("m{i}"),
            &message(
                "bob@example.org",
                "ada@example.com",
                &format!("Note {i}"),
                &format!("r{i}@x"),
                "",
            ),
        );
    }
    s.add();
    assert_eq!(s.sync()["counts"]["created"], 3);
    s.server.renumber();
    let again = s.sync();
    let inbox = folder(&again, "INBOX");
    assert_eq!(inbox["renumbered"], true, "{again}");
    assert_eq!(inbox["messages"], 3);
    assert_eq!(again["counts"]["created"], 0);
    assert_eq!(again["counts"]["already_imported"], 3);
    assert_eq!(s.emails_of(1).len(), 3);
}

#[test]
fn a_sync_cut_short_by_the_server_dying_resumes_without_doubling() {
    let mut s = Setup::new();
    let total = 6000;
    for i in 0..total {
        s.server.deliver(
            "INBOX",
            &format!("k{i:05}"),
            &message(
                "bob@example.org",
                "ada@example.com",
                &format!("Thread {i}"),
                &format!("k{i}@x"),
                "",
            ),
        );
    }
    s.add();
    let sync = rapport_cmd(s.data.path(), &s.keyring, &["--json", "mail", "sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let db = s.data.path().join("rapport.db");
    let captured = || -> i64 {
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM captured", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while captured() == 0 {
        assert!(Instant::now() < deadline, "the sync wrote nothing");
        sleep(Duration::from_millis(5));
    }
    s.server.stop();
    let out = sync.wait_with_output().unwrap();
    let kept = captured();
    assert!(
        !out.status.success(),
        "the sync finished before the server was killed ({kept} of {total}); make the mailbox larger"
    );
    // Regression: a write to the dead server raised SIGPIPE, which killed the CLI
    // without a word (it restores SIGPIPE's default for its pipes).
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        None,
        "the sync was killed by a signal: {:?}",
        out.status
    );
    let err = stderr(&out);
    assert!(
        err.contains("connection was lost") || err.contains("did not answer"),
        "{err}"
    );
    assert!(err.contains("are kept"), "{err}");
    assert!(kept > 0 && kept < total, "{kept}");

    s.server.restart();
    let resumed = s.sync();
    assert_eq!(
        resumed["counts"]["created"].as_i64().unwrap() + kept,
        total,
        "{resumed}"
    );
    assert!(folder(&resumed, "INBOX")["messages"].as_i64().unwrap() < total);
    assert_eq!(captured(), total);
    let emails: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM interactions WHERE kind = 'email'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(emails, total);
}

#[test]
fn a_wrong_password_is_a_clear_error_and_nothing_is_stored() {
    let s = Setup::new();
    let args = s.tls_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = add_account(s.data.path(), &s.keyring, "not-the-password", &args);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("refused the login for ada@example.com"),
        "{err}"
    );
    assert!(!err.contains("not-the-password"), "{err}");
    let list = json(&s.rapport(&["--json", "mail", "account", "list"]));
    assert_eq!(list, serde_json::json!([]));
}

#[test]
fn a_self_signed_server_is_trusted_only_once_pinned_and_starttls_works() {
    let s = Setup::new();
    let base = ["--host", "127.0.0.1", "--login", "ada@example.com"];
    let port = s.server.tls_port.to_string();
    let out = add_account(
        s.data.path(),
        &s.keyring,
        &s.server.password,
        &[&base[..], &["--port", &port]].concat(),
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    let fingerprint = s.server.fingerprint().replace(':', "").to_lowercase();
    assert!(err.contains("not signed by an authority"), "{err}");
    assert!(err.contains(&format!("sha256:{fingerprint}")), "{err}");
    assert!(!err.contains(&s.server.password));

    let wrong = "ab".repeat(32);
    let out = add_account(
        s.data.path(),
        &s.keyring,
        &s.server.password,
        &[&base[..], &["--port", &port, "--pin", &wrong]].concat(),
    );
    assert!(
        stderr(&out).contains("not the one you pinned"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json(&s.rapport(&["--json", "mail", "account", "list"])),
        serde_json::json!([])
    );

    let starttls = s.server.starttls_port.to_string();
    let pin = format!("sha256:{fingerprint}");
    let added = json(&add_account(
        s.data.path(),
        &s.keyring,
        &s.server.password,
        &[
            &base[..],
            &["--port", &starttls, "--starttls", "--pin", &pin],
        ]
        .concat(),
    ));
    assert_eq!(added["account"]["server"]["security"], "starttls");
    assert_eq!(
        added["account"]["server"]["pinned_certificate"],
        fingerprint
    );
    s.server.deliver(
        "INBOX",
        "a",
        &message("bob@example.org", "ada@example.com", "Hi", "s1@x", ""),
    );
    assert_eq!(s.sync()["counts"]["created"], 1);
}

#[test]
fn a_50_mb_attachment_costs_only_its_header() {
    let s = Setup::new();
    let mut m = b"From: bob@example.org\r\nTo: ada@example.com\r\nSubject: The drawings\r\nDate: Tue, 01 Dec 2026 09:30:00 +0000\r\nMessage-ID: <big@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n".to_vec();
    let line = [b'Q'; 76];
    while m.len() < 50 * 1024 * 1024 {
        m.extend_from_slice(&line);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(b"--b--\r\n");
    s.server.deliver("INBOX", "big", &m);
    s.add();
    let synced = s.sync();
    assert_eq!(synced["counts"]["created"], 1, "{synced}");
    // Dovecot logs what it sent per session when it ends: the sync's must be small.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let sent = s.server.bytes_sent_per_session();
        if sent.len() >= 2 {
            let most = sent.iter().max().unwrap();
            assert!(
                *most < 200_000,
                "the server sent {most} bytes in one session"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no session ended: {}",
            s.server.log()
        );
        sleep(Duration::from_millis(50));
    }
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_password_is_in_the_keyring_and_nowhere_else() {
    let s = Setup::new();
    s.server.deliver(
        "INBOX",
        "a",
        &message("bob@example.org", "ada@example.com", "Hi", "p1@x", ""),
    );
    let added = s.add();
    let synced = s.rapport(&["mail", "sync"]);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let listed = s.rapport(&["mail", "account", "list"]);
    let wrong = add_account(
        s.data.path(),
        &s.keyring,
        "wrong-pw-x",
        &[
            "--host",
            "127.0.0.1",
            "--port",
            &s.server.tls_port.to_string(),
            "--login",
            "other@example.com",
            "--pin",
            &s.server.fingerprint(),
        ],
    );
    let secret = s.server.password.as_bytes();
    for out in [&synced, &listed, &wrong] {
        assert!(!contains(&out.stdout, secret) && !contains(&out.stderr, secret));
    }
    // The WAL is checkpointed into the file when the last connection closes; both are read.
    let mut files = Vec::new();
    files_under(s.data.path(), &mut files);
    assert!(files.iter().any(|f| f.ends_with("rapport.db")), "{files:?}");
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        assert!(
            !contains(&bytes, secret),
            "the password is in {}",
            f.display()
        );
    }
    // It is in the keyring: removing the account forgets it, and a sync then has no account.
    let id = added["account"]["id"].as_i64().unwrap().to_string();
    json(&s.rapport(&["--json", "mail", "account", "remove", &id, "--yes"]));
    let lookup = Command::new("dbus-send")
        .envs(s.keyring.env())
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.SearchItems",
            "dict:string:string:service,Rapport",
        ])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&lookup.stdout);
    assert!(
        !found.contains("/collection/login/"),
        "the keyring still holds it: {found}"
    );
}

#[test]
fn with_no_account_nothing_opens_a_network_socket() {
    let keyring = Keyring::start();
    let data = tempfile::tempdir().unwrap();
    let trace = data
        .path()
        .join("..")
        .join(format!("strace-{}.txt", std::process::id()));
    for args in [
        &["mail", "sync"][..],
        &["today"],
        &["search", "ada"],
        &["mail", "account", "list"],
    ] {
        let out = Command::new("strace")
            .args(["-f", "-e", "trace=socket", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_rapport"))
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .envs(keyring.env())
            .stdin(Stdio::null())
            .output()
            .expect("strace (Debian package strace) is needed");
        let calls = std::fs::read_to_string(&trace).unwrap();
        let _ = std::fs::remove_file(&trace);
        assert!(
            !calls.contains("AF_INET"),
            "rapport {args:?} opened a network socket:\n{calls}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args == ["mail", "sync"] {
            assert!(String::from_utf8_lossy(&out.stderr).contains("no mail accounts"));
        }
    }
}

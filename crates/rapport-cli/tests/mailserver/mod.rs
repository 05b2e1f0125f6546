//! Real peers for the mail tests: a Dovecot IMAP server on 127.0.0.1 with a
//! certificate made at test time and a Maildir filled by the test, and a
//! GNOME Keyring (the Secret Service) on a private session bus.
//!
//! Both are Debian's (`dovecot-imapd`, `gnome-keyring`, `dbus`), installed by
//! `scripts/install-deps`. Each test starts its own, on its own ports and
//! folders, and stops it (the whole process group) when it ends.
#![allow(dead_code, clippy::unwrap_used)]

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

fn need(program: &str, package: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
        let p = Path::new(dir).join(program);
        if p.exists() {
            return p;
        }
    }
    panic!(
        "{program} is missing: install the Debian package {package} (scripts/install-deps does)"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts a daemon quietly, leading its own process group (see [`kill_group`]).
fn spawn_daemon(cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap()
}

/// Kills a process and every process it started (it leads its own group).
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
}

fn is_root() -> bool {
    run(Command::new("id").arg("-u")).trim() == "0"
}

/// A Dovecot serving one user, `ada@example.com`, over TLS (a port for
/// implicit TLS and one for STARTTLS).
pub struct Dovecot {
    pub dir: TempDir,
    pub tls_port: u16,
    pub starttls_port: u16,
    pub login: String,
    pub password: String,
    child: Option<Child>,
    uid: String,
}

impl Dovecot {
    pub fn start() -> Dovecot {
        let dovecot = need("dovecot", "dovecot-imapd");
        need("openssl", "openssl");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Dovecot's unprivileged processes must reach the folder.
        fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
        run(Command::new("openssl").current_dir(d).args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]));
        let login = "ada@example.com".to_string();
        let password = "Tr0ub4dor&3-imap-secret".to_string();
        fs::write(d.join("passwd"), format!("{login}:{{PLAIN}}{password}\n")).unwrap();
        let (uid, users) = if is_root() {
            ("65534".to_string(), ("dovecot", "dovenull"))
        } else {
            let me = run(Command::new("id").arg("-un")).trim().to_string();
            let me: &'static str = Box::leak(me.into_boxed_str());
            (
                run(Command::new("id").arg("-u")).trim().to_string(),
                (me, me),
            )
        };
        let maildir = d.join("home").join(&login).join("Maildir");
        for sub in ["cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Sent/tmp"] {
            fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        if is_root() {
            run(Command::new("chown")
                .args(["-R", &format!("{uid}:{uid}")])
                .arg(d.join("home")));
        }
        let tls_port = free_port();
        let starttls_port = free_port();
        let p = d.display();
        let conf = format!(
            r#"base_dir = {p}/run
state_dir = {p}/state
log_path = {p}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = {internal}
default_login_user = {login_user}
ssl = required
ssl_cert = <{p}/cert.pem
ssl_key = <{p}/key.pem
auth_mechanisms = plain login
imap_logout_format = in=%i out=%o
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {p}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={p}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \Sent
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"#,
            internal = users.0,
            login_user = users.1,
        );
        fs::write(d.join("dovecot.conf"), conf).unwrap();
        let _ = dovecot;
        let mut server = Dovecot {
            dir,
            tls_port,
            starttls_port,
            login,
            password,
            child: None,
            uid,
        };
        server.restart();
        server
    }

    fn conf(&self) -> PathBuf {
        self.dir.path().join("dovecot.conf")
    }

    /// Starts the server (again) and waits until it greets as ready.
    pub fn restart(&mut self) {
        self.stop();
        let child = spawn_daemon(
            Command::new(need("dovecot", "dovecot-imapd"))
                .arg("-F")
                .arg("-c")
                .arg(self.conf()),
        );
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.starttls_port)) {
                s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
                let mut buf = [0u8; 512];
                let n = s.read(&mut buf).unwrap_or(0);
                let greeting = String::from_utf8_lossy(&buf[..n]);
                if greeting.contains("ready") {
                    let _ = s.write_all(b"x LOGOUT\r\n");
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "dovecot did not start: {}",
                self.log()
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server at once (SIGKILL to every one of its processes).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            kill_group(&mut c);
        }
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// The user's Maildir.
    pub fn maildir(&self) -> PathBuf {
        self.dir
            .path()
            .join("home")
            .join(&self.login)
            .join("Maildir")
    }

    /// Puts a message into `INBOX` or `Sent`, as a delivery would.
    pub fn deliver(&self, folder: &str, name: &str, message: &[u8]) {
        let sub = match folder {
            "INBOX" => PathBuf::from("new"),
            "Sent" => PathBuf::from(".Sent/cur"),
            other => panic!("no folder {other}"),
        };
        let path = self
            .maildir()
            .join(sub)
            .join(format!("{name}.rapport-test"));
        fs::write(&path, message).unwrap();
    }

    /// The SHA-256 of the server's certificate, as openssl prints it (AB:CD:...).
    pub fn fingerprint(&self) -> String {
        let out = run(Command::new("openssl")
            .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
            .arg(self.dir.path().join("cert.pem")));
        out.trim().rsplit('=').next().unwrap().to_string()
    }

    /// Makes the server renumber every folder (a new UIDVALIDITY), as after
    /// a restore on the server: its index and UID lists are removed while
    /// it is stopped.
    pub fn renumber(&mut self) {
        self.stop();
        // UIDVALIDITY is the time the list is made: a second later, a new one.
        sleep(Duration::from_millis(1100));
        for dir in [self.maildir(), self.maildir().join(".Sent")] {
            for e in fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if name.starts_with("dovecot") && p.is_file() {
                    fs::remove_file(&p).unwrap();
                }
            }
        }
        self.restart();
    }

    /// The bytes the server sent in each finished session, from its log.
    pub fn bytes_sent_per_session(&self) -> Vec<u64> {
        self.log()
            .lines()
            .filter_map(|l| l.split(" out=").nth(1))
            .filter_map(|v| v.trim().parse().ok())
            .collect()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A GNOME Keyring on a private session bus, unlocked, with a default collection.
pub struct Keyring {
    pub dir: TempDir,
    dbus: Child,
    daemon: Child,
}

impl Keyring {
    pub fn start() -> Keyring {
        let dbus_daemon = need("dbus-daemon", "dbus");
        let gnome = need("gnome-keyring-daemon", "gnome-keyring");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["run", "home", "data"] {
            fs::create_dir_all(d.join(sub)).unwrap();
        }
        fs::set_permissions(d.join("run"), fs::Permissions::from_mode(0o700)).unwrap();
        let bus = d.join("bus");
        // No service directories: a call that came before the keyring was up would
        // otherwise start another one, with the user's real home, that takes the name.
        fs::write(
            d.join("bus.conf"),
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                bus.display()
            ),
        )
        .unwrap();
        let dbus = spawn_daemon(
            Command::new(dbus_daemon)
                .args(["--nofork", "--nopidfile"])
                .arg(format!("--config-file={}", d.join("bus.conf").display())),
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while !bus.exists() {
            assert!(Instant::now() < deadline, "dbus-daemon did not start");
            sleep(Duration::from_millis(20));
        }
        let mut keyring = Keyring {
            dbus,
            daemon: Command::new("true").spawn().unwrap(),
            dir,
        };
        let mut daemon = Command::new(gnome);
        daemon
            .args(["--unlock", "--components=secrets", "--foreground"])
            .envs(keyring.env())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(fs::File::create(keyring.dir.path().join("keyring.log")).unwrap())
            .process_group(0);
        let mut daemon = daemon.spawn().unwrap();
        // The login keyring's password, on standard input: it is created unlocked.
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(b"rapport-test-keyring")
            .unwrap();
        keyring.daemon = daemon;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let out = Command::new("dbus-send")
                .envs(keyring.env())
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.secrets",
                    "/org/freedesktop/secrets",
                    "org.freedesktop.Secret.Service.ReadAlias",
                    "string:default",
                ])
                .output()
                .unwrap();
            if String::from_utf8_lossy(&out.stdout).contains("/collection/") {
                return keyring;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not start: {}{}",
                String::from_utf8_lossy(&out.stderr),
                fs::read_to_string(keyring.dir.path().join("keyring.log")).unwrap_or_default()
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// The environment a program needs to use this keyring.
    pub fn env(&self) -> Vec<(String, String)> {
        let d = self.dir.path();
        vec![
            (
                "DBUS_SESSION_BUS_ADDRESS".into(),
                format!("unix:path={}", d.join("bus").display()),
            ),
            (
                "XDG_RUNTIME_DIR".into(),
                d.join("run").display().to_string(),
            ),
            ("HOME".into(), d.join("home").display().to_string()),
            ("XDG_DATA_HOME".into(), d.join("data").display().to_string()),
        ]
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        kill_group(&mut self.daemon);
        kill_group(&mut self.dbus);
    }
}

/// A plain message (CRLF line ends, as on the wire).
pub fn message(from: &str, to: &str, subject: &str, id: &str, extra: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 01 Dec 2026 09:30:00 +0000\r\nMessage-ID: <{id}>\r\n{extra}\r\nHello.\r\n"
    )
    .into_bytes()
}

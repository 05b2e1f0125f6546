//! A connection to an IMAP server: TLS only, read-only use.
//!
//! - TLS from the first byte (`tls`, port 993) or upgraded with STARTTLS
//!   (`starttls`, port 143); a server that offers neither is refused, so a
//!   password never crosses the network in the clear.
//! - The certificate is checked against the system's roots and the host
//!   name. A self-signed server is trusted only when the user pinned its
//!   certificate (its SHA-256, shown in the error that refused it); a pinned
//!   certificate that changes is refused.
//! - Folders are opened with EXAMINE and messages read with `BODY.PEEK`, so
//!   nothing on the server changes (not even the \Seen flag).

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, ClientConnection, DigitallySignedStruct, StreamOwned,
};
use sha2::{Digest, Sha256};

use super::mail_accounts::{MailServer, Security};
use crate::error::{Error, Result};

/// The TLS stream an IMAP session runs on.
pub type Stream = StreamOwned<ClientConnection, Socket>;

/// A TCP connection whose writes never raise SIGPIPE: when the server has gone
/// away, a write fails with an error the sync reports ("the connection was
/// lost", with what is kept), instead of the signal killing the process
/// silently (the CLI restores SIGPIPE's default action for its pipes).
#[derive(Debug)]
pub struct Socket(TcpStream);

/// `MSG_NOSIGNAL` (Linux).
#[cfg(target_os = "linux")]
const MSG_NOSIGNAL: i32 = 0x4000;

impl Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        #[cfg(target_os = "linux")]
        {
            socket2::SockRef::from(&self.0).send_with_flags(buf, MSG_NOSIGNAL)
        }
        #[cfg(not(target_os = "linux"))]
        {
            self.0.write(buf)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A logged-in IMAP session.
pub type ImapSession = imap::Session<Stream>;

/// How long to wait for the server to accept the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait for any one answer of the server.
const IO_TIMEOUT: Duration = Duration::from_secs(60);

/// A certificate's identity as the user pins it: the SHA-256 of its DER
/// bytes, in lowercase hex.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fingerprint as the user may type it (`AB:CD:...`, `sha256:abcd...`),
/// normalised; `None` when it is not 64 hex digits.
pub fn normalise_fingerprint(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("sha256:")
        .or_else(|| t.strip_prefix("SHA256:"))
        .unwrap_or(t);
    let hex: String = t
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit())).then_some(hex)
}

/// Checks the server's certificate: the pinned one exactly, else the system's
/// roots. Remembers the certificate it saw, for the error that refuses it.
#[derive(Debug)]
struct Verifier {
    roots: Option<Arc<WebPkiServerVerifier>>,
    pin: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let seen = fingerprint(end_entity);
        let pinned = self.pin.as_deref() == Some(seen.as_str());
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(seen);
        match (&self.pin, &self.roots) {
            (Some(_), _) if pinned => Ok(ServerCertVerified::assertion()),
            (Some(_), _) => Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            )),
            (None, Some(roots)) => {
                roots.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            (None, None) => Err(rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer,
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

fn server_error(server: &MailServer, reason: impl Into<String>) -> Error {
    Error::MailServer {
        server: server.to_string(),
        reason: reason.into(),
    }
}

fn io_error(server: &MailServer, e: &io::Error) -> Error {
    let reason = match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            "the connection was refused (is the port right?)".into()
        }
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
            "the server did not answer in time".into()
        }
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => "the connection was lost".into(),
        _ => e.to_string(),
    };
    server_error(server, reason)
}

fn tls_config(server: &MailServer, seen: Arc<Mutex<Option<String>>>) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = if server.pinned_certificate.is_some() {
        None
    } else {
        let mut store = rustls::RootCertStore::empty();
        let found = rustls_native_certs::load_native_certs();
        store.add_parsable_certificates(found.certs);
        (!store.is_empty())
            .then(|| {
                WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                    .build()
                    .ok()
            })
            .flatten()
    };
    let verifier = Verifier {
        roots,
        pin: server.pinned_certificate.clone(),
        seen,
        algorithms: provider.signature_verification_algorithms,
    };
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| server_error(server, format!("TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// Reads one line of the server's, byte by byte (nothing beyond it: the TLS
/// handshake that follows STARTTLS must find its bytes unread).
fn read_line(tcp: &mut Socket) -> io::Result<String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < 16 * 1024 {
        if tcp.read(&mut byte)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        line.push(byte[0]);
        if byte[0] == b'\n' {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&line).trim_end().to_string())
}

/// An IMAP server greets with `* OK`; anything else is not one (or not ready).
fn check_greeting(server: &MailServer, greeting: &[u8]) -> Result<()> {
    if greeting.starts_with(b"* OK") {
        return Ok(());
    }
    Err(server_error(
        server,
        format!(
            "it did not greet as an IMAP server does ({:.80})",
            String::from_utf8_lossy(greeting).trim_end()
        ),
    ))
}

fn starttls(server: &MailServer, tcp: &mut Socket) -> Result<()> {
    let greeting = read_line(tcp).map_err(|e| io_error(server, &e))?;
    check_greeting(server, greeting.as_bytes())?;
    tcp.write_all(b"r0 STARTTLS\r\n")
        .map_err(|e| io_error(server, &e))?;
    loop {
        let line = read_line(tcp).map_err(|e| io_error(server, &e))?;
        if let Some(answer) = line.strip_prefix("r0 ") {
            if answer.to_ascii_uppercase().starts_with("OK") {
                return Ok(());
            }
            return Err(server_error(
                server,
                "it does not offer STARTTLS; Rapport never sends a password unencrypted (try security \"tls\" on port 993)",
            ));
        }
    }
}

/// Opens a TLS connection to the server, ready for LOGIN.
pub fn connect(server: &MailServer) -> Result<imap::Client<Stream>> {
    let addrs: Vec<_> = (server.host.as_str(), server.port)
        .to_socket_addrs()
        .map_err(|e| server_error(server, format!("its address could not be found ({e})")))?
        .collect();
    let mut last = None;
    let mut tcp = None;
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, CONNECT_TIMEOUT) {
            Ok(t) => {
                tcp = Some(t);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let tcp = match (tcp, last) {
        (Some(t), _) => t,
        (None, Some(e)) => return Err(io_error(server, &e)),
        (None, None) => return Err(server_error(server, "its name has no address")),
    };
    let timeouts = tcp
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|_| tcp.set_write_timeout(Some(IO_TIMEOUT)));
    timeouts.map_err(|e| io_error(server, &e))?;
    let mut tcp = Socket(tcp);
    if server.security == Security::Starttls {
        starttls(server, &mut tcp)?;
    }
    let seen = Arc::new(Mutex::new(None));
    let config = tls_config(server, seen.clone())?;
    let name = ServerName::try_from(server.host.clone())
        .map_err(|_| server_error(server, "its name is not a valid host name"))?;
    let mut tls = ClientConnection::new(Arc::new(config), name)
        .map_err(|e| server_error(server, format!("TLS: {e}")))?;
    while tls.is_handshaking() {
        if let Err(e) = tls.complete_io(&mut tcp) {
            let cert = e
                .get_ref()
                .and_then(|i| i.downcast_ref::<rustls::Error>())
                .and_then(|r| match r {
                    rustls::Error::InvalidCertificate(c) => Some(c.clone()),
                    _ => None,
                });
            let seen = seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
            return Err(match (cert, seen) {
                (Some(why), Some(fingerprint)) => Error::UntrustedCertificate {
                    server: server.to_string(),
                    fingerprint,
                    reason: certificate_reason(server, &why),
                },
                _ => io_error(server, &e),
            });
        }
    }
    let mut client = imap::Client::new(StreamOwned::new(tls, tcp));
    if server.security == Security::Tls {
        let greeting = client.read_greeting().map_err(|e| imap_error(server, e))?;
        check_greeting(server, &greeting)?;
    }
    Ok(client)
}

fn certificate_reason(server: &MailServer, why: &CertificateError) -> String {
    match why {
        CertificateError::ApplicationVerificationFailure if server.pinned_certificate.is_some() => {
            "its certificate is not the one you pinned (it changed: check with your provider before trusting the new one)".into()
        }
        CertificateError::UnknownIssuer => {
            "its certificate is not signed by an authority this system trusts (self-signed?)".into()
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            format!("its certificate is not for {}", server.host)
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "its certificate has expired".into()
        }
        // A self-signed certificate made as a CA (openssl req -x509) is refused as such.
        other if format!("{other:?}").contains("CaUsedAsEndEntity") => {
            "its certificate is not signed by an authority this system trusts (self-signed)".into()
        }
        other => format!("its certificate was refused ({other:?})"),
    }
}

/// An error of the IMAP conversation, in words (never with what was sent:
/// a LOGIN carries the password).
pub fn imap_error(server: &MailServer, e: imap::Error) -> Error {
    match e {
        imap::Error::Io(e) => io_error(server, &e),
        imap::Error::ConnectionLost => server_error(server, "the connection was lost"),
        imap::Error::No(no) => server_error(server, format!("it refused: {}", no.information)),
        imap::Error::Bad(bad) => server_error(
            server,
            format!("it did not understand: {}", bad.information),
        ),
        imap::Error::Bye(bye) => server_error(
            server,
            format!("it closed the connection: {}", bye.information),
        ),
        imap::Error::Validate(_) => server_error(
            server,
            "a name or folder contains a character IMAP cannot send",
        ),
        other => server_error(server, format!("unexpected answer ({other})")),
    }
}

/// Connects and logs in.
pub fn login(server: &MailServer, login: &str, password: &str) -> Result<ImapSession> {
    if password.contains(['\r', '\n']) {
        return Err(Error::invalid("password", "it contains a line break"));
    }
    let client = connect(server)?;
    match client.login(login, password) {
        Ok(session) => Ok(session),
        Err((imap::Error::No(no), _)) => Err(Error::LoginRefused {
            server: server.to_string(),
            login: login.to_string(),
            reason: no.information,
        }),
        Err((e, _)) => Err(imap_error(server, e)),
    }
}

/// A folder as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFolder {
    /// Its full name.
    pub name: String,
    /// The server marks it as the Sent folder (SPECIAL-USE `\Sent`).
    pub sent: bool,
}

/// Every folder of the account.
pub fn list_folders(server: &MailServer, session: &mut ImapSession) -> Result<Vec<ListedFolder>> {
    let names = session
        .list(None, Some("*"))
        .map_err(|e| imap_error(server, e))?;
    Ok(names
        .iter()
        .filter(|n| {
            !n.attributes()
                .contains(&imap_proto::NameAttribute::NoSelect)
        })
        .map(|n| ListedFolder {
            name: n.name().to_string(),
            sent: n.attributes().contains(&imap_proto::NameAttribute::Sent),
        })
        .collect())
}

/// Names a server without SPECIAL-USE gives its Sent folder.
const SENT_NAMES: &[&str] = &[
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "[Gmail]/Sent Mail",
    "INBOX.Sent",
    "已发送",
    "已发送邮件",
];

/// The folders to read when the user chose none: the INBOX and the Sent
/// folder (the one the server marks \Sent, else one by its usual name).
pub fn default_folders(listed: &[ListedFolder]) -> (Vec<String>, Option<String>) {
    let sent = listed
        .iter()
        .find(|f| f.sent)
        .or_else(|| {
            SENT_NAMES
                .iter()
                .find_map(|s| listed.iter().find(|f| f.name.eq_ignore_ascii_case(s)))
        })
        .map(|f| f.name.clone());
    let mut folders = vec!["INBOX".to_string()];
    folders.extend(sent.clone());
    (folders, sent)
}

/// `UID FETCH` set of sorted UIDs, runs written as ranges (`1:40,42,50:51`).
pub fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_write_runs_as_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[42]), "42");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn fingerprints_are_read_as_users_copy_them() {
        let fp = fingerprint(b"certificate");
        let colons: Vec<String> = fp
            .as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).to_uppercase())
            .collect();
        assert_eq!(normalise_fingerprint(&colons.join(":")), Some(fp.clone()));
        assert_eq!(normalise_fingerprint(&format!("sha256:{fp}")), Some(fp));
        assert_eq!(normalise_fingerprint("abcd"), None);
        assert_eq!(normalise_fingerprint(&"z".repeat(64)), None);
    }

    #[test]
    fn the_sent_folder_is_the_marked_one_else_found_by_name() {
        let f = |name: &str, sent| ListedFolder {
            name: name.into(),
            sent,
        };
        let marked = [f("INBOX", false), f("Sent Items", false), f("Outbox", true)];
        assert_eq!(
            default_folders(&marked),
            (vec!["INBOX".into(), "Outbox".into()], Some("Outbox".into()))
        );
        let named = [f("INBOX", false), f("已发送", false)];
        assert_eq!(default_folders(&named).1.as_deref(), Some("已发送"));
        assert_eq!(
            default_folders(&[f("INBOX", false)]).0,
            vec!["INBOX".to_string()]
        );
    }
}

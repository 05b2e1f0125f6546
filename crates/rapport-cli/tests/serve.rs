//! `rapport serve`: the command table over HTTP, and who it refuses.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    addr: SocketAddr,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &std::path::Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .arg("serve")
        .args(extra)
        .env_remove("RAPPORT_SERVE_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let url = v["url"].as_str().unwrap();
    Server {
        child,
        addr: url.trim_start_matches("http://").parse().unwrap(),
        token: v["token"].as_str().unwrap().to_string(),
    }
}

/// One HTTP/1.1 request to `to`; the status and the JSON body.
fn post(to: SocketAddr, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(to).unwrap();
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {to}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status: u16 = answer.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[test]
fn commands_answer_with_the_token_and_nothing_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(dir.path(), &[]);
    assert!(s.addr.ip().is_loopback(), "{}", s.addr);
    let auth = format!("Bearer {}", s.token);
    let (status, c) = post(
        s.addr,
        "/rpc/add_contact",
        &[("Authorization", &auth)],
        r#"{"draft":{"display_name":"张伟明"}}"#,
    );
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["display_name"], "张伟明");
    let (status, hits) = post(
        s.addr,
        "/rpc/search",
        &[("Authorization", &auth)],
        r#"{"query":"zwm"}"#,
    );
    assert_eq!(status, 200);
    assert_eq!(hits[0]["display_name"], "张伟明");

    // No token, a wrong one: refused, and nothing is written.
    let (status, e) = post(
        s.addr,
        "/rpc/add_contact",
        &[],
        r#"{"draft":{"display_name":"X"}}"#,
    );
    assert_eq!((status, e["code"].as_str()), (401, Some("unauthorized")));
    let wrong = format!("Bearer {}x", &s.token[..s.token.len() - 1]);
    let (status, _) = post(
        s.addr,
        "/rpc/add_contact",
        &[("Authorization", &wrong)],
        r#"{"draft":{"display_name":"X"}}"#,
    );
    assert_eq!(status, 401);
    // A page of another site, even with the token.
    let (status, e) = post(
        s.addr,
        "/rpc/count_contacts",
        &[("Authorization", &auth), ("Origin", "http://evil.example")],
        "{}",
    );
    assert_eq!((status, e["code"].as_str()), (403, Some("forbidden")));
    // Errors keep the core's codes.
    let (status, e) = post(
        s.addr,
        "/rpc/get_contact",
        &[("Authorization", &auth)],
        r#"{"id":99}"#,
    );
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("contact_not_found"))
    );
    let (status, e) = post(s.addr, "/rpc/teleport", &[("Authorization", &auth)], "{}");
    assert_eq!((status, e["code"].as_str()), (404, Some("unknown_command")));
    let (_, n) = post(
        s.addr,
        "/rpc/count_contacts",
        &[("Authorization", &auth)],
        "{}",
    );
    assert_eq!(n, 1, "only the first contact was written");
}

/// This machine's address on its network (not loopback), if it has one.
fn own_network_address() -> Option<IpAddr> {
    let probe = UdpSocket::bind("0.0.0.0:0").ok()?;
    // No packet is sent: connecting a UDP socket only picks the route.
    probe.connect("192.0.2.1:9").ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn a_peer_that_is_not_local_is_refused_whatever_it_listens_on() {
    let Some(ip) = own_network_address() else {
        eprintln!("no network address on this machine: the non-local peer was not tested");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = serve(dir.path(), &["--listen", "0.0.0.0"]);
    let auth = format!("Bearer {}", s.token);
    let from_network = SocketAddr::new(ip, s.addr.port());
    let (status, e) = post(
        from_network,
        "/rpc/count_contacts",
        &[("Authorization", &auth)],
        "{}",
    );
    assert_eq!(
        (status, e["code"].as_str()),
        (403, Some("forbidden")),
        "{e}"
    );
    let local = SocketAddr::new("127.0.0.1".parse().unwrap(), s.addr.port());
    let (status, _) = post(
        local,
        "/rpc/count_contacts",
        &[("Authorization", &auth)],
        "{}",
    );
    assert_eq!(status, 200);
}

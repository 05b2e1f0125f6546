//! `rapport serve`: the core's command table over HTTP/JSON, for the UI in a
//! browser (`npm run dev`) and the UI's tests, on a real data folder.
//!
//! Local only: it listens on the loopback address, refuses a peer that is not
//! local whatever it listens on, refuses a page from another origin (a web page
//! the user visits cannot call it), and requires a random token on every request.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::{Context, Result};
use rapport_core::api::{self, ApiError, Env, Session};
use rapport_core::desktop::DesktopPaths;
use tiny_http::{Header, Method, Request, Response, Server};

/// Largest request body accepted.
const MAX_BODY: u64 = 16 * 1024 * 1024;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0: any free port; the address is printed).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The token clients must send (default: a random one, printed). Also RAPPORT_SERVE_TOKEN.
    #[arg(long, env = "RAPPORT_SERVE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Listen on this address instead of 127.0.0.1 (peers that are not local are refused anyway).
    #[arg(long, hide = true)]
    listen: Option<IpAddr>,
    /// Starting at login and the reminder while closed write their files under this
    /// folder (for tests); without it they are not served's to change.
    #[arg(long, value_name = "DIR")]
    desktop_config_home: Option<std::path::PathBuf>,
}

/// Whether a peer address is this machine's loopback.
pub fn is_local_peer(addr: Option<&SocketAddr>) -> bool {
    addr.is_some_and(|a| match a.ip() {
        IpAddr::V4(ip) => ip.is_loopback(),
        IpAddr::V6(ip) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    })
}

/// Whether a page's origin is served from this machine (`http://localhost:5173`,
/// `http://127.0.0.1:…`, `http://[::1]:…`, the app's `tauri://localhost`).
pub fn is_local_origin(origin: &str) -> bool {
    let rest = match origin.split_once("://") {
        Some(("http" | "https" | "tauri", rest)) => rest,
        _ => return false,
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, tail)) if tail.is_empty() || tail.starts_with(':') => h,
            _ => return false,
        },
        None => rest.split(':').next().unwrap_or(""),
    };
    let port_ok = match rest
        .rsplit_once(']')
        .map_or(rest, |(_, p)| p)
        .split_once(':')
    {
        Some((_, port)) => !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()),
        None => true,
    };
    port_ok && !rest.contains('/') && matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// Compares without leaking where the first difference is.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn random_token() -> String {
    format!("{:032x}", rand::random::<u128>())
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn json_header() -> Header {
    Header::from_bytes("Content-Type", "application/json").expect("a valid header")
}

fn error(status: u16, code: &str, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_vec(&ApiError::new(code, message)).unwrap_or_default();
    Response::from_data(body)
        .with_status_code(status)
        .with_header(json_header())
}

fn status_of(e: &ApiError) -> u16 {
    match e.code.as_str() {
        "unknown_command"
        | "contact_not_found"
        | "interaction_not_found"
        | "followup_not_found"
        | "deal_not_found"
        | "case_not_found" => 404,
        "busy" | "database_busy" | "import_running" => 409,
        "internal" => 500,
        _ => 400,
    }
}

/// Serves `session` until the process is stopped.
pub fn serve(session: Session, args: ServeArgs) -> Result<()> {
    let ip = args.listen.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let server = Server::http(SocketAddr::new(ip, args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {ip}:{}: {e}", args.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    let token = args.token.unwrap_or_else(random_token);
    if token.len() < 16 {
        anyhow::bail!("the token must be at least 16 characters");
    }
    // One line a script can read: where to connect and with what.
    println!(
        "{}",
        serde_json::json!({ "url": format!("http://{addr}"), "token": token })
    );
    eprintln!(
        "rapport serve: listening on http://{addr} for {}",
        session.data_dir().display()
    );
    let session = Arc::new(session);
    let token = Arc::new(token);
    let desktop = Arc::new(args.desktop_config_home.map(|config_home| DesktopPaths {
        config_home,
        app: rapport_core::desktop::APP.into(),
        cli: std::env::current_exe().unwrap_or_else(|_| "rapport".into()),
        systemd: false,
    }));
    for req in server.incoming_requests() {
        let (session, token, desktop) = (session.clone(), token.clone(), desktop.clone());
        // A long import must not hold up a search: one thread per request.
        std::thread::spawn(move || handle(&session, &token, &desktop, req));
    }
    Ok(())
}

fn handle(session: &Session, token: &str, desktop: &Option<DesktopPaths>, mut req: Request) {
    let origin = header(&req, "Origin").map(str::to_string);
    let response = answer(session, token, desktop, &mut req, origin.as_deref());
    let response = match origin.filter(|o| is_local_origin(o)) {
        Some(o) => response
            .with_header(Header::from_bytes("Access-Control-Allow-Origin", o).expect("header"))
            .with_header(Header::from_bytes("Vary", "Origin").expect("header")),
        None => response,
    };
    // The client may have gone; nothing to tell it then.
    let _ = req.respond(response);
}

fn answer(
    session: &Session,
    token: &str,
    desktop: &Option<DesktopPaths>,
    req: &mut Request,
    origin: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if !is_local_peer(req.remote_addr()) {
        return error(403, "forbidden", "rapport serve answers this machine only");
    }
    if origin.is_some_and(|o| !is_local_origin(o)) {
        return error(403, "forbidden", "requests from other sites are refused");
    }
    if *req.method() == Method::Options {
        return Response::from_data(Vec::new())
            .with_status_code(204)
            .with_header(
                Header::from_bytes("Access-Control-Allow-Methods", "POST").expect("header"),
            )
            .with_header(
                Header::from_bytes(
                    "Access-Control-Allow-Headers",
                    "authorization, content-type",
                )
                .expect("header"),
            );
    }
    let expected = format!("Bearer {token}");
    if !header(req, "Authorization").is_some_and(|h| same_token(h, &expected)) {
        return error(401, "unauthorized", "a valid token is required");
    }
    let Some(command) = req.url().strip_prefix("/rpc/").map(str::to_string) else {
        return error(404, "not_found", "commands are at POST /rpc/<command>");
    };
    if *req.method() != Method::Post {
        return error(405, "method_not_allowed", "commands are called with POST");
    }
    let mut body = Vec::new();
    if let Err(e) = req.as_reader().take(MAX_BODY + 1).read_to_end(&mut body) {
        return error(
            400,
            "bad_request",
            &format!("the request could not be read: {e}"),
        );
    }
    if body.len() as u64 > MAX_BODY {
        return error(413, "too_large", "the request is larger than 16 MB");
    }
    let request = match body.is_empty() {
        true => serde_json::Value::Null,
        false => match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return error(400, "bad_request", &format!("the body is not JSON: {e}")),
        },
    };
    let env = Env {
        desktop: desktop.clone(),
        ..crate::clock::env()
    };
    match api::call(session, &env, &command, request) {
        Ok(v) => Response::from_data(serde_json::to_vec(&v).unwrap_or_default())
            .with_header(json_header()),
        Err(e) => error(status_of(&e), &e.code, &e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_origins() {
        for o in [
            "http://localhost:5173",
            "http://127.0.0.1:4173",
            "http://[::1]:8080",
            "tauri://localhost",
            "http://localhost",
        ] {
            assert!(is_local_origin(o), "{o}");
        }
        for o in [
            "http://evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1.nip.io",
            "https://example.com:5173",
            "http://localhost:5173/x",
            "http://localhost:abc",
            "file://",
            "null",
            "",
        ] {
            assert!(!is_local_origin(o), "{o}");
        }
    }

    #[test]
    fn only_loopback_peers() {
        let at = |s: &str| s.parse::<SocketAddr>().ok();
        assert!(is_local_peer(at("127.0.0.1:9").as_ref()));
        assert!(is_local_peer(at("[::1]:9").as_ref()));
        assert!(is_local_peer(at("[::ffff:127.0.0.1]:9").as_ref()));
        assert!(!is_local_peer(at("192.168.1.20:9").as_ref()));
        assert!(!is_local_peer(at("[::ffff:10.0.0.1]:9").as_ref()));
        assert!(!is_local_peer(None));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("Bearer abc", "Bearer abc"));
        assert!(!same_token("Bearer abd", "Bearer abc"));
        assert!(!same_token("Bearer ab", "Bearer abc"));
        assert_eq!(random_token().len(), 32);
        assert_ne!(random_token(), random_token());
    }
}

//! The UI's TypeScript client, written from the command table: one typed
//! function per command, over the desktop app's IPC or `rapport serve`'s HTTP.
//! A test writes it to `ui/src/lib/client.ts` (and the shell's command list to
//! `src-tauri/src/command_names.rs`); `./test` fails when the committed files drift.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ts_rs::{Dependency, TypeVisitor, TS};

use super::*;

/// Where the generated client goes, from the repository root.
pub const CLIENT_PATH: &str = "ui/src/lib/client.ts";
/// Where the shell's list of command names goes, from the repository root.
pub const SHELL_COMMANDS_PATH: &str = "src-tauri/src/command_names.rs";

struct Imports<'a>(&'a mut BTreeMap<String, String>);

impl TypeVisitor for Imports<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if let Some(d) = Dependency::from_ty::<T>() {
            add(self.0, d);
        }
        T::visit_generics(self);
    }
}

fn add(map: &mut BTreeMap<String, String>, d: Dependency) {
    let path = d
        .output_path
        .to_string_lossy()
        .trim_end_matches(".ts")
        .to_string();
    map.insert(d.ts_name, path);
}

fn imports_of<T: TS + 'static>(map: &mut BTreeMap<String, String>) {
    if let Some(d) = Dependency::from_ty::<T>() {
        add(map, d);
    }
    T::visit_generics(&mut Imports(map));
}

/// A type's name in the client: 64-bit integers cross JSON as numbers.
fn ts_name<T: TS>() -> String {
    T::name().replace("bigint", "number")
}

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for ch in name.chars() {
        match (ch, up) {
            ('_', _) => up = true,
            (c, true) => {
                out.extend(c.to_uppercase());
                up = false;
            }
            (c, false) => out.push(c),
        }
    }
    out
}

struct Entry {
    name: &'static str,
    doc: &'static str,
    request: String,
    response: String,
}

macro_rules! entries {
    ($($(#[doc = $doc:literal])* $name:ident($req:ty) -> $resp:ty, $access:ident, $cli:literal;)*) => {
        fn entries(imports: &mut BTreeMap<String, String>) -> Vec<Entry> {
            let mut list = Vec::new();
            $(
                imports_of::<$req>(imports);
                imports_of::<$resp>(imports);
                list.push(Entry {
                    name: stringify!($name),
                    doc: concat!($($doc),*),
                    request: ts_name::<$req>(),
                    response: ts_name::<$resp>(),
                });
            )*
            list
        }
    };
}
for_each_command!(entries);

const TRANSPORT: &str = r#"
/** An error from the core: a stable code the UI can act on, and words for the user. */
export class RapportError extends Error implements ApiError {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'RapportError';
  }
}

/** Turns whatever a call rejected with into a `RapportError`. */
export function toRapportError(e: unknown): RapportError {
  if (e instanceof RapportError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const o = e as { code: unknown; message: unknown };
    return new RapportError(String(o.code), String(o.message));
  }
  if (typeof e === 'string') return new RapportError('backend', e);
  return new RapportError('backend', e instanceof Error ? e.message : String(e));
}

/** How calls reach the core. */
export interface Transport {
  call(command: string, request: unknown): Promise<unknown>;
}

/** The desktop app's IPC. */
export function tauriTransport(): Transport {
  return {
    async call(command, request) {
      const { invoke } = await import('@tauri-apps/api/core');
      return invoke(command, { request });
    },
  };
}

/** `rapport serve` at `url` (`http://127.0.0.1:PORT`), with its token (`fetchFn`: how to send, for tests). */
export function httpTransport(url: string, token: string, fetchFn: typeof fetch = fetch): Transport {
  const base = url.replace(/\/+$/, '');
  return {
    async call(command, request) {
      const response = await fetchFn(`${base}/rpc/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        throw new RapportError('backend', `${command}: the server answered ${response.status}: ${text}`);
      }
      if (!response.ok) throw toRapportError(body ?? `${command}: HTTP ${response.status}`);
      return body;
    },
  };
}

/** True inside the desktop app's webview. */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

let transport: Transport | null = null;

/** Chooses how calls reach the core (tests, the browser against `rapport serve`). */
export function useTransport(t: Transport): void {
  transport = t;
}

/** Whether a transport is chosen or can be found (the app, or a server in the page's address). */
export function transportReady(): boolean {
  return current() !== null;
}

function current(): Transport | null {
  if (transport) return transport;
  if (inTauri()) {
    transport = tauriTransport();
  } else if (typeof location !== 'undefined') {
    const q = new URLSearchParams(location.search);
    const server = q.get('server');
    const token = q.get('token');
    if (server && token) transport = httpTransport(server, token);
  }
  return transport;
}

async function call<T>(command: string, request: unknown): Promise<T> {
  const t = current();
  if (!t) {
    throw new RapportError(
      'no_backend',
      'not connected to Rapport: open the app, or run `rapport serve` and open the address it prints',
    );
  }
  try {
    return (await t.call(command, request)) as T;
  } catch (e) {
    throw toRapportError(e);
  }
}
"#;

/// The client's source.
pub fn client() -> String {
    let mut imports = BTreeMap::new();
    imports_of::<ApiError>(&mut imports);
    let entries = entries(&mut imports);
    let mut out = String::from(
        "// Generated from the core's command table (rapport-core, api/table.rs) by\n\
         // `cargo test -p rapport-core`. Do not edit: change the table and run the tests.\n\
         // The only place the UI reaches the core.\n\n",
    );
    for (name, path) in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from './bindings/{path}';");
    }
    out.push_str(TRANSPORT);
    for e in &entries {
        let _ = write!(
            out,
            "\n/** {} (`{}`) */\nexport function {}(request: {}): Promise<{}> {{\n  return call('{}', request);\n}}\n",
            e.doc.trim(),
            e.name,
            camel(e.name),
            e.request,
            e.response,
            e.name
        );
    }
    out.push_str("\n/** Every command, in table order. */\nexport const COMMANDS = [\n");
    for e in &entries {
        let _ = writeln!(out, "  '{}',", e.name);
    }
    out.push_str("] as const;\n");
    out
}

/// The shell's command list (its `build.rs` makes one permission per name).
pub fn shell_command_names() -> String {
    let mut out = String::from(
        "// Generated from the core's command table by `cargo test -p rapport-core`; do not edit.\n\
         // `build.rs` includes it to generate one `allow-<command>` permission per name.\n\n\
         /// Every command the UI may invoke.\n\
         #[allow(dead_code)] // read by build.rs and by the capability test\n\
         pub const COMMANDS: &[&str] = &[\n",
    );
    for c in COMMANDS {
        let _ = writeln!(out, "    \"{}\",", c.name);
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `text` to `path` (from the repository root) when it differs.
    fn keep_current(path: &str, text: &str) {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path);
        if std::fs::read_to_string(&file).ok().as_deref() != Some(text) {
            std::fs::write(&file, text).unwrap();
        }
    }

    #[test]
    fn client_and_shell_list_are_written_from_the_table() {
        let client = client();
        for c in COMMANDS {
            assert!(
                client.contains(&format!("return call('{}', request);", c.name)),
                "{} has no client function",
                c.name
            );
        }
        assert!(client
            .contains("export function todayList(request: TodayListRequest): Promise<TodayList>"));
        assert!(client.contains("import type { TodayList } from './bindings/TodayList';"));
        assert!(
            client.contains("Promise<number>"),
            "u64 crosses as a number"
        );
        keep_current(CLIENT_PATH, &client);
        keep_current(SHELL_COMMANDS_PATH, &shell_command_names());
    }

    #[test]
    fn names_are_unique_and_camel_cased() {
        let mut names: Vec<_> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
        assert_eq!(camel("today_list"), "todayList");
        assert_eq!(camel("search"), "search");
    }
}

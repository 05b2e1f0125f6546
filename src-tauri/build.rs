// Tauri's build step: reads the root-level `tauri.conf.json` and generates one
// permission per app command (see `src/command_names.rs`), so the capability
// file can grant exactly those.

include!("src/command_names.rs");

fn main() {
    ensure_frontend_dist();
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

/// `tauri::generate_context!` embeds `ui/dist` and fails when it is missing.
/// So that `cargo build`/`clippy` work before the UI is built (a fresh clone,
/// CI's lint step), a page saying how to build the UI stands in for it; the
/// real build (`npm run build` in `ui/`) replaces it.
fn ensure_frontend_dist() {
    let dist = std::path::Path::new("../ui/dist");
    println!("cargo:rerun-if-changed=../ui/dist");
    if dist.join("index.html").exists() {
        return;
    }
    let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Rapport</title></head>\
        <body><p>The user interface was not built. Run <code>npm ci &amp;&amp; npm run build</code> \
        in <code>ui/</code>, then build the app again.</p></body></html>\n";
    if let Err(e) =
        std::fs::create_dir_all(dist).and_then(|_| std::fs::write(dist.join("index.html"), page))
    {
        println!("cargo:warning=could not write a placeholder ui/dist: {e}");
    }
}

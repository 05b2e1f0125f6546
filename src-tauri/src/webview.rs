//! The main window: focusing it, WebKit memory settings, and the launch timer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use tauri::{AppHandle, Manager, Runtime};

/// Label of the one window (see `tauri.conf.json`).
pub const MAIN_WINDOW: &str = "main";

static LAUNCHED: OnceLock<Instant> = OnceLock::new();
static FIRST_TODAY: AtomicBool = AtomicBool::new(false);

/// Remembers when the process started, and sets what WebKit reads from the
/// environment before it starts (call first thing in `main`, before any thread).
pub fn note_launch() {
    let _ = LAUNCHED.set(Instant::now());
    // Accelerated compositing keeps a backing store per layer: measured under Xvfb it
    // is ~80 MB of the web process (185 -> 108 MB PSS for an empty book, 332 -> 226 MB
    // with 100k contacts). The UI has no 3D or heavy animation, so it goes. The user's
    // own setting wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

fn startup_log() -> bool {
    std::env::var_os("RAPPORT_STARTUP_LOG").is_some()
}

fn log_since_launch(what: &str) {
    if let Some(t) = LAUNCHED.get() {
        eprintln!(
            "rapport: {what} {} ms after launch",
            t.elapsed().as_millis()
        );
    }
}

/// With `RAPPORT_STARTUP_LOG` set, prints how long after launch the first
/// today list was served (the UI shows Today right after).
pub fn note_today_served() {
    if !FIRST_TODAY.swap(true, Ordering::Relaxed) && startup_log() {
        log_since_launch("first today list served");
    }
}

/// Opens the main window as `tauri.conf.json` describes it (`create: false` there), its
/// page told which files the launch was asked to open.
pub fn open_main<R: Runtime>(app: &AppHandle<R>, files: &[String]) -> tauri::Result<()> {
    let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
    else {
        return Err(tauri::Error::WindowNotFound);
    };
    let mut window = tauri::WebviewWindowBuilder::from_config(app, &config)?
        .initialization_script(crate::open_files::init_script(files));
    if startup_log() {
        // The moment the bare window of tests/e2e/measure.sh is timed at, for comparison.
        window = window.on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                log_since_launch("page loaded");
            }
        });
    }
    window.build()?;
    Ok(())
}

/// Brings the main window to the front (a second launch calls this).
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window(MAIN_WINDOW) {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// Keeps WebKit's memory down: the app loads a handful of local files, so
/// the "document viewer" cache model (no page cache, small memory caches) is enough.
pub fn tune<R: Runtime>(app: &AppHandle<R>) {
    let Some(w) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    let _ = w.with_webview(|wv| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
            let view = wv.inner();
            if let Some(ctx) = view.context() {
                ctx.set_cache_model(CacheModel::DocumentViewer);
            }
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_page_cache(false);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = wv;
    });
}

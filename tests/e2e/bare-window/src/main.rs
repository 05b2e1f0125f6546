//! The bare window: one Tauri 2 webview showing a static page, with the WebKit settings
//! Rapport's window has (accelerated compositing off, the document-viewer cache model, no
//! page cache). Prints when the page has loaded, as Rapport does with RAPPORT_STARTUP_LOG.

use std::time::Instant;

use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let launched = Instant::now();
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    tauri::Builder::default()
        .setup(move |app| {
            let window =
                WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                    .title("Bare window")
                    .inner_size(1200.0, 800.0)
                    .on_page_load(move |_, payload| {
                        if payload.event() == PageLoadEvent::Finished {
                            eprintln!(
                                "bare: page loaded {} ms after launch",
                                launched.elapsed().as_millis()
                            );
                        }
                    })
                    .build()?;
            #[cfg(target_os = "linux")]
            window.with_webview(|wv| {
                use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
                let view = wv.inner();
                if let Some(ctx) = view.context() {
                    ctx.set_cache_model(CacheModel::DocumentViewer);
                }
                if let Some(settings) = WebViewExt::settings(&view) {
                    settings.set_enable_page_cache(false);
                }
            })?;
            #[cfg(not(target_os = "linux"))]
            let _ = window;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the bare window runs");
}

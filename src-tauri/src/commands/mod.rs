//! Tauri commands: a few lines each, calling the core. Every command is
//! `async`, so it runs off the main (GTK) thread; long work (import, export)
//! moves to a blocking thread and reports progress through events.

pub mod contacts;
pub mod export;
pub mod history;
pub mod import;
pub mod search;
pub mod settings;
pub mod today;

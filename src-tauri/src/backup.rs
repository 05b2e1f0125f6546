//! The daily automatic backup, made at start on its own thread and connection
//! so it never holds up the first window.

use std::path::PathBuf;

use rapport_core::ContactBook;

/// Makes today's backup (if there is none yet) and prunes old ones, in the background.
pub fn start_auto_backup(data_dir: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("auto-backup".into())
        .spawn(move || {
            let env = crate::clock::env();
            let result = ContactBook::open(&data_dir).and_then(|book| {
                let today = env.today(&book)?;
                book.auto_backup(today)
            });
            match result {
                Ok(Some(path)) => eprintln!("rapport: backup written to {}", path.display()),
                Ok(None) => {}
                Err(e) => eprintln!("rapport: the daily backup failed: {e}"),
            }
        });
    if let Err(e) = spawned {
        eprintln!("rapport: could not start the daily backup: {e}");
    }
}

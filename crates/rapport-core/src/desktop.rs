//! Rapport on the Linux desktop outside its window: starting it at login (an XDG
//! autostart entry) and the daily reminder while it is closed (a systemd user timer
//! that runs `rapport remind --notify` at the reminder time, or at the first moment
//! after it that the machine is on). The shell says where the user's config folder
//! and the two programs are ([`DesktopPaths`]); the core writes, rewrites and removes
//! the files. The app and the timer share the book's "sent today" mark, so one
//! reminder goes out a day whichever of them is first.

use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::ContactBook;
use crate::error::{Error, Result};
use crate::files::io;
use crate::settings::SettingChange;

/// Where the user's desktop files and Rapport's programs are, as the shell sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopPaths {
    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    pub config_home: PathBuf,
    /// The desktop app (`rapport-app`).
    pub app: PathBuf,
    /// The command line (`rapport`).
    pub cli: PathBuf,
    /// Whether to tell the user's systemd (`systemctl --user`) when the timer changes:
    /// the shells do; a test writing into a folder of its own does not.
    pub systemd: bool,
}

/// The names of Rapport's two programs, installed side by side.
pub const APP: &str = "rapport-app";
/// The command line's name.
pub const CLI: &str = "rapport";
/// The app's argument that opens it on Today (`rapport remind --notify` starts the app
/// with it when its notification is clicked; a running app takes it over).
pub const OPEN_TODAY_ARG: &str = "--today";

/// The program `name` beside the one at `this`, else `name` alone (found on `PATH`).
pub fn program_beside(this: &Path, name: &str) -> PathBuf {
    let beside = this.with_file_name(name);
    if beside.is_file() {
        beside
    } else {
        PathBuf::from(name)
    }
}

impl DesktopPaths {
    /// The paths as seen from one of the two programs at `this` (`app`: whether it is the
    /// desktop app): the other one beside it, else on `PATH`; the config folder from the
    /// environment the shell read, `$XDG_CONFIG_HOME` if set, else `$HOME/.config`.
    pub fn seen_from(
        this: PathBuf,
        app: bool,
        xdg_config_home: Option<std::ffi::OsString>,
        home: Option<std::ffi::OsString>,
    ) -> Option<DesktopPaths> {
        let config_home = match xdg_config_home.filter(|v| !v.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => Path::new(&home.filter(|v| !v.is_empty())?).join(".config"),
        };
        let other = program_beside(&this, if app { CLI } else { APP });
        let (app, cli) = if app { (this, other) } else { (other, this) };
        Some(DesktopPaths {
            config_home,
            app,
            cli,
            systemd: true,
        })
    }
}

/// Whether Rapport starts at login and reminds while closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DesktopIntegration {
    /// Whether they can be changed here (the desktop app on Linux).
    pub available: bool,
    /// An autostart entry starts the app at login.
    pub start_at_login: bool,
    /// A systemd user timer raises the daily reminder while the app is closed.
    pub remind_when_closed: bool,
}

/// What to change (`None`: keep).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DesktopIntegrationChange {
    /// Start the app at login.
    #[serde(default)]
    pub start_at_login: Option<bool>,
    /// Raise the daily reminder while the app is closed.
    #[serde(default)]
    pub remind_when_closed: Option<bool>,
}

const AUTOSTART: &str = "autostart/rapport.desktop";
const SERVICE: &str = "systemd/user/rapport-remind.service";
const TIMER: &str = "systemd/user/rapport-remind.timer";
const TIMER_WANTED: &str = "systemd/user/timers.target.wants/rapport-remind.timer";

/// An argument quoted for a desktop entry's `Exec` key (its spec's reserved characters).
fn desktop_quoted(arg: &Path) -> String {
    let mut out = String::from('"');
    for c in arg.to_string_lossy().chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// An argument quoted for a systemd `ExecStart=` line (`%` is a specifier there).
fn systemd_quoted(arg: &Path) -> String {
    let mut out = String::from('"');
    for c in arg.to_string_lossy().chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '%' => out.push_str("%%"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The autostart entry that starts `app` at login.
pub fn autostart_entry(app: &Path) -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=Rapport\nComment=Today's follow-ups\n\
         Exec={}\nIcon={APP}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        desktop_quoted(app)
    )
}

/// The service and the timer that run the reminder for `data_dir` at `at` every day.
pub fn reminder_units(cli: &Path, data_dir: &Path, at: NaiveTime) -> (String, String) {
    let service = format!(
        "[Unit]\nDescription=Rapport's daily reminder, while the app is closed\n\n\
         [Service]\nType=oneshot\nExecStart={} --data-dir {} remind --notify\n",
        systemd_quoted(cli),
        systemd_quoted(data_dir)
    );
    let hm = at.format("%H:%M");
    let timer = format!(
        "[Unit]\nDescription=Rapport's daily reminder at {hm}\n\n\
         [Timer]\nOnCalendar=*-*-* {hm}:00\nPersistent=true\n\n\
         [Install]\nWantedBy=timers.target\n"
    );
    (service, timer)
}

/// What is installed now for the book in `data_dir`. The user has one reminder timer:
/// it is this book's when its service names this folder.
pub fn state(paths: Option<&DesktopPaths>, data_dir: &Path) -> DesktopIntegration {
    match paths {
        None => DesktopIntegration::default(),
        Some(p) => DesktopIntegration {
            available: true,
            start_at_login: p.config_home.join(AUTOSTART).is_file(),
            remind_when_closed: p.config_home.join(TIMER).is_file() && timer_is_for(p, data_dir),
        },
    }
}

/// The data folder as the timer names it: absolute, as systemd runs it from `/`.
fn absolute(data_dir: &Path) -> PathBuf {
    std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf())
}

/// Whether the reminder's service runs for the book in `data_dir`.
fn timer_is_for(p: &DesktopPaths, data_dir: &Path) -> bool {
    let needle = format!("--data-dir {} ", systemd_quoted(&absolute(data_dir)));
    std::fs::read_to_string(p.config_home.join(SERVICE)).is_ok_and(|s| s.contains(&needle))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    crate::files::write_atomically(path, |out| {
        out.write_all(text.as_bytes()).map_err(io(path))?;
        Ok(text.len() as u64)
    })
    .map(drop)
}

fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

/// Applies `change` for the book in `data_dir`, whose reminder time is `at`.
pub fn apply(
    paths: Option<&DesktopPaths>,
    data_dir: &Path,
    at: Option<NaiveTime>,
    change: DesktopIntegrationChange,
) -> Result<DesktopIntegration> {
    let Some(p) = paths else {
        return Err(Error::invalid(
            "desktop",
            "starting at login and the reminder while closed are set in the desktop app on Linux",
        ));
    };
    if let Some(on) = change.start_at_login {
        let entry = p.config_home.join(AUTOSTART);
        if on {
            write(&entry, &autostart_entry(&p.app))?;
        } else {
            remove(&entry)?;
        }
    }
    match change.remind_when_closed {
        Some(true) => {
            let at = at.ok_or_else(|| {
                Error::invalid(
                    "reminder",
                    "set a reminder time first: the timer runs at that time",
                )
            })?;
            install_timer(p, data_dir, at)?;
        }
        // Another book's timer is left alone.
        Some(false) if timer_is_for(p, data_dir) => remove_timer(p)?,
        Some(false) | None => {}
    }
    Ok(state(paths, data_dir))
}

impl ContactBook {
    /// Changes one setting; a new reminder time moves this book's reminder timer too
    /// (and an end to the reminder removes it). `paths`: where the timer is, if anywhere.
    pub fn change_setting_with_timer(
        &mut self,
        change: SettingChange,
        paths: Option<&DesktopPaths>,
    ) -> Result<()> {
        let time_changed = matches!(change, SettingChange::ReminderTime(_));
        self.change_setting(change)?;
        match self.data_dir() {
            Some(dir) if time_changed => {
                let dir = dir.to_path_buf();
                reminder_time_changed(paths, &dir, self.reminder_time()?)
            }
            _ => Ok(()),
        }
    }
}

/// After the reminder time changed: the timer follows it (and goes when it is off),
/// when it is this book's.
pub fn reminder_time_changed(
    paths: Option<&DesktopPaths>,
    data_dir: &Path,
    at: Option<NaiveTime>,
) -> Result<()> {
    let Some(p) = paths else { return Ok(()) };
    // Only this book's timer follows this book's time.
    if !state(paths, data_dir).remind_when_closed {
        return Ok(());
    }
    match at {
        Some(at) => install_timer(p, data_dir, at),
        None => remove_timer(p),
    }
}

fn install_timer(p: &DesktopPaths, data_dir: &Path, at: NaiveTime) -> Result<()> {
    let (service, timer) = reminder_units(&p.cli, &absolute(data_dir), at);
    write(&p.config_home.join(SERVICE), &service)?;
    write(&p.config_home.join(TIMER), &timer)?;
    // What `systemctl --user enable` does: the timer is wanted by timers.target.
    let wanted = p.config_home.join(TIMER_WANTED);
    if wanted.symlink_metadata().is_err() {
        if let Some(dir) = wanted.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("../rapport-remind.timer", &wanted).map_err(io(&wanted))?;
    }
    tell_systemd(p, &["start", "rapport-remind.timer"]);
    Ok(())
}

fn remove_timer(p: &DesktopPaths) -> Result<()> {
    tell_systemd(p, &["stop", "rapport-remind.timer"]);
    for f in [TIMER_WANTED, TIMER, SERVICE] {
        remove(&p.config_home.join(f))?;
    }
    tell_systemd(p, &[]);
    Ok(())
}

/// Best effort: the user's systemd rereads its units (and starts or stops the timer);
/// without a user systemd the files take effect at the next login.
fn tell_systemd(p: &DesktopPaths, then: &[&str]) {
    if !p.systemd {
        return;
    }
    let run = |args: &[&str]| {
        std::process::Command::new("systemctl")
            .arg("--user")
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if run(&["daemon-reload"]) && !then.is_empty() {
        run(then);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> DesktopPaths {
        DesktopPaths {
            config_home: dir.join("config"),
            app: "/opt/Rapport App/rapport-app".into(),
            cli: "/opt/Rapport App/rapport".into(),
            systemd: false,
        }
    }

    #[test]
    fn the_programs_and_the_config_folder_as_a_shell_sees_them() {
        let dir = tempfile::tempdir().unwrap();
        let cli = dir.path().join("rapport");
        std::fs::write(&cli, "").unwrap();
        let app = dir.path().join("rapport-app");
        let p = DesktopPaths::seen_from(cli.clone(), false, None, Some("/home/a".into())).unwrap();
        assert_eq!(p.config_home, Path::new("/home/a/.config"));
        assert_eq!(
            (p.app.as_path(), p.cli.as_path()),
            (Path::new("rapport-app"), cli.as_path())
        );
        let p = DesktopPaths::seen_from(app.clone(), true, Some("/x/cfg".into()), None).unwrap();
        assert_eq!(
            (p.config_home.as_path(), p.cli.as_path()),
            (Path::new("/x/cfg"), cli.as_path())
        );
        assert_eq!(
            DesktopPaths::seen_from(app, true, Some("".into()), None),
            None
        );
    }

    #[test]
    fn the_files_quote_paths_as_their_formats_say() {
        let entry = autostart_entry(Path::new("/opt/my $app/rapport-app"));
        assert!(
            entry.contains("Exec=\"/opt/my \\$app/rapport-app\"\n"),
            "{entry}"
        );
        let at = NaiveTime::from_hms_opt(8, 30, 0).unwrap();
        let (service, timer) =
            reminder_units(Path::new("/usr/bin/rapport"), Path::new("/home/a/100%"), at);
        assert!(
            service.contains(
                "ExecStart=\"/usr/bin/rapport\" --data-dir \"/home/a/100%%\" remind --notify\n"
            ),
            "{service}"
        );
        assert!(
            timer.contains("OnCalendar=*-*-* 08:30:00\nPersistent=true\n"),
            "{timer}"
        );
    }

    #[test]
    fn installs_follows_the_reminder_time_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let data = dir.path().join("data");
        assert_eq!(state(None, &data), DesktopIntegration::default());
        assert!(apply(None, &data, None, DesktopIntegrationChange::default()).is_err());
        let on = DesktopIntegrationChange {
            start_at_login: Some(true),
            remind_when_closed: Some(true),
        };
        // The timer needs a time.
        assert!(apply(Some(&p), &data, None, on).is_err());
        let eight = NaiveTime::from_hms_opt(8, 0, 0);
        let s = apply(Some(&p), &data, eight, on).unwrap();
        assert!(s.available && s.start_at_login && s.remind_when_closed);
        let timer = p.config_home.join(TIMER);
        assert!(std::fs::read_to_string(&timer)
            .unwrap()
            .contains("08:00:00"));
        let wanted = p.config_home.join(TIMER_WANTED);
        assert_eq!(
            std::fs::canonicalize(&wanted).unwrap(),
            std::fs::canonicalize(&timer).unwrap()
        );
        // A new time rewrites the timer; no time removes it.
        reminder_time_changed(Some(&p), &data, NaiveTime::from_hms_opt(7, 15, 0)).unwrap();
        assert!(std::fs::read_to_string(&timer)
            .unwrap()
            .contains("07:15:00"));
        // Another book (`--data-dir` elsewhere) neither sees nor changes this book's timer.
        let other = dir.path().join("other");
        assert!(!state(Some(&p), &other).remind_when_closed);
        reminder_time_changed(Some(&p), &other, None).unwrap();
        let keep = DesktopIntegrationChange {
            start_at_login: None,
            remind_when_closed: Some(false),
        };
        apply(Some(&p), &other, None, keep).unwrap();
        assert!(std::fs::read_to_string(&timer)
            .unwrap()
            .contains("07:15:00"));
        reminder_time_changed(Some(&p), &data, None).unwrap();
        assert!(!state(Some(&p), &data).remind_when_closed);
        assert!(wanted.symlink_metadata().is_err());
        let off = DesktopIntegrationChange {
            start_at_login: Some(false),
            remind_when_closed: None,
        };
        assert!(!apply(Some(&p), &data, eight, off).unwrap().start_at_login);
        assert!(!p.config_home.join(AUTOSTART).exists());
    }
}

#!/usr/bin/env bash
# End-to-end tests of the real desktop app: builds the UI and the app (debug, or
# RAPPORT_E2E_PROFILE=release),
# starts its own Xvfb and tauri-driver (which runs WebKitWebDriver), and drives
# the app through WebDriver (app.test.mjs, Node's test runner, no npm packages)
# against a fresh data folder, then checks that folder with the `rapport` CLI.
# Screenshots land in assets/ (RAPPORT_E2E_SCREENSHOTS=0 turns that off).
# Fails loudly; stops Xvfb and the driver on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

die() { echo "e2e: $*" >&2; exit 1; }
command -v Xvfb >/dev/null || die "Xvfb missing (scripts/install-deps installs scripts/deps-debian-app.txt)"
command -v WebKitWebDriver >/dev/null || die "WebKitWebDriver missing (Debian package webkit2gtk-driver)"
if ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi

# RAPPORT_E2E_PROFILE=release drives the release build (what the speed checks are read on).
profile=${RAPPORT_E2E_PROFILE:-debug}
case "$profile" in
  debug) profile_flag=() ;;
  release) profile_flag=(--release) ;;
  *) die "RAPPORT_E2E_PROFILE is debug or release, not $profile" ;;
esac
if [ "${RAPPORT_E2E_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building the UI"
  (cd ui && npm ci --no-audit --no-fund && npm run build)
  echo "==> building the app and the CLI ($profile)"
  cargo build --locked "${profile_flag[@]}" -p rapport-app -p rapport-cli
fi
# The import that runs while the UI searches must outlast the search and the Today
# timing: a release build imports 30k rows before they are taken.
if [ -z "${RAPPORT_E2E_BIG_IMPORT:-}" ]; then
  if [ "$profile" = release ]; then export RAPPORT_E2E_BIG_IMPORT=80000; else export RAPPORT_E2E_BIG_IMPORT=30000; fi
fi
app="$root/target/$profile/rapport-app"
cli="$root/target/$profile/rapport"
[ -x "$app" ] && [ -x "$cli" ] || die "built binaries not found ($app, $cli)"

work=$(mktemp -d /tmp/rapport-e2e.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${RAPPORT_E2E_KEEP:-0}" = 1 ]; then echo "e2e: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# A free X display and free ports (other sessions may run their own).
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=4444
while ! port_free "$port" || ! port_free $((port + 1)); do port=$((port + 2)); done

Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$display" ] || { cat "$work/xvfb.log"; die "Xvfb did not start"; }
export DISPLAY=":$display"

# A session bus of our own and a real notification daemon on it (dunst), for the daily
# reminder: its notifications stay until acted on, and dunst writes each one it shows to
# a file the tests read; they click one with `dunstctl action`, over D-Bus.
command -v dbus-daemon >/dev/null || die "dbus-daemon missing (Debian package dbus)"
command -v dunst >/dev/null && command -v dunstctl >/dev/null || die "dunst missing (Debian package dunst)"
# The bus starts no service by itself: dunst registers with a session bus's activation
# files, and a Notify or dunstctl call that came before ours was up would start a second
# dunst, with the default settings, that takes the name.
mkdir -p "$work/dunst"
cat >"$work/bus.conf" <<'BUSCONF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
BUSCONF
bus=$(dbus-daemon --config-file="$work/bus.conf" --fork --print-address=1 --print-pid=1)
export DBUS_SESSION_BUS_ADDRESS=${bus%%$'\n'*}
pids+=("${bus##*$'\n'}")
# No accessibility bus on this private one (GTK would start it for every process).
export NO_AT_BRIDGE=1
shown="$work/dunst/shown"
: >"$shown"
cat >"$work/dunst/record" <<'SCRIPT'
#!/bin/sh
# dunst runs this for each notification: appname summary body icon urgency.
printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RAPPORT_E2E_SHOWN"
SCRIPT
chmod +x "$work/dunst/record"
cat >"$work/dunst/dunstrc" <<DUNSTRC
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
[record]
    summary = "*"
    script = $work/dunst/record
DUNSTRC
RAPPORT_E2E_SHOWN="$shown" dunst -config "$work/dunst/dunstrc" >"$work/dunst.log" 2>&1 &
pids+=($!)
notifications_owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 1 100); do notifications_owned && break; sleep 0.1; done
notifications_owned || { cat "$work/dunst.log"; die "dunst did not start"; }

data="$work/data"
# The app inherits the driver's environment: its data folder, and no session bus
# noise from a desktop that is not there.
# WebKitWebDriver's screenshots hang without accelerated compositing, which the app
# turns off by default to save memory: the tests keep it on.
RAPPORT_DATA_DIR="$data" RAPPORT_STARTUP_LOG=1 WEBKIT_DISABLE_COMPOSITING_MODE=0 \
  tauri-driver --port "$port" --native-port $((port + 1)) >"$work/driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do port_free "$port" || break; sleep 0.1; done
port_free "$port" && { cat "$work/driver.log"; die "tauri-driver did not start"; }

echo "==> WebDriver tests (display :$display, driver port $port)"
status=0
RAPPORT_E2E_PORT="$port" RAPPORT_E2E_APP="$app" RAPPORT_E2E_CLI="$cli" RAPPORT_E2E_DATA="$data" \
  RAPPORT_E2E_ROOT="$root" RAPPORT_E2E_WORK="$work" RAPPORT_E2E_SHOWN="$shown" \
  node --test --test-reporter=spec tests/e2e/app.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "---- tauri-driver / app log ----"
  tail -n 60 "$work/driver.log" || true
  echo "---- dunst ----"
  tail -n 20 "$work/dunst.log" || true
fi
exit "$status"

#!/usr/bin/env bash
# Measures the release app (not part of ./test): launch to the first Today list,
# idle memory (PSS of the app + WebKitWebProcess + WebKitNetworkProcess) with
# 100k contacts and ~1M interactions, release binary size and .deb size.
# Needs target/release/rapport-app and target/release/rapport (./run builds them).
# Usage: tests/e2e/measure.sh [CONTACTS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
contacts=${1:-100000}
app=target/release/rapport-app
cli=target/release/rapport
[ -x "$app" ] && [ -x "$cli" ] || { echo "build the release binaries first (./run)" >&2; exit 1; }

work=$(mktemp -d /tmp/rapport-measure.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
data="${RAPPORT_MEASURE_DATA:-$work/data}"  # an existing generated folder may be given

if [ ! -e "$data/rapport.db" ]; then
  echo "==> generating $contacts contacts"
  /usr/bin/time -f "generate: %e s" "$cli" --data-dir "$data" generate --contacts "$contacts" >/dev/null
fi
echo "contacts: $(sqlite3 "$data/rapport.db" "SELECT count(*) FROM contacts"), interactions: $(sqlite3 "$data/rapport.db" "SELECT count(*) FROM interactions")"

display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }

for run in 1 2 3; do
  DISPLAY=":$display" RAPPORT_DATA_DIR="$data" RAPPORT_STARTUP_LOG=1 "$app" 2>"$work/app$run.log" &
  apid=$!
  for _ in $(seq 1 100); do grep -q "first today list" "$work/app$run.log" && break; sleep 0.1; done
  echo "run $run: $(grep -o 'first today list served [0-9]* ms after launch' "$work/app$run.log" || echo 'no today list within 10 s')"
  if [ "$run" = 3 ]; then
    sleep 15 # idle
    total=0
    for p in "$apid" $(descendants "$apid"); do
      kb=$(pss_kb "$p")
      printf '  %-22s pid %-7s PSS %6d kB\n' "$(cat "/proc/$p/comm" 2>/dev/null)" "$p" "$kb"
      total=$((total + kb))
    done
    echo "idle PSS, all processes: $((total / 1024)) MB"
    DISPLAY=":$display" import -window root "$work/shot.png" 2>/dev/null && cp "$work/shot.png" /tmp/rapport-measure-100k.png || true
  fi
  kill "$apid"; wait "$apid" 2>/dev/null || true
done

echo "release binary: $(du -m "$app" | cut -f1) MB ($(stat -c %s "$app") bytes)"
deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] && echo ".deb: $(du -k "$deb" | cut -f1) kB ($deb)" || echo ".deb: not built (npx @tauri-apps/cli build --bundles deb)"

#!/usr/bin/env bash
# Measures the release app beside a bare Tauri 2 window (tests/e2e/bare-window: the
# smallest app on the same Tauri version and WebKit settings, built here), in one run,
# and prints one table with the ratios: launch to the page loaded and to the first Today
# list served, idle PSS summed over every process of each app, stripped binary sizes, and
# the package's size. Not part of ./test (it takes minutes and wants a quiet machine).
# Needs target/release/rapport-app and target/release/rapport (./run or scripts/package).
# Usage: tests/e2e/measure.sh [CONTACTS] [LAUNCHES]   (defaults 100000 and 5)
#   RAPPORT_MEASURE_DATA=DIR  use an existing data folder (generated once, reused)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
contacts=${1:-100000}
launches=${2:-5}
app=target/release/rapport-app
cli=target/release/rapport
[ -x "$app" ] && [ -x "$cli" ] || { echo "build the release binaries first (./run or scripts/package)" >&2; exit 1; }

echo "==> building the bare window (release, the root's lock file)"
bare_src=tests/e2e/bare-window
cp Cargo.lock "$bare_src/Cargo.lock"
CARGO_TARGET_DIR="$root/target/bare-window" cargo build --quiet --release --manifest-path "$bare_src/Cargo.toml"
rm -f "$bare_src/Cargo.lock"
bare=target/bare-window/release/bare-window

work=$(mktemp -d /tmp/rapport-measure.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
data="${RAPPORT_MEASURE_DATA:-$work/data}"
if [ ! -e "$data/rapport.db" ]; then
  echo "==> generating $contacts contacts"
  "$cli" --data-dir "$data" generate --contacts "$contacts" >/dev/null
fi
book=$(sqlite3 "$data/rapport.db" "SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
interactions=$(sqlite3 "$data/rapport.db" "SELECT count(*) FROM interactions")

display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }

# launch NAME RUN: starts the app, waits for its last startup line, and on the last run
# stays idle 15 s and sums the PSS of the app and every process it started.
launch() {
  local name=$1 run=$2 log="$work/$1-$2.log" pid want
  if [ "$name" = rapport ]; then
    DISPLAY=":$display" RAPPORT_DATA_DIR="$data" RAPPORT_STARTUP_LOG=1 "$app" 2>"$log" &
    want="first today list served"
  else
    DISPLAY=":$display" "$bare" 2>"$log" &
    want="page loaded"
  fi
  pid=$!
  for _ in $(seq 1 300); do grep -q "$want" "$log" && break; sleep 0.05; done
  grep -o 'page loaded [0-9]*' "$log" | grep -o '[0-9]*$' >>"$work/$name.page" || echo - >>"$work/$name.page"
  if [ "$name" = rapport ]; then
    grep -o 'first today list served [0-9]*' "$log" | grep -o '[0-9]*$' >>"$work/$name.today" || echo - >>"$work/$name.today"
  fi
  if [ "$run" = "$launches" ]; then
    sleep 15
    local total=0 p kb
    for p in "$pid" $(descendants "$pid"); do
      kb=$(pss_kb "$p")
      printf '  %-8s %-22s PSS %6d kB\n' "$name" "$(cat "/proc/$p/comm" 2>/dev/null)" "$kb" >>"$work/processes"
      total=$((total + kb))
    done
    echo "$total" >"$work/$name.pss"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  sleep 1
}

echo "==> $launches launches each, alternating (book: $book contacts, $interactions interactions)"
for run in $(seq 1 "$launches"); do
  launch bare "$run"
  launch rapport "$run"
done

# range FILE: "min–max (median)" of the numbers in FILE, in ms.
range() { sort -n "$1" | awk '/^[0-9]+$/ {v[n++]=$1} END {if (!n) {print "-"; exit} printf "%d–%d ms (median %d)", v[0], v[n-1], v[int((n-1)/2)]}'; }
median() { sort -n "$1" | awk '/^[0-9]+$/ {v[n++]=$1} END {if (n) print v[int((n-1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f×", a / b}'; }
stripped() { local f="$work/$(basename "$1").stripped"; strip -o "$f" "$1"; stat -c %s "$f"; }

bare_page=$(median "$work/bare.page"); app_page=$(median "$work/rapport.page"); app_today=$(median "$work/rapport.today")
bare_pss=$(cat "$work/bare.pss"); app_pss=$(cat "$work/rapport.pss")
bare_size=$(stripped "$bare"); app_size=$(stripped "$app"); cli_size=$(stripped "$cli")
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1048576}'; }

echo
echo "Measured $(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Xvfb 1280×800; book: $book contacts, $interactions interactions"
echo
echo "| | Rapport | bare window | ratio | target |"
echo "|---|---|---|---|---|"
echo "| launch to page loaded | $(range "$work/rapport.page") | $(range "$work/bare.page") | $(ratio "$app_page" "$bare_page") | |"
echo "| launch to first Today list served | $(range "$work/rapport.today") | (page loaded) | $(ratio "$app_today" "$bare_page") | < 1 s |"
echo "| idle PSS, every process | $((app_pss / 1024)) MB | $((bare_pss / 1024)) MB | $(ratio "$app_pss" "$bare_pss") | ≤ 1.15× |"
echo "| stripped app binary | $(mb "$app_size") | $(mb "$bare_size") | $(ratio "$app_size" "$bare_size") | < 20 MB |"
echo "| stripped \`rapport\` CLI | $(mb "$cli_size") | | | |"
deb=$(ls -t target/package/*.deb 2>/dev/null | head -1 || true)
if [ -n "$deb" ]; then
  echo "| .deb ($(basename "$deb")) | $(mb "$(stat -c %s "$deb")") | | | |"
else
  echo "| .deb | not built (scripts/package) | | | |"
fi
echo
echo "Processes at idle (last launch):"
cat "$work/processes"

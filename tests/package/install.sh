#!/usr/bin/env bash
# Installs the .deb that scripts/package made into a clean Debian 12 root (debootstrap
# --variant=minbase, a chroot: no container), as a user would: `apt-get install ./rapport.deb`
# pulls only what the package declares (no recommends). Then, in that root:
#   - `rapport --version` runs from the PATH (/usr/bin/rapport);
#   - the desktop entry names the categories, the icon (installed), the keywords and the
#     file types "Open with Rapport" offers;
#   - the installed app, started under Xvfb and driven from outside the root through
#     WebDriver (tests/package/installed.test.mjs), shows Today, a contact with its deal and
#     case, search and the import preview of a file it was opened with; the screenshots in
#     assets/screenshot-installed-*.png are these (RAPPORT_E2E_SCREENSHOTS=0: none written);
#   - `apt-get remove` takes the app and the CLI away and leaves the user's data.
# The minbase root is kept as a tarball in RAPPORT_ROOTFS_CACHE (default
# /var/cache/rapport-tests) and unpacked fresh each run. Needs root. Fails loudly.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
die() { echo "install test: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts)"
deb=$(ls target/package/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "no target/package/*.deb: run scripts/package first"
for c in debootstrap Xvfb WebKitWebDriver tauri-driver dbus-daemon node; do
  command -v "$c" >/dev/null || die "$c missing (scripts/install-deps; tauri-driver: tests/e2e/run.sh installs it)"
done

cache_dir=${RAPPORT_ROOTFS_CACHE:-/var/cache/rapport-tests}
base="$cache_dir/bookworm-minbase.tar.gz"
if [ ! -s "$base" ]; then
  echo "==> debootstrap: a minimal Debian 12 root (kept in $base)"
  mkdir -p "$cache_dir"
  fresh=$(mktemp -d /var/tmp/rapport-base.XXXXXX)
  debootstrap --variant=minbase bookworm "$fresh" http://deb.debian.org/debian >"$fresh.log" 2>&1 ||
    { tail -n 30 "$fresh.log"; die "debootstrap failed"; }
  tar -C "$fresh" -czf "$base.part" . && mv "$base.part" "$base"
  rm -rf "$fresh" "$fresh.log"
fi

work=$(mktemp -d /tmp/rapport-install.XXXXXX)
chroot_dir=$(mktemp -d /var/tmp/rapport-root.XXXXXX)
pids=()
mounted=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R -l "${mounted[i]}" 2>/dev/null || true; done
  # Only once nothing is mounted inside it.
  if ! grep -q " $chroot_dir/" /proc/mounts; then rm -rf "$chroot_dir"; fi
  rm -rf "$work"
}
trap cleanup EXIT
mount_in() { # mount_in <what> <where inside the root> [mount options...]
  local where="$chroot_dir$2"
  mkdir -p "$where"
  mount "${@:3}" "$1" "$where"
  mounted+=("$where")
}

echo "==> a clean root from $base"
tar -C "$chroot_dir" -xzf "$base"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
mount_in proc /proc -t proc
mount_in sysfs /sys -t sysfs
mount_in /dev /dev --rbind
mount --make-rslave "$chroot_dir/dev"
# The X server's socket (Xvfb runs outside the root).
mount_in /tmp/.X11-unix /tmp/.X11-unix --bind
in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

echo "==> apt-get install ./$(basename "$deb") (its declared dependencies only)"
cp "$deb" "$chroot_dir/tmp/rapport.deb"
in_root apt-get update -q >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log"; die "apt-get update failed in the root"; }
in_root apt-get install -y -q --no-install-recommends /tmp/rapport.deb >>"$work/apt.log" 2>&1 ||
  { tail -n 30 "$work/apt.log"; die "the package did not install"; }
pulled=$(grep -c '^Setting up ' "$work/apt.log" || true)
# Chinese text needs a CJK font: the package recommends one, which a desktop has; the
# root gets it by hand (recommends are not installed above).
in_root apt-get install -y -q --no-install-recommends fonts-noto-cjk >>"$work/apt.log" 2>&1 ||
  { tail -n 20 "$work/apt.log"; die "fonts-noto-cjk did not install"; }
echo "installed with $pulled packages set up; $(du -sxh "$chroot_dir" 2>/dev/null | cut -f1) in the root"

echo "==> the CLI on the PATH, the desktop entry, the icons"
[ "$(in_root sh -c 'command -v rapport')" = /usr/bin/rapport ] || die "rapport is not /usr/bin/rapport on the PATH"
version=$(in_root rapport --version)
[[ "$version" == rapport\ * ]] || die "rapport --version said: $version"
echo "$version"
entry="$chroot_dir/usr/share/applications/Rapport.desktop"
[ -f "$entry" ] || die "no desktop entry /usr/share/applications/Rapport.desktop"
for want in 'Categories=Office;ContactManagement;' 'Exec=rapport-app %F' 'Icon=rapport-app' 'Keywords=CRM;' 'Keywords[zh_CN]=客户;'; do
  grep -qF "$want" "$entry" || { cat "$entry"; die "the desktop entry lacks $want"; }
done
for mime in text/vcard text/x-vcard text/csv text/calendar application/mbox; do
  grep -q "^MimeType=.*$mime;" "$entry" || { cat "$entry"; die "the desktop entry does not offer $mime"; }
done
for size in 32x32 128x128 512x512; do
  [ -s "$chroot_dir/usr/share/icons/hicolor/$size/apps/rapport-app.png" ] || die "icon $size missing"
done

echo "==> a book made with the installed CLI"
data=/root/rapport-data
cli() { in_root rapport --data-dir "$data" --json "$@"; }
today=$(date +%F)
id_of() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))'; }
maria=$(cli contact add --name 'Maria Keller' --company 'Keller Logistik GmbH' --email maria@keller.example --tag VIP | id_of)
wang=$(cli contact add --name '王芳' --company '华东电气' --phone '+86 139 1000 2000' | id_of)
cli contact add --name '张伟明' --company '北京科技有限公司' --email zwm@example.cn >/dev/null
cli deal add "$maria" --amount 12000 --date "$(date -d '20 days ago' +%F)" --status won --product 'Fleet insurance' >/dev/null
cli deal add "$maria" --amount 4800 --date "$today" --status open --product 'Cargo cover' >/dev/null
cli case open "$maria" --text 'Claim for a damaged pallet: waiting on the surveyor' --severity high >/dev/null
cli followup add "$maria" --due "$(date -d '2 days ago' +%F)" --text 'Send the renewal quote' >/dev/null
cli followup add "$wang" --due "$today" --text '确认合同细节' >/dev/null
cp tests/fixtures/import/google_contacts.csv "$chroot_dir/root/contacts.csv"

echo "==> the installed app under Xvfb, through WebDriver"
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=4544
while ! port_free "$port" || ! port_free $((port + 1)); do port=$((port + 2)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$display" ] || die "Xvfb did not start"
# A session bus of its own (abstract socket: reachable from inside the root).
printf '%s\n' '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"' \
  ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">' \
  '<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>' \
  '<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>' \
  >"$work/bus.conf"
bus=$(dbus-daemon --config-file="$work/bus.conf" --fork --print-address=1 --print-pid=1)
pids+=("${bus##*$'\n'}")
# What WebKitWebDriver starts: the installed app, inside the root, with the driver's
# environment (display, bus, automation) and the book above. Arguments pass through.
cat >"$work/installed-app" <<APP
#!/bin/sh
exec chroot "$chroot_dir" /usr/bin/env DISPLAY=":$display" DBUS_SESSION_BUS_ADDRESS="${bus%%$'\n'*}" \
  NO_AT_BRIDGE=1 HOME=/root LANG=C.UTF-8 RAPPORT_DATA_DIR="$data" WEBKIT_DISABLE_COMPOSITING_MODE=0 \
  /usr/bin/rapport-app "\$@"
APP
chmod +x "$work/installed-app"
DISPLAY=":$display" tauri-driver --port "$port" --native-port $((port + 1)) >"$work/driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do port_free "$port" || break; sleep 0.1; done
port_free "$port" && { cat "$work/driver.log"; die "tauri-driver did not start"; }
status=0
RAPPORT_INSTALLED_PORT="$port" RAPPORT_INSTALLED_APP="$work/installed-app" RAPPORT_E2E_ROOT="$root" \
  RAPPORT_INSTALLED_IMPORT=/root/contacts.csv \
  node --test --test-reporter=spec tests/package/installed.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "---- tauri-driver / app log ----"
  tail -n 60 "$work/driver.log" || true
  die "the installed app failed its checks"
fi

echo "==> apt-get remove: the app and the CLI go, the user's data stays"
in_root apt-get remove -y -q rapport >>"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log"; die "apt-get remove failed"; }
for gone in /usr/bin/rapport /usr/bin/rapport-app /usr/share/applications/Rapport.desktop; do
  [ ! -e "$chroot_dir$gone" ] || die "$gone is still there after removal"
done
[ -s "$chroot_dir$data/rapport.db" ] || die "the user's data went with the package"
echo "install test: passed ($(basename "$deb"))"

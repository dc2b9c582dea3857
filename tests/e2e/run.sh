#!/usr/bin/env bash
# End-to-end tests of the real app: builds the UI and the app (serving the built UI), then runs
# every scenario under Xvfb in a private D-Bus session with an unlocked gnome-keyring, driven
# through tauri-driver and WebKitWebDriver. Screenshots land in tests/e2e/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
. "$root/scripts/app-deps.sh"
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "e2e: cargo install tauri-driver" >&2
  cargo install tauri-driver --locked --quiet
fi
(cd "$root/ui" && npm ci --no-audit --no-fund --silent && npm run build --silent)
(cd "$root" && cargo build --locked -p retort-app --features custom-protocol)
npm ci --no-audit --no-fund --silent
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY="$display"
# A new keyring of its own, never the developer's.
keyrings=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$keyrings"' EXIT
XDG_DATA_HOME="$keyrings" dbus-run-session -- sh -c 'echo -n retort-e2e | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec npm test --silent'

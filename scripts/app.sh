#!/usr/bin/env bash
# Sets up and starts the desktop app (on the bundled demo project at first start): installs the
# Debian prerequisites when missing, the UI's npm packages, builds the UI and runs the app.
# Windows and macOS: `cd ui && npm ci && npm run tauri dev` (with Rust and Node installed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/app-deps.sh
(cd ui && npm ci --no-audit --no-fund --silent && npm run build --silent)
exec cargo run --locked -p retort-app --features custom-protocol "$@"

#!/usr/bin/env bash
# The whole test suite: installs and starts PostgreSQL and MariaDB when missing or down (and the
# desktop app's prerequisites), then formatting, lints, the UI's type check, every unit and
# integration test against the real servers and the real keyring, the generated TypeScript
# types checked against the Rust ones, and the end-to-end tests of the real app.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
. scripts/app-deps.sh
cargo fmt --all -- --check
# No import circle between the engine's files (a module and its own child may name each other).
python3 scripts/import-cycles.py >/dev/null || python3 scripts/import-cycles.py
# The app embeds the built UI, so it is built before anything compiles the app.
(cd ui && npm ci --no-audit --no-fund --silent && npm run check && npm test && npm run build --silent)
cargo clippy --workspace --all-targets --locked -- -D warnings
# The tests run in a private D-Bus session with a new gnome-keyring (kept in a folder of its own,
# unlocked with a throwaway password), so the profile tests use a real Secret Service and never
# the developer's own keyring.
keyrings=$(mktemp -d)
XDG_DATA_HOME="$keyrings" dbus-run-session -- sh -c 'echo -n retort-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec cargo test --locked --workspace --all-targets'
rm -rf "$keyrings"
# The test run above regenerated the UI's TypeScript types from the Rust types; a difference
# means a Rust type changed without its TypeScript twin being committed.
if ! git diff --quiet -- ui/src/lib/backend/bindings 2>/dev/null || [ -n "$(git status --porcelain -- ui/src/lib/backend/bindings 2>/dev/null)" ]; then
  echo "ui/src/lib/backend/bindings is out of date: commit the regenerated files" >&2
  git status --short -- ui/src/lib/backend/bindings >&2
  exit 1
fi
tests/e2e/run.sh

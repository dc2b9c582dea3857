#!/usr/bin/env bash
# The whole test suite: installs and starts PostgreSQL and MariaDB when missing or down, then
# formatting, lints, and every unit and integration test against the real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# The tests run in a private D-Bus session with an unlocked gnome-keyring, so the profile tests
# use a real Secret Service and never the developer's own keyring.
dbus-run-session -- sh -c 'echo -n retort-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec cargo test --locked --all-targets'

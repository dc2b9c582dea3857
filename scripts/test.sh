#!/usr/bin/env bash
# The whole test suite: installs and starts PostgreSQL and MariaDB when missing or down, then
# formatting, lints, and every unit and integration test against the real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked --all-targets

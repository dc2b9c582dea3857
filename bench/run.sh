#!/usr/bin/env bash
# Retort's benchmark: builds retort (release), installs the peers into a temporary folder
# (reused when present; never committed), then measures everything in one run. See bench/README.md.
#
#   bench/run.sh
#   BENCH_RUNS=9 BENCH_SKIP_SQLX=1 bench/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

export BENCH_RUNS="${BENCH_RUNS:-5}"
export BENCH_SKIP_SQLX="${BENCH_SKIP_SQLX:-0}"
export BENCH_PEERS="$(mkdir -p "${BENCH_PEERS:-target/bench/peers}" && cd "${BENCH_PEERS:-target/bench/peers}" && pwd)"
export BENCH_WORK="$(mkdir -p "${BENCH_WORK:-target/bench/work}" && cd "${BENCH_WORK:-target/bench/work}" && pwd)"
python="${PYTHON:-python3}"

say() { printf '\n== %s\n' "$*" >&2; }

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 is required ($2)" >&2; exit 1; }
}
need cargo "the Rust toolchain"
need "$python" "Python 3 with venv (apt-get install -y python3-venv)"
need sqlite3 "apt-get install -y sqlite3"
if [ "${BENCH_SKIP_PG:-0}" != 1 ]; then
    need psql "apt-get install -y postgresql-client; or BENCH_SKIP_PG=1"
fi
if [ "${BENCH_SKIP_MYSQL:-0}" != 1 ] && ! command -v mysql >/dev/null 2>&1; then
    need mariadb "apt-get install -y mariadb-client; or BENCH_SKIP_MYSQL=1"
fi

say "building retort (release)"
cargo build --release --bin retort
export RETORT="${CARGO_TARGET_DIR:-$root/target}/release/retort"

if [ ! -x "$BENCH_PEERS/venv/bin/alembic" ]; then
    say "installing alembic, SQLAlchemy and psycopg2-binary from PyPI into $BENCH_PEERS/venv"
    "$python" -m venv "$BENCH_PEERS/venv"
    "$BENCH_PEERS/venv/bin/pip" install --quiet alembic SQLAlchemy psycopg2-binary
fi
"$BENCH_PEERS/venv/bin/python" -c 'import alembic, sqlalchemy; print("alembic", alembic.__version__, "/ SQLAlchemy", sqlalchemy.__version__)' >&2

# Figure 6 (PostgreSQL autogenerate): migra in its own venv. migra 3.0 imports pkg_resources
# (setuptools); SQLAlchemy 2.1 would default postgresql:// to psycopg 3, so the suite passes
# postgresql+psycopg2:// URLs to migra. Versions pinned: the ones the figures were taken with.
if [ "${BENCH_SKIP_PG:-0}" != 1 ] && [ ! -x "$BENCH_PEERS/migra-venv/bin/migra" ]; then
    say "installing migra from PyPI into $BENCH_PEERS/migra-venv"
    "$python" -m venv "$BENCH_PEERS/migra-venv"
    "$BENCH_PEERS/migra-venv/bin/pip" install --quiet migra==3.0.1663481299 \
        schemainspect==3.1.1663587362 sqlbag==0.1.1617247075 SQLAlchemy==2.1.9 \
        psycopg2-binary==2.9.13 setuptools==65.5.0
fi

if [ "$BENCH_SKIP_SQLX" != 1 ]; then
    if [ ! -x "$BENCH_PEERS/sqlx/bin/sqlx" ]; then
        say "installing sqlx-cli from crates.io into $BENCH_PEERS/sqlx (one time, about 6 minutes; BENCH_SKIP_SQLX=1 skips it)"
        cargo install sqlx-cli --locked --no-default-features --features sqlite,postgres,rustls \
            --root "$BENCH_PEERS/sqlx"
    fi
    "$BENCH_PEERS/sqlx/bin/sqlx" --version >&2
fi

say "measuring ($BENCH_RUNS rounds per figure)"
"$python" "$here/suite.py"

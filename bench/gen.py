#!/usr/bin/env python3
"""Generate benchmark migration projects (stdlib only).

    gen.py KIND N OUT_DIR [--shape linear|branchy]

KIND is one of
  retort   OUT_DIR/retort.toml + OUT_DIR/versions/*.sql          (Retort's header format)
  alembic  OUT_DIR/alembic.ini + env.py + versions/*.py          (same ids and parents)
  sqlx     OUT_DIR/<version>_<name>.sql                           (sqlx-cli; linear only)
  floor    OUT_DIR/sqlite.sql and OUT_DIR/postgresql.sql          (the plain SQL floor; linear only)

Every revision i creates one table: CREATE TABLE t0001 (id INTEGER PRIMARY KEY, name VARCHAR(50)).
Revision ids are 12 hex digits derived from i, so every kind of the same N and shape has the same
ids and the same parents.

Shapes:
  linear   r1 <- r2 <- ... <- rN
  branchy  mostly linear: every 50 revisions the history forks into two short branches (3 and 2
           revisions) that a merge revision (down_revision: a, b) joins again, so there are many
           branch points and merges but a single head at the end.
"""

import argparse
import hashlib
import os
import shutil
import sys
from datetime import datetime, timedelta

FORK_EVERY = 50
BRANCH_A = 3
BRANCH_B = 2


def rev_id(i):
    return hashlib.sha1(f"retort-bench-{i}".encode()).hexdigest()[:12]


def graph(n, shape):
    """[(index, parents as indexes, message)], parents before children, exactly n entries."""
    out = []
    tip = None
    i = 0

    def add(parents, message):
        nonlocal i
        i += 1
        out.append((i, parents, message))
        return i

    if shape == "linear":
        while i < n:
            tip = add([tip] if tip else [], f"create table {i + 1}")
        return out
    if shape != "branchy":
        raise SystemExit(f"unknown shape {shape!r} (linear or branchy)")
    while i < n:
        room = n - i
        # A fork needs BRANCH_A + BRANCH_B + 1 revisions; fork when due and there is room.
        if tip and i % FORK_EVERY == FORK_EVERY - 1 and room >= BRANCH_A + BRANCH_B + 1:
            a = b = tip
            for _ in range(BRANCH_A):
                a = add([a], f"branch a after {tip}")
            for _ in range(BRANCH_B):
                b = add([b], f"branch b after {tip}")
            tip = add([a, b], f"merge {rev_id(a)} and {rev_id(b)}")
        else:
            tip = add([tip] if tip else [], f"create table {i + 1}")
    return out


def table(i, width):
    return f"t{i:0{width}d}"


def create_sql(i, width):
    return f"CREATE TABLE {table(i, width)} (id INTEGER PRIMARY KEY, name VARCHAR(50))"


def drop_sql(i, width):
    return f"DROP TABLE {table(i, width)}"


def fresh_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def created_at(i):
    return datetime(2026, 1, 1) + timedelta(minutes=i)


def write_retort(nodes, out, width):
    fresh_dir(out)
    versions = os.path.join(out, "versions")
    os.makedirs(versions)
    with open(os.path.join(out, "retort.toml"), "w") as f:
        f.write('versions = "versions"\n')
    for i, parents, message in nodes:
        rid = rev_id(i)
        when = created_at(i)
        name = f"{when:%Y%m%d_%H%M}_{rid}_{table(i, width)}.sql"
        body = (
            f"-- revision: {rid}\n"
            f"-- down_revision: {', '.join(rev_id(p) for p in parents)}\n"
            f"-- message: {message}\n"
            f"-- created: {when:%Y-%m-%dT%H:%M:%SZ}\n"
            "\n-- upgrade\n"
            f"{create_sql(i, width)};\n"
            "\n-- downgrade\n"
            f"{drop_sql(i, width)};\n"
        )
        with open(os.path.join(versions, name), "w") as f:
            f.write(body)


ALEMBIC_INI = """[alembic]
script_location = %(here)s
sqlalchemy.url = sqlite:///bench.db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

# The usual env.py, online mode only, one transaction per migration (as Retort does).
# The URL comes from BENCH_ALEMBIC_URL when set.
ALEMBIC_ENV = """import os
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
url = os.environ.get("BENCH_ALEMBIC_URL")
if url:
    config.set_main_option("sqlalchemy.url", url)


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=None,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline mode is not used by the benchmark")
run_migrations_online()
"""

ALEMBIC_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


def write_alembic(nodes, out, width):
    fresh_dir(out)
    versions = os.path.join(out, "versions")
    os.makedirs(versions)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(out, "env.py"), "w") as f:
        f.write(ALEMBIC_ENV)
    with open(os.path.join(out, "script.py.mako"), "w") as f:
        f.write(ALEMBIC_MAKO)
    for i, parents, message in nodes:
        rid = rev_id(i)
        if not parents:
            down = "None"
        elif len(parents) == 1:
            down = repr(rev_id(parents[0]))
        else:
            down = repr(tuple(rev_id(p) for p in parents))
        body = (
            f'"""{message}\n\n'
            f"Revision ID: {rid}\n"
            f"Revises: {', '.join(rev_id(p) for p in parents)}\n"
            f"Create Date: {created_at(i):%Y-%m-%d %H:%M:%S}\n\n"
            '"""\n'
            "from alembic import op\n"
            "import sqlalchemy as sa\n\n"
            f"revision = {rid!r}\n"
            f"down_revision = {down}\n"
            "branch_labels = None\n"
            "depends_on = None\n\n\n"
            "def upgrade():\n"
            f'    op.execute("{create_sql(i, width)}")\n\n\n'
            "def downgrade():\n"
            f'    op.execute("{drop_sql(i, width)}")\n'
        )
        with open(os.path.join(versions, f"{rid}_{table(i, width)}.py"), "w") as f:
            f.write(body)


def require_linear(nodes, kind):
    if any(len(p) > 1 for _, p, _ in nodes):
        raise SystemExit(f"{kind}: only the linear shape makes sense (no graph)")


def write_sqlx(nodes, out, width):
    require_linear(nodes, "sqlx")
    fresh_dir(out)
    for i, _, _ in nodes:
        with open(os.path.join(out, f"{i:0{width}d}_{table(i, width)}.sql"), "w") as f:
            f.write(f"{create_sql(i, width)};\n")


def write_floor(nodes, out, width):
    """The same statements plus a bookkeeping insert, one transaction each."""
    require_linear(nodes, "floor")
    fresh_dir(out)
    for dialect in ("sqlite", "postgresql"):
        with open(os.path.join(out, f"{dialect}.sql"), "w") as f:
            f.write("CREATE TABLE floor_versions (version VARCHAR(32) PRIMARY KEY);\n")
            for i, _, _ in nodes:
                f.write(
                    f"BEGIN; {create_sql(i, width)}; "
                    f"INSERT INTO floor_versions VALUES ('{rev_id(i)}'); COMMIT;\n"
                )


WRITERS = {
    "retort": write_retort,
    "alembic": write_alembic,
    "sqlx": write_sqlx,
    "floor": write_floor,
}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(WRITERS))
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("shape", nargs="?", default=None, help="linear or branchy (also --shape)")
    p.add_argument("--shape", dest="shape_opt", default=None)
    args = p.parse_args(argv)
    shape = args.shape_opt or args.shape or "linear"
    if args.n < 1:
        raise SystemExit("N must be at least 1")
    width = max(4, len(str(args.n)))
    nodes = graph(args.n, shape)
    assert len(nodes) == args.n
    if len({rev_id(i) for i, _, _ in nodes}) != len(nodes):
        raise SystemExit("revision id collision; change the id seed")
    WRITERS[args.kind](nodes, args.out, width)


if __name__ == "__main__":
    main(sys.argv[1:])

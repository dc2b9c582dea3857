#!/usr/bin/env python3
"""Retort's benchmark suite: every figure of issue 3 "Performance", measured in one run so the
ratios compare like with like. Started by bench/run.sh, which builds retort and installs the peers.

Environment (run.sh sets the first three):
  RETORT            the retort binary (release build)
  BENCH_PEERS       folder with venv/ (alembic) and sqlx/bin/sqlx
  BENCH_WORK        scratch folder for generated projects and databases
  BENCH_RUNS        timed runs per figure (default 5); the median is reported
  BENCH_SKIP_SQLX   1: no sqlx-cli figures
  BENCH_SKIP_ALEMBIC_UPGRADE  1: no alembic upgrade figures (reference only)
  BENCH_SKIP_PG     1: no PostgreSQL figures
  BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER   default 127.0.0.1 / 5432 / postgres (PGPASSWORD if needed)
  BENCH_TABLES      tables per schema in figure 6 (default 1000)
  BENCH_SKIP_MYSQL  1: no MariaDB figure (7)
  BENCH_MY_HOST / BENCH_MY_PORT / BENCH_MY_USER   default 127.0.0.1 / 3306 / root (MYSQL_PWD if needed)
  BENCH_INSERTS     INSERT statements of figure 7's revision (default 20000)
  BENCH_COMPARE_RETORT  another retort binary (e.g. an older build) measured beside RETORT in
                    figures 3 and 7, in the same rounds
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import gen  # noqa: E402
import schemas  # noqa: E402
from measure import Case, fmt, measure, measure_group  # noqa: E402

RETORT = os.environ["RETORT"]
PEERS = os.environ["BENCH_PEERS"]
WORK = os.environ["BENCH_WORK"]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SKIP_SQLX = os.environ.get("BENCH_SKIP_SQLX") == "1"
SKIP_ALEMBIC_UPGRADE = os.environ.get("BENCH_SKIP_ALEMBIC_UPGRADE") == "1"
SKIP_PG = os.environ.get("BENCH_SKIP_PG") == "1"
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")

ALEMBIC = os.path.join(PEERS, "venv", "bin", "alembic")
SQLX = os.path.join(PEERS, "sqlx", "bin", "sqlx")
MIGRA = os.path.join(PEERS, "migra-venv", "bin", "migra")
TABLES = int(os.environ.get("BENCH_TABLES", "1000"))
SKIP_MYSQL = os.environ.get("BENCH_SKIP_MYSQL") == "1"
MY_HOST = os.environ.get("BENCH_MY_HOST", "127.0.0.1")
MY_PORT = os.environ.get("BENCH_MY_PORT", "3306")
MY_USER = os.environ.get("BENCH_MY_USER", "root")
INSERTS = int(os.environ.get("BENCH_INSERTS", "20000"))
COMPARE = os.environ.get("BENCH_COMPARE_RETORT")

rows = []  # printed as the results table
# Retort caches parsed revision files (keyed by size and mtime) in the user's cache folder; the
# warm-up run fills it. This turns it off, to show the cost of reading every file.
# The cache goes under BENCH_WORK, not the user's cache folder.
os.environ.setdefault("RETORT_CACHE_DIR", os.path.join(WORK, "retort-cache"))
NO_CACHE = dict(os.environ, RETORT_NO_CACHE="1")
# Alembic imports each revision file; as for any Python user, let it keep bytecode in
# __pycache__ (the warm-up run writes it) even where PYTHONDONTWRITEBYTECODE is set.
ALEMBIC_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --- generated projects ------------------------------------------------------------------------

def project(kind, n, shape="linear"):
    """Generates (or reuses, if gen.py and the arguments are unchanged) a project; returns its dir."""
    out = os.path.join(WORK, "projects", f"{kind}-{shape}-{n}")
    with open(os.path.join(HERE, "gen.py"), "rb") as f:
        stamp = hashlib.sha1(f.read() + f"{kind} {n} {shape}".encode()).hexdigest()
    stamp_file = os.path.join(out, ".bench-stamp")
    if os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return out
    started = time.perf_counter()
    gen.main([kind, str(n), out, "--shape", shape])
    with open(stamp_file, "w") as f:
        f.write(stamp)
    log(f"  generated {kind} {shape} {n} in {time.perf_counter() - started:.1f} s")
    return out


def head_id(n, shape):
    return gen.rev_id(gen.graph(n, shape)[-1][0])


# --- databases ---------------------------------------------------------------------------------

def sqlite_file(name):
    path = os.path.join(WORK, "db", f"{name}.db")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def fresh_sqlite(path):
    """An empty (0-byte) SQLite file, with any journal and Retort backups gone."""
    def prepare():
        d = os.path.dirname(path)
        base = os.path.basename(path)
        for entry in os.listdir(d):
            if entry.startswith(base):
                os.remove(os.path.join(d, entry))
        open(path, "wb").close()
    return prepare


def psql(db, *args, stdin=None):
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER,
           "-d", db, *args]
    return subprocess.run(cmd, check=True, stdin=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True).stdout


def fresh_pg(db):
    assert db.startswith("retort_bench_")

    def prepare():
        psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db}", "-c", f"CREATE DATABASE {db}")
    return prepare


def drop_pg(db):
    psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db}")


def pg_url(db, scheme="postgresql"):
    return f"{scheme}://{PG_USER}@{PG_HOST}:{PG_PORT}/{db}"


def count_sqlite(path, sql):
    return subprocess.run(["sqlite3", path, sql], check=True, capture_output=True, text=True).stdout.strip()


def count_pg(db, sql):
    return psql(db, "-At", "-c", sql).strip()


TABLES_SQLITE = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name LIKE 't%' AND name GLOB 't[0-9]*'"
TABLES_PG = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='public' AND table_name ~ '^t[0-9]+$'"


def check(what, got, want):
    if str(got) != str(want):
        raise SystemExit(f"sanity check failed: {what}: got {got!r}, want {want!r}")


# --- rows --------------------------------------------------------------------------------------

def add(section, figure, tool, result, note="", target="", ok=None):
    rows.append({
        "section": section, "figure": figure, "tool": tool,
        "median_s": result.median if result else None,
        "min_s": result.min if result else None,
        "max_s": result.max if result else None,
        "n": len(result.times) if result else None,
        "note": note, "target": target, "ok": ok,
    })


def ratio(a, b):
    r = a.median / b.median
    return f"{r:.3f}x" if r >= 0.1 else f"{r:.4f}x (1/{b.median / a.median:.0f})"


# --- 1. heads and history on 10,000 revisions ----------------------------------------------------

def bench_graph_commands():
    log("1. heads / history on 10,000 revisions (branchy)")
    n, shape = 10_000, "branchy"
    rp = project("retort", n, shape)
    ap = project("alembic", n, shape)
    want = head_id(n, shape)
    out = subprocess.run([RETORT, "-c", rp, "heads"], check=True, capture_output=True, text=True).stdout
    check("retort heads names the generated head", want in out, True)
    out = subprocess.run([ALEMBIC, "-c", os.path.join(ap, "alembic.ini"), "heads"], check=True,
                         capture_output=True, text=True, env=ALEMBIC_ENV).stdout
    check("alembic heads names the generated head", want in out, True)

    s = "1. 10k revisions"
    ini = os.path.join(ap, "alembic.ini")
    out = subprocess.run([RETORT, "-c", ap, "heads"], check=True, capture_output=True, text=True).stdout
    check("retort heads on the Alembic project names the generated head", want in out, True)
    (r_heads, r_hist, r_nocache, ra_heads, ra_hist, ra_nocache,
     a_heads, a_hist) = measure_group([
        Case("retort heads", [RETORT, "-c", rp, "heads"]),
        Case("retort history", [RETORT, "-c", rp, "history"]),
        Case("retort heads, RETORT_NO_CACHE=1", [RETORT, "-c", rp, "heads"], env=NO_CACHE),
        Case("retort heads, Alembic project", [RETORT, "-c", ap, "heads"]),
        Case("retort history, Alembic project", [RETORT, "-c", ap, "history"]),
        Case("retort heads, Alembic project, RETORT_NO_CACHE=1", [RETORT, "-c", ap, "heads"],
             env=NO_CACHE),
        Case("alembic heads", [ALEMBIC, "-c", ini, "heads"], env=ALEMBIC_ENV),
        Case("alembic history", [ALEMBIC, "-c", ini, "history"], env=ALEMBIC_ENV),
    ], RUNS)
    add(s, "heads", "alembic heads", a_heads, "baseline")
    add(s, "heads", "retort heads", r_heads, f"{ratio(r_heads, a_heads)} of alembic heads",
        "< 1/50 of alembic heads", r_heads.median < a_heads.median / 50)
    add(s, "heads", "retort heads, no cache", r_nocache,
        f"{ratio(r_nocache, a_heads)} of alembic heads (RETORT_NO_CACHE=1: every file read and parsed)")
    add(s, "heads", "retort heads on the Alembic project", ra_heads,
        f"{ratio(ra_heads, a_heads)} of alembic heads (versions/*.py headers, no Python)",
        "< 1/50 of alembic heads", ra_heads.median < a_heads.median / 50)
    add(s, "heads", "retort heads on the Alembic project, no cache", ra_nocache,
        f"{ratio(ra_nocache, a_heads)} of alembic heads (RETORT_NO_CACHE=1)",
        "< 1/50 of alembic heads", ra_nocache.median < a_heads.median / 50)
    add(s, "history", "retort history on the Alembic project", ra_hist,
        f"{ratio(ra_hist, a_heads)} of alembic heads; {ratio(ra_hist, a_hist)} of alembic history",
        "< 1/50 of alembic heads", ra_hist.median < a_heads.median / 50)
    add(s, "history", "alembic history", a_hist, f"{ratio(a_hist, a_heads)} of alembic heads")
    add(s, "history", "retort history", r_hist,
        f"{ratio(r_hist, a_heads)} of alembic heads; {ratio(r_hist, a_hist)} of alembic history",
        "< 1/50 of alembic heads", r_hist.median < a_heads.median / 50)


# --- 2. no-op upgrade ------------------------------------------------------------------------------

def bench_noop():
    log("2. no-op upgrade head with 1,000 revisions applied")
    rp = project("retort", 1000)
    s = "2. no-op upgrade, 1k applied"
    db = sqlite_file("noop")
    fresh_sqlite(db)()
    urls = [("sqlite", f"sqlite:///{db}")]
    pdb = "retort_bench_noop"
    if not SKIP_PG:
        fresh_pg(pdb)()
        urls.append(("postgresql", pg_url(pdb)))
    for _, url in urls:  # apply everything once, untimed
        subprocess.run([RETORT, "-c", rp, "--url", url, "upgrade", "head"], check=True, capture_output=True)
    check("no-op: applied revisions", count_sqlite(db, "SELECT COUNT(*) FROM retort_revisions"), 1000)
    results = measure_group([Case(f"retort upgrade head (no-op, {d})", [RETORT, "-c", rp, "--url", url,
                                                                        "upgrade", "head"])
                             for d, url in urls], RUNS)
    check("no-op: nothing more logged", count_sqlite(db, "SELECT COUNT(*) FROM retort_log"), 1000)
    for (dialect, _), r in zip(urls, results):
        if dialect == "sqlite":
            add(s, dialect, "retort upgrade head", r, "", "< 100 ms", r.median < 0.100)
        else:
            add(s, dialect, "retort upgrade head", r, "for reference (no target)")
    if not SKIP_PG:
        drop_pg(pdb)


# --- 3. applying 1,000 one-table revisions ----------------------------------------------------------

def tmpfs_dir():
    """A folder on tmpfs (/dev/shm) for the SQLite variant without disk syncs, or None."""
    if os.environ.get("BENCH_SKIP_TMPFS") == "1" or not os.path.isdir("/dev/shm"):
        return None
    path = os.path.join("/dev/shm", f"retort-bench-{os.getpid()}")
    os.makedirs(path, exist_ok=True)
    return path


def bench_apply():
    n = 1000
    rp = project("retort", n)
    fp = project("floor", n)
    sp = None if SKIP_SQLX else project("sqlx", n)
    ap = None if SKIP_ALEMBIC_UPGRADE else project("alembic", n)
    shm = tmpfs_dir()
    variants = [("sqlite", os.path.join(WORK, "db"))]
    if shm:
        variants.append(("sqlite", shm))
    if not SKIP_PG:
        variants.append(("postgresql", None))
    try:
        for dialect, folder in variants:
            label = dialect if folder != shm else "sqlite on tmpfs"
            apply_one(n, dialect, folder, label, rp, fp, sp, ap)
    finally:
        if shm:
            for entry in os.listdir(shm):
                os.remove(os.path.join(shm, entry))
            os.rmdir(shm)


def apply_one(n, dialect, folder, label, rp, fp, sp, ap):
    log(f"3. upgrade of 1,000 one-table revisions into an empty {label} database")
    s = f"3. apply 1k, {label}"

    def setup(name):
        """(what to connect to, prepare, count) for one tool's own database."""
        if dialect == "sqlite":
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, f"apply-{name}.db")
            return path, fresh_sqlite(path), lambda sql: count_sqlite(path, sql)
        db = f"retort_bench_{name}"
        return db, fresh_pg(db), lambda sql: count_pg(db, sql)

    tables_sql = TABLES_SQLITE if dialect == "sqlite" else TABLES_PG
    cases, checks = [], []

    # the floor: the statements + a bookkeeping insert, one transaction each, piped into one process
    target, prepare, count = setup("floor")
    if dialect == "sqlite":
        cmd = ["sqlite3", "-bail", target]
    else:
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER,
               "-d", target]
    cases.append(Case("floor", cmd, prepare, stdin_path=os.path.join(fp, f"{dialect}.sql")))
    checks.append((count, "floor_versions"))

    target, prepare, count = setup("retort")
    url = f"sqlite:///{target}" if dialect == "sqlite" else pg_url(target)
    cases.append(Case("retort", [RETORT, "-c", rp, "--url", url, "upgrade", "head"], prepare))
    checks.append((count, "retort_revisions"))

    if COMPARE:
        target, prepare, count = setup("compare")
        url = f"sqlite:///{target}" if dialect == "sqlite" else pg_url(target)
        cases.append(Case("compare", [COMPARE, "-c", rp, "--url", url, "upgrade", "head"], prepare))
        checks.append((count, "retort_revisions"))

    if sp:
        target, prepare, count = setup("sqlx")
        url = f"sqlite://{target}" if dialect == "sqlite" else pg_url(target, "postgres")
        cases.append(Case("sqlx", [SQLX, "migrate", "run", "--source", sp, "--database-url", url], prepare))
        checks.append((count, "_sqlx_migrations"))

    if ap:
        target, prepare, count = setup("alembic")
        url = f"sqlite:///{target}" if dialect == "sqlite" else pg_url(target, "postgresql+psycopg2")
        env = dict(ALEMBIC_ENV, BENCH_ALEMBIC_URL=url)
        cases.append(Case("alembic", [ALEMBIC, "-c", os.path.join(ap, "alembic.ini"), "upgrade", "head"],
                          prepare, env=env))
        checks.append((count, "alembic_version"))

    results = dict(zip((c.name for c in cases), measure_group(cases, RUNS)))
    for case, (count, book) in zip(cases, checks):
        check(f"{case.name} {label}: tables created", count(tables_sql), n)
        want = 1 if book == "alembic_version" else n
        check(f"{case.name} {label}: rows in {book}", count(f"SELECT COUNT(*) FROM {book}"), want)

    floor, retort = results["floor"], results["retort"]
    add(s, "", f"floor ({'sqlite3' if dialect == 'sqlite' else 'psql'})", floor, "baseline")
    add(s, "", "retort upgrade head", retort, f"{ratio(retort, floor)} floor",
        "<= 1.2x floor", retort.median <= 1.2 * floor.median)
    if "compare" in results:
        c = results["compare"]
        add(s, "", "BENCH_COMPARE_RETORT upgrade head", c, f"{ratio(c, floor)} floor; retort is {ratio(retort, c)} of it")
    if "sqlx" in results:
        sq = results["sqlx"]
        add(s, "", "sqlx migrate run", sq, f"{ratio(sq, floor)} floor; retort is {ratio(retort, sq)} of sqlx",
            "retort faster", retort.median < sq.median)
    if "alembic" in results:
        al = results["alembic"]
        add(s, "", "alembic upgrade head", al, f"{ratio(al, floor)} floor (reference)")
    if dialect == "postgresql":
        for name in ("floor", "retort", "compare", "sqlx", "alembic"):
            drop_pg(f"retort_bench_{name}")


# --- 4. reading cost vs project size ---------------------------------------------------------------

def bench_scaling():
    log("4. cost of reading a project: retort heads at 1, 1k, 10k, 50k revisions (branchy)")
    s = "4. read cost"
    sizes = (1_000, 10_000, 50_000)
    for label, env in (("", None), (", no cache", NO_CACHE)):
        cases = [Case(f"retort heads{label}, 1 revision", [RETORT, "-c", project("retort", 1), "heads"], env=env)]
        for n in sizes:
            cases.append(Case(f"retort heads{label}, {n} revisions",
                              [RETORT, "-c", project("retort", n, "branchy"), "heads"], env=env))
        base, *results = measure_group(cases, RUNS)
        add(s, "1 rev", f"retort heads{label}", base, "fixed cost: process start, config")
        prev = None
        for n, r in zip(sizes, results):
            per = r.median / n * 1e6
            net = (r.median - base.median) / n * 1e6
            note = f"{per:.1f} µs/rev overall, {net:.1f} above fixed cost"
            if prev:
                pn, pr = prev
                note += f"; marginal {(r.median - pr.median) / (n - pn) * 1e6:.1f} µs/rev from {pn // 1000}k"
            add(s, f"{n // 1000}k revs", f"retort heads{label}", r, note)
            prev = (n, r)


# --- 6. autogenerate on 1,000 PostgreSQL tables: retort diff vs migra, revision --autogenerate ----

# The table a statement acts on: the first name after ALTER TABLE / CREATE|DROP TABLE / ON, quoted
# or not, schema-qualified or not (retort: ALTER TABLE "t0010" …; migra: alter table "public"."t0010" …).
STATEMENT_TABLE = re.compile(
    r'\b(?:alter\s+table|create\s+table|drop\s+table|on)\s+(?:only\s+)?(?:"?public"?\.)?"?(t\d+)"?(?=[\s(;]|$)',
    re.IGNORECASE)


def tables_changed(sql):
    """The set of tables the statements of a migration script act on (comments skipped)."""
    found = set()
    for statement in sql.split(";"):
        lines = [l for l in statement.splitlines() if not l.lstrip().startswith("--")]
        m = STATEMENT_TABLE.search("\n".join(lines))
        if m:
            found.add(m.group(1))
    return found


def check_tables(what, got, want):
    if got != want:
        raise SystemExit(f"sanity check failed: {what}: tables differ from the {len(want)} changed ones: "
                         f"missing {sorted(want - got)[:10]}, extra {sorted(got - want)[:10]}")


def create_pg(db, sql_path):
    fresh_pg(db)()
    psql(db, "-1", "-f", sql_path)


def bench_autogen():
    if SKIP_PG:
        log("6. skipped (BENCH_SKIP_PG=1)")
        return
    n = TABLES
    log(f"6. autogenerate at {n} PostgreSQL tables: retort diff vs migra; revision --autogenerate")
    folder = os.path.join(WORK, "autogen")
    os.makedirs(folder, exist_ok=True)
    paths = {}
    for side in ("a", "b"):
        paths[side] = os.path.join(folder, f"schema-{side}-{n}.sql")
        with open(paths[side], "w") as f:
            f.write(schemas.schema(n, side))
    want = set(schemas.changed_tables(n))
    dbs = {"a": "retort_bench_diff_a", "b": "retort_bench_diff_b"}
    started = time.perf_counter()
    for side, db in dbs.items():
        create_pg(db, paths[side])
    log(f"  created the two databases in {time.perf_counter() - started:.1f} s")
    check("tables in A", count_pg(dbs["a"], TABLES_PG), n)
    check("tables in B", count_pg(dbs["b"], TABLES_PG), n)
    url_a, url_b = pg_url(dbs["a"]), pg_url(dbs["b"])
    # migra reads URLs through SQLAlchemy, whose default driver for postgresql:// may be psycopg 3.
    m_a, m_b = pg_url(dbs["a"], "postgresql+psycopg2"), pg_url(dbs["b"], "postgresql+psycopg2")

    # Both tools must find the same changed tables (the generator's), and nothing from A to A.
    r = subprocess.run([RETORT, "diff", url_a, url_b], capture_output=True, text=True, check=True)
    check_tables("retort diff A B", tables_changed(r.stdout), want)
    m = subprocess.run([MIGRA, "--unsafe", m_a, m_b], capture_output=True, text=True)
    check("migra A B exit code (2: differences)", m.returncode, 2)
    check_tables("migra A B", tables_changed(m.stdout), want)
    r = subprocess.run([RETORT, "diff", url_a, url_a], capture_output=True, text=True, check=True)
    check("retort diff A A finds nothing", r.stdout.startswith("No changes"), True)
    m = subprocess.run([MIGRA, "--unsafe", m_a, m_a], capture_output=True, text=True)
    check("migra A A finds nothing", (m.returncode, m.stdout.strip()), (0, ""))

    s = f"6. diff, {n} tables"
    r_diff, m_diff, r_same = measure_group([
        Case("retort diff A B", [RETORT, "diff", url_a, url_b]),
        Case("migra --unsafe A B", [MIGRA, "--unsafe", m_a, m_b], ok_codes=(2,)),
        Case("retort diff A A", [RETORT, "diff", url_a, url_a]),
    ], RUNS)
    changed = f"{len(want)} tables changed ({', '.join(schemas.CHANGES)})"
    add(s, "", "migra --unsafe URL_A URL_B", m_diff, f"baseline; {changed}; same tables found by both")
    add(s, "", "retort diff URL_A URL_B", r_diff, f"{ratio(r_diff, m_diff)} of migra",
        "<= 1/5 of migra", r_diff.median <= m_diff.median / 5)
    add(s, "", "retort diff URL_A URL_A", r_same,
        f"{ratio(r_same, m_diff)} of migra (2 introspections, nothing to render)")
    bench_revision(n, paths, want, r_diff)
    for db in dbs.values():
        drop_pg(db)


def write_autogen_project(n, paths):
    """A Retort project whose one revision creates schema A, with schema.sql = schema B."""
    out = os.path.join(WORK, "projects", f"autogen-{n}")
    if os.path.exists(out):
        shutil.rmtree(out)
    versions = os.path.join(out, "versions")
    os.makedirs(versions)
    with open(os.path.join(out, "retort.toml"), "w") as f:
        f.write('versions = "versions"\nschema = "schema.sql"\n')
    shutil.copy(paths["b"], os.path.join(out, "schema.sql"))
    width = schemas.width_of(n)
    drops = "".join(f"DROP TABLE {schemas.table(i, width)};\n" for i in range(n, 0, -1))
    base = os.path.join(versions, "20260101_0000_a00000000001_schema_a.sql")
    with open(base, "w") as f:
        f.write("-- revision: a00000000001\n-- down_revision:\n-- message: schema A\n"
                "-- created: 2026-01-01T00:00:00Z\n\n-- upgrade\n")
        f.write(open(paths["a"]).read())
        f.write("\n-- downgrade\n" + drops)
    return out, base


def bench_revision(n, paths, want, r_diff):
    """retort revision --autogenerate end to end, and the pieces of it measured on their own."""
    proj, base = write_autogen_project(n, paths)
    versions = os.path.dirname(base)
    dev = pg_url("postgres")

    def drafts():
        return [os.path.join(versions, f) for f in os.listdir(versions) if os.path.join(versions, f) != base]

    def no_drafts():
        for f in drafts():
            os.remove(f)

    # The draft names the changed tables; replayed on top of A it gives B (check exits 0).
    no_drafts()
    subprocess.run([RETORT, "-c", proj, "--dev-url", dev, "revision", "--autogenerate", "-m", "to b"],
                   check=True, capture_output=True)
    (draft,) = drafts()
    text = open(draft).read()
    upgrade = text.split("-- upgrade", 1)[1].split("-- downgrade", 1)[0]
    check_tables("revision --autogenerate draft", tables_changed(upgrade), want)
    c = subprocess.run([RETORT, "-c", proj, "--dev-url", dev, "check"], capture_output=True, text=True)
    check(f"retort check after the draft (A + draft = schema.sql): {c.stdout[-500:]} {c.stderr[-500:]}",
          c.returncode, 0)
    no_drafts()

    scratch = "retort_bench_scratch"
    floor_sql = os.path.join(WORK, "autogen", f"scratch-floor-{n}.sql")
    with open(floor_sql, "w") as f:
        f.write(f"DROP DATABASE IF EXISTS {scratch};\nCREATE DATABASE {scratch};\n\\c {scratch}\n"
                f"BEGIN;\n\\i {paths['a']}\nCOMMIT;\n\\c postgres\nDROP DATABASE {scratch};\n")
    psql_cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER,
                "-d", "postgres", "-f", floor_sql]
    s = f"6. revision --autogenerate, {n} tables"
    total, sch_heads, diff_file, floor = measure_group([
        Case("retort revision --autogenerate", [RETORT, "-c", proj, "--dev-url", dev, "revision",
                                                 "--autogenerate", "-m", "to b"], prepare=no_drafts),
        Case("retort schema --at heads", [RETORT, "-c", proj, "--dev-url", dev, "schema", "--at", "heads"]),
        Case("retort diff base schema.sql", [RETORT, "-c", proj, "--dev-url", dev, "diff", "base",
                                             os.path.join(proj, "schema.sql")]),
        Case("psql: create db, A's DDL in one transaction, drop db", psql_cmd),
    ], RUNS)
    no_drafts()
    add(s, "", "retort revision --autogenerate", total,
        "end to end: 2 scratch databases built, introspected, diffed, draft written")
    add(s, "", "retort schema --at heads", sch_heads,
        f"{ratio(sch_heads, total)} of the total: scratch + replay of the revision + 1 introspection + render")
    add(s, "", "retort diff base schema.sql", diff_file,
        f"{ratio(diff_file, total)} of the total: scratch + schema.sql + 1 introspection + render")
    add(s, "", "psql floor for one scratch side", floor,
        f"{ratio(floor, total)} of the total: CREATE DATABASE, A's DDL, DROP DATABASE (PostgreSQL's own work)")
    rest = total.median - 2 * floor.median
    add(s, "", "(derived) total - 2 x psql floor", None,
        f"{fmt(rest) if rest > 0 else '~0 (within the noise)'}: retort's own share (introspection x2 + diff + render/write + connections); "
        f"retort diff URL_A URL_B alone takes {fmt(r_diff.median)}")


# --- 7. MariaDB: one revision of 20,000 INSERTs, statement by statement ---------------------------

def mariadb_client():
    return shutil.which("mariadb") or shutil.which("mysql")


def my(db, *args, stdin=None):
    cmd = [mariadb_client(), "-h", MY_HOST, "-P", MY_PORT, "-u", MY_USER, "-N", "-B", *args]
    if db:
        cmd.append(db)
    return subprocess.run(cmd, check=True, stdin=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True).stdout


def fresh_my(db):
    assert db.startswith("retort_bench_")

    def prepare():
        my(None, "-e", f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db}")
    return prepare


def inserts_project(n):
    """A Retort project with one revision (a table and n INSERTs), and the floor script: the same
    statements and one bookkeeping insert, for the mariadb client (each statement autocommitted)."""
    out = os.path.join(WORK, "projects", f"mariadb-inserts-{n}")
    floor = os.path.join(out, "floor.sql")
    if os.path.exists(floor):
        return out, floor
    os.makedirs(os.path.join(out, "versions"), exist_ok=True)
    create = "CREATE TABLE ins (id INTEGER PRIMARY KEY, name VARCHAR(50));\n"
    body = "".join(f"INSERT INTO ins VALUES ({i}, 'row {i}');\n" for i in range(1, n + 1))
    with open(os.path.join(out, "retort.toml"), "w") as f:
        f.write('versions = "versions"\n')
    with open(os.path.join(out, "versions", "i00000000001.sql"), "w") as f:
        f.write(f"-- revision: i00000000001\n-- down_revision:\n-- message: {n} inserts\n\n-- upgrade\n"
                f"{create}{body}\n-- downgrade\nDROP TABLE ins;\n")
    with open(floor + ".partial", "w") as f:
        f.write("CREATE TABLE floor_versions (version VARCHAR(32) PRIMARY KEY);\n" + create + body)
        f.write("INSERT INTO floor_versions VALUES ('i00000000001');\n")
    os.rename(floor + ".partial", floor)
    return out, floor


def bench_mariadb():
    if SKIP_MYSQL:
        log("7. skipped (BENCH_SKIP_MYSQL=1)")
        return
    if not mariadb_client():
        raise SystemExit("figure 7 needs the mariadb (or mysql) client; or BENCH_SKIP_MYSQL=1")
    n = INSERTS
    log(f"7. MariaDB: one revision of {n:,} INSERTs (statement by statement) vs the mariadb client")
    proj, floor_sql = inserts_project(n)
    dbs = {"floor": "retort_bench_my_floor", "retort": "retort_bench_my_retort",
           "compare": "retort_bench_my_compare"}

    def url(db):
        return f"mysql://{MY_USER}@{MY_HOST}:{MY_PORT}/{db}"

    cases = [
        Case("floor", [mariadb_client(), "-h", MY_HOST, "-P", MY_PORT, "-u", MY_USER, dbs["floor"]],
             fresh_my(dbs["floor"]), stdin_path=floor_sql),
        Case("retort", [RETORT, "-c", proj, "--url", url(dbs["retort"]), "upgrade", "head"],
             fresh_my(dbs["retort"])),
    ]
    if COMPARE:
        cases.append(Case("compare", [COMPARE, "-c", proj, "--url", url(dbs["compare"]), "upgrade", "head"],
                          fresh_my(dbs["compare"])))
    results = dict(zip((c.name for c in cases), measure_group(cases, RUNS)))
    for case in cases:
        db = dbs[case.name]
        check(f"{case.name}: rows inserted", my(db, "-e", "SELECT COUNT(*) FROM ins").strip(), n)
        book = "floor_versions" if case.name == "floor" else "retort_revisions WHERE state = 'applied'"
        check(f"{case.name}: bookkeeping rows", my(db, "-e", f"SELECT COUNT(*) FROM {book}").strip(), 1)
    s = f"7. MariaDB, {n // 1000}k INSERTs"
    floor, retort = results["floor"], results["retort"]
    version = my(None, "-e", "SELECT VERSION()").strip()
    add(s, "", f"floor ({os.path.basename(mariadb_client())} client)", floor,
        f"baseline; {n / floor.median:,.0f} statements/s; server {version}")
    add(s, "", "retort upgrade head", retort,
        f"{ratio(retort, floor)} floor; {n / retort.median:,.0f} statements/s",
        "<= 1.5x floor", retort.median <= 1.5 * floor.median)
    if "compare" in results:
        c = results["compare"]
        add(s, "", "BENCH_COMPARE_RETORT upgrade head", c,
            f"{ratio(c, floor)} floor; {n / c.median:,.0f} statements/s")
    for db in dbs.values():
        my(None, "-e", f"DROP DATABASE IF EXISTS {db}")


# --- output ------------------------------------------------------------------------------------------

def print_table(env):
    def cell(v):
        return "" if v is None else fmt(v)

    header = ["figure", "tool", "median", "min", "max", "n", "ratio / note", "target", "ok"]
    lines = []
    for r in rows:
        ok = "" if r["ok"] is None else ("PASS" if r["ok"] else "MISS")
        lines.append([f"{r['section']} {r['figure']}", r["tool"], cell(r["median_s"]), cell(r["min_s"]),
                      cell(r["max_s"]), "" if r["n"] is None else str(r["n"]), r["note"], r["target"], ok])
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(header)]
    sep = "-+-".join("-" * w for w in widths)
    print()
    print(f"Retort benchmark: {RUNS} rounds after 1 warm-up round; tools interleaved round-robin;")
    print("commands under 0.3 s run several times per round (n = samples); median, min, max over all samples")
    for k, v in env.items():
        print(f"  {k}: {v}")
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print(sep)
    last = None
    for l, r in zip(lines, rows):
        if last and r["section"] != last:
            print(sep)
        last = r["section"]
        print(" | ".join(c.ljust(w) for c, w in zip(l, widths)).rstrip())
    out = os.path.join(WORK, "results.json")
    with open(out, "w") as f:
        json.dump({"runs": RUNS, "environment": env, "rows": rows}, f, indent=1)
    print(f"\n(also in {out})")


def output(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception as e:  # informational only
        return f"? ({e})"


def environment():
    info = {
        "retort": output([RETORT, "--version"]) + " @ " + output(["git", "-C", os.path.dirname(HERE), "rev-parse", "--short", "HEAD"])
        + (" (+ uncommitted changes)" if output(["git", "-C", os.path.dirname(HERE), "status", "--porcelain", "--untracked-files=no"]) else ""),
        "alembic": output([ALEMBIC, "--version"]),
        "sqlite3": output(["sqlite3", "--version"]).split(" ")[0],
    }
    if not SKIP_SQLX:
        info["sqlx-cli"] = output([SQLX, "--version"])
    if os.path.exists(MIGRA):
        info["migra"] = output([os.path.join(PEERS, "migra-venv", "bin", "python"), "-c",
                                "import importlib.metadata as m; print(*(f'{p} {m.version(p)}' for p in "
                                "('migra', 'schemainspect', 'SQLAlchemy', 'psycopg2-binary')), sep=' / ')"])
    if not SKIP_PG:
        info["postgresql"] = psql("postgres", "-At", "-c", "SHOW server_version").strip()
    if COMPARE:
        info["BENCH_COMPARE_RETORT"] = f"{COMPARE}: " + output([COMPARE, "--version"])
    return info


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def main():
    started = time.perf_counter()
    if not SKIP_PG:
        psql("postgres", "-c", "SELECT 1")
    env = environment()
    load_before = loadavg()
    steps = [(1, bench_graph_commands), (2, bench_noop), (3, bench_apply), (4, bench_scaling),
             (6, bench_autogen), (7, bench_mariadb)]
    only = os.environ.get("BENCH_ONLY")  # e.g. "1,4" while working on one figure
    for number, step in steps:
        if only and str(number) not in only.split(","):
            continue
        step()
    env["load average (1 min) before / after"] = f"{load_before} / {loadavg()} on {os.cpu_count()} CPUs"
    env["wall time of the suite"] = f"{time.perf_counter() - started:.0f} s"
    print_table(env)
    log(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generate the two PostgreSQL schemas of figure 6 (autogenerate / `retort diff` vs migra), stdlib only.

    schemas.py a|b|changed N [--every 20]

prints schema A, schema B, or the names of the tables that differ between them (one a line).

Schema A: N tables t0001…tN, each with 10 columns, a primary key, a unique index and a foreign key
to the previous table (t0001 to itself):

    CREATE TABLE t0002 (
        id bigint NOT NULL PRIMARY KEY, code varchar(32) NOT NULL, name text,
        amount numeric(12,2) DEFAULT 0, qty integer NOT NULL DEFAULT 1,
        active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now(),
        note varchar(200), score double precision, parent_id bigint,
        CONSTRAINT t0002_parent_fk FOREIGN KEY (parent_id) REFERENCES t0001 (id));
    CREATE UNIQUE INDEX t0002_code_key ON t0002 (code);

Schema B: the same, except that every 20th table (1/20 = 5 %) gets one change, the kinds in
turn (CHANGES below): a column added, a column dropped, a column's type changed, an index added,
the foreign key's ON DELETE action changed, a column made NOT NULL, a default changed.
"""

import argparse
import sys

EVERY = 20
CHANGES = (
    "add column",
    "drop column",
    "type change",
    "new index",
    "fk action",
    "not null",
    "default",
)


def table(i, width):
    return f"t{i:0{width}d}"


def width_of(n):
    return max(4, len(str(n)))


def changes(n, every=EVERY):
    """{table index: kind of change} for the tables that differ in B."""
    return {i: CHANGES[k % len(CHANGES)] for k, i in enumerate(range(every // 2, n + 1, every))}


def schema(n, side, every=EVERY):
    """The DDL of side 'a' or 'b' as one string of statements ending in ';\\n'."""
    width = width_of(n)
    changed = changes(n, every) if side == "b" else {}
    out = []
    for i in range(1, n + 1):
        t = table(i, width)
        parent = table(max(i - 1, 1), width)
        kind = changed.get(i)
        cols = [
            "id bigint NOT NULL PRIMARY KEY",
            "code varchar(32) NOT NULL",
            "name text",
            "amount numeric(12,2) DEFAULT 0" if kind != "default" else "amount numeric(12,2) DEFAULT 1",
            "qty integer NOT NULL DEFAULT 1" if kind != "type change" else "qty bigint NOT NULL DEFAULT 1",
            "active boolean NOT NULL DEFAULT true",
            "created_at timestamptz NOT NULL DEFAULT now()",
            "note varchar(200)",
            "score double precision" if kind != "not null" else "score double precision NOT NULL",
            "parent_id bigint",
        ]
        if kind == "drop column":
            cols.remove("note varchar(200)")
        if kind == "add column":
            cols.append("extra integer")
        action = " ON DELETE CASCADE" if kind == "fk action" else ""
        cols.append(f"CONSTRAINT {t}_parent_fk FOREIGN KEY (parent_id) REFERENCES {parent} (id){action}")
        out.append(f"CREATE TABLE {t} (\n    " + ",\n    ".join(cols) + "\n);\n")
        out.append(f"CREATE UNIQUE INDEX {t}_code_key ON {t} (code);\n")
        if kind == "new index":
            out.append(f"CREATE INDEX {t}_name_idx ON {t} (name, created_at);\n")
    return "".join(out)


def changed_tables(n, every=EVERY):
    width = width_of(n)
    return sorted(table(i, width) for i in changes(n, every))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=("a", "b", "changed"))
    p.add_argument("n", type=int)
    p.add_argument("--every", type=int, default=EVERY)
    args = p.parse_args(argv)
    if args.what == "changed":
        print("\n".join(changed_tables(args.n, args.every)))
    else:
        sys.stdout.write(schema(args.n, args.what, args.every))


if __name__ == "__main__":
    main(sys.argv[1:])

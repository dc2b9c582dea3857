// A small Alembic project for the app to open, with a real alembic: the virtual environment the
// Rust tests cache (target/tmp/alembic-venv), made here when missing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");

export function alembicVenv() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
  const venv = join(target, "tmp", "alembic-venv");
  if (!existsSync(join(venv, "bin", "alembic"))) {
    mkdirSync(join(target, "tmp"), { recursive: true });
    execFileSync("python3", ["-m", "venv", venv]);
    execFileSync(join(venv, "bin", "python"), ["-m", "pip", "install", "--quiet", "alembic", "SQLAlchemy"]);
  }
  return venv;
}

const ENV_PY = `from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

function module(id, down, message, table) {
  return `"""${message}

Revision ID: ${id}
Revises: ${down ?? ""}
"""
from alembic import op

revision = "${id}"
down_revision = ${down ? `"${down}"` : "None"}
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE ${table} (id INTEGER PRIMARY KEY)")


def downgrade():
    op.execute("DROP TABLE ${table}")
`;
}

/** Writes the project into `dir` (SQLite database `app.db` beside alembic.ini); returns the ids. */
export function writeAlembicProject(dir) {
  mkdirSync(join(dir, "alembic", "versions"), { recursive: true });
  writeFileSync(join(dir, "alembic.ini"), "[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///app.db\n");
  writeFileSync(join(dir, "alembic", "env.py"), ENV_PY);
  writeFileSync(join(dir, "alembic", "script.py.mako"), "");
  const revs = [
    ["a1b2c3d4e5f6", null, "create users", "users"],
    ["b2c3d4e5f6a7", "a1b2c3d4e5f6", "create teams", "teams"],
    ["c3d4e5f6a7b8", "b2c3d4e5f6a7", "create invoices", "invoices"],
  ];
  for (const [id, down, message, table] of revs) {
    writeFileSync(join(dir, "alembic", "versions", `${id}_${table}.py`), module(id, down, message, table));
  }
  symlinkSync(alembicVenv(), join(dir, ".venv"));
  return revs.map((r) => r[0]);
}

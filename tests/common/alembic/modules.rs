//! Revision modules written as Alembic writes them (plain and annotated headers, quoting
//! variants), and the env.py and script.py.mako the generated projects use.

/// One revision of a generated project.
#[derive(Clone, Debug)]
pub struct Rev {
    pub id: String,
    pub parents: Vec<String>,
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub message: String,
    /// The versions folder, relative to the project root.
    pub dir: String,
}

pub fn rev(id: &str, parents: &[&str], message: &str) -> Rev {
    Rev {
        id: id.into(),
        parents: parents.iter().map(|s| s.to_string()).collect(),
        labels: Vec::new(),
        depends_on: Vec::new(),
        message: message.into(),
        dir: String::new(),
    }
}

impl Rev {
    pub fn label(mut self, label: &str) -> Rev {
        self.labels.push(label.into());
        self
    }
    pub fn depends(mut self, on: &str) -> Rev {
        self.depends_on.push(on.into());
        self
    }
    pub fn at(mut self, dir: &str) -> Rev {
        self.dir = dir.into();
        self
    }
    pub(super) fn slug(&self) -> String {
        self.message
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_")
    }
}

/// How a module header is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Style {
    /// `revision = 'x'`, tuples for several values (Alembic's classic template).
    Plain,
    /// `revision: str = "x"`, `Union[...]` annotations, lists, triple quotes, black-style
    /// multi-line tuples: the variants rotate with the revision's position.
    Annotated,
}

fn quote(s: &str, style: Style, variant: usize) -> String {
    match (style, variant % 3) {
        (Style::Plain, _) => format!("'{s}'"),
        (Style::Annotated, 0) => format!("\"{s}\""),
        (Style::Annotated, 1) => format!("'''{s}'''"),
        (Style::Annotated, _) => format!("\"\"\"{s}\"\"\""),
    }
}

fn py_value(values: &[String], style: Style, variant: usize) -> String {
    let items: Vec<String> = values.iter().map(|v| quote(v, style, variant)).collect();
    match (values.len(), style) {
        (0, _) => "None".into(),
        (1, Style::Plain) => items[0].clone(),
        (1, Style::Annotated) if variant.is_multiple_of(2) => items[0].clone(),
        (1, Style::Annotated) => format!("[{}]", items[0]),
        (_, Style::Plain) => format!("({})", items.join(", ")),
        (_, Style::Annotated) if variant.is_multiple_of(2) => format!(
            "(\n{})",
            items
                .iter()
                .map(|i| format!("    {i},\n"))
                .collect::<String>()
        ),
        (_, Style::Annotated) => format!("[{}]", items.join(", ")),
    }
}

/// The module text of one revision, as `alembic revision` writes it (with a body that creates
/// and drops one table named after the revision).
pub fn module_text(rev: &Rev, style: Style, variant: usize) -> String {
    let revises = rev.parents.join(", ");
    let day = variant % 28 + 1;
    let doc = format!(
        "{}\n\nRevision ID: {}\nRevises: {revises}\nCreate Date: 2024-03-{day:02} 12:{:02}:00.000000\n\n",
        rev.message,
        rev.id,
        variant % 60
    );
    let table = format!("t_{}", rev.id);
    match style {
        Style::Plain => format!(
            "\"\"\"{doc}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\nrevision = {}\ndown_revision = {}\nbranch_labels = {}\ndepends_on = {}\n\n\ndef upgrade():\n    op.execute(\"CREATE TABLE {table} (id INTEGER PRIMARY KEY)\")\n\n\ndef downgrade():\n    op.execute(\"DROP TABLE {table}\")\n",
            quote(&rev.id, style, variant),
            py_value(&rev.parents, style, variant),
            py_value(&rev.labels, style, variant),
            py_value(&rev.depends_on, style, variant),
        ),
        Style::Annotated => {
            let docstring = if variant.is_multiple_of(2) {
                format!("\"\"\"{doc}\"\"\"")
            } else {
                format!("'''{doc}'''")
            };
            let union = "Union[str, Sequence[str], None]";
            format!(
                "{docstring}\nfrom __future__ import annotations\n\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\nrevision: str = {}\ndown_revision: {union} = {}\nbranch_labels: {union} = {}\ndepends_on: {union} = {}\n\n\ndef upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    op.execute(\"CREATE TABLE {table} (id INTEGER PRIMARY KEY)\")\n\n\ndef downgrade() -> None:\n    \"\"\"Downgrade schema.\"\"\"\n    op.execute(\"DROP TABLE {table}\")\n",
                quote(&rev.id, style, variant),
                py_value(&rev.parents, style, variant + 1),
                py_value(&rev.labels, style, variant),
                py_value(&rev.depends_on, style, variant + 2),
            )
        }
    }
}

/// An env.py like `alembic init`'s, but finding its URL as many applications do: `DATABASE_URL`
/// first, then alembic.ini's `sqlalchemy.url`. No logging setup, so stdout carries only output.
pub const ENV_PY: &str = r#"import os

from sqlalchemy import create_engine, pool

from alembic import context

config = context.config
target_metadata = None

def database_url():
    return os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")

def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()

def run_migrations_online() -> None:
    connectable = create_engine(database_url(), poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"#;

pub const SCRIPT_MAKO: &str = r#""""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}

def upgrade():
    ${upgrades if upgrades else "pass"}

def downgrade():
    ${downgrades if downgrades else "pass"}
"#;

/// A URL as SQLAlchemy wants it, naming the driver installed here: SQLAlchemy 2.1 takes a bare
/// `postgresql://` to mean psycopg 3, and projects often spell the driver out anyway.
pub fn sqlalchemy_url(url: &str) -> String {
    for scheme in ["postgres://", "postgresql://"] {
        if let Some(rest) = url.strip_prefix(scheme) {
            return format!("postgresql+psycopg2://{rest}");
        }
    }
    url.to_string()
}

/// A value written into an ini file read with configparser interpolation.
pub fn ini_escape(value: &str) -> String {
    value.replace('%', "%%")
}

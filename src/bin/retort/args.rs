//! The command line, in Alembic's words: clap definitions only.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "retort",
    version,
    about = "A database migration manager in the spirit of Alembic",
    after_help = "Connection, first match wins: --url, --profile, DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD (+ DATABASE_DIALECT), url in retort.toml."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// retort.toml, or a folder to search from (default: the current folder and its parents)
    #[arg(short = 'c', long = "config", global = true)]
    pub config: Option<PathBuf>,
    /// Database URL (postgresql://, mysql://, mariadb://, sqlite:///file.db)
    #[arg(long, global = true)]
    pub url: Option<String>,
    /// A connection profile saved by the Retort app
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Print machine-readable JSON (read commands)
    #[arg(long, global = true)]
    pub json: bool,
    /// Alembic projects: the command that runs the project's alembic (default: its .venv/venv,
    /// `uv run alembic`, `poetry run alembic`, or alembic on PATH)
    #[arg(long, global = true)]
    pub alembic_command: Option<String>,
    /// A server where autogenerate, check, schema and diff may create scratch databases
    /// (default: the project's database server; SQLite uses temporary files)
    #[arg(long, global = true)]
    pub dev_url: Option<String>,
    /// Seconds to wait for another runner's lock; also how long a server may take to answer
    /// the connect, and how long SQLite waits for a file another process is writing
    #[arg(long, global = true, default_value_t = 60)]
    pub lock_timeout: u64,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new project: retort.toml, versions/ and schema.sql
    Init { dir: PathBuf },
    /// Create a new revision file
    Revision(RevisionArgs),
    /// Apply revisions up to TARGET (head, heads, REV, +N, label@head, …)
    Upgrade(MoveArgs),
    /// Revert revisions down to TARGET (base, REV, -N, label@base, …)
    Downgrade(MoveArgs),
    /// Show the database's current revision(s)
    Current {
        #[arg(short, long)]
        verbose: bool,
    },
    /// List revisions, newest first
    History {
        /// Range: a:b, a:, :b (current allowed)
        #[arg(short = 'r', long = "rev-range", allow_hyphen_values = true)]
        range: Option<String>,
        #[arg(short, long)]
        verbose: bool,
        /// Mark the database's current revision(s)
        #[arg(short = 'i', long = "indicate-current")]
        indicate_current: bool,
    },
    /// Show the heads
    Heads {
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show the branch points
    Branches {
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show one revision
    Show { rev: String },
    /// Merge two or more heads into one revision
    Merge {
        #[arg(short, long)]
        message: String,
        /// Revisions to merge, or `heads`
        #[arg(required = true)]
        revisions: Vec<String>,
        #[arg(long)]
        branch_label: Vec<String>,
        #[arg(long)]
        rev_id: Option<String>,
    },
    /// Record TARGET as applied without running anything
    Stamp {
        #[arg(allow_hyphen_values = true)]
        target: String,
        /// Forget everything recorded first
        #[arg(long)]
        purge: bool,
    },
    /// Current, pending, drift, dirty and unknown revisions on one screen
    Status,
    /// Exit 1 when the revisions at head and schema.sql differ (or, with --against-url, a live
    /// database and the revisions); Alembic projects: `alembic check`
    Check {
        /// Compare this live database with the revisions at head (drift in production)
        #[arg(long)]
        against_url: Option<String>,
    },
    /// Print the schema the revisions produce (or, with --url, a live database's) as DDL
    Schema {
        /// The revision to stop at (default: heads)
        #[arg(long, allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// The changes from A to B; each is a revision, a .sql file, `base` or a database URL
    Diff {
        a: String,
        b: String,
        /// Treat a dropped and an added column (users.old=new) or table (old=new) as a rename
        #[arg(long)]
        rename: Vec<String>,
    },
    /// Clear a dirty mark after fixing the database by hand
    Resolve {
        rev: String,
        /// The revision is in effect
        #[arg(
            long,
            conflicts_with = "rolled_back",
            required_unless_present = "rolled_back"
        )]
        applied: bool,
        /// The revision is not in effect
        #[arg(long)]
        rolled_back: bool,
    },
}

#[derive(Args, Debug)]
pub struct RevisionArgs {
    #[arg(short, long)]
    pub message: String,
    /// Parent revision (default: the single head); `base` starts a new root
    #[arg(long)]
    pub head: Option<String>,
    #[arg(long)]
    pub branch_label: Vec<String>,
    #[arg(long)]
    pub depends_on: Vec<String>,
    #[arg(long)]
    pub rev_id: Option<String>,
    /// Mark the revision `transactional: false`
    #[arg(long)]
    pub non_transactional: bool,
    /// Alembic projects: allow --head to name a revision that is not a head (a new branch)
    #[arg(long)]
    pub splice: bool,
    /// Draft the revision from the difference between schema.sql and the revisions at head
    /// (Alembic projects: between the models and the database)
    #[arg(long)]
    pub autogenerate: bool,
    /// With --autogenerate: compare schema.sql with this live database instead of the revisions
    #[arg(long, requires = "autogenerate")]
    pub against_url: Option<String>,
    /// With --autogenerate: a dropped and an added column (users.old=new) or table (old=new)
    /// become a rename, data kept
    #[arg(long, requires = "autogenerate")]
    pub rename: Vec<String>,
}

#[derive(Args, Debug)]
pub struct MoveArgs {
    /// Target; with --sql also FROM:TO, as Alembic's offline mode
    #[arg(allow_hyphen_values = true)]
    pub target: String,
    /// Print the SQL that would run instead of running it
    #[arg(long)]
    pub sql: bool,
    /// Dialect for --sql when no database is configured
    #[arg(long)]
    pub dialect: Option<String>,
    /// Upgrade past revisions whose file changed after they were applied
    #[arg(long)]
    pub allow_drift: bool,
    /// SQLite: skip the backup copy taken before changes
    #[arg(long)]
    pub no_backup: bool,
}

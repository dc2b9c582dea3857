//! Test support: a fresh real database per test (SQLite file, PostgreSQL or MariaDB database made
//! and dropped here), project fixtures, running the real `retort` binary, and catalog snapshots.
//! Under CI=true a missing server fails the test; elsewhere the test says it skipped.

#![allow(dead_code)]

pub mod alembic;
pub mod client;
pub mod json;
pub mod secrets;
pub mod snapshot;

// Each test binary uses some of these.
#[allow(unused_imports)]
pub use client::run_with_client;
#[allow(unused_imports)]
pub use json::{ids_of, json};
#[allow(unused_imports)]
pub use snapshot::{read_tree, refused, refused_all, Snapshot};

use retort::db::{ConnectOptions, DatabaseUrl, Db};
use retort::Dialect;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const DIALECTS: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mysql];

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The type to CAST a value to for reading it back as text.
pub fn text_type(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Mysql => "CHAR",
        _ => "TEXT",
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn admin_url(dialect: Dialect) -> String {
    match dialect {
        Dialect::Postgresql => std::env::var("RETORT_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgresql://postgres@127.0.0.1:5432/postgres".into()),
        Dialect::Mysql => std::env::var("RETORT_TEST_MYSQL_URL")
            .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into()),
        Dialect::Sqlite => String::new(),
    }
}

/// One database that exists for one test.
pub struct TestDb {
    pub dialect: Dialect,
    pub url: String,
    name: String,
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
}

impl TestDb {
    /// A fresh empty database, or `None` (skip) when the server is down outside CI.
    pub fn new(dialect: Dialect) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().to_path_buf();
        let name = format!(
            "retort_t_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let url = match dialect {
            Dialect::Sqlite => format!("sqlite:///{}", path.join("test.db").display()),
            _ => {
                let admin = admin_url(dialect);
                if let Err(e) = admin_exec(dialect, &[&format!("CREATE DATABASE {name}")]) {
                    if std::env::var("CI").is_ok_and(|v| v == "true") {
                        panic!("{dialect} server needed under CI: {admin}: {e}");
                    }
                    eprintln!("SKIPPED: no {dialect} server at {admin}: {e}");
                    return None;
                }
                replace_database(&admin, &name)
            }
        };
        Some(TestDb {
            dialect,
            url,
            name,
            _dir: dir,
            dir: path,
        })
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.dir.join("test.db")
    }

    pub fn parsed(&self) -> DatabaseUrl {
        DatabaseUrl::parse(&self.url, Path::new("/")).expect("test url")
    }

    /// Runs statements on this database through the engine's own connection code.
    pub fn exec(&self, sql: &str) -> Result<(), String> {
        runtime().block_on(async {
            let mut db = connect(&self.parsed()).await?;
            let r = db.execute(sql).await;
            db.close().await;
            Ok(r?)
        })
    }

    /// Rows as text.
    pub fn query(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        runtime().block_on(async {
            let mut db = connect(&self.parsed()).await.expect("connect");
            let rows = db.fetch(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
            db.close().await;
            rows
        })
    }

    pub fn scalar(&self, sql: &str) -> String {
        self.query(sql)
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten())
            .unwrap_or_default()
    }

    /// The user tables, views and indexes with their columns, read from the catalog: equal
    /// snapshots mean equal schemas. Retort's own tables are left out.
    pub fn schema(&self) -> String {
        let sql = match self.dialect {
            Dialect::Sqlite => "SELECT type || ' ' || name || ' ' || COALESCE(tbl_name, '') || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'retort_%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name".to_string(),
            Dialect::Postgresql => "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'retort_%' UNION ALL SELECT 'index ' || tablename || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'retort_%' UNION ALL SELECT 'view ' || table_name || ' ' || view_definition FROM information_schema.views WHERE table_schema = 'public' UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'retort_%' ORDER BY 1".to_string(),
            Dialect::Mysql => "SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', COALESCE(column_default, ''), ' ', column_key) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE 'retort_%' UNION ALL SELECT CONCAT('index ', table_name, ' ', index_name, ' ', non_unique, ' ', column_name, ' ', seq_in_index) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name NOT LIKE 'retort_%' UNION ALL SELECT CONCAT('view ', table_name, ' ', view_definition) FROM information_schema.views WHERE table_schema = DATABASE() UNION ALL SELECT CONCAT('fk ', table_name, ' ', constraint_name, ' ', referenced_table_name) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY 1".to_string(),
        };
        self.query(&sql)
            .into_iter()
            .map(|r| r.into_iter().flatten().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Every table of the database (Retort's own included), sorted; none when a SQLite file
    /// does not exist yet.
    pub fn tables(&self) -> Vec<String> {
        let sql = match self.dialect {
            Dialect::Sqlite => {
                if !self.sqlite_path().exists() {
                    return Vec::new();
                }
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            Dialect::Postgresql => "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            Dialect::Mysql => "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
        };
        let mut names: Vec<String> = self
            .query(sql)
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect();
        names.sort();
        names
    }

    /// Applied revision ids as recorded, sorted.
    pub fn applied(&self) -> Vec<String> {
        let exists = match self.dialect {
            Dialect::Sqlite => self.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE name = 'retort_revisions'"),
            Dialect::Postgresql => self.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'retort_revisions'"),
            Dialect::Mysql => self.scalar("SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'retort_revisions'"),
        };
        if exists == "0" {
            return Vec::new();
        }
        let mut ids: Vec<String> = self
            .query("SELECT revision FROM retort_revisions WHERE state = 'applied'")
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect();
        ids.sort();
        ids
    }

    pub fn log_count(&self) -> usize {
        self.scalar(&format!(
            "SELECT CAST(COUNT(*) AS {}) FROM retort_log",
            if self.dialect == Dialect::Mysql {
                "CHAR"
            } else {
                "TEXT"
            }
        ))
        .parse()
        .unwrap_or(0)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let drop = match self.dialect {
            Dialect::Sqlite => return,
            Dialect::Postgresql => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            Dialect::Mysql => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        let _ = admin_exec(self.dialect, &[&drop]);
    }
}

/// A connection through the engine's own connection code (a missing SQLite file is created).
pub async fn connect(url: &DatabaseUrl) -> Result<Db, String> {
    Db::connect(
        url,
        ConnectOptions {
            create_sqlite: true,
            timeout: Duration::from_secs(10),
        },
    )
    .await
    .map_err(|e| e.to_string())
}

fn admin_exec(dialect: Dialect, statements: &[&str]) -> Result<(), String> {
    let url = DatabaseUrl::parse(&admin_url(dialect), Path::new("/")).map_err(|e| e.to_string())?;
    runtime().block_on(async {
        let mut db = connect(&url).await?;
        for s in statements {
            if let Err(e) = db.execute(s).await {
                db.close().await;
                return Err(e.into());
            }
        }
        db.close().await;
        Ok(())
    })
}

/// The admin URL with another database name.
fn replace_database(url: &str, name: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("admin URL has a database");
    format!("{base}/{name}")
}

/// The variables through which retort (and env.py files) find a database; cleared for every
/// child a test runs.
pub const DB_VARS: [&str; 7] = [
    "DATABASE_URL",
    "DATABASE_HOST",
    "DATABASE_PORT",
    "DATABASE_NAME",
    "DATABASE_USER",
    "DATABASE_PASSWORD",
    "DATABASE_DIALECT",
];

/// The `retort` binary with a clean environment (no DATABASE_* leaking in).
pub fn retort(project: &Path, url: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = retort_command(project, url, args);
    cmd.output().expect("run retort")
}

/// The `retort` binary without arguments, in an environment of its own: no DATABASE_* leaking
/// in, no colour, and the revision cache of test projects kept out of the user's cache folder.
pub fn retort_bare() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retort"));
    for var in DB_VARS {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd.env(
        "RETORT_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("retort-cache"),
    );
    cmd
}

/// The `retort` binary on `project` (`-c`), with `--url` when given.
pub fn retort_command(project: &Path, url: Option<&str>, args: &[&str]) -> Command {
    let mut cmd = retort_bare();
    cmd.arg("-c").arg(project);
    if let Some(url) = url {
        cmd.arg("--url").arg(url);
    }
    cmd.args(args);
    cmd
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

pub fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

/// Asserts success and returns stdout.
#[track_caller]
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "retort failed ({:?}):\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Asserts exit code 1 and that stderr contains `text`; returns stderr.
#[track_caller]
pub fn fails(out: Output, text: &str) -> String {
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected failure with {text:?}; stdout: {} stderr: {err}",
        stdout(&out)
    );
    assert!(err.contains(text), "expected {text:?} in stderr: {err}");
    err
}

/// Asserts that `status` reported a dirty database: its screen (or JSON) on stdout, exit 1 and
/// the dirty error on stderr (README: exit codes). Returns stdout.
#[track_caller]
pub fn dirty_status(out: Output) -> String {
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a dirty database exits 1; stdout: {} stderr: {err}",
        stdout(&out)
    );
    assert!(
        err.contains("the database is dirty") || err.contains("database_dirty"),
        "{err}"
    );
    stdout(&out)
}

/// A copy of the bundled demo project in a temporary folder (without its `url`).
pub fn demo_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    std::fs::create_dir_all(dir.path().join("versions")).expect("mkdir");
    for entry in std::fs::read_dir(source.join("versions")).expect("demo versions") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            dir.path().join("versions").join(entry.file_name()),
        )
        .expect("copy");
    }
    std::fs::write(dir.path().join("retort.toml"), "versions = \"versions\"\n").expect("toml");
    dir
}

/// An empty project folder with a retort.toml.
pub fn empty_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("versions")).expect("mkdir");
    std::fs::write(dir.path().join("retort.toml"), "versions = \"versions\"\n").expect("toml");
    dir
}

/// Writes one revision file.
pub fn write_revision(
    project: &Path,
    id: &str,
    parents: &[&str],
    extra_header: &str,
    upgrade: &str,
    downgrade: &str,
) -> PathBuf {
    let path = project.join("versions").join(format!("{id}.sql"));
    let text = format!(
        "-- revision: {id}\n-- down_revision: {}\n-- message: revision {id}\n{extra_header}\n-- upgrade\n{upgrade}\n\n-- downgrade\n{downgrade}\n",
        parents.join(", ")
    );
    std::fs::write(&path, text).expect("write revision");
    path
}

/// A branchy project: two branches from a trunk with labels, a merge, a second base with a
/// depends_on edge; each revision creates one table (named after it) and its downgrade drops it.
///
/// ```text
/// r01 - r02 - r03 - r05 - m07 - r08
///          \             /
///           r04 - r06 --          (label "side" on r04)
/// s01 - s02                       (label "other"; s02 depends_on r03)
/// ```
pub fn branchy_project() -> tempfile::TempDir {
    let dir = empty_project();
    let p = dir.path();
    let table = |id: &str| {
        (
            format!("CREATE TABLE t_{id} (id INTEGER PRIMARY KEY, note VARCHAR(20));\nINSERT INTO t_{id} (id, note) VALUES (1, '{id}');"),
            format!("DROP TABLE t_{id};"),
        )
    };
    let revs: &[(&str, &[&str], &str)] = &[
        ("r01", &[], ""),
        ("r02", &["r01"], ""),
        ("r03", &["r02"], ""),
        ("r04", &["r02"], "-- branch_labels: side\n"),
        ("r05", &["r03"], ""),
        ("r06", &["r04"], ""),
        ("m07", &["r05", "r06"], ""),
        ("r08", &["m07"], ""),
        ("s01", &[], "-- branch_labels: other\n"),
        ("s02", &["s01"], "-- depends_on: r03\n"),
    ];
    for (id, parents, header) in revs {
        let (up, down) = table(id);
        write_revision(p, id, parents, header, &up, &down);
    }
    dir
}

/// Runs statements as the server's admin user (roles, databases made by hand in a test).
pub fn admin_exec_pub(dialect: Dialect, statements: &[&str]) -> Result<(), String> {
    admin_exec(dialect, statements)
}

/// The first column of each row of `sql`, run as the server's admin user.
pub fn admin_column(dialect: Dialect, sql: &str) -> Result<Vec<String>, String> {
    let url = DatabaseUrl::parse(&admin_url(dialect), Path::new("/")).map_err(|e| e.to_string())?;
    runtime().block_on(async {
        let mut db = connect(&url).await?;
        let rows = db.fetch(sql).await;
        db.close().await;
        Ok(rows?
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect())
    })
}

/// Defines one `#[test]` per dialect, under the given names, each running `generic(dialect)`.
#[allow(unused_macros)]
macro_rules! on_each_dialect {
    ($generic:ident: $sqlite:ident, $postgresql:ident, $mysql:ident) => {
        #[test]
        fn $sqlite() {
            $generic(::retort::Dialect::Sqlite);
        }
        #[test]
        fn $postgresql() {
            $generic(::retort::Dialect::Postgresql);
        }
        #[test]
        fn $mysql() {
            $generic(::retort::Dialect::Mysql);
        }
    };
}
#[allow(unused_imports)]
pub(crate) use on_each_dialect;

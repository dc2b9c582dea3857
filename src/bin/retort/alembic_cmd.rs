//! Changes on an Alembic project go through the project's own alembic: find it, say which one
//! runs and which database it will touch, hand the database over in the environment, stream its
//! progress, then show the state re-read from `alembic_version` (or the new revision files re-read
//! from disk).

use crate::context::Context;
use retort::alembic::{run_alembic, Handoff};
use retort::alembic::{AlembicOutput, AlembicProject};
use retort::apply::ProgressFn;
use retort::db::DatabaseUrl;
use retort::{Error, Result};

/// Whether the alembic command connects to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touches {
    /// Offline work (`--sql`, `revision -m`, `merge`): the database, when one is named, is still
    /// handed over, since env.py files read the dialect from it.
    Nothing,
    Database,
}

/// The alembic to run and its environment, and the database it will touch.
struct Prepared {
    handoff: Handoff,
    url: Option<DatabaseUrl>,
}

impl Prepared {
    /// Runs the project's alembic with `args` and the prepared environment.
    async fn run(
        &self,
        project: &AlembicProject,
        args: &[String],
        progress: ProgressFn<'_>,
    ) -> Result<AlembicOutput> {
        run_alembic(
            &self.handoff.command,
            &project.ini,
            args,
            &self.handoff.env,
            progress,
        )
        .await
    }
}

fn prepare(cx: &Context, project: &AlembicProject, touches: Touches) -> Result<Prepared> {
    let choice = match touches {
        Touches::Database => Some(cx.alembic_url_choice(project)?),
        Touches::Nothing => cx.alembic_url_choice(project).ok(),
    };
    let handoff = project.handoff(
        cx.alembic_command(),
        choice.as_ref().map(|(url, source)| (url, *source)),
        cx.profile_env()?,
    )?;
    eprintln!(
        "Running {} (found: {})",
        handoff.command.display(),
        handoff.command.found_by
    );
    if touches == Touches::Database {
        if let Some(notice) = &handoff.notice {
            eprintln!("{notice}");
        }
    }
    Ok(Prepared {
        handoff,
        url: choice
            .filter(|_| touches == Touches::Database)
            .map(|(url, _)| url),
    })
}

/// Runs `alembic ARGS…` (upgrade, downgrade, stamp) for `project`; `--sql` output is printed
/// as alembic wrote it.
pub async fn run(
    cx: &Context,
    project: &AlembicProject,
    args: Vec<String>,
    offline: bool,
    progress: ProgressFn<'_>,
) -> Result<()> {
    if offline && !project.env_py_has_offline_mode() {
        return Err(Error::Invalid {
            message: format!(
                "{} has no offline mode (it never calls context.is_offline_mode()), so alembic cannot print the SQL without running it; add Alembic's run_migrations_offline() to env.py, or upgrade without --sql",
                project.ini.script_location.join("env.py").display()
            ),
        });
    }
    let touches = if offline {
        Touches::Nothing
    } else {
        Touches::Database
    };
    let prepared = prepare(cx, project, touches)?;
    let output = prepared.run(project, &args, progress).await?;
    if offline {
        print!("{}", output.stdout);
        return Ok(());
    }
    if let Some(url) = prepared.url {
        show_current(cx, project, &url).await?;
    }
    Ok(())
}

async fn show_current(cx: &Context, project: &AlembicProject, url: &DatabaseUrl) -> Result<()> {
    let status = project.status(url, cx.lock_timeout()).await?;
    let current = if status.current.is_empty() {
        "<base>".to_string()
    } else {
        status.current.join(", ")
    };
    eprintln!(
        "{} current (re-read from {}): {current}",
        cx.err.green("done:"),
        project.version_table_name()
    );
    Ok(())
}

/// Runs a command that writes revision files (`revision`, `merge`), then reads the project again
/// and reports the new revisions as Retort sees them, so a file Retort cannot read shows up now.
pub async fn generate(
    cx: &Context,
    project: &AlembicProject,
    args: Vec<String>,
    touches: Touches,
) -> Result<()> {
    let prepared = prepare(cx, project, touches)?;
    let output = prepared.run(project, &args, &|_| {}).await?;
    echo_detected(&output);
    let new = project.reread_new().map_err(|e| Error::Invalid {
        message: format!("alembic wrote a revision, but reading the project again failed: {e}"),
    })?;
    if cx.global.json {
        let list: Vec<_> = new
            .iter()
            .map(|h| serde_json::json!({"revision": h.id, "parents": h.parents, "path": h.path}))
            .collect();
        return cx.print_json(&serde_json::json!({ "revisions": list }));
    }
    print!("{}", output.stdout);
    for header in new {
        let parents = if header.parents.is_empty() {
            "<base>".to_string()
        } else {
            header.parents.join(", ")
        };
        eprintln!(
            "{} {} (revises {parents}): {}",
            cx.err.green("new revision"),
            header.id,
            header.path.display()
        );
    }
    Ok(())
}

/// `alembic check`: exit 0 when the models match the database, else alembic's list of changes.
pub async fn check(cx: &Context, project: &AlembicProject) -> Result<()> {
    let prepared = prepare(cx, project, Touches::Database)?;
    let output = prepared
        .run(project, &["check".to_string()], &|_| {})
        .await?;
    echo_detected(&output);
    print!("{}", output.stdout);
    Ok(())
}

/// Autogenerate's "Detected added column 'x.y'" log lines: what the draft will contain.
fn echo_detected(output: &AlembicOutput) {
    for line in output.log.iter().filter(|l| l.contains("Detected ")) {
        eprintln!("{line}");
    }
}

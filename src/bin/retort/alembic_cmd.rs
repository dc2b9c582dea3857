//! Changes on an Alembic project go through the project's own alembic: find it, say which one
//! runs and which database it will touch, hand the database over in the environment, stream its
//! progress, then show the state re-read from `alembic_version`.

use crate::context::Context;
use retort::alembic::{database_env, find_alembic, run_alembic, which, AlembicProject};
use retort::apply::ProgressFn;
use retort::connection::UrlSource;
use retort::Result;

/// Runs `alembic ARGS…` for `project`; `--sql` output is printed as alembic wrote it.
pub async fn run(
    cx: &Context,
    project: &AlembicProject,
    args: Vec<String>,
    offline: bool,
    progress: ProgressFn<'_>,
) -> Result<()> {
    let here = project.ini.here.clone();
    let command = find_alembic(&here, cx.global.alembic_command.as_deref(), &which)?;
    eprintln!(
        "Running {} (found: {})",
        command.display(),
        command.found_by
    );
    let mut env = Vec::new();
    let url = if offline {
        None
    } else {
        let (url, source) = cx.alembic_url_choice(project)?;
        if source == UrlSource::AlembicIni {
            eprintln!(
                "alembic will use sqlalchemy.url from {}: {}",
                project.ini.path.display(),
                url.masked()
            );
        } else {
            env = database_env(&url);
            if !project.env_py_reads_environment() {
                eprintln!(
                    "warning: env.py does not read the environment, so alembic will use sqlalchemy.url from {} ({}), not {} from {}",
                    project.ini.path.display(),
                    project
                        .ini
                        .sqlalchemy_url
                        .as_deref()
                        .map(retort::db::mask_url_text)
                        .unwrap_or_else(|| "not set".into()),
                    url.masked(),
                    source.describe()
                );
            } else {
                eprintln!(
                    "alembic gets {} ({}) in DATABASE_URL and DATABASE_*",
                    url.masked(),
                    source.describe()
                );
            }
        }
        Some(url)
    };
    let output = run_alembic(&command, &project.ini.path, &args, &env, progress).await?;
    if offline {
        print!("{}", output.stdout);
        return Ok(());
    }
    if let Some(url) = url {
        let status = project.status(&url, cx.lock_timeout()).await?;
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
    }
    Ok(())
}

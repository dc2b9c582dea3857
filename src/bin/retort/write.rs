//! Commands that write: new revision files, and upgrade / downgrade / stamp / resolve on a
//! database, with progress lines on stderr as each revision runs.

use crate::alembic_cmd::{self, Touches};
use crate::args::{MoveArgs, RevisionArgs};
use crate::context::Context;
use retort::apply::{self, Progress, RunOptions};
use retort::dialect::{Actor, Book};
use retort::error::Direction;
use retort::graph::{Graph, Target};
use retort::project::Project;
use retort::script::{new_revision_id, NewRevision};
use retort::workspace::Workspace;
use retort::{Dialect, Error, Result};
use std::path::Path;

/// Standard error is unbuffered, and `std`'s `eprintln!` writes each piece of its format with a
/// system call of its own (about fifteen for a progress line); this one formats the line first
/// and writes it at once: a run prints two lines per revision, for thousands of revisions.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!("{}\n", format_args!($($arg)*));
        let _ = std::io::stderr().write_all(line.as_bytes());
    }};
}

pub fn init(cx: &Context, dir: &Path) -> Result<()> {
    let dir = cx.cwd.join(dir);
    let config = Project::init(&dir)?;
    println!("Created {}", config.display());
    println!("Created {}", dir.join("versions").display());
    println!(
        "Next: set url in retort.toml (or DATABASE_URL), then `retort revision -m \"first\"`."
    );
    Ok(())
}

pub async fn revision(cx: &Context, args: &RevisionArgs) -> Result<()> {
    let project = match cx.workspace()? {
        Workspace::Alembic(project) => {
            let touches = if args.autogenerate {
                Touches::Database
            } else {
                Touches::Nothing
            };
            return alembic_cmd::generate(cx, &project, alembic_revision_words(args)?, touches)
                .await;
        }
        Workspace::Retort(project) => project,
    };
    if args.autogenerate {
        return crate::autogen_cmd::revision(cx, &project, args).await;
    }
    let graph = &project.graph;
    let parents = chosen_parents(graph, args.head.as_deref())?;
    let mut depends_on = Vec::new();
    for dep in &args.depends_on {
        let i = graph.lookup(dep)?;
        depends_on.push(graph.id(i).to_string());
    }
    let rev = NewRevision {
        id: new_id(&project, args.rev_id.clone())?,
        parents: graph.ids(&parents),
        message: args.message.clone(),
        created: chrono::Utc::now(),
        branch_labels: args.branch_label.clone(),
        depends_on,
        transactional: !args.non_transactional,
        upgrade: "-- Write the upgrade SQL here.".into(),
        downgrade: "-- Write the SQL that reverts the upgrade here.".into(),
        notes: Vec::new(),
    };
    write_new(cx, &project, &rev)
}

/// `alembic revision`'s words for the same request; what alembic cannot express is refused.
fn alembic_revision_words(args: &RevisionArgs) -> Result<Vec<String>> {
    if args.non_transactional {
        return Err(Error::Invalid {
            message: "--non-transactional is for Retort revisions; in an Alembic revision, use op.get_context().autocommit_block()".into(),
        });
    }
    if args.branch_label.len() > 1 {
        return Err(Error::Invalid {
            message: "alembic takes one --branch-label per revision".into(),
        });
    }
    let mut words = vec!["revision".to_string(), "-m".into(), args.message.clone()];
    if args.autogenerate {
        words.push("--autogenerate".into());
    }
    if args.splice {
        words.push("--splice".into());
    }
    let options = [
        ("--head", args.head.as_slice()),
        ("--branch-label", args.branch_label.as_slice()),
        ("--depends-on", args.depends_on.as_slice()),
        ("--rev-id", args.rev_id.as_slice()),
    ];
    for (flag, values) in options {
        for value in values {
            words.push(format!("{flag}={value}"));
        }
    }
    Ok(words)
}

pub async fn check(cx: &Context, against_url: Option<&str>) -> Result<()> {
    match cx.workspace()? {
        Workspace::Alembic(project) => {
            if against_url.is_some() {
                return Err(Error::Invalid {
                    message: "--against-url is for Retort projects; alembic check compares the models with the database alembic connects to".into(),
                });
            }
            alembic_cmd::check(cx, &project).await
        }
        Workspace::Retort(project) => crate::autogen_cmd::check(cx, &project, against_url).await,
    }
}

pub async fn merge(
    cx: &Context,
    message: &str,
    revisions: &[String],
    labels: &[String],
    rev_id: Option<String>,
) -> Result<()> {
    let project = match cx.workspace()? {
        Workspace::Alembic(project) => {
            let mut words = vec!["merge".to_string(), "-m".into(), message.to_string()];
            if labels.len() > 1 {
                return Err(Error::Invalid {
                    message: "alembic takes one --branch-label per revision".into(),
                });
            }
            words.extend(labels.iter().map(|l| format!("--branch-label={l}")));
            words.extend(rev_id.map(|id| format!("--rev-id={id}")));
            words.extend(revisions.iter().cloned());
            return alembic_cmd::generate(cx, &project, words, Touches::Nothing).await;
        }
        Workspace::Retort(project) => project,
    };
    let graph = &project.graph;
    let mut parents = Vec::new();
    for rev in revisions {
        if rev == "heads" {
            parents.extend(graph.heads());
        } else {
            parents.push(graph.lookup(rev)?);
        }
    }
    // `merge b1 c1 b1` or `merge b1 heads` names a revision twice; a parent listed twice is
    // refused when the project is read back, so each is kept once, in the order given.
    let mut seen = std::collections::HashSet::new();
    parents.retain(|p| seen.insert(*p));
    if parents.len() < 2 {
        return Err(Error::Invalid {
            message: format!(
                "merge needs two or more revisions; got {}",
                graph.ids(&parents).join(", ")
            ),
        });
    }
    let rev = NewRevision {
        id: new_id(&project, rev_id)?,
        parents: graph.ids(&parents),
        message: message.to_string(),
        created: chrono::Utc::now(),
        branch_labels: labels.to_vec(),
        depends_on: Vec::new(),
        transactional: true,
        upgrade: "-- A merge point: nothing to run.".into(),
        downgrade: "-- A merge point: nothing to run.".into(),
        notes: Vec::new(),
    };
    write_new(cx, &project, &rev)
}

pub fn new_id(project: &Project, given: Option<String>) -> Result<String> {
    let id = given.unwrap_or_else(new_revision_id);
    if project.graph.index_of(&id).is_some() {
        return Err(Error::Invalid {
            message: format!("revision {id} already exists"),
        });
    }
    // The id becomes the file name: the parser's rule keeps it inside the versions folder.
    retort::script::check_revision_id(&id).map_err(|message| Error::Invalid { message })?;
    Ok(id)
}

fn write_new(cx: &Context, project: &Project, rev: &NewRevision) -> Result<()> {
    let path = project.write_checked(rev)?;
    if cx.global.json {
        return cx.print_json(&serde_json::json!({"revision": rev.id, "path": path}));
    }
    println!("Generating {} ... done", path.display());
    Ok(())
}

pub async fn move_to(cx: &Context, direction: Direction, args: &MoveArgs) -> Result<()> {
    let project = match cx.workspace()? {
        Workspace::Alembic(project) => {
            let mut words = vec![direction.name().to_string(), args.target.clone()];
            if args.sql {
                words.push("--sql".into());
            }
            return alembic_cmd::run(cx, &project, words, args.sql, &progress_printer(cx)).await;
        }
        Workspace::Retort(project) => project,
    };
    if args.sql {
        return print_offline(cx, &project, direction, args);
    }
    let url = cx.url(&project)?;
    let options = RunOptions {
        direction,
        target: args.target.clone(),
        allow_drift: args.allow_drift,
        lock_timeout: cx.lock_timeout(),
        backup: !args.no_backup,
        cancel: None,
    };
    let report = apply::run(&project, &url, &options, &progress_printer(cx)).await?;
    if cx.global.json {
        return cx.print_json(&report);
    }
    if report.steps.is_empty() {
        eprintln!("Nothing to {direction}: {} is already there.", url.masked());
    }
    let current = if report.current.is_empty() {
        "<base>".to_string()
    } else {
        report.current.join(", ")
    };
    eprintln!(
        "{} {} revision(s); current: {current}",
        cx.err.green("done:"),
        report.steps.len()
    );
    Ok(())
}

/// `--sql`: Alembic's offline mode; connects to nothing.
fn print_offline(
    cx: &Context,
    project: &Project,
    direction: Direction,
    args: &MoveArgs,
) -> Result<()> {
    let dialect = match &args.dialect {
        Some(name) => Dialect::parse(name).ok_or_else(|| Error::Invalid {
            message: format!("--dialect {name:?}: expected postgresql, mysql, mariadb or sqlite"),
        })?,
        None => cx
            .try_url(project)?
            .map(|(url, _)| url.dialect())
            .ok_or_else(|| Error::Invalid {
                message:
                    "--sql needs to know the dialect: pass --dialect, --url, or set a database"
                        .into(),
            })?,
    };
    let (plan, create_tables) = retort::plan::offline(project, dialect, direction, &args.target)?;
    let tables = project.tables();
    let book = Book {
        dialect,
        tables: &tables,
    };
    print!(
        "{}",
        retort::plan::render_sql(&plan, book, &Actor::current(), create_tables)
    );
    Ok(())
}

pub async fn stamp(cx: &Context, target: &str, purge: bool) -> Result<()> {
    let project = match cx.workspace()? {
        Workspace::Alembic(project) => {
            let mut words = vec!["stamp".to_string(), target.to_string()];
            if purge {
                words.push("--purge".into());
            }
            return alembic_cmd::run(cx, &project, words, false, &progress_printer(cx)).await;
        }
        Workspace::Retort(project) => project,
    };
    let url = cx.url(&project)?;
    let current = apply::stamp(
        &project,
        &url,
        target,
        purge,
        cx.lock_timeout(),
        &progress_printer(cx),
    )
    .await?;
    if cx.global.json {
        return cx.print_json(&serde_json::json!({"current": current}));
    }
    let shown = if current.is_empty() {
        "<base>".to_string()
    } else {
        current.join(", ")
    };
    eprintln!("Stamped {}: current is {shown}", url.masked());
    Ok(())
}

pub async fn resolve(cx: &Context, rev: &str, applied: bool) -> Result<()> {
    let project = cx.project()?;
    let url = cx.url(&project)?;
    let id = apply::resolve(
        &project,
        &url,
        rev,
        applied,
        cx.lock_timeout(),
        &progress_printer(cx),
    )
    .await?;
    eprintln!(
        "Resolved {id}: recorded as {}",
        if applied { "applied" } else { "rolled back" }
    );
    Ok(())
}

/// Progress lines on stderr: one per revision, with its duration.
fn progress_printer(cx: &Context) -> impl Fn(Progress) + Send + Sync {
    let style = cx.err;
    move |event| match event {
        Progress::WaitingForLock { database, holder } => match holder {
            Some(holder) => eprintln!(
                "Waiting for another retort run to release the lock on {database}: {holder} ..."
            ),
            None => {
                eprintln!("Waiting for another retort run to release the lock on {database} ...")
            }
        },
        Progress::BackupWritten { path } => eprintln!("Backup: {}", path.display()),
        Progress::RevisionStarted {
            revision,
            message,
            direction,
            index,
            total,
            ..
        } => {
            // Alembic reports revisions one by one, without a plan to count.
            let counter = if total > 0 {
                format!("[{index}/{total}] ")
            } else {
                String::new()
            };
            eprintln!("{counter}Running {direction} {revision}, {message}")
        }
        Progress::RevisionDone {
            revision,
            duration_ms,
            ..
        } => {
            eprintln!("      {} {revision} in {duration_ms} ms", style.green("ok"))
        }
        Progress::RevisionFailed { revision, .. } => {
            eprintln!("      {} {revision}", style.red("FAILED"))
        }
        Progress::StatementStarted { .. } => {}
    }
}

/// The parent of a new revision: `--head` (`base` for a new root), else the single head.
pub fn chosen_parents(graph: &Graph, head: Option<&str>) -> Result<Vec<usize>> {
    Ok(match head {
        Some("base") => Vec::new(),
        Some(rev) => match Target::parse(rev)? {
            Target::Head => graph.single_head(rev)?.into_iter().collect(),
            Target::BranchHead(label) => {
                let heads = graph.branch_heads(&label, rev)?;
                if heads.len() > 1 {
                    return Err(Error::MultipleHeads {
                        argument: rev.into(),
                        heads: graph.ids(&heads),
                    });
                }
                heads
            }
            _ => vec![graph.lookup(rev)?],
        },
        None => graph
            .single_head("head")
            .map_err(|e| match e {
                Error::MultipleHeads { heads, .. } => Error::MultipleHeads {
                    argument: "--head (default: head)".into(),
                    heads,
                },
                other => other,
            })?
            .into_iter()
            .collect(),
    })
}

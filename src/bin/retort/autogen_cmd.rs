//! `revision --autogenerate`, `check`, `schema` and `diff` on Retort projects: picks the sides
//! and the server for scratch databases, calls the engine, prints the summary or the DDL.

use crate::args::RevisionArgs;
use crate::context::Context;
use crate::write::{chosen_parents, new_id};
use retort::autogen::{draft_revision, Autogen, Side};
use retort::db::DatabaseUrl;
use retort::project::Project;
use retort::schema::{render_schema, summary, Diff, Rename};
use retort::{Error, Result};

/// Where scratch databases go: `--dev-url`, else the project's database (its server).
fn scratch_server(cx: &Context, project: Option<&Project>) -> Result<Option<DatabaseUrl>> {
    if let Some(dev) = &cx.global.dev_url {
        return DatabaseUrl::parse(dev, &cx.cwd).map(Some);
    }
    match project {
        Some(project) => Ok(cx.try_url(project)?.map(|(url, _)| url)),
        None => Ok(None),
    }
}

fn need_server(server: Option<DatabaseUrl>) -> Result<DatabaseUrl> {
    server.ok_or_else(|| Error::Invalid {
        message: "this needs a database server for scratch databases, which also tells the dialect: set url in retort.toml, pass --url or --dev-url (SQLite projects use temporary files)".into(),
    })
}

fn renames(arguments: &[String]) -> Result<Vec<Rename>> {
    arguments
        .iter()
        .map(|a| Rename::parse(a).map_err(Error::from))
        .collect()
}

fn live(cx: &Context, text: &str) -> Result<Side> {
    Ok(Side::Live(DatabaseUrl::parse(text, &cx.cwd)?))
}

/// A `diff` argument. A relative `.sql` path missing from the current folder is looked up in
/// the project's folder too, so that `retort -c proj diff head schema.sql` means the project's
/// schema.sql, as `revision --autogenerate` and `check` do.
fn side(cx: &Context, project: Option<&Project>, text: &str) -> Result<Side> {
    let side = Side::parse(text, &cx.cwd)?;
    if let (Side::SchemaFile(path), Some(project)) = (&side, project) {
        let theirs = project.root.join(text.trim());
        if !path.exists() && theirs.is_file() {
            return Ok(Side::SchemaFile(theirs));
        }
    }
    Ok(side)
}

/// The summary on stderr (stdout stays for the file name or JSON), or a note that nothing changed.
fn print_summary(diff: &Diff) {
    let text = summary(diff);
    if !text.is_empty() {
        eprintln!("{text}");
    }
}

pub async fn revision(cx: &Context, project: &Project, args: &RevisionArgs) -> Result<()> {
    let server = need_server(scratch_server(cx, Some(project))?)?;
    let parents = chosen_parents(&project.graph, args.head.as_deref())?;
    let ids = project.graph.ids(&parents);
    let from = match (&args.against_url, ids.first()) {
        (Some(url), _) => live(cx, url)?,
        (None, Some(id)) => Side::Revisions(id.clone()),
        (None, None) => Side::Empty,
    };
    let to = Side::SchemaFile(project.schema_path());
    let autogen = Autogen::new(Some(project), server);
    let diff = autogen.compare(&from, &to, &renames(&args.rename)?).await?;
    let source = format!(
        "{} compared with {}",
        project.config.schema,
        from.describe()
    );
    if diff.is_empty() {
        eprintln!("No changes: {source} found nothing to do; no revision written.");
        if cx.global.json {
            return cx.print_json(&serde_json::json!({"revision": null, "diff": diff}));
        }
        return Ok(());
    }
    let mut rev = draft_revision(
        &diff,
        new_id(project, args.rev_id.clone())?,
        ids,
        &args.message,
        &source,
    );
    rev.branch_labels = args.branch_label.clone();
    rev.depends_on = args.depends_on.clone();
    rev.transactional = !args.non_transactional;
    let path = project.write_checked(&rev)?;
    if cx.global.json {
        return cx.print_json(&serde_json::json!({"revision": rev.id, "path": path, "diff": diff}));
    }
    print_summary(&diff);
    println!("Generating {} ... done", path.display());
    if diff.has_destructive() {
        eprintln!("Review the DESTRUCTIVE changes marked in the file before applying it.");
    }
    Ok(())
}

pub async fn check(cx: &Context, project: &Project, against_url: Option<&str>) -> Result<()> {
    let server = need_server(scratch_server(cx, Some(project))?)?;
    let heads = Side::Revisions("heads".into());
    let (from, to) = match against_url {
        Some(url) => (live(cx, url)?, heads),
        None => (heads, Side::SchemaFile(project.schema_path())),
    };
    let diff = Autogen::new(Some(project), server)
        .compare(&from, &to, &[])
        .await?;
    report(cx, &from, &to, &diff)
}

/// Prints the changes; differing sides are an error (exit 1), as `alembic check`.
fn report(cx: &Context, from: &Side, to: &Side, diff: &Diff) -> Result<()> {
    if cx.global.json {
        cx.print_json(diff)?;
    } else if diff.is_empty() {
        println!(
            "No changes between {} and {}.",
            from.describe(),
            to.describe()
        );
    } else {
        println!("{}", summary(diff));
    }
    if diff.is_empty() {
        return Ok(());
    }
    Err(Error::SchemaDiffers {
        from: from.describe(),
        to: to.describe(),
        count: diff.changes.len(),
    })
}

pub async fn schema(cx: &Context, at: Option<&str>) -> Result<()> {
    let project = cx.project().ok();
    let (side, server) = match &cx.global.url {
        Some(url) if at.is_none() => {
            let url = DatabaseUrl::parse(url, &cx.cwd)?;
            (Side::Live(url.clone()), url)
        }
        _ => {
            let server = need_server(scratch_server(cx, project.as_ref())?)?;
            (Side::Revisions(at.unwrap_or("heads").to_string()), server)
        }
    };
    let autogen = Autogen::new(project.as_ref(), server);
    let schema = autogen.schema(&side).await?;
    if cx.global.json {
        return cx.print_json(&schema);
    }
    print!("{}", render_schema(&schema, autogen.dialect()));
    Ok(())
}

pub async fn diff(cx: &Context, a: &str, b: &str, rename: &[String]) -> Result<()> {
    let project = cx.project().ok();
    let from = side(cx, project.as_ref(), a)?;
    let to = side(cx, project.as_ref(), b)?;
    let first_live = [&from, &to].into_iter().find_map(|s| match s {
        Side::Live(url) => Some(url.clone()),
        _ => None,
    });
    let server = match scratch_server(cx, project.as_ref())? {
        Some(server) if cx.global.dev_url.is_some() || first_live.is_none() => server,
        _ => need_server(first_live)?,
    };
    let diff = Autogen::new(project.as_ref(), server)
        .compare(&from, &to, &renames(rename)?)
        .await?;
    if cx.global.json {
        return cx.print_json(&diff);
    }
    if diff.is_empty() {
        println!(
            "No changes between {} and {}.",
            from.describe(),
            to.describe()
        );
        return Ok(());
    }
    eprintln!("{}", summary(&diff));
    // File names and targets are the user's: keep them inside the comment.
    println!(
        "-- upgrade: {} -> {}",
        retort::sql::comment_text(&from.describe()),
        retort::sql::comment_text(&to.describe())
    );
    for statement in diff.upgrade_sql() {
        println!("{};", statement.trim_end().trim_end_matches(';'));
    }
    Ok(())
}

//! `check`, `schema` and `diff`: the engine compares (or reads) the schemas; this file prints
//! the summary or the DDL.

use crate::context::Context;
use retort::workspace::{compare, parse_renames, schema_at, Result};

pub async fn check(cx: &Context, against_url: Option<&str>) -> Result<()> {
    let checked = cx.workspace()?.check(cx, against_url).await?;
    if let Some(output) = &checked.tool_output {
        print!("{output}");
    }
    if let Some(comparison) = &checked.comparison {
        if cx.global.json {
            cx.print_json(&comparison.diff)?;
        } else if comparison.diff.is_empty() {
            println!(
                "No changes between {} and {}.",
                comparison.from, comparison.to
            );
        } else {
            println!("{}", comparison.summary());
        }
    }
    checked.verdict()
}

pub async fn schema(cx: &Context, at: Option<&str>) -> Result<()> {
    let workspace = cx.workspace().ok();
    let schema = schema_at(workspace.as_ref(), cx, at, cx.global.url.as_deref()).await?;
    if cx.global.json {
        return cx.print_json(&schema.schema);
    }
    print!("{}", schema.ddl());
    Ok(())
}

pub async fn diff(cx: &Context, a: &str, b: &str, rename: &[String]) -> Result<()> {
    let workspace = cx.workspace().ok();
    let comparison = compare(workspace.as_ref(), cx, a, b, &parse_renames(rename)?).await?;
    if cx.global.json {
        return cx.print_json(&comparison.diff);
    }
    if comparison.diff.is_empty() {
        println!(
            "No changes between {} and {}.",
            comparison.from, comparison.to
        );
        return Ok(());
    }
    eprintln!("{}", comparison.summary());
    print!("{}", comparison.upgrade_script());
    Ok(())
}

//! The `retort` command: parses arguments, finds the project and the database, calls the engine,
//! prints. No migration logic lives here.

mod args;
mod autogen_cmd;
mod context;
mod describe;
mod read;
mod style;
mod write;

use args::{Cli, Command};
use clap::Parser;
use context::Context;
use retort::workspace::{Direction, Error, Result};
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let json = cli.global.json;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                let body =
                    serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}});
                eprintln!("{body}");
            } else {
                let style = style::Style::stderr();
                eprintln!("{} {e}", style.red("error:"));
            }
            // A malformed target or range is a usage error, as clap's own are (README: exit 2).
            if matches!(e, Error::TargetSyntax { .. }) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let cx = Context::new(cli.global)?;
    match cli.command {
        Command::Init { dir } => write::init(&cx, &dir),
        Command::Revision(args) => write::revision(&cx, &args).await,
        Command::Merge {
            message,
            revisions,
            branch_label,
            rev_id,
        } => write::merge(&cx, &message, &revisions, &branch_label, rev_id).await,
        Command::Check { against_url } => autogen_cmd::check(&cx, against_url.as_deref()).await,
        Command::Schema { at } => autogen_cmd::schema(&cx, at.as_deref()).await,
        Command::Diff { a, b, rename } => autogen_cmd::diff(&cx, &a, &b, &rename).await,
        Command::Upgrade(args) => write::move_to(&cx, Direction::Upgrade, &args).await,
        Command::Downgrade(args) => write::move_to(&cx, Direction::Downgrade, &args).await,
        Command::Stamp { target, purge } => write::stamp(&cx, &target, purge).await,
        Command::Resolve { rev, applied, .. } => write::resolve(&cx, &rev, applied).await,
        Command::Current { verbose } => read::current(&cx, verbose).await,
        Command::History {
            range,
            verbose,
            indicate_current,
        } => read::history(&cx, range.as_deref(), verbose, indicate_current).await,
        Command::Heads { verbose } => read::heads(&cx, verbose),
        Command::Branches { verbose } => read::branches(&cx, verbose),
        Command::Show { rev } => read::show(&cx, &rev),
        Command::Status => read::status(&cx).await,
    }
}

/// Reading a large project makes hundreds of thousands of small allocations; mimalloc makes
/// them markedly cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Rust ignores SIGPIPE, so `retort history | head` would panic when `head` exits; a command-line
/// tool should simply stop, as every other one does.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

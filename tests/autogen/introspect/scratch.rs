//! Scratch databases: created on the server of a URL, gone afterwards whatever happened inside,
//! stale leftovers cleaned by the next run, and a clear error without the right to create one.

use super::server_databases;
use crate::common::{runtime, TestDb};
use retort::autogen::scratch::{
    clean_stale, scratch_name, with_scratch, with_scratch_until, Scratch,
};
use retort::db::DatabaseUrl;
use retort::{Dialect, Error};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

const SERVERS: [Dialect; 2] = [Dialect::Postgresql, Dialect::Mysql];

/// Connects to the scratch database and creates a table in it: proof it exists and is usable.
async fn use_it(url: &DatabaseUrl) -> retort::Result<String> {
    let mut db = super::connect(url).await;
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        .await
        .map_err(|e| Error::db("create", e))?;
    db.close().await;
    Ok(url.database_name())
}

#[test]
fn scratch_databases_are_gone_after_success_error_interrupt_and_guard() {
    for dialect in SERVERS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let server = db.parsed();
        let seen = Mutex::new(Vec::<String>::new());
        runtime().block_on(async {
            let name = with_scratch(&server, async |url: &DatabaseUrl| use_it(url).await)
                .await
                .expect("work succeeds");
            assert!(name.starts_with("retort_scratch_"), "{name}");
            seen.lock().unwrap().push(name);

            let failed = with_scratch(&server, async |url: &DatabaseUrl| -> retort::Result<()> {
                let name = use_it(url).await?;
                seen.lock().unwrap().push(name);
                Err(Error::Invalid {
                    message: "work failed".into(),
                })
            })
            .await;
            assert_eq!(failed.map_err(|e| e.code().as_str()), Err("invalid"));

            let interrupted = with_scratch_until(
                &server,
                tokio::time::sleep(Duration::from_millis(500)),
                async |url: &DatabaseUrl| {
                    let name = use_it(url).await?;
                    seen.lock().unwrap().push(name);
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    Ok(())
                },
            )
            .await;
            let err = interrupted.expect_err("interrupted");
            assert_eq!(err.code(), "interrupted");
            assert!(err.to_string().contains("Ctrl-C"), "{err}");

            let guarded = Scratch::create(&server).await.expect("create");
            use_it(guarded.url()).await.expect("usable");
            seen.lock().unwrap().push(guarded.name().to_string());
            drop(guarded);

            let explicit = Scratch::create(&server).await.expect("create");
            seen.lock().unwrap().push(explicit.name().to_string());
            explicit.drop_now().await.expect("drop");
        });
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 5, "{dialect}: {seen:?}");
        for name in &seen {
            assert_eq!(
                server_databases(&db, name),
                Vec::<String>::new(),
                "{dialect}"
            );
        }
    }
}

#[test]
fn sqlite_scratch_is_a_temporary_file_removed_afterwards() {
    let server = DatabaseUrl::parse("sqlite:///app.db", Path::new("/nonexistent")).unwrap();
    let path = runtime().block_on(async {
        let failed = with_scratch(&server, async |url: &DatabaseUrl| -> retort::Result<()> {
            use_it(url).await?;
            let DatabaseUrl::Sqlite { path: Some(path) } = url else {
                panic!("{url}")
            };
            assert!(path.exists());
            Err(Error::Invalid {
                message: path.display().to_string(),
            })
        })
        .await;
        failed.expect_err("fails").to_string()
    });
    let file = Path::new(&path);
    assert!(file.starts_with(std::env::temp_dir()), "{path}");
    assert!(!file.exists() && !file.parent().unwrap().exists(), "{path}");
}

#[test]
fn stale_scratch_databases_are_dropped_by_the_next_run() {
    let now = chrono::Utc::now();
    for dialect in SERVERS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let stale = scratch_name(now - chrono::Duration::minutes(61));
        let young = scratch_name(now - chrono::Duration::minutes(50));
        for name in [&stale, &young] {
            db.exec(&format!("CREATE DATABASE {name}")).expect("create");
        }
        runtime().block_on(async {
            with_scratch(&db.parsed(), async |_: &DatabaseUrl| Ok(()))
                .await
                .expect("a run")
        });
        assert_eq!(server_databases(&db, &stale), Vec::<String>::new());
        // Younger ones may belong to a run still in progress.
        assert_eq!(server_databases(&db, &young), vec![young.clone()]);
        db.exec(&format!("DROP DATABASE {young}")).expect("drop");
    }
    let folder = std::env::temp_dir().join(scratch_name(now - chrono::Duration::hours(3)));
    std::fs::create_dir_all(&folder).unwrap();
    let server = DatabaseUrl::parse("sqlite:///app.db", Path::new("/nonexistent")).unwrap();
    let removed = runtime().block_on(clean_stale(&server)).expect("clean");
    assert!(!folder.exists());
    let name = folder.file_name().unwrap().to_string_lossy().to_string();
    assert!(removed.contains(&name), "{removed:?}");
}

#[test]
fn lacking_the_right_to_create_a_database_suggests_dev_url() {
    let user = format!("retort_nocreate_{}", std::process::id());
    for dialect in SERVERS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let (setup, teardown) = match dialect {
            Dialect::Postgresql => (
                vec![format!("CREATE ROLE {user} LOGIN NOCREATEDB")],
                vec![format!("DROP ROLE IF EXISTS {user}")],
            ),
            _ => (
                ["%", "localhost", "127.0.0.1"]
                    .iter()
                    .map(|host| format!("CREATE USER '{user}'@'{host}'"))
                    .collect(),
                ["%", "localhost", "127.0.0.1"]
                    .iter()
                    .map(|host| format!("DROP USER IF EXISTS '{user}'@'{host}'"))
                    .collect(),
            ),
        };
        for sql in teardown.iter().chain(&setup) {
            db.exec(sql).expect(sql);
        }
        let url = db.url.replacen("://postgres@", &format!("://{user}@"), 1);
        let url = url.replacen("://root@", &format!("://{user}@"), 1);
        let url = DatabaseUrl::parse(&url, Path::new("/")).unwrap();
        let err = runtime()
            .block_on(with_scratch(&url, async |_: &DatabaseUrl| Ok(())))
            .expect_err("denied");
        for sql in &teardown {
            db.exec(sql).expect(sql);
        }
        assert_eq!(err.code(), "scratch_denied", "{dialect}: {err}");
        let text = err.to_string();
        assert!(text.contains("--dev-url"), "{text}");
        assert!(text.contains(&user), "{text}");
        let denial = match dialect {
            Dialect::Postgresql => "permission denied to create database",
            _ => "Access denied",
        };
        assert!(text.contains(denial), "{text}");
    }
}

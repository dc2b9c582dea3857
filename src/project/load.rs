//! Reading every revision file of a versions folder, spread over the machine's cores, with the
//! header cache answering for files that did not change.

use super::cache::{Cache, Stamp};
use crate::error::{Error, Result};
use crate::files::{in_parallel, read_small_file};
use crate::script::{self, Revision};
use std::path::{Path, PathBuf};

/// Every `.sql` file under `dir` (recursively), sorted by path, parsed. Reading is spread over
/// the machine's cores: on large projects the time goes into opening files.
pub(super) fn load_revisions(dir: &Path) -> Result<Vec<Revision>> {
    load_with_cache(dir, Cache::open(dir))
}

fn load_with_cache(dir: &Path, cache: Option<Cache>) -> Result<Vec<Revision>> {
    let mut files = Vec::new();
    collect_sql_files(dir, &mut files)?;
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    let read = |path: &PathBuf| -> Result<(Revision, Option<Stamp>)> {
        let stamp = cache.as_ref().and_then(|_| Stamp::of(path));
        if let (Some(cache), Some(stamp)) = (&cache, stamp) {
            if let Some(revision) = cache.get(path, stamp) {
                return Ok((revision, Some(stamp)));
            }
        }
        let bytes = read_small_file(path).map_err(|e| Error::io(path, e))?;
        Ok((script::parse_revision(path, &bytes)?, stamp))
    };
    let loaded = in_parallel(&files, read)?;
    let (revisions, stamps): (Vec<Revision>, Vec<Option<Stamp>>) = loaded.into_iter().unzip();
    if let Some(cache) = &cache {
        let seen: Vec<(PathBuf, Option<Stamp>)> =
            files.into_iter().zip(stamps.iter().copied()).collect();
        if !cache.covers(&seen) {
            cache.save(&revisions, &stamps);
        }
    }
    Ok(revisions)
}

fn collect_sql_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            collect_sql_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn write(dir: &Path, name: &str, body: &str, age_secs: u64) {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
            .unwrap();
    }

    fn revision(id: &str, parent: &str, sql: &str) -> String {
        format!("-- revision: {id}\n-- down_revision: {parent}\n-- upgrade\n{sql}\n-- downgrade\n")
    }

    #[test]
    fn the_cache_answers_only_for_unchanged_files() {
        let versions = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let dir = versions.path();
        write(dir, "a.sql", &revision("a1", "", "SELECT 1;"), 3600);
        write(dir, "b.sql", &revision("b1", "a1", "SELECT 2;"), 3600);
        let cache = || Cache::open_in(root.path(), dir);
        let first = load_with_cache(dir, cache()).unwrap();

        let warm = cache().unwrap();
        let stamp = Stamp::of(&dir.join("b.sql")).unwrap();
        let cached = warm.get(&dir.join("b.sql"), stamp).unwrap();
        assert_eq!(cached, first[1]);
        assert_eq!(load_with_cache(dir, cache()).unwrap(), first);

        // Same size, other content, other time: read again.
        write(dir, "b.sql", &revision("b1", "a1", "SELECT 3;"), 1800);
        let second = load_with_cache(dir, cache()).unwrap();
        assert_ne!(second[1].checksum, first[1].checksum);
        assert!(second[1].upgrade.sql.contains("SELECT 3"));
        // A file changed just now is not trusted to the cache at all.
        write(dir, "b.sql", &revision("b1", "a1", "SELECT 4;"), 0);
        assert!(load_with_cache(dir, cache()).unwrap()[1]
            .upgrade
            .sql
            .contains("SELECT 4"));
        assert!(cache()
            .unwrap()
            .get(&dir.join("b.sql"), Stamp::of(&dir.join("b.sql")).unwrap())
            .is_none());
    }

    /// Issue 10, item 5: `cp -p` / `touch -r` keep size and mtime; the cache must still see it.
    #[test]
    fn a_same_size_edit_that_keeps_the_mtime_is_read_again() {
        let versions = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let dir = versions.path();
        write(dir, "a.sql", &revision("a1", "", "SELECT 1;"), 3600);
        let path = dir.join("a.sql");
        let kept = std::fs::metadata(&path).unwrap().modified().unwrap();
        let cache = || Cache::open_in(root.path(), dir);
        let first = load_with_cache(dir, cache()).unwrap();
        assert!(cache()
            .unwrap()
            .get(&path, Stamp::of(&path).unwrap())
            .is_some());

        std::fs::write(&path, revision("a1", "", "SELECT 9;")).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(kept).unwrap();
        drop(file);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), {
            revision("a1", "", "SELECT 1;").len() as u64
        });
        let second = load_with_cache(dir, cache()).unwrap();
        assert!(second[0].upgrade.sql.contains("SELECT 9"), "{second:?}");
        assert_ne!(second[0].checksum, first[0].checksum);
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let versions = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let dir = versions.path();
        write(dir, "a.sql", &revision("a1", "", "SELECT 1;"), 3600);
        let expected = load_with_cache(dir, Cache::open_in(root.path(), dir)).unwrap();
        for entry in std::fs::read_dir(root.path()).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = std::fs::read(&path).unwrap();
            let cut = bytes.len() - 5;
            bytes.truncate(cut);
            std::fs::write(&path, bytes).unwrap();
        }
        let again = load_with_cache(dir, Cache::open_in(root.path(), dir)).unwrap();
        assert_eq!(again, expected);
    }
}

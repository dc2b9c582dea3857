//! A cache of parsed revision files, keyed by each file's size, modification and change times and
//! inode, in the user's cache folder (like Python's `__pycache__`, but outside the project). On
//! tens of thousands of files, opening and reading each one costs more than everything else together; a `stat` per
//! file is enough when nothing changed. `RETORT_NO_CACHE=1` turns it off, `RETORT_CACHE_DIR` moves it.

use crate::script::{Header, Revision, Section};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Bumped whenever parsing or this layout changes; the crate version is checked too.
const MAGIC: &[u8] = b"RETORT-CACHE-3\n";

/// What identifies one version of a file. Size and mtime alone miss a same-size edit whose
/// mtime was kept (`cp -p`, `touch -r`, `rsync -a`, tar, fixed-mtime image layers), so, as git
/// does, the inode and the change time are part of it too: no tool can set the ctime, and every
/// write (or a replacement file) moves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    mtime: Duration,
    ctime: Duration,
    inode: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let (ctime, inode) = change_time_and_inode(&meta);
        Some(Stamp {
            size: meta.len(),
            mtime: meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?,
            ctime,
            inode,
        })
    }
}

#[cfg(unix)]
fn change_time_and_inode(meta: &std::fs::Metadata) -> (Duration, u64) {
    use std::os::unix::fs::MetadataExt;
    let secs = u64::try_from(meta.ctime()).unwrap_or(0);
    let nanos = u32::try_from(meta.ctime_nsec()).unwrap_or(0);
    (Duration::new(secs, nanos), meta.ino())
}

/// Windows keeps no change time in `std`; size and mtime are all there is.
#[cfg(not(unix))]
fn change_time_and_inode(_meta: &std::fs::Metadata) -> (Duration, u64) {
    (Duration::ZERO, 0)
}

/// The cache of one versions folder, as read at start.
pub struct Cache {
    file: PathBuf,
    bytes: Vec<u8>,
    /// (path, stamp, where its revision starts in `bytes`), sorted by path as the loader sorts.
    entries: Vec<(PathBuf, Stamp, usize)>,
}

impl Cache {
    /// The cache for `versions_dir`, empty when there is none yet; `None` when caching is off
    /// or there is no cache folder.
    pub fn open(versions_dir: &Path) -> Option<Cache> {
        Cache::open_for(versions_dir, "versions")
    }

    /// The cache named `kind` for the project at `path` (a folder or a config file): an Alembic
    /// project's headers are cached beside native projects' revisions, never in the same file.
    pub fn open_for(path: &Path, kind: &str) -> Option<Cache> {
        if std::env::var_os("RETORT_NO_CACHE").is_some_and(|v| v != "0") {
            return None;
        }
        Cache::open_in_as(&cache_root()?, path, kind)
    }

    /// The cache for `versions_dir` kept under `root`.
    #[cfg(test)]
    pub fn open_in(root: &Path, versions_dir: &Path) -> Option<Cache> {
        Cache::open_in_as(root, versions_dir, "versions")
    }

    fn open_in_as(root: &Path, path: &Path, kind: &str) -> Option<Cache> {
        let canonical = std::fs::canonicalize(path).ok()?;
        let file = root.join(format!(
            "{kind}-{:016x}.bin",
            fnv(canonical.to_string_lossy().as_bytes())
        ));
        let bytes = std::fs::read(&file).unwrap_or_default();
        let entries = index(&bytes).unwrap_or_default();
        Some(Cache {
            file,
            bytes,
            entries,
        })
    }

    /// The cached revision for `path`, if the file is unchanged since it was cached.
    pub fn get(&self, path: &Path, stamp: Stamp) -> Option<Revision> {
        let (_, cached, at) = self.find(path)?;
        if *cached != stamp {
            return None;
        }
        let mut reader = Reader {
            bytes: &self.bytes,
            at: *at,
        };
        read_revision(&mut reader, path)
    }

    fn find(&self, path: &Path) -> Option<&(PathBuf, Stamp, usize)> {
        let i = self
            .entries
            .binary_search_by(|(p, _, _)| p.as_os_str().cmp(path.as_os_str()))
            .ok()?;
        self.entries.get(i)
    }

    /// Whether the cache already describes exactly these files.
    pub fn covers(&self, files: &[(PathBuf, Option<Stamp>)]) -> bool {
        files.len() == self.entries.len()
            && files.iter().all(|(path, stamp)| {
                stamp.is_some_and(|s| self.find(path).is_some_and(|(_, c, _)| *c == s))
            })
    }

    /// Rewrites the cache atomically. Files changed in the last two seconds are left out: their
    /// modification time may not yet tell a further change apart (git's "racy" files).
    pub fn save(&self, revisions: &[Revision], stamps: &[Option<Stamp>]) {
        let recent = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .saturating_sub(Duration::from_secs(2));
        let mut out = Vec::with_capacity(self.bytes.len().max(4096));
        out.extend_from_slice(MAGIC);
        put_str(&mut out, env!("CARGO_PKG_VERSION"));
        for (rev, stamp) in revisions.iter().zip(stamps) {
            let Some(stamp) = stamp.filter(|s| s.mtime < recent) else {
                continue;
            };
            let Some(path) = rev.header.path.to_str() else {
                continue;
            };
            put_str(&mut out, path);
            out.extend_from_slice(&stamp.size.to_le_bytes());
            out.extend_from_slice(&stamp.mtime.as_secs().to_le_bytes());
            out.extend_from_slice(&stamp.mtime.subsec_nanos().to_le_bytes());
            out.extend_from_slice(&stamp.ctime.as_secs().to_le_bytes());
            out.extend_from_slice(&stamp.ctime.subsec_nanos().to_le_bytes());
            out.extend_from_slice(&stamp.inode.to_le_bytes());
            write_revision(&mut out, rev);
        }
        let Some(dir) = self.file.parent() else {
            return;
        };
        let temp = dir.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&temp, &out))
            .and_then(|()| std::fs::rename(&temp, &self.file));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// `RETORT_CACHE_DIR`, else the platform's cache folder.
fn cache_root() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RETORT_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Caches"))
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
    };
    base.map(|b| b.join("retort"))
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// (path, stamp, offset) for every entry, sorted by path; `None` for a cache of another version
/// or a damaged one.
fn index(bytes: &[u8]) -> Option<Vec<(PathBuf, Stamp, usize)>> {
    let mut reader = Reader {
        bytes,
        at: MAGIC.len(),
    };
    if !bytes.starts_with(MAGIC) || reader.str()? != env!("CARGO_PKG_VERSION") {
        return None;
    }
    let mut entries = Vec::new();
    while reader.at < bytes.len() {
        let path = PathBuf::from(reader.str()?);
        let size = reader.u64()?;
        let secs = reader.u64()?;
        let nanos = reader.u32()?;
        let ctime_secs = reader.u64()?;
        let ctime_nanos = reader.u32()?;
        let inode = reader.u64()?;
        let stamp = Stamp {
            size,
            mtime: Duration::new(secs, nanos),
            ctime: Duration::new(ctime_secs, ctime_nanos),
            inode,
        };
        let at = reader.at;
        skip_revision(&mut reader)?;
        entries.push((path, stamp, at));
    }
    entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    Some(entries)
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn put_list(out: &mut Vec<u8>, items: &[String]) {
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for item in items {
        put_str(out, item);
    }
}

fn write_revision(out: &mut Vec<u8>, rev: &Revision) {
    let h = &rev.header;
    put_str(out, &h.id);
    put_list(out, &h.parents);
    put_str(out, &h.message);
    put_str(out, h.created.as_deref().unwrap_or("\0"));
    put_list(out, &h.branch_labels);
    put_list(out, &h.depends_on);
    out.push(u8::from(rev.transactional));
    for section in [&rev.upgrade, &rev.downgrade] {
        put_str(out, &section.sql);
        out.extend_from_slice(&(section.first_line as u32).to_le_bytes());
    }
    put_str(out, &rev.checksum);
}

fn read_revision(reader: &mut Reader<'_>, path: &Path) -> Option<Revision> {
    let id = reader.str()?.to_string();
    let parents = reader.list()?;
    let message = reader.str()?.to_string();
    let created = Some(reader.str()?)
        .filter(|c| *c != "\0")
        .map(str::to_string);
    let branch_labels = reader.list()?;
    let depends_on = reader.list()?;
    let transactional = reader.u8()? == 1;
    let mut section = || -> Option<Section> {
        Some(Section {
            sql: reader.str()?.to_string(),
            first_line: reader.u32()? as usize,
        })
    };
    let upgrade = section()?;
    let downgrade = section()?;
    Some(Revision {
        header: Header {
            id,
            parents,
            message,
            created,
            branch_labels,
            depends_on,
            path: path.to_path_buf(),
        },
        transactional,
        upgrade,
        downgrade,
        checksum: reader.str()?.to_string(),
    })
}

/// Steps over one revision written by `write_revision` without decoding it (its strings are
/// checked when `get` decodes them).
fn skip_revision(reader: &mut Reader<'_>) -> Option<()> {
    reader.skip_str()?;
    reader.skip_list()?;
    reader.skip_str()?;
    reader.skip_str()?;
    reader.skip_list()?;
    reader.skip_list()?;
    reader.u8()?;
    for _ in 0..2 {
        reader.skip_str()?;
        reader.u32()?;
    }
    reader.skip_str()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn skip_str(&mut self) -> Option<()> {
        let len = self.u32()? as usize;
        self.take(len).map(|_| ())
    }

    fn skip_list(&mut self) -> Option<()> {
        let len = self.u32()?;
        (0..len).try_for_each(|_| self.skip_str())
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let len = self.u32()? as usize;
        (0..len).map(|_| self.str().map(str::to_string)).collect()
    }
}

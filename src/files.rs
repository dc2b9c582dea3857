//! Reading many small files fast: spread over the cores, without a `stat` per file. Both
//! native and Alembic projects of tens of thousands of revisions spend their time here.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// `work` on every item, in order, spread over the cores when there are many.
pub(crate) fn in_parallel<T: Send>(
    items: &[PathBuf],
    work: impl Fn(&PathBuf) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || items.len() < 256 {
        return items.iter().map(&work).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let work = &work;
    let parts: Vec<Result<Vec<T>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(work).collect::<Result<Vec<T>>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Invalid {
                        message: "a thread reading revision files panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(items.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// `fs::read` without its `stat` for a size hint: revision files are small, and on projects of
/// tens of thousands of files the system calls are most of the cost.
pub(crate) fn read_small_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut bytes = vec![0; 4096];
    let mut len = 0;
    loop {
        if len == bytes.len() {
            bytes.resize(len * 2, 0);
        }
        match file.read(&mut bytes[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(len);
    Ok(bytes)
}

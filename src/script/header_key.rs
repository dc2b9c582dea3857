//! Telling a header key from a prose comment above `-- upgrade`. A misspelt key read as prose
//! would silently drop a dependency or `transactional: false`, so near misses are errors; but
//! people also write `-- Author: …` and paste Alembic's docstring (`Revision ID:`, `Revises:`,
//! `Create Date:`), and those must stay comments.

/// What one `-- …` line of the header is.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum HeaderLine<'a> {
    /// `key: value` with a lowercase key (possibly an unknown one, which the caller refuses).
    Key(&'a str, &'a str),
    /// A label of Alembic's docstring: a comment, remembered to explain a missing key.
    AlembicLabel {
        label: &'static str,
        means: &'static str,
    },
    Comment,
}

/// Every key the parser knows.
const KEYS: &[&str] = &[
    "revision",
    "down_revision",
    "revises",
    "message",
    "created",
    "create_date",
    "branch_labels",
    "depends_on",
    "transactional",
];

/// Keys whose loss changes what runs, with nothing else to notice it: a near miss of one
/// (`depend_on`, `Transactonal`) is refused. Near misses of the short keys are English words
/// (`Creates:`, `Revised:`), and a lost `revision` or `down_revision` is reported as missing.
const GUARDED: &[&str] = &[
    "down_revision",
    "depends_on",
    "branch_labels",
    "transactional",
];

/// Alembic's docstring labels, written as Alembic writes them, and the key each stands for.
const ALEMBIC_LABELS: &[(&str, &str)] = &[
    ("Revision ID", "revision"),
    ("Revises", "down_revision"),
    ("Create Date", "created"),
];

/// Reads the text after `--`. A key in another spelling (`Depends-On:`, `branch labels:`,
/// `DOWN_REVISION:`) or a near miss of a guarded key is an error naming the key meant.
pub(super) fn header_line(comment: &str) -> Result<HeaderLine<'_>, String> {
    let Some((key, value)) = comment.trim().split_once(':') else {
        // `-- transactional = false`, `-- depends_on a1`: a key without its colon. Only `=`
        // or a key no sentence starts with (`depends_on`) tells it from prose (`-- Created by`).
        let line = comment.trim();
        let first_end = line
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(line.len());
        let (first, rest) = line.split_at(first_end);
        let key_like = rest.trim_start().starts_with('=') || first.contains('_');
        return match KEYS.iter().find(|k| key_like && **k == normalize(first)) {
            Some(known) => Err(format!(
                "header line {line:?} has no `:`: write `-- {known}: …`"
            )),
            None => Ok(HeaderLine::Comment),
        };
    };
    let key = key.trim();
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit());
    if is_key {
        return Ok(HeaderLine::Key(key, value));
    }
    if let Some((label, means)) = ALEMBIC_LABELS.iter().find(|(l, _)| *l == key) {
        return Ok(HeaderLine::AlembicLabel { label, means });
    }
    let key_shaped = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '));
    if !key_shaped {
        return Ok(HeaderLine::Comment);
    }
    let normal = normalize(key);
    let meant = KEYS
        .iter()
        .find(|k| **k == normal)
        .or_else(|| GUARDED.iter().find(|k| edits(&normal, k) <= 2));
    match meant {
        Some(known) => Err(format!(
            "header key {key:?} is not spelt as Retort reads it: write `-- {known}:` (keys are lowercase, with `_`; reword the line if it is a comment)"
        )),
        None => Ok(HeaderLine::Comment),
    }
}

/// The known key an unknown lowercase `key` most likely means: within two edits of one.
pub(super) fn closest_key(key: &str) -> Option<&'static str> {
    let normal = normalize(key);
    KEYS.iter()
        .map(|k| (edits(&normal, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Lowercase, with each run of `-`, `_` and spaces as one `_`.
fn normalize(key: &str) -> String {
    let mut normal = String::with_capacity(key.len());
    for c in key.chars() {
        let c = if c == '-' || c == ' ' { '_' } else { c };
        if !(c == '_' && normal.ends_with('_')) {
            normal.push(c.to_ascii_lowercase());
        }
    }
    normal
}

/// Levenshtein distance (keys are short ASCII).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

//! Parsers of alembic's own output: `history` lines, `heads`/`current` tokens, `branches`, and
//! verbose entries.

use super::*;

/// One non-verbose `alembic history` line:
/// `PARENTS[ (DEPENDS)] -> ID[ (LABELS)][ (head)][ (current)]…, MESSAGE`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryLine {
    pub parents: Vec<String>,
    pub depends_on: Vec<String>,
    pub id: String,
    pub labels: BTreeSet<String>,
    pub flags: BTreeSet<String>,
    pub message: String,
}

const FLAGS: [&str; 5] = [
    "head",
    "effective head",
    "current",
    "branchpoint",
    "mergepoint",
];

fn comma_list(s: &str) -> Vec<String> {
    s.split(", ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn parse_history_line(line: &str) -> Result<HistoryLine, String> {
    let (left, right) = line
        .split_once(" -> ")
        .ok_or_else(|| format!("no ` -> ` in {line:?}"))?;
    let (parents, depends) = match left.strip_suffix(')').and_then(|l| l.rsplit_once(" (")) {
        Some((parents, deps)) => (parents, comma_list(deps)),
        None => (left, Vec::new()),
    };
    let parents = if parents == "<base>" {
        Vec::new()
    } else {
        comma_list(parents)
    };
    let id_end = right.find([' ', ',']).unwrap_or(right.len());
    let id = right[..id_end].to_string();
    let mut rest = &right[id_end..];
    let mut labels = BTreeSet::new();
    let mut flags = BTreeSet::new();
    while let Some(group) = rest.strip_prefix(" (") {
        let close = group
            .find(')')
            .ok_or_else(|| format!("unclosed group in {line:?}"))?;
        let inside = &group[..close];
        if FLAGS.contains(&inside) {
            flags.insert(inside.to_string());
        } else {
            labels.extend(comma_list(inside));
        }
        rest = &group[close + 1..];
    }
    let message = match rest.strip_prefix(", ") {
        Some(m) => m.to_string(),
        None if rest.is_empty() => String::new(),
        None => return Err(format!("unexpected {rest:?} in {line:?}")),
    };
    Ok(HistoryLine {
        parents,
        depends_on: depends,
        id,
        labels,
        flags,
        message,
    })
}

pub fn parse_history(text: &str) -> Vec<HistoryLine> {
    lines(text)
        .map(|l| parse_history_line(l).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The first token of each line (`heads`, `current`).
pub fn first_tokens(text: &str) -> Vec<String> {
    lines(text)
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// `alembic branches`: each branch point with the set of its children (alembic prints them in
/// a hash order).
pub fn parse_branches(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in lines(text) {
        if let Some((_, child)) = line.split_once("-> ") {
            let child = child.split_whitespace().next().unwrap_or("").to_string();
            out.last_mut()
                .expect("a child line after a branch point")
                .1
                .insert(child);
        } else if !line.starts_with(' ') {
            let id = line.split_whitespace().next().unwrap_or("").to_string();
            out.push((id, BTreeSet::new()));
        }
    }
    out
}

/// One verbose entry (`history --verbose`, `show`): the `Rev:` id and its `Key: value` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub id: String,
    /// All of the `Rev:` line after `Rev: `.
    pub rev_line: String,
    pub fields: BTreeMap<String, String>,
}

pub fn parse_log_entries(text: &str) -> Vec<LogEntry> {
    let mut out: Vec<LogEntry> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Rev: ") {
            out.push(LogEntry {
                id: rest.split_whitespace().next().unwrap_or("").to_string(),
                rev_line: rest.trim_end().to_string(),
                fields: BTreeMap::new(),
            });
        } else if let (Some(entry), Some((key, value))) = (out.last_mut(), line.split_once(": ")) {
            if !line.starts_with(' ') && !entry.fields.contains_key(key) {
                entry.fields.insert(key.to_string(), value.to_string());
            }
        }
    }
    out
}

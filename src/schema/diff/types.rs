//! Whether a column type change can lose data or fail on existing rows: the "narrowing" mark a
//! reviewer must see before a draft revision runs in production.

use crate::schema::normalize::normalize_type;
use crate::Dialect;

/// `None` when every value of `from` fits `to`; otherwise the reason to show.
pub(crate) fn type_change_risk(dialect: Dialect, from: &str, to: &str) -> Option<String> {
    let (f, t) = (normalize_type(dialect, from), normalize_type(dialect, to));
    if f == t {
        return None;
    }
    let (fb, fargs) = base_and_args(&f);
    let (tb, targs) = base_and_args(&t);
    let narrowing = || {
        Some(format!(
            "narrowing {f} -> {t} can fail or truncate existing values"
        ))
    };
    if let (Some(fr), Some(tr)) = (int_rank(&fb), int_rank(&tb)) {
        return if tr < fr { narrowing() } else { None };
    }
    if is_string(&fb) && is_string(&tb) {
        // An unbounded string has no length argument (text, varchar without one).
        let (fl, tl) = (length(&fb, &fargs), length(&tb, &targs));
        return match (fl, tl) {
            (_, None) => None,
            (None, Some(_)) => narrowing(),
            (Some(a), Some(b)) if b < a => narrowing(),
            _ => None,
        };
    }
    if fb == tb {
        // Same base, different precision/scale/length: smaller anywhere is narrowing.
        let smaller = fargs.iter().zip(&targs).any(|(a, b)| b < a) || targs.len() < fargs.len();
        return if smaller { narrowing() } else { None };
    }
    if int_rank(&fb).is_some()
        && (is_numeric(&tb) || is_string(&tb) && length(&tb, &targs).is_none())
    {
        return None;
    }
    if is_string(&tb) && length(&tb, &targs).is_none() {
        return None;
    }
    Some(format!(
        "changing {f} to {t} converts every value and fails on any that does not fit"
    ))
}

fn base_and_args(text: &str) -> (String, Vec<u64>) {
    match text.split_once('(') {
        Some((base, rest)) => {
            let inner = rest.split(')').next().unwrap_or("");
            let args = inner
                .split(',')
                .filter_map(|a| a.trim().parse().ok())
                .collect();
            let tail = rest.split_once(')').map_or("", |(_, t)| t).trim();
            let base = if tail.is_empty() {
                base.to_string()
            } else {
                format!("{base} {tail}")
            };
            (base, args)
        }
        None => (text.to_string(), Vec::new()),
    }
}

fn int_rank(base: &str) -> Option<u8> {
    Some(match base {
        "boolean" => 0,
        "tinyint" => 1,
        "smallint" => 2,
        "mediumint" => 3,
        "int" | "integer" => 4,
        "bigint" => 5,
        _ => return None,
    })
}

fn is_numeric(base: &str) -> bool {
    matches!(
        base,
        "numeric" | "decimal" | "double precision" | "double" | "real" | "float"
    )
}

fn is_string(base: &str) -> bool {
    matches!(
        base,
        "text" | "varchar" | "char" | "tinytext" | "mediumtext" | "longtext" | "clob" | "string"
    )
}

fn length(base: &str, args: &[u64]) -> Option<u64> {
    match base {
        "tinytext" => Some(255),
        "text" | "mediumtext" | "longtext" | "clob" | "string" => None,
        _ => args.first().copied(),
    }
}

//! Per-dialect normalization of types and default expressions, so that the spellings a catalog
//! and a schema file use for the same thing (`int4` and `integer`, `'x'::text` and `'x'`)
//! compare equal, and a schema compared with itself never shows changes. Every function here is
//! idempotent: normalizing a normalized value returns it unchanged.

use super::expr::{lower_outside_quotes, strip_casts_after_literals, strip_outer_parens};
use crate::Dialect;

/// The form of a column type the differ compares.
pub fn normalize_type(dialect: Dialect, type_name: &str) -> String {
    let text = squeeze(&type_name.to_ascii_lowercase());
    match dialect {
        // SQLite keeps whatever was declared; only case and spacing are noise.
        Dialect::Sqlite => text,
        Dialect::Postgresql => postgres_type(&text),
        Dialect::Mysql => mysql_type(&text),
    }
}

/// Lowercase, single spaces, no space before `(` or inside the parentheses.
fn squeeze(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(", ", ",")
        .replace(" ,", ",")
        .replace(" [", "[")
}

/// Splits `name(args) rest` into (`name`, `(args)`, `rest`); `(args)` may be empty.
fn split_args(text: &str) -> (&str, &str, &str) {
    match (text.find('('), text.find(')')) {
        (Some(open), Some(close)) if open < close => (
            text[..open].trim(),
            &text[open..=close],
            text[close + 1..].trim(),
        ),
        _ => (text, "", ""),
    }
}

fn postgres_type(text: &str) -> String {
    if let Some(element) = text.strip_suffix("[]") {
        return format!("{}[]", postgres_type(element));
    }
    // The catalog's internal array spelling: `_int4` is `integer[]`.
    if let Some(element) = text.strip_prefix('_') {
        return format!("{}[]", postgres_type(element));
    }
    let (name, args, rest) = split_args(text);
    // `timestamp(3) with time zone`: the precision sits in the middle.
    let name = if rest.is_empty() {
        name.to_string()
    } else {
        format!("{name} {rest}")
    };
    let base = match name.as_str() {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer",
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint",
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint",
        "varchar" | "character varying" => "varchar",
        "char" | "character" | "bpchar" => "char",
        "bool" | "boolean" => "boolean",
        "float8" | "double precision" | "float" => "double precision",
        "float4" | "real" => "real",
        "decimal" | "numeric" => "numeric",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "time" | "time without time zone" => "time",
        "timetz" | "time with time zone" => "timetz",
        "varbit" | "bit varying" => "varbit",
        other => other,
    };
    // `char` without a length is `char(1)`; spelling it out keeps the two forms equal.
    if base == "char" && args.is_empty() && name != "bpchar" {
        return "char(1)".into();
    }
    format!("{base}{args}")
}

fn mysql_type(text: &str) -> String {
    let (name, args, rest) = split_args(text);
    if (name == "tinyint" && args == "(1)") || name == "bool" || name == "boolean" {
        return if rest.is_empty() {
            "boolean".into()
        } else {
            format!("boolean {rest}")
        };
    }
    let (base, keep_args) = match name {
        // Integer display widths (`int(11)`) are cosmetic and gone in MySQL 8.
        "int" | "integer" => ("int", false),
        "tinyint" | "smallint" | "mediumint" | "bigint" => (name, false),
        "dec" | "decimal" | "numeric" | "fixed" => ("decimal", true),
        "double" | "double precision" | "real" => ("double", true),
        "character varying" | "varchar" => ("varchar", true),
        "character" | "char" => ("char", true),
        other => (other, true),
    };
    let args = if keep_args { args } else { "" };
    let args = if base == "decimal" && args.is_empty() {
        "(10,0)"
    } else {
        args
    };
    let base = if base == "char" && args.is_empty() {
        "char(1)".to_string()
    } else {
        format!("{base}{args}")
    };
    if rest.is_empty() {
        base
    } else {
        format!("{base} {rest}")
    }
}

/// The form of a default expression the differ compares; `None` for no default or `NULL`.
pub fn normalize_default(dialect: Dialect, default: Option<&str>) -> Option<String> {
    let text = default?.trim();
    let mut text = strip_outer_parens(&lower_outside_quotes(text));
    if dialect == Dialect::Postgresql {
        text = strip_outer_parens(&strip_casts_after_literals(&text));
    }
    if dialect == Dialect::Mysql {
        text = match text.as_str() {
            "current_timestamp()" | "now()" => "current_timestamp".into(),
            "true" => "1".into(),
            "false" => "0".into(),
            _ => text,
        };
    }
    if text.is_empty() || text == "null" {
        return None;
    }
    Some(unquote_number(&text).unwrap_or(text))
}

/// `'0'` and `0` are the same default (MariaDB quotes every literal in its catalog).
fn unquote_number(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let digits = inner.strip_prefix('-').unwrap_or(inner);
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1;
    numeric.then(|| inner.to_string())
}

/// A `nextval(...)` default: what PostgreSQL shows for a serial column.
pub(crate) fn is_nextval(default: Option<&str>) -> bool {
    default.is_some_and(|d| d.trim_start().to_ascii_lowercase().starts_with("nextval("))
}

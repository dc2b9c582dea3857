//! Python's `configparser.ConfigParser` as Alembic builds it (default options, `BasicInterpolation`,
//! strict), so an `alembic.ini` means to Retort exactly what it means to Alembic: same keys, same
//! continuation lines, same `%(name)s` substitutions, same errors for the same mistakes.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Python's `DEFAULTSECT`: its options are visible from every section.
const DEFAULT_SECTION: &str = "DEFAULT";
/// configparser's `MAX_INTERPOLATION_DEPTH`.
const MAX_DEPTH: usize = 10;

#[derive(Debug, Clone)]
struct Value {
    /// The value's lines; continuation lines and blank lines inside the value each add one.
    lines: Vec<String>,
    /// Where the option was written, so errors can point at it.
    line: usize,
}

type Options = HashMap<String, Value>;

/// A parsed ini file. Values are kept raw and interpolated when read, as configparser does, so
/// a broken `%` in an option nobody reads (logging formats use `%(levelname)s`) is not an error.
#[derive(Debug, Clone)]
pub struct IniFile {
    path: PathBuf,
    defaults: Options,
    sections: HashMap<String, Options>,
}

impl IniFile {
    /// Parses `text`; `defaults` play the part of `ConfigParser(defaults)` (Alembic passes `here`).
    pub fn parse(path: &Path, text: &str, defaults: &[(&str, &str)]) -> Result<IniFile> {
        let mut ini = IniFile {
            path: path.to_path_buf(),
            defaults: defaults
                .iter()
                .map(|(k, v)| (option_key(k), Value::new(v, 0)))
                .collect(),
            sections: HashMap::new(),
        };
        ini.read(text)?;
        Ok(ini)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }

    /// Whether `section` (or DEFAULT) sets `key`; false when the section does not exist.
    pub fn has_option(&self, section: &str, key: &str) -> bool {
        self.lookup(section, &option_key(key)).is_some()
    }

    /// The value as written (continuations joined), without interpolation.
    pub fn raw(&self, section: &str, key: &str) -> Option<String> {
        self.lookup(section, &option_key(key)).map(Value::joined)
    }

    /// The value with `%(name)s` and `%%` resolved, as `ConfigParser.get` returns it.
    pub fn get(&self, section: &str, key: &str) -> Result<Option<String>> {
        let key = option_key(key);
        let Some(value) = self.lookup(section, &key) else {
            return Ok(None);
        };
        let mut out = String::new();
        self.interpolate(section, &key, value, &value.joined(), &mut out, 1)?;
        Ok(Some(out))
    }

    fn lookup(&self, section: &str, key: &str) -> Option<&Value> {
        let options = self.sections.get(section)?;
        options.get(key).or_else(|| self.defaults.get(key))
    }

    fn fail(&self, line: usize, message: String) -> Error {
        let message = if line > 0 {
            format!("line {line}: {message}")
        } else {
            message
        };
        Error::Config {
            path: self.path.clone(),
            message,
        }
    }

    /// `RawConfigParser._read`: an indented line continues the option above it; a blank line
    /// inside a value is kept (trailing ones trimmed when joined); a comment line is skipped, even
    /// between two lines of one value.
    fn read(&mut self, text: &str) -> Result<()> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // (section name, or None for DEFAULT), and the option being written.
        let mut current: Option<Option<String>> = None;
        let mut option: Option<String> = None;
        let mut indent_level = 0usize;
        let mut seen_sections: Vec<String> = Vec::new();
        let mut seen_options: Vec<(Option<String>, String)> = Vec::new();

        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let stripped = line.trim();
            let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
            if is_comment {
                continue; // skipped whole: it neither adds to nor ends a value
            }
            if stripped.is_empty() {
                if let (Some(section), Some(key)) = (&current, &option) {
                    if let Some(v) = self.options_mut(section).get_mut(key) {
                        v.lines.push(String::new());
                    }
                }
                continue;
            }
            let indent = line.chars().take_while(|c| c.is_whitespace()).count();
            if let (Some(section), Some(key), true) = (&current, &option, indent > indent_level) {
                if let Some(v) = self.options_mut(section).get_mut(key) {
                    v.lines.push(stripped.to_string());
                }
                continue;
            }
            indent_level = indent;
            if let Some(name) = section_header(stripped) {
                if name == DEFAULT_SECTION {
                    current = Some(None);
                } else {
                    if seen_sections.iter().any(|s| s == name) {
                        return Err(self.fail(
                            line_no,
                            format!("section [{name}] appears twice (Python's configparser refuses this too)"),
                        ));
                    }
                    seen_sections.push(name.to_string());
                    self.sections.entry(name.to_string()).or_default();
                    current = Some(Some(name.to_string()));
                }
                option = None;
                continue;
            }
            let Some(section) = current.clone() else {
                return Err(self.fail(
                    line_no,
                    format!("{stripped:?} comes before any [section] header"),
                ));
            };
            let Some((key, value)) = split_option(stripped) else {
                return Err(self.fail(
                    line_no,
                    format!("{stripped:?} is neither `key = value`, `key: value` nor a [section] (an indented line continues the value above it)"),
                ));
            };
            let key = option_key(key);
            if key.is_empty() {
                return Err(self.fail(line_no, format!("{stripped:?} has no key")));
            }
            let pair = (section.clone(), key.clone());
            if seen_options.contains(&pair) {
                let where_ = section.as_deref().unwrap_or(DEFAULT_SECTION);
                return Err(self.fail(
                    line_no,
                    format!("option {key:?} is set twice in [{where_}] (Python's configparser refuses this too)"),
                ));
            }
            seen_options.push(pair);
            self.options_mut(&section)
                .insert(key.clone(), Value::new(value, line_no));
            option = Some(key);
        }
        Ok(())
    }

    fn options_mut(&mut self, section: &Option<String>) -> &mut Options {
        match section {
            None => &mut self.defaults,
            Some(name) => self.sections.entry(name.clone()).or_default(),
        }
    }

    /// `BasicInterpolation._interpolate_some`: references are looked up in the same section,
    /// then DEFAULT, and interpolated in turn (up to configparser's depth limit).
    fn interpolate(
        &self,
        section: &str,
        key: &str,
        origin: &Value,
        mut rest: &str,
        out: &mut String,
        depth: usize,
    ) -> Result<()> {
        let fail = |message: String| {
            self.fail(
                origin.line,
                format!("[{section}] {key}: {message} (write %% for a literal %)"),
            )
        };
        if depth > MAX_DEPTH {
            return Err(fail(format!(
                "more than {MAX_DEPTH} levels of %(...)s substitution (a reference loop?)"
            )));
        }
        while let Some(p) = rest.find('%') {
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            if let Some(after) = rest.strip_prefix("%%") {
                out.push('%');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("%(") {
                // KEYCRE is `%\(([^)]+)\)s`: the name ends at the first `)`, which needs an `s`.
                let close = after.find(')').filter(|c| *c > 0);
                let Some(close) = close.filter(|c| after[c + 1..].starts_with('s')) else {
                    return Err(fail(format!("bad interpolation reference {rest:?}")));
                };
                let name = option_key(&after[..close]);
                rest = &after[close + 2..];
                let Some(value) = self.lookup(section, &name) else {
                    return Err(fail(format!(
                        "%({name})s refers to an option that neither [{section}] nor [DEFAULT] sets"
                    )));
                };
                let text = value.joined();
                if text.contains('%') {
                    self.interpolate(section, key, origin, &text, out, depth + 1)?;
                } else {
                    out.push_str(&text);
                }
            } else {
                return Err(fail(format!(
                    "'%' must be followed by '%' or '(', found {rest:?}"
                )));
            }
        }
        out.push_str(rest);
        Ok(())
    }
}

impl Value {
    fn new(text: &str, line: usize) -> Value {
        Value {
            lines: vec![text.to_string()],
            line,
        }
    }

    fn joined(&self) -> String {
        self.lines.join("\n").trim_end().to_string()
    }
}

/// `optionxform`: option names are case-insensitive.
fn option_key(key: &str) -> String {
    key.trim_end().to_lowercase()
}

/// configparser's `SECTCRE`, `\[(?P<header>.+)\]` matched at the start: up to the last `]`.
fn section_header(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let close = inner.rfind(']')?;
    (close > 0).then(|| &inner[..close])
}

/// configparser's `OPTCRE`: the key runs to the first `=` or `:`, whichever comes first.
fn split_option(line: &str) -> Option<(&str, &str)> {
    let at = line.find(['=', ':'])?;
    Some((line[..at].trim_end(), line[at + 1..].trim()))
}

//! History ranges (`a:b`, `a:`, `:b`), with `current` standing for the database's heads.

use super::{Graph, Target};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub lower: Option<String>,
    pub upper: Option<String>,
}

impl Range {
    pub fn parse(text: &str) -> Result<Range> {
        let endpoint = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        match text.split_once(':') {
            Some((lower, upper)) if !upper.contains(':') => Ok(Range {
                lower: endpoint(lower),
                upper: endpoint(upper),
            }),
            _ => Err(Error::BadTarget {
                argument: text.to_string(),
                message: "a history range is `a:b`, `a:` or `:b`".into(),
            }),
        }
    }

    /// Whether an endpoint needs the database (`current`, or relative to it).
    pub fn needs_database(&self) -> bool {
        [&self.lower, &self.upper]
            .into_iter()
            .flatten()
            .any(|e| e == "current" || matches!(Target::parse(e), Ok(Target::Relative { .. })))
    }
}

impl Graph {
    /// The revisions of a history range, newest first. `applied` is needed only for `current`.
    pub fn history(&self, range: Option<&Range>, applied: &[bool]) -> Result<Vec<usize>> {
        let mut inside = vec![true; self.len()];
        if let Some(range) = range {
            if let Some(lower) = &range.lower {
                if let Some(starts) = self.endpoint(lower, applied)? {
                    let above = self.dependants(&starts);
                    and(&mut inside, &above);
                }
            }
            if let Some(upper) = &range.upper {
                if let Some(ends) = self.endpoint(upper, applied)? {
                    let below = self.requirements(&ends);
                    and(&mut inside, &below);
                }
            }
        }
        Ok(self.walk_order(&inside))
    }

    /// `None` means the endpoint does not restrict (base below, heads above).
    fn endpoint(&self, text: &str, applied: &[bool]) -> Result<Option<Vec<usize>>> {
        if text == "current" {
            // As Alembic: with nothing applied, `current` is base and does not restrict.
            let heads = self.current_heads(applied);
            return Ok((!heads.is_empty()).then_some(heads));
        }
        match Target::parse(text)? {
            Target::Base | Target::Heads => Ok(None),
            target => self.upgrade_destinations(&target, text, applied).map(Some),
        }
    }
}

fn and(into: &mut [bool], other: &[bool]) {
    for (a, b) in into.iter_mut().zip(other) {
        *a &= *b;
    }
}

//! History ranges (`a:b`, `a:`, `:b`), with `current` standing for the database's heads.

use super::{Graph, Target};
use crate::error::{Error, Result};

const REVERSED: &str = "the range is reversed: it reads OLDER:NEWER (e.g. base:head)";

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
            _ => Err(Error::TargetSyntax {
                argument: text.to_string(),
                message: "a history range is `a:b`, `a:` or `:b`".into(),
            }),
        }
    }

    /// The range as typed: `lower:upper`.
    fn text(&self) -> String {
        format!(
            "{}:{}",
            self.lower.as_deref().unwrap_or(""),
            self.upper.as_deref().unwrap_or("")
        )
    }

    /// The range written the other way round, for the hint on a reversed one.
    fn swapped(&self) -> String {
        Range {
            lower: self.upper.clone(),
            upper: self.lower.clone(),
        }
        .text()
    }

    /// `X:base` and `heads:X` name the ends the wrong way round; read as written they would
    /// quietly print one end only, so they are refused like any other reversed range.
    fn check_not_reversed(&self) -> Result<()> {
        let is = |end: &Option<String>, word: &str| end.as_deref().map(str::trim) == Some(word);
        let upper_base =
            is(&self.upper, "base") && self.lower.is_some() && !is(&self.lower, "base");
        let lower_heads =
            is(&self.lower, "heads") && self.upper.is_some() && !is(&self.upper, "heads");
        if upper_base || lower_heads {
            return Err(Error::BadTarget {
                argument: self.text(),
                message: format!("{REVERSED}; try {}", self.swapped()),
            });
        }
        Ok(())
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
        self.history_from(range, applied, &self.current_heads(applied))
    }

    /// As [`Graph::history`], with `current` given: Alembic's is its version table's rows.
    pub fn history_from(
        &self,
        range: Option<&Range>,
        applied: &[bool],
        current: &[usize],
    ) -> Result<Vec<usize>> {
        // As Alembic: above the lower end follows down_revision edges only, below the upper end
        // dependencies too; and both ends must lie on one
        // line of history.
        let mut inside = vec![true; self.len()];
        let Some(range) = range else {
            return Ok(self.walk_order(&inside));
        };
        range.check_not_reversed()?;
        // As Alembic: `label@base` below does not restrict, but keeps only the upper end's
        // revisions that belong to that branch (whose history then includes what they need).
        let branch = range.lower.as_deref().and_then(|l| self.lower_branch(l));
        let starts = match (&range.lower, &branch) {
            (Some(lower), None) => self.endpoint(lower, applied, current)?,
            _ => None,
        };
        let mut ends = match &range.upper {
            Some(upper) => self.endpoint(upper, applied, current)?,
            None => None,
        };
        if let Some(label) = &branch {
            let mut on_branch = ends.unwrap_or_else(|| self.heads());
            on_branch.retain(|&i| self.node(i).labels.contains(label));
            ends = Some(on_branch);
        }
        if let Some(starts) = &starts {
            and(&mut inside, &self.descendants(starts));
        }
        if let Some(ends) = &ends {
            and(&mut inside, &self.requirements(ends));
        }
        if let (Some(starts), Some(_)) = (&starts, &ends) {
            if !starts.is_empty() && starts.iter().all(|s| !inside[*s]) {
                let below = self.requirements(starts);
                let reversed = ends.iter().flatten().all(|e| below[*e]);
                return Err(Error::BadTarget {
                    argument: range.text(),
                    message: if reversed {
                        format!("{REVERSED}; try {}", range.swapped())
                    } else {
                        "the two ends are not ancestor and descendant on one branch".into()
                    },
                });
            }
        }
        Ok(self.walk_order(&inside))
    }

    /// The branch a `label@base` lower end names (a revision id naming its single label, as
    /// Alembic allows).
    fn lower_branch(&self, text: &str) -> Option<String> {
        let Ok(Target::BranchBase(name)) = Target::parse(text) else {
            return None;
        };
        match self.index_of(&name).map(|i| &self.node(i).labels) {
            Some(labels) if labels.len() == 1 => labels.iter().next().cloned(),
            _ => Some(name),
        }
    }

    /// `None` means the endpoint does not restrict (base below, heads above).
    fn endpoint(
        &self,
        text: &str,
        applied: &[bool],
        current: &[usize],
    ) -> Result<Option<Vec<usize>>> {
        if text == "current" {
            // As Alembic: with nothing applied, `current` is base and does not restrict.
            return Ok((!current.is_empty()).then(|| current.to_vec()));
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

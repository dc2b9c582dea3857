//! Turning a parsed [`Target`] into revisions, given what the database has applied: what an upgrade
//! must reach, what a downgrade must remove. Errors carry the user's own argument.

use super::{Graph, Target};
use crate::error::{Error, Result};

/// The applied revisions a downgrade removes (a mask over the graph's nodes).
pub type Removal = Vec<bool>;

impl Graph {
    /// An id, a unique id prefix, or a branch label.
    pub fn lookup(&self, argument: &str) -> Result<usize> {
        if let Some(i) = self
            .index_of(argument)
            .or_else(|| self.label_owner(argument))
        {
            return Ok(i);
        }
        let candidates: Vec<usize> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.header.id.starts_with(argument))
            .map(|(i, _)| i)
            .collect();
        match candidates[..] {
            [one] => Ok(one),
            [] => Err(Error::UnknownRevision {
                argument: argument.to_string(),
            }),
            _ => Err(Error::AmbiguousRevision {
                argument: argument.to_string(),
                candidates: self.ids(&candidates),
            }),
        }
    }

    /// `label@REV`: REV (an id or prefix) must carry the label, as Alembic checks; errors name
    /// the whole argument, label included.
    fn lookup_in_branch(&self, branch: &str, rev: &str, argument: &str) -> Result<usize> {
        self.require_label(branch, argument)?;
        let i = self.lookup(rev).map_err(|e| match e {
            Error::UnknownRevision { .. } => Error::BadTarget {
                argument: argument.to_string(),
                message: format!("no revision {rev:?} on branch {branch:?}"),
            },
            other => other,
        })?;
        if !self.nodes[i].labels.contains(branch) {
            return Err(Error::BadTarget {
                argument: argument.to_string(),
                message: format!("revision {} is not on branch {branch:?}", self.id(i)),
            });
        }
        Ok(i)
    }

    pub fn ids(&self, indexes: &[usize]) -> Vec<String> {
        indexes.iter().map(|i| self.id(*i).to_string()).collect()
    }

    /// The single head, or the error Alembic gives when there are several.
    pub fn single_head(&self, argument: &str) -> Result<Option<usize>> {
        one_of(self, self.heads(), argument)
    }

    /// The revisions an upgrade to `target` must reach; their requirements come along.
    pub fn upgrade_destinations(
        &self,
        target: &Target,
        argument: &str,
        applied: &[bool],
    ) -> Result<Vec<usize>> {
        Ok(match target {
            Target::Base => Vec::new(),
            Target::Heads => self.heads(),
            Target::Head => self.single_head(argument)?.into_iter().collect(),
            Target::Rev(rev) => vec![self.lookup(rev)?],
            Target::BranchRev { branch, rev } => {
                vec![self.lookup_in_branch(branch, rev, argument)?]
            }
            Target::BranchHead(label) => {
                let heads = self.branch_heads(label, argument)?;
                one_of(self, heads, argument)?.into_iter().collect()
            }
            Target::BranchBase(label) => self.branch_bases(label, argument)?,
            Target::Relative { delta, .. } if *delta < 0 => {
                return Err(wrong_way(
                    argument,
                    "a step down (-N) is a downgrade target",
                ))
            }
            Target::Relative { branch, delta } => {
                let from = self.current_in_branch(branch.as_deref(), argument, applied)?;
                self.step(from, *delta, branch.as_deref(), argument)?
                    .into_iter()
                    .collect()
            }
            Target::From { rev, delta } => {
                let from = self.anchor(rev, argument)?;
                self.step(from, *delta, None, argument)?
                    .into_iter()
                    .collect()
            }
        })
    }

    /// The applied revisions a downgrade to `target` removes.
    pub fn downgrade_removal(
        &self,
        target: &Target,
        argument: &str,
        applied: &[bool],
    ) -> Result<Removal> {
        // Downgrading *to* a revision keeps it: it must be applied, as in Alembic.
        let keep_down_to = |r: Option<usize>| -> Result<Removal> {
            match r {
                None => Ok(vec![true; self.len()]),
                Some(r) if !applied[r] => Err(wrong_way(
                    argument,
                    &format!(
                        "revision {} is not applied, so there is nothing to downgrade to",
                        self.id(r)
                    ),
                )),
                Some(r) => {
                    let mut mask = self.dependants(&[r]);
                    mask[r] = false;
                    Ok(mask)
                }
            }
        };
        Ok(match target {
            Target::Base => vec![true; self.len()],
            Target::Heads => vec![false; self.len()],
            Target::Head => keep_down_to(self.single_head(argument)?)?,
            Target::Rev(rev) => keep_down_to(Some(self.lookup(rev)?))?,
            Target::BranchRev { branch, rev } => {
                keep_down_to(Some(self.lookup_in_branch(branch, rev, argument)?))?
            }
            Target::BranchHead(label) => {
                let heads = self.branch_heads(label, argument)?;
                keep_down_to(one_of(self, heads, argument)?)?
            }
            Target::BranchBase(label) => self.dependants(&self.branch_bases(label, argument)?),
            Target::Relative { branch, delta } if *delta < 0 => {
                self.peel_heads(branch.as_deref(), -*delta, argument, applied)?
            }
            Target::Relative { .. } => {
                return Err(wrong_way(argument, "a step up (+N) is an upgrade target"))
            }
            Target::From { rev, delta } => {
                let from = self.anchor(rev, argument)?;
                keep_down_to(self.step(from, *delta, None, argument)?)?
            }
        })
    }

    /// `-N` on a downgrade: remove the single current head N times. Below a merge both parents
    /// become current, so a further step is ambiguous, as in Alembic.
    fn peel_heads(
        &self,
        branch: Option<&str>,
        count: i64,
        argument: &str,
        applied: &[bool],
    ) -> Result<Removal> {
        let mut remaining = applied.to_vec();
        let mut removal = vec![false; self.len()];
        for done in 0..count {
            let heads = self.heads_in_branch(branch, argument, &remaining)?;
            let head = match heads[..] {
                [one] => one,
                [] => {
                    return Err(Error::BadTarget {
                        argument: argument.to_string(),
                        message: format!(
                            "goes past base: only {done} revision step(s) are applied below the current head"
                        ),
                    })
                }
                _ => {
                    return Err(Error::MultipleHeads {
                        argument: argument.to_string(),
                        heads: self.ids(&heads),
                    })
                }
            };
            let gone = self.dependants(&[head]);
            for (i, g) in gone.into_iter().enumerate() {
                if g && remaining[i] {
                    remaining[i] = false;
                    removal[i] = true;
                }
            }
        }
        Ok(removal)
    }

    /// Moves `delta` steps along `down_revision` edges, upwards only into `branch` when given.
    /// `None` stands for base, below every revision.
    fn step(
        &self,
        from: Option<usize>,
        delta: i64,
        branch: Option<&str>,
        argument: &str,
    ) -> Result<Option<usize>> {
        let out_of_range = |message: String| Error::BadTarget {
            argument: argument.to_string(),
            message,
        };
        let mut at = from;
        for done in 0..delta.unsigned_abs() {
            let mut next: Vec<usize> = match (at, delta > 0) {
                (None, true) => self.bases(),
                (Some(i), true) => self.nodes[i].children.clone(),
                (Some(i), false) => self.nodes[i].parents.clone(),
                (None, false) => {
                    return Err(out_of_range(format!("goes past base after {done} step(s)")))
                }
            };
            if let (Some(label), true) = (branch, delta > 0) {
                next.retain(|n| self.nodes[*n].labels.contains(label));
            }
            at = match next[..] {
                [one] => Some(one),
                [] if delta < 0 => None,
                [] => {
                    return Err(out_of_range(format!(
                        "goes past the head after {done} step(s)"
                    )))
                }
                _ => {
                    return Err(out_of_range(format!(
                        "is ambiguous after {done} step(s): the history forks or merges there ({}); name a revision",
                        self.ids(&next).join(", ")
                    )))
                }
            };
        }
        Ok(at)
    }

    /// The revision `REV` in `REV+N` stands for: `head`, `base`, or an id, prefix or label.
    fn anchor(&self, rev: &str, argument: &str) -> Result<Option<usize>> {
        match Target::parse(rev)? {
            Target::Base => Ok(None),
            Target::Head => self.single_head(argument),
            Target::Rev(r) => self.lookup(&r).map(Some),
            Target::BranchHead(label) => {
                one_of(self, self.branch_heads(&label, argument)?, argument)
            }
            _ => Err(Error::BadTarget {
                argument: argument.to_string(),
                message: "REV+N needs a revision, `head` or `label@head` before the sign".into(),
            }),
        }
    }

    /// The database's single current head (within a branch when a label is given); `None` when
    /// nothing is applied there.
    fn current_in_branch(
        &self,
        branch: Option<&str>,
        argument: &str,
        applied: &[bool],
    ) -> Result<Option<usize>> {
        let heads = self.heads_in_branch(branch, argument, applied)?;
        match (heads.len(), branch) {
            (0, Some(label)) => {
                // Nothing of the branch applied yet: start just below its first revision.
                let bases = self.branch_bases(label, argument)?;
                let below = one_of(self, bases, argument)?
                    .map(|b| self.nodes[b].parents.clone())
                    .unwrap_or_default();
                one_of(self, below, argument)
            }
            _ => one_of(self, heads, argument),
        }
    }

    fn heads_in_branch(
        &self,
        branch: Option<&str>,
        argument: &str,
        applied: &[bool],
    ) -> Result<Vec<usize>> {
        let heads = self.current_heads(applied);
        match branch {
            None => Ok(heads),
            Some(label) => {
                self.require_label(label, argument)?;
                Ok(heads
                    .into_iter()
                    .filter(|h| self.nodes[*h].labels.contains(label))
                    .collect())
            }
        }
    }

    /// Heads that carry the label.
    pub fn branch_heads(&self, label: &str, argument: &str) -> Result<Vec<usize>> {
        self.require_label(label, argument)?;
        Ok(self
            .heads()
            .into_iter()
            .filter(|h| self.nodes[*h].labels.contains(label))
            .collect())
    }

    /// The lowest revisions that carry the label.
    pub fn branch_bases(&self, label: &str, argument: &str) -> Result<Vec<usize>> {
        self.require_label(label, argument)?;
        Ok(self
            .order
            .iter()
            .copied()
            .filter(|i| self.nodes[*i].labels.contains(label))
            .filter(|i| {
                !self.nodes[*i]
                    .parents
                    .iter()
                    .any(|p| self.nodes[*p].labels.contains(label))
            })
            .collect())
    }

    fn require_label(&self, label: &str, argument: &str) -> Result<()> {
        match self.label_owner(label) {
            Some(_) => Ok(()),
            None => Err(Error::UnknownLabel {
                label: label.to_string(),
                argument: argument.to_string(),
            }),
        }
    }
}

fn wrong_way(argument: &str, message: &str) -> Error {
    Error::BadTarget {
        argument: argument.to_string(),
        message: message.to_string(),
    }
}

/// Zero or one of `candidates`; several is Alembic's "multiple heads" error.
fn one_of(graph: &Graph, candidates: Vec<usize>, argument: &str) -> Result<Option<usize>> {
    match candidates[..] {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        _ => Err(Error::MultipleHeads {
            argument: argument.to_string(),
            heads: graph.ids(&candidates),
        }),
    }
}

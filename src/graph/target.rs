//! Target expressions (`head`, `heads`, `base`, ids, prefixes, `label@head`, `+N`, `REV-N`, …),
//! parsed once at the edge into an enum, as Alembic's `_parse_upgrade_target` reads them.

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Base,
    Head,
    Heads,
    /// A full id, a unique prefix, or a branch label (the revision that declares it).
    Rev(String),
    /// `label@head`: the head of a branch.
    BranchHead(String),
    /// `label@base`: the lowest revision of a branch.
    BranchBase(String),
    /// `label@REV`: a revision that must belong to the branch.
    BranchRev {
        branch: String,
        rev: String,
    },
    /// `+N` / `-N` from the database's current head, or within a branch with `label@+N`.
    Relative {
        branch: Option<String>,
        delta: i64,
    },
    /// `REV+N` / `REV-N`, where REV is any non-relative target (`head-1` works too).
    From {
        rev: String,
        delta: i64,
    },
}

impl Target {
    pub fn parse(text: &str) -> Result<Target> {
        let argument = text.trim();
        let bad = |message: &str| Error::TargetSyntax {
            argument: argument.to_string(),
            message: message.to_string(),
        };
        let zero = "a step of 0 goes nowhere: use +N to upgrade or -N to downgrade, N at least 1";
        if argument.is_empty() {
            return Err(bad("empty target"));
        }
        if argument.contains(':') {
            return Err(bad(
                "ranges (a:b) are for `history -r`; name one target here",
            ));
        }
        match argument {
            "base" => return Ok(Target::Base),
            "head" => return Ok(Target::Head),
            "heads" => return Ok(Target::Heads),
            _ => {}
        }
        if let Some((label, rest)) = argument.split_once('@') {
            if label.is_empty() {
                return Err(bad("a branch label is missing before `@`"));
            }
            return match rest {
                "head" => Ok(Target::BranchHead(label.into())),
                "base" => Ok(Target::BranchBase(label.into())),
                _ => match signed(rest) {
                    Some(0) => Err(bad(zero)),
                    Some(delta) => Ok(Target::Relative {
                        branch: Some(label.into()),
                        delta,
                    }),
                    None if !rest.is_empty() && !rest.contains(['@', '+', '-']) => {
                        Ok(Target::BranchRev {
                            branch: label.into(),
                            rev: rest.into(),
                        })
                    }
                    None => Err(bad(
                        "expected label@head, label@base, label@+N or label@REV",
                    )),
                },
            };
        }
        if let Some(delta) = signed(argument) {
            if delta == 0 {
                return Err(bad(zero));
            }
            return Ok(Target::Relative {
                branch: None,
                delta,
            });
        }
        if let Some(pos) = argument.rfind(['+', '-']) {
            if pos > 0 {
                if let Some(delta) = signed(&argument[pos..]) {
                    let rev = &argument[..pos];
                    // `+-1`, `heads-1`, `-1+1`: only a revision, `head` or `label@head` anchors.
                    let anchor = Target::parse(rev).ok();
                    if !matches!(
                        anchor,
                        Some(Target::Base | Target::Head | Target::Rev(_) | Target::BranchHead(_))
                    ) || rev.ends_with(['+', '-'])
                    {
                        return Err(bad(
                            "REV+N / REV-N needs a revision, `head`, `base` or `label@head` before the sign",
                        ));
                    }
                    return Ok(Target::From {
                        rev: argument[..pos].to_string(),
                        delta,
                    });
                }
            }
            return Err(bad("`+N` / `-N` needs a number after the sign"));
        }
        Ok(Target::Rev(argument.to_string()))
    }
}

/// The target written back the way `parse` reads it (`label@+2`, `REV-1`): for messages, and for
/// an Alembic project's alembic, which reads the same words.
impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Base => f.write_str("base"),
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Rev(rev) => f.write_str(rev),
            Target::BranchHead(label) => write!(f, "{label}@head"),
            Target::BranchBase(label) => write!(f, "{label}@base"),
            Target::BranchRev { branch, rev } => write!(f, "{branch}@{rev}"),
            Target::Relative {
                branch: None,
                delta,
            } => write!(f, "{delta:+}"),
            Target::Relative {
                branch: Some(label),
                delta,
            } => write!(f, "{label}@{delta:+}"),
            Target::From { rev, delta } => write!(f, "{rev}{delta:+}"),
        }
    }
}

impl std::str::FromStr for Target {
    type Err = Error;

    fn from_str(text: &str) -> Result<Target> {
        Target::parse(text)
    }
}

/// `+3` / `-2` (a sign is required, so a numeric revision id stays an id).
fn signed(text: &str) -> Option<i64> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().map(|n| sign * n)
}

//! The order Alembic lists revisions in (`alembic history`): newest first, walking one line of
//! history down as far as it can before switching to another head, ties broken by the order the
//! revisions were loaded. Matching it keeps `retort history` comparable line by line with
//! `alembic history` on the same project.

use super::Graph;

impl Graph {
    /// The revisions selected by `inside`, newest first, in Alembic's walk order.
    pub fn walk_order(&self, inside: &[bool]) -> Vec<usize> {
        let mut todo = inside.to_vec();
        let mut remaining = todo.iter().filter(|t| **t).count();
        // Heads of the selection, by load order (node index is load order).
        let mut heads: Vec<usize> = (0..self.len())
            .filter(|i| todo[*i])
            .filter(|i| !self.nodes[*i].children.iter().any(|c| todo[*c]))
            // A revision another one depends on is an "effective head" only: Alembic reaches it
            // through its dependent.
            .filter(|i| !self.nodes[*i].dependents.iter().any(|d| todo[*d]))
            .collect();
        // The revision each walk output last: reaching a revision through its only child (or
        // dependent) means no other head can need it, so the costly check below is skipped.
        let mut came_from: Vec<Option<usize>> = vec![None; heads.len()];
        let mut out = Vec::with_capacity(remaining);
        let mut at = 0;
        while !heads.is_empty() && remaining > 0 {
            let candidate = heads[at];
            // Another head that needs this revision must be walked first.
            let node = &self.nodes[candidate];
            let only_from_here = node.children.len() + node.dependents.len() == 1
                && came_from[at]
                    .is_some_and(|c| node.children.contains(&c) || node.dependents.contains(&c));
            if !only_from_here {
                let other = (0..heads.len()).find(|k| *k != at && self.needs(heads[*k], candidate));
                if let Some(other) = other {
                    at = other;
                    continue;
                }
            }
            if todo[candidate] {
                out.push(candidate);
                todo[candidate] = false;
                remaining -= 1;
            }
            let down = self.normalized_down(candidate);
            let below: Vec<usize> = down
                .into_iter()
                .filter(|r| todo[*r] && !heads.contains(r))
                .collect();
            if below.is_empty() {
                heads.remove(at);
                came_from.remove(at);
                at = at.saturating_sub(1);
            } else {
                // The first stays in this walk's place; the others queue up after every head.
                heads[at] = below[0];
                came_from[at] = Some(candidate);
                for b in &below[1..] {
                    heads.push(*b);
                    came_from.push(Some(candidate));
                }
            }
        }
        // Anything a head walk could not reach (not expected) still appears, newest first.
        out.extend(self.order.iter().rev().copied().filter(|i| todo[*i]));
        out
    }

    /// Whether `from` needs `target` (through parents and dependencies). Only revisions ranked
    /// above `target` in topological order can lead to it, so the search stays between the two.
    fn needs(&self, from: usize, target: usize) -> bool {
        let floor = self.rank[target];
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if i == target {
                return true;
            }
            if self.rank[i] <= floor || !seen.insert(i) {
                continue;
            }
            let node = &self.nodes[i];
            stack.extend(node.parents.iter().chain(&node.dependencies).copied());
        }
        false
    }

    /// Parents, then dependencies that are not already below a parent.
    fn normalized_down(&self, index: usize) -> Vec<usize> {
        let node = &self.nodes[index];
        let mut down = node.parents.clone();
        if !node.dependencies.is_empty() {
            let below = self.requirements(&node.parents);
            down.extend(node.dependencies.iter().copied().filter(|d| !below[*d]));
        }
        down
    }
}

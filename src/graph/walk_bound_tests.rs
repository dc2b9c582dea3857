//! Every graph walk terminates on every graph `Graph::new` accepts: a seeded property test over
//! random graphs (diamonds, merges, depends_on across branches, repeated parents and
//! dependencies, labels, the odd cycle), each graph's walks run on a worker thread that must report back in
//! time, so a loop fails the test with its seed instead of hanging the suite.

use super::*;
use crate::error::Direction;
use crate::plan::order_for;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

const GRAPHS: u64 = 400;
/// Far above what one small graph's walks take (milliseconds), far below "hung".
const BOUND: Duration = Duration::from_secs(20);

fn random_headers(rng: &mut StdRng) -> Vec<Header> {
    let n = rng.gen_range(1..=12);
    let mut headers: Vec<Header> = Vec::with_capacity(n);
    for i in 0..n {
        let mut parents = Vec::new();
        if i > 0 && rng.gen_bool(0.85) {
            for _ in 0..rng.gen_range(1..=3) {
                parents.push(format!("r{}", rng.gen_range(0..i)));
            }
            // A repeated parent: the loader refuses it, the graph must survive it anyway.
            if rng.gen_bool(0.2) {
                let again = parents[0].clone();
                parents.push(again);
            }
        }
        // Now and then an edge up or to itself: a cycle, which Graph::new must find and report.
        if rng.gen_bool(0.03) {
            parents.push(format!("r{}", rng.gen_range(i..n)));
        }
        let mut depends_on = Vec::new();
        if i > 0 && rng.gen_bool(0.3) {
            for _ in 0..rng.gen_range(1..=2) {
                let dep = rng.gen_range(0..i);
                // By label when the target declares one, as headers may.
                let by_label = headers[dep].branch_labels.first().cloned();
                depends_on.push(match by_label {
                    Some(label) if rng.gen_bool(0.5) => label,
                    _ => format!("r{dep}"),
                });
            }
            if rng.gen_bool(0.3) {
                let again = depends_on[0].clone();
                depends_on.push(again);
            }
        }
        let branch_labels = if rng.gen_bool(0.2) {
            vec![format!("L{i}")]
        } else {
            Vec::new()
        };
        headers.push(Header {
            id: format!("r{i}"),
            parents,
            message: String::new(),
            created: None,
            branch_labels,
            depends_on,
            path: PathBuf::from(format!("v/r{i}.sql")),
        });
    }
    // Load order is file-name order, unrelated to the history.
    headers.shuffle(rng);
    headers
}

/// A random applied set closed under requirements, as a database's always is.
fn random_applied(graph: &Graph, rng: &mut StdRng) -> Vec<bool> {
    let picked: Vec<usize> = (0..graph.len()).filter(|_| rng.gen_bool(0.3)).collect();
    graph.requirements(&picked)
}

fn targets(graph: &Graph) -> Vec<String> {
    let mut out: Vec<String> = [
        "base", "head", "heads", "+1", "+2", "-1", "-2", "-0", "+0", "head-1", "head-2", "base+1",
        "base+2", "r", "nope",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for node in graph.nodes() {
        let id = &node.header.id;
        out.extend([
            id.clone(),
            format!("{id}+1"),
            format!("{id}-1"),
            format!("{id}+3"),
        ]);
        for label in &node.header.branch_labels {
            for suffix in ["head", "base", "+1", "-1", "+2", "-2", id.as_str()] {
                out.push(format!("{label}@{suffix}"));
            }
        }
    }
    out
}

/// Every walk, closure, plan, target and range the graph offers, on several applied sets.
fn exercise(graph: &Graph, rng: &mut StdRng) {
    let all = vec![true; graph.len()];
    let nodes: Vec<usize> = (0..graph.len()).collect();
    graph.walk_order(&all);
    graph.layout();
    graph.heads();
    graph.bases();
    graph.branch_points();
    graph.requirements(&nodes);
    graph.dependants(&nodes);
    graph.ancestors(&nodes);
    graph.descendants(&nodes);
    let targets = targets(graph);
    for _ in 0..4 {
        let applied = random_applied(graph, rng);
        graph.current_heads(&applied);
        graph.walk_order(&applied);
        graph.layout_rows(&graph.walk_order(&applied));
        for target in targets
            .iter()
            .filter_map(|t| t.parse::<crate::graph::Target>().ok())
        {
            for direction in [Direction::Upgrade, Direction::Downgrade] {
                let _ = order_for(graph, direction, &target, &applied);
            }
        }
        let mut ends: Vec<String> = vec!["".into(), "current".into(), "base".into()];
        ends.extend(targets.iter().take(40).cloned());
        for _ in 0..30 {
            let lower = ends.choose(rng).cloned().unwrap_or_default();
            let upper = ends.choose(rng).cloned().unwrap_or_default();
            if let Ok(range) = Range::parse(&format!("{lower}:{upper}")) {
                let _ = graph.history(Some(&range), &applied);
            }
        }
    }
}

#[test]
fn every_walk_terminates_on_random_graphs() {
    let (tx, rx) = mpsc::channel::<u64>();
    std::thread::spawn(move || {
        for seed in 0..GRAPHS {
            if tx.send(seed).is_err() {
                return;
            }
            let mut rng = StdRng::seed_from_u64(seed);
            match Graph::new(random_headers(&mut rng)) {
                Ok(graph) => exercise(&graph, &mut rng),
                Err(e) => assert_eq!(e.code(), "graph_cycle", "seed {seed}: {e}"),
            }
        }
        let _ = tx.send(u64::MAX);
    });
    let mut last = None;
    loop {
        match rx.recv_timeout(BOUND) {
            Ok(u64::MAX) => return,
            Ok(seed) => last = Some(seed),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("a graph walk did not finish within {BOUND:?} on the graph of seed {last:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("the walks panicked on the graph of seed {last:?}")
            }
        }
    }
}

#[test]
fn repeated_edges_are_kept_once() {
    let h = |id: &str, parents: &[&str], deps: &[&str]| Header {
        id: id.into(),
        parents: parents.iter().map(|s| s.to_string()).collect(),
        message: String::new(),
        created: None,
        branch_labels: Vec::new(),
        depends_on: deps.iter().map(|s| s.to_string()).collect(),
        path: PathBuf::from(format!("v/{id}.sql")),
    };
    let graph = Graph::new(vec![
        h("a1", &[], &[]),
        h("b1", &["a1", "a1"], &[]),
        h("c1", &["b1"], &["a1", "a1"]),
    ])
    .unwrap();
    let a = graph.index_of("a1").unwrap();
    let b = graph.index_of("b1").unwrap();
    assert_eq!(graph.node(b).parents, [a]);
    assert_eq!(graph.node(a).children, [b]);
    assert_eq!(graph.node(a).dependents.len(), 1);
    assert_eq!(graph.ids(&graph.walk_order(&[true; 3])), ["c1", "b1", "a1"]);
}

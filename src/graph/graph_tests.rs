//! Table-driven tests of the graph, the target forms and the plans they give, on a graph with two
//! bases, a branch point, a labelled branch, a merge and a depends_on edge.

use super::*;
use crate::error::{Direction, Error};
use crate::plan::order_for;
use std::path::PathBuf;

fn header(id: &str, parents: &[&str], labels: &[&str], deps: &[&str]) -> Header {
    Header {
        id: id.into(),
        parents: parents.iter().map(|s| s.to_string()).collect(),
        message: format!("revision {id}"),
        created: None,
        branch_labels: labels.iter().map(|s| s.to_string()).collect(),
        depends_on: deps.iter().map(|s| s.to_string()).collect(),
        path: PathBuf::from(format!("versions/{id}.sql")),
    }
}

/// ```text
///  a - b - c - e - m - g          (trunk; m merges e and f)
///       \         /
///        d - f --                 (d carries the label "feature")
///  x - y                          (second base, label "other"; y depends_on c)
/// ```
fn sample() -> Graph {
    Graph::new(vec![
        header("a", &[], &[], &[]),
        header("b", &["a"], &[], &[]),
        header("c", &["b"], &[], &[]),
        header("d", &["b"], &["feature"], &[]),
        header("e", &["c"], &[], &[]),
        header("f", &["d"], &[], &[]),
        header("m", &["e", "f"], &[], &[]),
        header("g", &["m"], &[], &[]),
        header("x", &[], &["other"], &[]),
        header("y", &["x"], &[], &["c"]),
    ])
    .unwrap()
}

fn mask(graph: &Graph, ids: &str) -> Vec<bool> {
    graph.applied_mask(ids.split_whitespace()).0
}

fn run(graph: &Graph, direction: Direction, target: &str, applied: &str) -> Result<String, Error> {
    let order = order_for(graph, direction, &target.parse()?, &mask(graph, applied))?;
    Ok(graph.ids(&order).join(" "))
}

#[test]
fn heads_bases_and_branch_points() {
    let g = sample();
    assert_eq!(g.ids(&g.heads()), ["g", "y"]);
    assert_eq!(g.ids(&g.bases()), ["a", "x"]);
    assert_eq!(g.ids(&g.branch_points()), ["b"]);
    assert_eq!(g.ids(g.topological()).join(" "), "a b c d e f m g x y");
}

#[test]
fn labels_spread_like_alembic() {
    let g = sample();
    let labelled: Vec<&str> = g
        .topological()
        .iter()
        .filter(|i| g.node(**i).labels.contains("feature"))
        .map(|i| g.id(*i))
        .collect();
    // d and its descendants; not b, the branch point above it.
    assert_eq!(labelled, ["d", "f", "m", "g"]);
}

#[test]
fn upgrade_targets() {
    // Orders as `alembic upgrade TARGET --sql` (1.20) runs them on the same graph.
    let g = sample();
    let cases: &[(&str, &str, &str)] = &[
        ("heads", "", "a b d f c x y e m g"),
        ("g", "", "a b d f c e m g"),
        ("y", "", "a b c x y"),
        ("y", "a b c", "x y"),
        ("base", "a b", ""),
        ("feature@head", "", "a b d f c e m g"),
        ("feature@base", "", "a b d"),
        ("other@head", "", "a b c x y"),
        ("+1", "a", "b"),
        ("+1", "a b c", "e"),
        ("c+1", "", "a b c e"),
        ("e+2", "", "a b d f c e m g"),
        ("g-1", "", "a b d f c e m"),
        ("e-1", "", "a b c"),
        ("feature@+1", "a b", "d"),
        ("feature@+2", "a b d", "f c e m"),
        ("other@+1", "a b c", "x"),
        ("b", "a b c", ""),
    ];
    for (target, applied, expected) in cases {
        let got = run(&g, Direction::Upgrade, target, applied);
        assert_eq!(
            got.as_deref().map_err(|e| e.to_string()),
            Ok(*expected),
            "upgrade {target} from [{applied}]"
        );
    }
}

#[test]
fn downgrade_targets() {
    // Orders as `alembic downgrade TARGET --sql` (1.20) runs them on the same graph.
    let g = sample();
    let trunk = "a b c d e f m g";
    let cases: &[(&str, &str, &str)] = &[
        ("base", trunk, "g m e c f d b a"),
        ("-1", trunk, "g"),
        ("-2", trunk, "g m"),
        ("b", trunk, "g m e c f d"),
        ("e", trunk, "g m"),
        ("feature@base", trunk, "g m f d"),
        ("feature@-1", trunk, "g"),
        ("-1", "a", "a"),
        ("g-1", trunk, "g"),
        ("b", "a b c x y", "y c"),
        ("heads", trunk, ""),
        ("other@base", "a b c x y", "y x"),
    ];
    for (target, applied, expected) in cases {
        let got = run(&g, Direction::Downgrade, target, applied);
        assert_eq!(
            got.as_deref().map_err(|e| e.to_string()),
            Ok(*expected),
            "downgrade {target} from [{applied}]"
        );
    }
}

#[test]
fn below_a_merge_both_parents_are_current() {
    let g = sample();
    let mut applied = mask(&g, "a b c d e f m g");
    let order = order_for(&g, Direction::Downgrade, &"-2".parse().unwrap(), &applied).unwrap();
    for i in order {
        applied[i] = false;
    }
    assert_eq!(g.ids(&g.current_heads(&applied)), ["e", "f"]);
    let err = order_for(&g, Direction::Downgrade, &"-1".parse().unwrap(), &applied).unwrap_err();
    assert_eq!(err.code(), "target_multiple_heads");
}

#[test]
fn target_errors() {
    let g = sample();
    let cases: &[(Direction, &str, &str, &str)] = &[
        (Direction::Upgrade, "head", "", "target_multiple_heads"),
        (Direction::Upgrade, "zzz", "", "target_unknown_revision"),
        (Direction::Upgrade, "nope@head", "", "target_unknown_label"),
        (Direction::Upgrade, "+1", "", "target_invalid"),
        (Direction::Upgrade, "b+1", "", "target_invalid"),
        (Direction::Upgrade, "m-1", "", "target_invalid"),
        (Direction::Upgrade, "g+1", "", "target_invalid"),
        (
            Direction::Upgrade,
            "+1",
            "a b c d e f m g x y",
            "target_multiple_heads",
        ),
        (Direction::Upgrade, "a:b", "", "target_invalid"),
        (Direction::Upgrade, "", "", "target_invalid"),
        (Direction::Downgrade, "-9", "a b c e", "target_invalid"),
        (Direction::Downgrade, "-2", "a", "target_invalid"),
        (Direction::Upgrade, "-1", "a b c", "target_invalid"),
        (Direction::Upgrade, "feature@-1", "a b d", "target_invalid"),
        (Direction::Downgrade, "+1", "a b", "target_invalid"),
        (Direction::Downgrade, "e", "a b c", "target_invalid"),
        (Direction::Downgrade, "x", "a b c", "target_invalid"),
        (Direction::Downgrade, "c+1", "a b c", "target_invalid"),
        (
            Direction::Downgrade,
            "feature@-1",
            "a b c",
            "target_invalid",
        ),
        (
            Direction::Downgrade,
            "-1",
            "a b c d e f m g x y",
            "target_multiple_heads",
        ),
    ];
    for (direction, target, applied, code) in cases {
        let err = run(&g, *direction, target, applied).unwrap_err();
        assert_eq!(err.code(), *code, "{direction} {target:?}: {err}");
    }
    let err = run(&g, Direction::Upgrade, "head", "").unwrap_err();
    assert!(err.to_string().contains("several heads (g, y)"), "{err}");
    assert!(err.to_string().contains("retort merge"), "{err}");
    let err = run(&g, Direction::Downgrade, "-9", "a b c e").unwrap_err();
    assert!(err.to_string().contains("past base"), "{err}");
}

#[test]
fn prefixes_must_be_unique() {
    let g = Graph::new(vec![
        header("ab12cd34ef56", &[], &[], &[]),
        header("ab99cd34ef56", &["ab12cd34ef56"], &[], &[]),
        header("ff00ff00ff00", &["ab99cd34ef56"], &[], &[]),
    ])
    .unwrap();
    assert_eq!(g.id(g.lookup("ab1").unwrap()), "ab12cd34ef56");
    assert_eq!(g.id(g.lookup("ff").unwrap()), "ff00ff00ff00");
    let err = g.lookup("ab").unwrap_err();
    assert_eq!(err.code(), "target_ambiguous");
    assert!(
        err.to_string().contains("ab12cd34ef56, ab99cd34ef56"),
        "{err}"
    );
}

#[test]
fn target_parsing() {
    let cases: &[(&str, Target)] = &[
        ("head", Target::Head),
        ("heads", Target::Heads),
        ("base", Target::Base),
        ("ab12", Target::Rev("ab12".into())),
        ("feat@head", Target::BranchHead("feat".into())),
        ("feat@base", Target::BranchBase("feat".into())),
        (
            "+2",
            Target::Relative {
                branch: None,
                delta: 2,
            },
        ),
        (
            "-1",
            Target::Relative {
                branch: None,
                delta: -1,
            },
        ),
        (
            "feat@-1",
            Target::Relative {
                branch: Some("feat".into()),
                delta: -1,
            },
        ),
        (
            "ab12+3",
            Target::From {
                rev: "ab12".into(),
                delta: 3,
            },
        ),
        (
            "head-1",
            Target::From {
                rev: "head".into(),
                delta: -1,
            },
        ),
        (
            "feat@ab12",
            Target::BranchRev {
                branch: "feat".into(),
                rev: "ab12".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&Target::parse(text).unwrap(), expected, "{text}");
        // Written back as it was read, so messages and alembic see the words given.
        assert_eq!(expected.to_string(), *text, "{text}");
    }
}

#[test]
fn history_ranges() {
    let g = sample();
    let none = vec![false; g.len()];
    let cases: &[(&str, &str)] = &[
        ("c:g", "g m e c"),
        (":b", "b a"),
        ("f:", "g m f"),
        // What `alembic history` prints for this graph (alembic 1.20.1): one line walked down
        // before the next head, a needed revision only after every head needing it.
        ("base:heads", "g m e y x c f d b a"),
        ("x:", "y x"),
    ];
    for (text, expected) in cases {
        let range = Range::parse(text).unwrap();
        let got = g.ids(&g.history(Some(&range), &none).unwrap()).join(" ");
        assert_eq!(got, *expected, "{text}");
    }
    // Ends on two different lines of history are refused, as Alembic does.
    let err = g
        .history(Some(&Range::parse("d:e").unwrap()), &none)
        .unwrap_err();
    assert_eq!(err.code(), "target_invalid");
    assert!(
        err.to_string().contains("not ancestor and descendant"),
        "{err}"
    );
    let applied = mask(&g, "a b c");
    let range = Range::parse("current:").unwrap();
    assert!(range.needs_database());
    let got = g.ids(&g.history(Some(&range), &applied).unwrap()).join(" ");
    // Ranges follow down_revision only: y depends on c but is not above it.
    assert_eq!(got, "g m e c");
}

#[test]
fn invalid_graphs_name_their_files() {
    let cases: Vec<(Vec<Header>, &str, &str)> = vec![
        (
            vec![header("a", &[], &[], &[]), header("a", &[], &[], &[])],
            "graph_duplicate_revision",
            "versions/a.sql, versions/a.sql",
        ),
        (
            vec![header("a", &["zz"], &[], &[])],
            "graph_unknown_parent",
            "versions/a.sql: revision a has down_revision zz",
        ),
        (
            vec![header("a", &[], &[], &["zz"])],
            "graph_unknown_dependency",
            "versions/a.sql: revision a depends_on zz",
        ),
        (
            vec![
                header("a", &[], &["l"], &[]),
                header("b", &["a"], &["l"], &[]),
            ],
            "graph_duplicate_label",
            "\"l\"",
        ),
        (
            vec![header("a", &[], &[], &[]), header("b", &["a"], &["a"], &[])],
            "graph_label_clash",
            "versions/b.sql: branch label \"a\" is already the id of the revision in versions/a.sql",
        ),
        (
            vec![
                header("a", &["c"], &[], &[]),
                header("b", &["a"], &[], &[]),
                header("c", &["b"], &[], &[]),
            ],
            "graph_cycle",
            "versions/a.sql",
        ),
        (
            vec![header("a", &[], &[], &["b"]), header("b", &["a"], &[], &[])],
            "graph_cycle",
            "versions/b.sql",
        ),
    ];
    for (headers, code, text) in cases {
        let err = Graph::new(headers).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(err.to_string().contains(text), "{err}");
    }
}

/// No edge runs through another revision's circle: while a lane carries an edge down to a
/// parent, no revision in between sits in that lane.
fn assert_drawable(g: &Graph, layout: &layout::Layout) {
    for (row, r) in layout.rows.iter().enumerate() {
        assert!(r.lane < layout.width);
        for e in &r.edges {
            assert!(e.to_row > row, "edge from row {row} goes up");
            assert_eq!(layout.rows[e.to_row].lane, e.to_lane);
            if e.kind != layout::EdgeKind::Parent {
                continue;
            }
            for between in &layout.rows[row + 1..e.to_row] {
                assert_ne!(
                    between.lane,
                    e.via_lane,
                    "{} sits on the lane of the edge {} -> {}",
                    g.id(between.node),
                    g.id(r.node),
                    g.id(layout.rows[e.to_row].node)
                );
            }
        }
    }
}

#[test]
fn layout_puts_branches_in_lanes() {
    let g = sample();
    let layout = g.layout();
    let order: Vec<&str> = layout.rows.iter().map(|r| g.id(r.node)).collect();
    // History order: y needs c, so the walk reaches y (and x) before c.
    assert_eq!(order, ["g", "m", "e", "y", "x", "c", "f", "d", "b", "a"]);
    let lanes: Vec<usize> = layout.rows.iter().map(|r| r.lane).collect();
    // m's second parent (f) holds lane 1 until d joins b's lane; y and x take lane 2.
    assert_eq!(lanes, [0, 0, 0, 2, 2, 0, 1, 1, 0, 0]);
    assert_eq!(layout.width, 3);
    let m = &layout.rows[1];
    assert_eq!(m.edges.len(), 2);
    assert_eq!((m.edges[1].to_row, m.edges[1].via_lane), (6, 1));
    let d = &layout.rows[7];
    assert_eq!((d.edges[0].to_row, d.edges[0].via_lane), (8, 0));
    let y = &layout.rows[3];
    assert!(y
        .edges
        .iter()
        .any(|e| e.kind == layout::EdgeKind::DependsOn && e.to_row == 5));
    assert_drawable(&g, &layout);
}

#[test]
fn layout_of_a_wide_generated_graph_is_drawable() {
    // Ten branches off one trunk, merged back in pairs, plus a second root: deterministic.
    let mut headers = vec![header("r0", &[], &[], &[])];
    let mut tips = Vec::new();
    for i in 1..40 {
        let id = format!("r{i}");
        let parent = format!("r{}", i - 1);
        headers.push(header(&id, &[&parent], &[], &[]));
        if i % 4 == 0 {
            let branch = format!("b{i}");
            headers.push(header(&branch, &[&parent], &[], &[]));
            tips.push(branch);
        }
    }
    for pair in tips.chunks(2) {
        let refs: Vec<&str> = pair.iter().map(String::as_str).collect();
        headers.push(header(&format!("m{}", pair[0]), &refs, &[], &[]));
    }
    headers.push(header("z0", &[], &[], &["r5"]));
    let g = Graph::new(headers).unwrap();
    let layout = g.layout();
    assert_eq!(layout.rows.len(), g.len());
    assert!(layout.width <= 12, "width {}", layout.width);
    assert_drawable(&g, &layout);
}

/// Issue 10, item 16: malformed targets are usage errors naming the user's whole argument;
/// `label@REV` names the label; reversed history ranges are refused.
#[test]
fn malformed_targets_and_reversed_ranges() {
    let g = sample();
    for text in [
        "+-1",
        "-+2",
        "-0",
        "+0",
        "feature@+0",
        "heads-1",
        "head+",
        "",
    ] {
        match Target::parse(text) {
            Err(Error::TargetSyntax { argument, .. }) => assert_eq!(argument, text.trim()),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // `+-1` used to be reported as `"+"`.
    let err = run(&g, Direction::Upgrade, "+-1", "").unwrap_err();
    assert!(err.to_string().starts_with("\"+-1\""), "{err}");
    // `-0` used to be read as a step up on a downgrade.
    let err = run(&g, Direction::Downgrade, "-0", "a b c").unwrap_err();
    assert!(err.to_string().contains("a step of 0"), "{err}");
    // `label@nonsense` names the label (and the argument); a revision off the branch is refused.
    let err = run(&g, Direction::Upgrade, "feature@nonsense", "").unwrap_err();
    assert!(
        err.to_string().contains("\"feature@nonsense\"")
            && err.to_string().contains("on branch \"feature\""),
        "{err}"
    );
    let err = run(&g, Direction::Upgrade, "feature@c", "").unwrap_err();
    assert!(err.to_string().contains("c is not on branch"), "{err}");
    assert_eq!(
        run(&g, Direction::Upgrade, "feature@f", "").unwrap(),
        "a b d f"
    );
    let err = run(&g, Direction::Upgrade, "nope@f", "").unwrap_err();
    assert_eq!(err.code(), "target_unknown_label");
    // Reversed ranges, including the ones that used to print one line.
    let none = vec![false; g.len()];
    for text in ["g:c", "c:base", "g:base", "heads:c"] {
        let err = g
            .history(Some(&Range::parse(text).unwrap()), &none)
            .unwrap_err();
        assert!(err.to_string().contains("reversed"), "{text}: {err}");
    }
    assert!(matches!(
        Range::parse("a:b:c"),
        Err(Error::TargetSyntax { .. })
    ));
}

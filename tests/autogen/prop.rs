//! Property test of autogenerate: random small schema pairs (a few tables; columns of a few
//! types with random nullability and defaults; uniques, indexes and foreign keys) round-trip on
//! SQLite and PostgreSQL exactly as in `autogen_roundtrip.rs`. Hand-rolled on `rand` with fixed
//! seeds, so every case is reproducible: `RETORT_PROP_SEED=n` runs one seed, and a failure
//! prints both schemas. `RETORT_PROP_CASES` sets the number of cases per dialect (default 20).

use crate::harness::{round_trip, Pair};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use retort::Dialect;

const TYPES: [&str; 4] = ["INTEGER", "VARCHAR(20)", "VARCHAR(80)", "BIGINT"];

/// A table of the generated schema: name, columns (name, type, not null, default), whether
/// some columns are unique or indexed, and foreign keys to earlier tables.
#[derive(Clone, Debug)]
struct Gen {
    name: String,
    columns: Vec<(String, usize, bool, Option<String>)>,
    unique: Option<usize>,
    index: Option<Vec<usize>>,
    fk: Option<(usize, &'static str)>,
}

fn default_for(rng: &mut StdRng, ty: usize) -> Option<String> {
    if !rng.gen_bool(0.3) {
        return None;
    }
    Some(match ty {
        0 | 3 => rng.gen_range(0..100).to_string(),
        _ => format!("'d{}'", rng.gen_range(0..10)),
    })
}

fn schema(rng: &mut StdRng) -> Vec<Gen> {
    let count = rng.gen_range(1..=3);
    (0..count)
        .map(|t| {
            let columns = (0..rng.gen_range(1..=4))
                .map(|c| {
                    let ty = rng.gen_range(0..TYPES.len());
                    (format!("c{c}"), ty, rng.gen_bool(0.3), default_for(rng, ty))
                })
                .collect::<Vec<_>>();
            let n = columns.len();
            Gen {
                name: format!("t{t}"),
                unique: rng.gen_bool(0.3).then(|| rng.gen_range(0..n)),
                index: rng
                    .gen_bool(0.4)
                    .then(|| (0..rng.gen_range(1..=n.min(2))).map(|i| i % n).collect()),
                fk: (t > 0 && rng.gen_bool(0.5)).then(|| {
                    let action =
                        ["CASCADE", "SET NULL", "RESTRICT", "NO ACTION"][rng.gen_range(0..4)];
                    (rng.gen_range(0..t), action)
                }),
                columns,
            }
        })
        .collect()
}

/// B from A: each table kept, changed or dropped; maybe one table added.
fn mutate(rng: &mut StdRng, a: &[Gen]) -> Vec<Gen> {
    let mut b: Vec<Gen> = Vec::new();
    for t in a {
        let mut t = t.clone();
        match rng.gen_range(0..6) {
            // Not a NOT NULL column without a default: its downgrade (ADD COLUMN … NOT NULL)
            // cannot succeed on a table with rows, by design.
            0 if t.columns.len() > 1 && t.columns.last().is_some_and(|c| !c.2 || c.3.is_some()) => {
                t.columns.pop();
            }
            1 => {
                let ty = rng.gen_range(0..TYPES.len());
                let name = format!("c{}", t.columns.len() + 10);
                t.columns.push((name, ty, false, default_for(rng, ty)));
            }
            2 => {
                let c = rng.gen_range(0..t.columns.len());
                t.columns[c].1 = rng.gen_range(0..TYPES.len());
                t.columns[c].3 = None;
            }
            3 => {
                let c = rng.gen_range(0..t.columns.len());
                t.columns[c].2 = !t.columns[c].2;
                let ty = t.columns[c].1;
                t.columns[c].3 = default_for(rng, ty);
            }
            4 => {
                t.unique = (t.unique.is_none()).then(|| rng.gen_range(0..t.columns.len()));
                t.index = None;
            }
            _ => t.fk = None,
        }
        let n = t.columns.len();
        t.unique = t.unique.filter(|&u| u < n);
        t.index = t.index.filter(|i| i.iter().all(|&c| c < n));
        b.push(t);
    }
    if rng.gen_bool(0.3) && b.len() > 1 {
        // Drop the last table (nothing earlier references a later one).
        b.pop();
    }
    if rng.gen_bool(0.4) {
        let extra = schema(rng).remove(0);
        b.push(Gen {
            name: format!("t{}", a.len() + 5),
            fk: None,
            ..extra
        });
    }
    // Foreign keys may only point at tables that still exist.
    let names: Vec<String> = b.iter().map(|t| t.name.clone()).collect();
    for t in &mut b {
        t.fk = t.fk.filter(|(to, _)| names.contains(&format!("t{to}")));
    }
    b
}

fn sql(tables: &[Gen]) -> String {
    let mut out = String::new();
    for t in tables {
        let mut parts = vec!["id INTEGER PRIMARY KEY".to_string()];
        // The reference column comes first so that columns B adds stay at the end, where
        // ADD COLUMN puts them.
        if t.fk.is_some() {
            parts.push("ref_id INTEGER".to_string());
        }
        for (name, ty, not_null, default) in &t.columns {
            let mut c = format!("{name} {}", TYPES[*ty]);
            if let Some(d) = default {
                c.push_str(&format!(" DEFAULT {d}"));
            }
            if *not_null {
                c.push_str(" NOT NULL");
            }
            parts.push(c);
        }
        if let Some((to, action)) = t.fk {
            parts.push(format!(
                "CONSTRAINT fk_{0}_ref FOREIGN KEY (ref_id) REFERENCES t{to} (id) ON DELETE {action}",
                t.name
            ));
        }
        if let Some(u) = t.unique {
            parts.push(format!(
                "CONSTRAINT uq_{}_{u} UNIQUE ({})",
                t.name, t.columns[u].0
            ));
        }
        out.push_str(&format!(
            "CREATE TABLE {} (\n    {}\n);\n",
            t.name,
            parts.join(",\n    ")
        ));
        if let Some(cols) = &t.index {
            let mut names: Vec<&str> = cols.iter().map(|&c| t.columns[c].0.as_str()).collect();
            names.dedup();
            out.push_str(&format!(
                "CREATE INDEX ix_{} ON {} ({});\n",
                t.name,
                t.name,
                names.join(", ")
            ));
        }
    }
    out
}

fn case(seed: u64) -> Pair {
    let mut rng = StdRng::seed_from_u64(seed);
    let a = schema(&mut rng);
    let b = mutate(&mut rng, &a);
    // One row per table of A with every column set: '1' fits every type and no NOT NULL that
    // B adds fails on it (a NULL there would be the user's backfill to write).
    let seed_rows: Vec<String> = a
        .iter()
        .map(|t| {
            let names: Vec<&str> = t.columns.iter().map(|c| c.0.as_str()).collect();
            let values = vec!["'1'"; names.len()];
            format!(
                "INSERT INTO {} (id, {}) VALUES (1, {})",
                t.name,
                names.join(", "),
                values.join(", ")
            )
        })
        .collect();
    let seed_refs: Vec<&str> = seed_rows.iter().map(String::as_str).collect();
    Pair::new(&format!("seed {seed}"), &sql(&a), &sql(&b)).seed(&seed_refs)
}

fn seeds() -> Vec<u64> {
    if let Some(seed) = std::env::var("RETORT_PROP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return vec![seed];
    }
    let cases = std::env::var("RETORT_PROP_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    (1..=cases).collect()
}

fn run(dialect: Dialect) {
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    for seed in seeds() {
        let pair = case(seed);
        if pair.a == pair.b {
            continue;
        }
        match round_trip(dialect, &pair) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => failures.push(format!("RETORT_PROP_SEED={seed}\n{e}")),
        }
    }
    eprintln!(
        "{dialect}: {} seeds in {:?}",
        seeds().len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failing seeds:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn random_pairs_round_trip_on_sqlite() {
    run(Dialect::Sqlite);
}

#[test]
fn random_pairs_round_trip_on_postgres() {
    run(Dialect::Postgresql);
}

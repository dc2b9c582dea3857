import { describe, expect, it } from "vitest";
import type { Edge } from "../backend/bindings/Edge";
import type { Layout } from "../backend/bindings/Layout";
import { EdgeIndex } from "../graph/edge-index";

// 200 rows in a chain (row r's parent on row r + 1, so row 199 is the base), plus two long
// edges: a dependency from row 10 to row 150 (crossing three buckets of 64 rows) and a branch
// from row 60 to row 70 (crossing the first bucket boundary).
const ROWS = 200;
function chainLayout(): Layout {
  const rows = Array.from({ length: ROWS }, (_, r) => {
    const edges: Edge[] = [];
    if (r + 1 < ROWS) edges.push({ kind: "parent", to_row: r + 1, to_lane: (r + 1) % 3, via_lane: r % 3 });
    if (r === 10) edges.push({ kind: "depends_on", to_row: 150, to_lane: 0, via_lane: 0 });
    if (r === 60) edges.push({ kind: "parent", to_row: 70, to_lane: 1, via_lane: 1 });
    return { node: r, lane: r % 3, edges };
  });
  return { rows, width: 3 };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}:0`);

describe("EdgeIndex.crossing", () => {
  const layout = chainLayout();
  const index = new EdgeIndex(layout);

  it.each<[number, number, string[]]>([
    [0, 0, ["0:0"]],
    [0, 2, ["0:0", "1:0", "2:0"]],
    [100, 101, ["10:1", "99:0", "100:0", "101:0"]],
    [65, 65, ["10:1", "60:1", "64:0", "65:0"]],
    // An edge from the last row of one bucket to the first of the next is found from either side.
    [63, 63, ["10:1", "60:1", "62:0", "63:0"]],
    [64, 64, ["10:1", "60:1", "63:0", "64:0"]],
    [60, 70, ["10:1", ...range(59, 60), "60:1", ...range(61, 70)]],
    // Ends exactly at the dependency's lower row, then just past it.
    [150, 150, ["10:1", "149:0", "150:0"]],
    [151, 151, ["150:0", "151:0"]],
    // The base row has no edges of its own; only its child's edge reaches it.
    [199, 199, ["198:0"]],
    [500, 600, []],
  ])("rows %i..%i", (first, last, keys) => {
    expect(index.crossing(first, last).map((p) => p.key)).toEqual(keys);
  });

  it("places each edge at its row and lane, with the layout's own edge", () => {
    const found = index.crossing(10, 10).find((p) => p.key === "10:1");
    expect(found).toEqual({ row: 10, lane: 1, edge: layout.rows[10]!.edges[1], key: "10:1" });
    expect(found!.edge).toBe(layout.rows[10]!.edges[1]);
  });

  it("finds the same edges, once each and in row order, as checking every row", () => {
    const all = layout.rows.flatMap((row, r) => row.edges.map((edge, k) => ({ r, key: `${r}:${k}`, to_row: edge.to_row })));
    for (let first = 0; first < ROWS; first += 7) {
      for (const width of [0, 1, 63, 64, 65, 130]) {
        const last = first + width;
        const expected = all.filter((e) => e.r <= last && e.to_row >= first).map((e) => e.key);
        expect(index.crossing(first, last).map((p) => p.key), `rows ${first}..${last}`).toEqual(expected);
      }
    }
  });

  it("finds nothing in an empty graph", () => {
    expect(new EdgeIndex({ rows: [], width: 0 }).crossing(0, 100)).toEqual([]);
  });
});

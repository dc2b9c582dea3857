import { describe, expect, it } from "vitest";
import type { Row } from "../backend/bindings/Row";
import { matchingRows } from "../graph/search";
import { project, revision } from "./fixtures";

// Newest first, as the graph shows it: row 0 is revision 3 (the head), row 3 the base; a sixth
// row points at no revision (as a stale layout could) and never matches.
const revisions = [
  revision("1a2b3c4d5e6f", { message: "create users", labels: ["main"] }),
  revision("7f8e9d0c1b2a", { parents: ["1a2b3c4d5e6f"], message: "Add email to Users", labels: ["main"] }),
  revision("ab12cd34ef56", {
    parents: ["7f8e9d0c1b2a"],
    message: "invoices table",
    branch_labels: ["billing"],
    labels: ["billing"],
  }),
  revision("ffee00112233", { parents: ["7f8e9d0c1b2a"], message: "Add orders", labels: ["main"], is_head: true }),
];
const rows: Row[] = [3, 2, 1, 0, 9].map((node) => ({ node, lane: 0, edges: [] }));
const graph = project(revisions, undefined, rows);

describe("matchingRows", () => {
  it.each<[string, number[]]>([
    ["", []],
    ["   ", []],
    // id: prefix, part, any case, surrounding spaces ignored
    ["1a2b", [3]],
    ["  1A2B  ", [3]],
    ["d34e", [1]],
    ["12", [0, 1]],
    // message
    ["users", [2, 3]],
    ["ADD", [0, 2]],
    ["email to", [2]],
    ["to email", []],
    // branch labels (declared) and labels (inherited)
    ["billing", [1]],
    ["main", [0, 2, 3]],
    ["zzz", []],
  ])("%j matches rows %j", (query, expected) => {
    expect(matchingRows(graph, query)).toEqual(expected);
  });

  it.each<[string, Parameters<typeof revision>[1]]>([
    ["message", { message: "needle here" }],
    ["labels", { labels: ["the-needle"] }],
    ["branch_labels", { branch_labels: ["needle"] }],
  ])("matches on %s alone", (_field, overrides) => {
    const one = project([revision("000000000000", { message: "", ...overrides })]);
    expect(matchingRows(one, "NEEDLE")).toEqual([0]);
    expect(matchingRows(one, "haystack")).toEqual([]);
  });

  it("returns layout rows, not revision indexes", () => {
    const reversed = project(revisions, [3, 2, 1, 0]);
    expect(matchingRows(reversed, "create users")).toEqual([3]);
    expect(matchingRows(project(revisions), "create users")).toEqual([0]);
  });
});

describe("matchingRows by table", () => {
  it("finds the revisions that work on a table, whatever their message says", () => {
    const withTables = [
      revision("aaaa00000001", { message: "first", tables: ["customers", "audit.log"] }),
      revision("aaaa00000002", { parents: ["aaaa00000001"], message: "second", tables: ["orders"] }),
    ];
    const tableRows: Row[] = [1, 0].map((node) => ({ node, lane: 0, edges: [] }));
    const view = project(withTables, undefined, tableRows);
    expect(matchingRows(view, "Customers")).toEqual([1]);
    expect(matchingRows(view, "audit.log")).toEqual([1]);
    expect(matchingRows(view, "order")).toEqual([0]);
    expect(matchingRows(view, "invoices")).toEqual([]);
  });
});

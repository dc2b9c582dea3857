import { describe, expect, it } from "vitest";
import type { CommandError } from "../backend/bindings/CommandError";
import type { Marker } from "../status";
import { cellState, matrixColumn, type CellState } from "../matrix";
import { appliedRow, profile, project, revision, status } from "./fixtures";

describe("cellState", () => {
  const markers = new Map<string, Marker>([
    ["a", "applied"],
    ["b", "current"],
    ["c", "pending"],
    ["d", "dirty"],
    ["e", "unapplied"],
  ]);

  it.each<[string, CellState]>([
    ["a", "applied"],
    ["b", "current"],
    ["c", "pending"],
    ["d", "unknown"],
    ["e", "pending"],
    ["not-listed", "pending"],
  ])("%s is %s", (id, state) => {
    expect(cellState(markers, id)).toBe(state);
  });

  it("is unknown for every revision when the database could not be read", () => {
    expect(cellState(null, "a")).toBe("unknown");
    expect(cellState(null, "not-listed")).toBe("unknown");
  });
});

describe("matrixColumn", () => {
  // a ← b ← c (head) on main, and d (head) on a branch from b.
  const graph = project([
    revision("a"),
    revision("b", { parents: ["a"] }),
    revision("c", { parents: ["b"], is_head: true }),
    revision("d", { parents: ["b"], is_head: true, branch_labels: ["hotfix"], labels: ["hotfix"] }),
  ]);
  const staging = profile({ name: "shop-staging", environment: "staging", database: "shop_staging" });

  it("counts the revisions the database lacks, pending or off every head's way", () => {
    const s = status({ applied: [appliedRow("a"), appliedRow("b")], current: ["b"], heads: ["c", "d"], pending: ["c"] });
    const column = matrixColumn(staging, { status: s, error: null, loading: false }, graph);
    expect(column.profile).toBe(staging);
    expect(column.status).toBe(s);
    expect(column.error).toBeNull();
    expect(column.loading).toBe(false);
    expect(Object.fromEntries(column.markers!)).toEqual({ a: "applied", b: "current", c: "pending" });
    expect(column.missing).toBe(2);
    expect(graph.revisions.map((r) => cellState(column.markers, r.id))).toEqual(["applied", "current", "pending", "pending"]);
  });

  it("counts nothing missing on an up-to-date database", () => {
    const s = status({
      applied: ["a", "b", "c", "d"].map((id) => appliedRow(id)),
      current: ["c", "d"],
      heads: ["c", "d"],
    });
    expect(matrixColumn(staging, { status: s, error: null, loading: false }, graph).missing).toBe(0);
  });

  it("does not count a dirty revision as missing", () => {
    const dirty = appliedRow("c", { state: "dirty", direction: "upgrade", statement: 2 });
    const s = status({ applied: [appliedRow("a"), appliedRow("b"), dirty], current: ["c"], dirty, pending: ["d"] });
    const column = matrixColumn(staging, { status: s, error: null, loading: false }, graph);
    expect(cellState(column.markers, "c")).toBe("unknown");
    expect(column.missing).toBe(1);
  });

  it("counts every revision missing on an empty database", () => {
    const s = status({ initialized: false, heads: ["c", "d"], pending: ["a", "b", "c", "d"] });
    expect(matrixColumn(staging, { status: s, error: null, loading: false }, graph).missing).toBe(4);
  });

  it("has no markers or count while loading", () => {
    const column = matrixColumn(staging, { status: null, error: null, loading: true }, graph);
    expect(column).toEqual({ profile: staging, status: null, error: null, loading: true, markers: null, missing: null });
  });

  it("ignores a stale status once reading failed", () => {
    const s = status({ applied: [appliedRow("a")], current: ["a"] });
    const error: CommandError = { code: "connect_unreachable", message: "connection refused" };
    const column = matrixColumn(staging, { status: s, error, loading: false }, graph);
    expect(column.markers).toBeNull();
    expect(column.missing).toBeNull();
    expect(column.error).toBe(error);
    expect(column.status).toBe(s);
    expect(graph.revisions.map((r) => cellState(column.markers, r.id))).toEqual(["unknown", "unknown", "unknown", "unknown"]);
  });
});

import { describe, expect, it } from "vitest";
import type { Edge } from "../backend/bindings/Edge";
import { LANE_PAD, LANE_WIDTH, ROW_HEIGHT, edgePath, laneColumnWidth, laneX, rowY } from "../graph/geometry";

describe("geometry constants", () => {
  it("are the sizes the drawing is laid out with", () => {
    expect([ROW_HEIGHT, LANE_WIDTH, LANE_PAD]).toEqual([28, 16, 10]);
  });
});

describe("laneX", () => {
  it.each([
    [0, 10],
    [1, 26],
    [2, 42],
    [5, 90],
  ])("lane %i is centred at x=%i", (lane, x) => {
    expect(laneX(lane)).toBe(x);
  });
});

describe("rowY", () => {
  it.each([
    // row, firstRow, y
    [0, 0, 14],
    [1, 0, 42],
    [5, 0, 154],
    [5, 5, 14],
    [105, 100, 154],
    // A row above the drawn window (an edge coming in from above) has a negative y.
    [3, 5, -42],
  ])("row %i from first row %i is centred at y=%i", (row, firstRow, y) => {
    expect(rowY(row, firstRow)).toBe(y);
  });
});

describe("laneColumnWidth", () => {
  it.each([
    [0, 20],
    [1, 20],
    [2, 36],
    [4, 68],
  ])("%i lanes take %i px", (lanes, width) => {
    expect(laneColumnWidth(lanes)).toBe(width);
  });
});

describe("edgePath", () => {
  const parent = (to_row: number, to_lane: number, via_lane: number): Edge => ({ kind: "parent", to_row, to_lane, via_lane });
  const dependency = (to_row: number, to_lane: number, via_lane: number): Edge => ({ kind: "depends_on", to_row, to_lane, via_lane });

  it.each<[string, number, number, Edge, number, string]>([
    ["a dependency goes straight, ignoring via_lane", 0, 0, dependency(3, 2, 1), 0, "M10 14 L42 98"],
    ["a parent in the same lane, next row", 0, 0, parent(1, 0, 0), 0, "M10 14 L10 42"],
    ["a parent in the same lane, rows below", 2, 1, parent(7, 1, 1), 2, "M26 14 L26 154"],
    ["a parent branching out to its own lane", 0, 0, parent(4, 1, 1), 0, "M10 14 C10 28 26 28 26 42 L26 126"],
    ["a parent two rows down in another lane", 0, 0, parent(2, 1, 1), 0, "M10 14 C10 28 26 28 26 42 L26 70"],
    ["a child merging into its parent's lane", 0, 1, parent(4, 0, 1), 0, "M26 14 L26 98 C26 112 10 112 10 126"],
    ["a child merging on the next row", 0, 1, parent(1, 0, 1), 0, "M26 14 C26 28 10 28 10 42"],
    [
      "a parent routed through a third lane",
      0,
      0,
      parent(5, 1, 2),
      0,
      "M10 14 C10 28 42 28 42 42 L42 126 C42 140 26 140 26 154",
    ],
    ["y counts from the first drawn row", 10, 0, parent(14, 1, 1), 10, "M10 14 C10 28 26 28 26 42 L26 126"],
    ["an edge leaving a row above the window", 3, 0, parent(6, 0, 0), 5, "M10 -42 L10 42"],
  ])("%s", (_name, row, lane, edge, firstRow, path) => {
    expect(edgePath(row, lane, edge, firstRow)).toBe(path);
  });

  it("is the same edge, shifted, whatever the first row", () => {
    const edge = parent(40, 2, 3);
    const at0 = edgePath(30, 0, edge, 0);
    const at30 = edgePath(30, 0, edge, 30);
    const shift = 30 * ROW_HEIGHT;
    const ys = (d: string) => d.match(/-?\d+(\.\d+)?/g)!.map(Number).filter((_, i) => i % 2 === 1);
    expect(ys(at0)).toEqual(ys(at30).map((y) => y + shift));
  });
});

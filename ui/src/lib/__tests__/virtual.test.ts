import { describe, expect, it } from "vitest";
import { ROW_HEIGHT } from "../graph/geometry";
import { OVERSCAN, keyTarget, rowWindow, scrollToShow } from "../graph/virtual";

describe("rowWindow", () => {
  it("covers the visible rows plus the overscan, within the list", () => {
    expect(rowWindow(0, 10 * ROW_HEIGHT, 10_000)).toEqual({ first: 0, last: 10 + OVERSCAN });
    expect(rowWindow(100 * ROW_HEIGHT, 10 * ROW_HEIGHT, 10_000)).toEqual({ first: 100 - OVERSCAN, last: 110 + OVERSCAN });
    expect(rowWindow(0, 10 * ROW_HEIGHT, 3)).toEqual({ first: 0, last: 2 });
    expect(rowWindow(0, 600, 0)).toEqual({ first: 0, last: -1 });
  });
});

describe("scrollToShow", () => {
  const view = 10 * ROW_HEIGHT;
  it("scrolls only when the row is out of view, to its nearest edge", () => {
    expect(scrollToShow(0, view, 5)).toBeNull();
    expect(scrollToShow(0, view, 10)).toBe(11 * ROW_HEIGHT - view);
    expect(scrollToShow(50 * ROW_HEIGHT, view, 20)).toBe(20 * ROW_HEIGHT);
  });
});

describe("keyTarget", () => {
  const view = 10 * ROW_HEIGHT; // a page is 9 rows
  it.each<[string, number, number | undefined]>([
    ["ArrowDown", -1, 0],
    ["ArrowDown", 99, 99],
    ["ArrowUp", -1, 0],
    ["ArrowUp", 5, 4],
    ["PageDown", 0, 9],
    ["PageUp", 3, 0],
    ["Home", 50, 0],
    ["End", 0, 99],
    ["Enter", 5, undefined],
  ])("%s from %d goes to %s", (key, at, expected) => {
    expect(keyTarget(key, at, 100, view)).toBe(expected);
  });
  it("does nothing in an empty list", () => {
    expect(keyTarget("ArrowDown", -1, 0, view)).toBeUndefined();
  });
});

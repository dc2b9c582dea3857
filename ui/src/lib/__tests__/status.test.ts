import { describe, expect, it } from "vitest";
import type { CommandError } from "../backend/bindings/CommandError";
import type { ErrorCode } from "../backend/bindings/ErrorCode";
import type { Status } from "../backend/bindings/Status";
import { badgeFor, markerLabel, markersFor, type Badge, type Marker } from "../status";
import { appliedRow, status } from "./fixtures";

// Any string, as a shell newer than this UI could send one outside the generated list.
const error = (code: string, message = `${code} happened`): CommandError => ({ code: code as ErrorCode, message });

describe("badgeFor", () => {
  it.each<[string, Status | null, CommandError | null, Badge]>([
    ["no status yet", null, null, { kind: "loading", label: "…", title: "Reading the database" }],
    [
      "a connection error",
      null,
      error("connect_unreachable", "connection refused (db.internal:5432)"),
      { kind: "unreachable", label: "unreachable", title: "connection refused (db.internal:5432)" },
    ],
    [
      "a connection error wins over a stale status",
      status({ pending: ["a"] }),
      error("connect_authentication", "password authentication failed"),
      { kind: "unreachable", label: "unreachable", title: "password authentication failed" },
    ],
    [
      "any other error",
      status(),
      error("database_error", "permission denied for table retort_revisions"),
      { kind: "error", label: "error", title: "permission denied for table retort_revisions" },
    ],
    ["`connect` without the underscore is not a connection error", null, error("connection"), { kind: "error", label: "error", title: "connection happened" }],
    [
      "a dirty revision, before drift and pending",
      status({
        dirty: appliedRow("7f8e9d0c1b2a", { state: "dirty", direction: "upgrade", statement: 3 }),
        drift: ["1a2b3c4d5e6f"],
        pending: ["ab12cd34ef56"],
      }),
      null,
      { kind: "dirty", label: "dirty", title: "7f8e9d0c1b2a was left dirty" },
    ],
    [
      "a revision left running",
      status({ dirty: appliedRow("7f8e9d0c1b2a", { state: "running", direction: "downgrade", statement: 1 }) }),
      null,
      { kind: "dirty", label: "dirty", title: "7f8e9d0c1b2a was left running" },
    ],
    [
      "a live run: in progress, not dirty, before drift and pending",
      status({
        running: appliedRow("7f8e9d0c1b2a", { state: "running", direction: "upgrade", statement: 3, applied_by: "ana@ci" }),
        drift: ["1a2b3c4d5e6f"],
        pending: ["ab12cd34ef56"],
      }),
      null,
      { kind: "running", label: "in progress", title: "upgrade of 7f8e9d0c1b2a in progress (ana@ci, at statement 3)" },
    ],
    [
      "drift, before pending",
      status({ drift: ["1a2b3c4d5e6f", "7f8e9d0c1b2a"], pending: ["ab12cd34ef56"] }),
      null,
      { kind: "drift", label: "drift", title: "Edited after applying: 1a2b3c4d5e6f, 7f8e9d0c1b2a" },
    ],
    [
      "one pending",
      status({ pending: ["ab12cd34ef56"] }),
      null,
      { kind: "pending", label: "1 pending", title: "ab12cd34ef56" },
    ],
    [
      "several pending, on a database not yet initialized",
      status({ initialized: false, pending: ["1a2b3c4d5e6f", "7f8e9d0c1b2a", "ab12cd34ef56"] }),
      null,
      { kind: "pending", label: "3 pending", title: "1a2b3c4d5e6f, 7f8e9d0c1b2a, ab12cd34ef56" },
    ],
    ["up to date", status({ current: ["ab12cd34ef56"], heads: ["ab12cd34ef56"] }), null, { kind: "ok", label: "up to date", title: "At every head" }],
    ["an empty project on a new database", status({ initialized: false }), null, { kind: "ok", label: "up to date", title: "Empty project" }],
  ])("%s", (_name, s, e, badge) => {
    expect(badgeFor(s, e)).toEqual(badge);
  });
});

describe("markersFor", () => {
  const markers = (s: Status) => Object.fromEntries(markersFor(s));

  it.each<[string, Status, Record<string, Marker>]>([
    ["an empty database", status({ initialized: false }), {}],
    [
      "applied, current and pending",
      status({
        applied: [appliedRow("a"), appliedRow("b")],
        current: ["b"],
        heads: ["d"],
        pending: ["c", "d"],
      }),
      { a: "applied", b: "current", c: "pending", d: "pending" },
    ],
    [
      "two current heads",
      status({ applied: [appliedRow("a"), appliedRow("b"), appliedRow("c")], current: ["b", "c"] }),
      { a: "applied", b: "current", c: "current" },
    ],
    [
      "a dirty row stays dirty even when current",
      status({
        applied: [appliedRow("a"), appliedRow("b", { state: "dirty", direction: "upgrade", statement: 2 })],
        current: ["b"],
        dirty: appliedRow("b", { state: "dirty", direction: "upgrade", statement: 2 }),
      }),
      { a: "applied", b: "dirty" },
    ],
    [
      "a running row is dirty",
      status({ applied: [appliedRow("a", { state: "running", direction: "upgrade", statement: 1 })], current: [] }),
      { a: "dirty" },
    ],
    [
      "the revision a live run is applying is in progress",
      status({
        applied: [appliedRow("a"), appliedRow("b", { state: "running", direction: "upgrade", statement: 1 })],
        current: ["a"],
        running: appliedRow("b", { state: "running", direction: "upgrade", statement: 1 }),
      }),
      { a: "current", b: "running" },
    ],
    [
      "the status's dirty revision, even when not in `applied`",
      status({ applied: [appliedRow("a")], current: ["a"], dirty: appliedRow("x", { state: "dirty" }) }),
      { a: "current", x: "dirty" },
    ],
    [
      "a current revision the applied rows do not list",
      status({ current: ["a"] }),
      { a: "current" },
    ],
  ])("%s", (_name, s, expected) => {
    expect(markers(s)).toEqual(expected);
  });

  it("leaves unlisted revisions out (shown as not applied)", () => {
    const map = markersFor(status({ applied: [appliedRow("a")], current: ["a"] }));
    expect(map.has("zz")).toBe(false);
    expect(markerLabel.unapplied).toBe("not applied");
  });
});

describe("markerLabel", () => {
  it("labels every marker", () => {
    expect(markerLabel).toEqual({
      current: "current",
      applied: "applied",
      pending: "pending",
      running: "in progress",
      dirty: "dirty",
      unapplied: "not applied",
    });
  });
});

import { describe, expect, it } from "vitest";
import type { LogRow } from "../backend/bindings/LogRow";
import { failed, matchesLog } from "../activity";
import { logRow } from "./fixtures";

describe("matchesLog", () => {
  const ok = logRow();
  const broken = logRow({
    id: 2,
    action: "upgrade",
    revision: "ab12cd34ef56",
    outcome: "failed",
    statement: 3,
    error: 'relation "invoices" does not exist',
  });
  const resolved = logRow({ id: 3, action: "resolve", revision: null, host: null, user: null, outcome: "rolled-back" });

  it.each<[string, LogRow, string, boolean]>([
    ["an empty query", ok, "", true],
    ["a blank query", resolved, "  \t ", true],
    ["the action", ok, "upgrade", true],
    ["any case", ok, "UpGrade", true],
    ["part of the revision", ok, "7f8e", true],
    ["the outcome", resolved, "rolled-back", true],
    ["the user", ok, "alice", true],
    ["the host", ok, "build-01", true],
    ["the error text", broken, "does not exist", true],
    ["every word, in any field and order", broken, "invoices  UPGRADE failed", true],
    ["one word missing", ok, "upgrade bob", false],
    ["a word not there", ok, "downgrade", false],
    ["words never span two fields", ok, "upgrade7f8e", false],
    ["missing fields are not the text `null`", resolved, "null", false],
    ["the error of another row", ok, "invoices", false],
  ])("%s", (_name, row, query, expected) => {
    expect(matchesLog(row, query)).toBe(expected);
  });
});

describe("failed", () => {
  it.each<[string | null, boolean]>([
    [null, false],
    ["", false],
    ["lock timeout after 15s", true],
  ])("error %j → %s", (error, expected) => {
    expect(failed(logRow({ error }))).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import type { ChangeKind } from "../backend/bindings/ChangeKind";
import type { RenameProposal } from "../backend/bindings/RenameProposal";
import { changeSign, kindLabel, renameArg, renameLabel, type ChangeSign, stepText } from "../autogen";

// Every kind the engine has: a Record, so a kind added to the bindings fails the type check here.
const signs: Record<ChangeKind, ChangeSign> = {
  add_table: "+",
  drop_table: "-",
  rename_table: "~",
  rebuild_table: "~",
  add_column: "+",
  drop_column: "-",
  rename_column: "~",
  alter_column_type: "~",
  alter_column_nullability: "~",
  alter_column_default: "~",
  alter_column_identity: "~",
  alter_column_generated: "~",
  add_index: "+",
  drop_index: "-",
  add_unique: "+",
  drop_unique: "-",
  add_foreign_key: "+",
  drop_foreign_key: "-",
  add_check: "+",
  drop_check: "-",
  alter_primary_key: "~",
  create_view: "+",
  replace_view: "~",
  drop_view: "-",
  create_enum: "+",
  drop_enum: "-",
  add_enum_value: "+",
  drop_enum_value: "-",
  create_sequence: "+",
  drop_sequence: "-",
  alter_sequence: "~",
  alter_comment: "~",
  create_schema: "+",
  drop_schema: "-",
};

describe("changeSign", () => {
  it.each(Object.entries(signs) as [ChangeKind, ChangeSign][])("%s is %s", (kind, sign) => {
    expect(changeSign(kind)).toBe(sign);
  });
});

describe("kindLabel", () => {
  it.each<[ChangeKind, string]>([
    ["add_table", "add table"],
    ["alter_column_type", "alter column type"],
    ["alter_column_nullability", "alter column nullability"],
    ["add_foreign_key", "add foreign key"],
    ["drop_enum_value", "drop enum value"],
  ])("%s → %s", (kind, label) => {
    expect(kindLabel(kind)).toBe(label);
  });
});

// The engine parses these with `Rename::parse` (src/schema/rename.rs): split at the first `=`,
// then the last `.` of the left side separates table from column; it builds the same text with
// `RenameProposal::argument`.
describe("renameArg and renameLabel", () => {
  it.each<[string, RenameProposal, string, string]>([
    ["a column", { table: "users", from: "email", to: "mail" }, "users.email=mail", "users.email → users.mail"],
    ["a column of a schema-qualified table", { table: "billing.invoices", from: "total", to: "amount" }, "billing.invoices.total=amount", "billing.invoices.total → billing.invoices.amount"],
    ["a table (table null)", { table: null, from: "people", to: "persons" }, "people=persons", "people → persons"],
    ["a table (table absent, as serde skips None)", { from: "orders", to: "purchases" }, "orders=purchases", "orders → purchases"],
  ])("%s", (_name, proposal, arg, label) => {
    expect(renameArg(proposal)).toBe(arg);
    expect(renameLabel(proposal)).toBe(label);
  });
});

describe("stepText", () => {
  it("says what each step of autogenerate is doing", () => {
    expect(stepText({ event: "loading", side: "the revisions at heads" })).toBe("Loading the revisions at heads…");
    expect(stepText({ event: "loaded", side: "/p/schema.sql" })).toBe("Loaded /p/schema.sql");
    expect(stepText({ event: "comparing" })).toBe("Comparing the two schemas…");
  });
});

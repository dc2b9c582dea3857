import { describe, expect, it } from "vitest";
import type { Profile } from "../backend/bindings/Profile";
import { databaseName, environmentColour, profileColour } from "../environment";
import { profile, sqliteProfile } from "./fixtures";

describe("profileColour", () => {
  it.each<[string, Partial<Profile>, string]>([
    ["its own colour", { colour: "#e11d48", environment: "dev" }, "#e11d48"],
    ["a named colour", { colour: "rebeccapurple", environment: "prod" }, "rebeccapurple"],
    ["prod's default", { colour: null, environment: "prod" }, "var(--env-prod)"],
    ["staging's default", { colour: undefined, environment: "staging" }, "var(--env-staging)"],
    ["dev's default for an empty colour", { colour: "", environment: "dev" }, "var(--env-dev)"],
    ["the default for a blank colour", { colour: "   ", environment: "staging" }, "var(--env-staging)"],
  ])("%s", (_name, overrides, colour) => {
    expect(profileColour(profile(overrides))).toBe(colour);
  });

  it("has a default for every environment", () => {
    expect(environmentColour).toEqual({ dev: "var(--env-dev)", staging: "var(--env-staging)", prod: "var(--env-prod)" });
  });
});

// The shell's rule (src-tauri/src/target.rs, `Target::database_name`):
//   match (database, sqlite_file) {
//     (Some(name), _) => name,
//     (None, Some(file)) => file.file_name() or "",
//     (None, None) => profile name }
// with Rust's `Path::file_name` (trailing separators and `.` ignored, none for `..` or `/`).
describe("databaseName (as the shell checks the typed confirmation)", () => {
  it.each<[string, Profile, string]>([
    ["a server profile: its database", profile({ name: "shop-prod", database: "shop" }), "shop"],
    ["a database name with odd characters, as is", profile({ database: "Shop-Prod.2025" }), "Shop-Prod.2025"],
    ["a SQLite profile: the file's name", sqliteProfile({ sqliteFile: "/var/lib/shop/data.db" }), "data.db"],
    ["a relative SQLite file", sqliteProfile({ sqliteFile: "db/app.sqlite" }), "app.sqlite"],
    ["a bare SQLite file", sqliteProfile({ sqliteFile: "app.db" }), "app.db"],
    ["a SQLite file under `./`", sqliteProfile({ sqliteFile: "./app.db" }), "app.db"],
    ["a SQLite file through `..`", sqliteProfile({ sqliteFile: "db/../app.db" }), "app.db"],
    ["doubled separators", sqliteProfile({ sqliteFile: "db//app.db" }), "app.db"],
    ["a trailing separator is ignored", sqliteProfile({ sqliteFile: "db/data/" }), "data"],
    ["a trailing `.` is ignored", sqliteProfile({ sqliteFile: "db/data.db/." }), "data.db"],
    ["a Windows path", sqliteProfile({ sqliteFile: "C:\\Users\\alice\\shop\\dev.db" }), "dev.db"],
    ["a path ending in `..` has no file name", sqliteProfile({ sqliteFile: "db/.." }), ""],
    ["the root has no file name", sqliteProfile({ sqliteFile: "/" }), ""],
    ["an empty SQLite file is set, with no file name", sqliteProfile({ name: "local", sqliteFile: "" }), ""],
    ["the database wins over a SQLite file", sqliteProfile({ database: "main", sqliteFile: "/tmp/x.db" }), "main"],
    ["an empty database is still the database", profile({ name: "shop-prod", database: "", sqliteFile: "/tmp/x.db" }), ""],
    ["neither: the profile's name (nulls)", profile({ name: "shop-prod", database: null, sqliteFile: null }), "shop-prod"],
    [
      "neither: the profile's name (absent fields)",
      { name: "bare", project: "/p", dialect: "postgresql", tls: "prefer", environment: "dev", protected: true, hasPassword: false },
      "bare",
    ],
  ])("%s", (_name, p, expected) => {
    expect(databaseName(p)).toBe(expected);
  });
});

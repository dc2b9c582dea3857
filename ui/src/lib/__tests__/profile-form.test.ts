import { describe, expect, it } from "vitest";
import type { Profile } from "../backend/bindings/Profile";
import { defaultPorts, fieldsFrom, inputFrom, problemWith, type ProfileFields } from "../settings/profile-form";
import { profile, sqliteProfile } from "./fixtures";

const blank: ProfileFields = {
  name: "",
  project: "",
  dialect: "sqlite",
  host: "",
  port: "",
  database: "",
  user: "",
  password: "",
  removePassword: false,
  sqliteFile: "",
  tls: "prefer",
  environment: "dev",
  colour: "",
  protected: false,
};

const sqliteFields = (overrides: Partial<ProfileFields> = {}): ProfileFields => ({
  ...blank,
  name: "local",
  project: "/home/alice/src/shop/migrations",
  sqliteFile: "dev.db",
  ...overrides,
});

const serverFields = (overrides: Partial<ProfileFields> = {}): ProfileFields => ({
  ...blank,
  name: "shop-prod",
  project: "/home/alice/src/shop/migrations",
  dialect: "postgresql",
  host: "db.internal",
  port: "5432",
  database: "shop",
  user: "deploy",
  environment: "prod",
  protected: true,
  ...overrides,
});

describe("defaultPorts", () => {
  it("are each server's usual port, and none for SQLite", () => {
    expect(defaultPorts).toEqual({ sqlite: null, postgresql: 5432, mysql: 3306 });
  });
});

describe("fieldsFrom", () => {
  it("starts a new profile blank, as a SQLite dev profile", () => {
    expect(fieldsFrom(null)).toEqual(blank);
  });

  it("fills every field from a server profile but the password", () => {
    const p = profile({ port: 5433, colour: "#e11d48", tls: "disable" });
    expect(fieldsFrom(p)).toEqual({
      name: "shop-prod",
      project: "/home/alice/src/shop/migrations",
      dialect: "postgresql",
      host: "db.internal",
      port: "5433",
      database: "shop",
      user: "deploy",
      password: "",
      removePassword: false,
      sqliteFile: "",
      tls: "disable",
      environment: "prod",
      colour: "#e11d48",
      protected: true,
    });
  });

  it("never prefills a password, even when one is stored or the object carries one", () => {
    const stored = { ...profile({ has_password: true }), password: "s3cret" } as Profile;
    const fields = fieldsFrom(stored);
    expect(fields.password).toBe("");
    expect(fields.removePassword).toBe(false);
    expect(JSON.stringify(fields)).not.toContain("s3cret");
  });

  it.each<[string, Partial<Profile>, string]>([
    ["no port", { port: null }, ""],
    ["an absent port", { port: undefined }, ""],
    ["a MySQL port", { dialect: "mysql", port: 3306 }, "3306"],
  ])("shows %s as %j", (_name, overrides, port) => {
    expect(fieldsFrom(profile(overrides)).port).toBe(port);
  });

  it("reads a SQLite profile with absent server fields as empty", () => {
    const p: Profile = {
      name: "local",
      project: "/p",
      dialect: "sqlite",
      sqlite_file: "dev.db",
      tls: "prefer",
      environment: "dev",
      protected: false,
      has_password: false,
    };
    expect(fieldsFrom(p)).toEqual({ ...blank, name: "local", project: "/p", sqliteFile: "dev.db" });
  });
});

describe("problemWith", () => {
  it.each<[string, ProfileFields, string | null]>([
    ["a complete SQLite profile", sqliteFields(), null],
    ["a SQLite profile ignores server fields", sqliteFields({ host: "", database: "", port: "not a port" }), null],
    ["a complete PostgreSQL profile", serverFields(), null],
    ["a complete MySQL profile", serverFields({ dialect: "mysql", port: "3306" }), null],
    ["no name", sqliteFields({ name: "" }), "A profile needs a name."],
    ["a blank name", serverFields({ name: "   " }), "A profile needs a name."],
    ["the name first", serverFields({ name: "", project: "", host: "" }), "A profile needs a name."],
    ["no project", sqliteFields({ project: " " }), "Choose the project folder."],
    ["no SQLite file", sqliteFields({ sqliteFile: "" }), "Choose the SQLite file."],
    ["no host", serverFields({ host: " " }), "Enter the host."],
    ["the host before the database", serverFields({ host: "", database: "" }), "Enter the host."],
    ["no database", serverFields({ database: "" }), "Enter the database name."],
    ["no user is fine", serverFields({ user: "" }), null],
    ["no port (the default)", serverFields({ port: "" }), null],
    ["a port with spaces", serverFields({ port: " 5433 " }), null],
    ["port 1", serverFields({ port: "1" }), null],
    ["port 65535", serverFields({ port: "65535" }), null],
    ["port 0", serverFields({ port: "0" }), "The port is a number from 1 to 65535."],
    ["port 65536 (past a u16)", serverFields({ port: "65536" }), "The port is a number from 1 to 65535."],
    ["port 99999", serverFields({ port: "99999" }), "The port is a number from 1 to 65535."],
    ["six digits", serverFields({ port: "123456" }), "The port is a number from 1 to 65535."],
    ["letters", serverFields({ port: "pg" }), "The port is a number from 1 to 65535."],
    ["a negative port", serverFields({ port: "-1" }), "The port is a number from 1 to 65535."],
    ["a decimal port", serverFields({ port: "5432.5" }), "The port is a number from 1 to 65535."],
    ["an exponent", serverFields({ port: "1e3" }), "The port is a number from 1 to 65535."],
    ["a host:port", serverFields({ port: "db:5432" }), "The port is a number from 1 to 65535."],
  ])("%s", (_name, fields, problem) => {
    expect(problemWith(fields)).toBe(problem);
  });
});

describe("inputFrom", () => {
  it("makes a new PostgreSQL profile, trimmed, with its password", () => {
    const fields = serverFields({
      name: " shop-prod ",
      project: " /srv/shop ",
      host: " db.internal ",
      port: " 5433 ",
      database: " shop ",
      user: " deploy ",
      password: " s3cret pass ",
      colour: " #e11d48 ",
    });
    expect(inputFrom(fields, null)).toEqual({
      profile: {
        name: "shop-prod",
        project: "/srv/shop",
        dialect: "postgresql",
        host: "db.internal",
        port: 5433,
        database: "shop",
        user: "deploy",
        sqlite_file: null,
        tls: "prefer",
        environment: "prod",
        colour: "#e11d48",
        protected: true,
        has_password: false,
      },
      // The password is sent as typed: spaces can be part of it.
      password: " s3cret pass ",
      previous_name: null,
    });
  });

  it("drops server fields from a SQLite profile, and blanks become null", () => {
    const fields = sqliteFields({ host: "db.internal", port: "5432", database: "shop", user: "deploy", sqliteFile: " dev.db ", colour: "  " });
    expect(inputFrom(fields, null).profile).toEqual({
      name: "local",
      project: "/home/alice/src/shop/migrations",
      dialect: "sqlite",
      host: null,
      port: null,
      database: null,
      user: null,
      sqlite_file: "dev.db",
      tls: "prefer",
      environment: "dev",
      colour: null,
      protected: false,
      has_password: false,
    });
  });

  it("drops the SQLite file from a server profile, and an empty port is null", () => {
    const out = inputFrom(serverFields({ dialect: "mysql", port: "", user: "", sqliteFile: "old.db" }), null).profile;
    expect([out.dialect, out.port, out.user, out.sqlite_file]).toEqual(["mysql", null, null, null]);
  });

  it.each<[string, ProfileFields, string | null]>([
    ["an empty password keeps the stored one", serverFields({ password: "" }), null],
    ["a new password replaces it", serverFields({ password: "n3w" }), "n3w"],
    ["removing sends an empty password", serverFields({ removePassword: true }), ""],
    ["a new password wins over removing", serverFields({ password: "n3w", removePassword: true }), "n3w"],
    ["SQLite never sends a password", sqliteFields({ password: "n3w" }), null],
    ["SQLite may still remove a stored one", sqliteFields({ password: "n3w", removePassword: true }), ""],
  ])("%s", (_name, fields, password) => {
    expect(inputFrom(fields, profile({ has_password: true })).password).toBe(password);
  });

  it("keeps what the form does not show, and names the profile it edits", () => {
    const original = profile({
      name: "shop-old",
      has_password: true,
      alembic_command: "poetry run alembic",
      password_variable: "APP_DB_PASSWORD",
      extra_env: { APP_ENV: "production" },
    });
    const input = inputFrom({ ...fieldsFrom(original), name: "shop-prod" }, original);
    expect(input.previous_name).toBe("shop-old");
    expect(input.password).toBeNull();
    expect(input.profile).toEqual({ ...original, name: "shop-prod" });
  });

  it.each<[string, Profile]>([
    ["a PostgreSQL profile", profile({ port: 5433, colour: "#e11d48" })],
    ["a MySQL profile without port or user", profile({ dialect: "mysql", port: null, user: null, environment: "staging", protected: false })],
    ["a SQLite profile", sqliteProfile()],
  ])("gives back %s unchanged when nothing is edited", (_name, original) => {
    expect(inputFrom(fieldsFrom(original), original)).toEqual({ profile: original, password: null, previous_name: original.name });
  });
});

import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../backend";
import { adviceFor, isConnectError, isVerbatim, type ErrorAdvice } from "../errors";

const err = (code: ErrorCode, message = "the shell's message") => ({ code, message });
/** A code outside the generated list, as a newer shell than this UI could send. */
const unlisted = (code: string) => err(code as ErrorCode);
const FALLBACK: ErrorAdvice = { title: "Error", hint: null };

describe("adviceFor", () => {
  it.each<[ErrorCode, string, string | null]>([
    ["connect_unreachable", "Server unreachable", "Is the database server running, and are host and port right?"],
    ["connect_authentication", "Authentication failed", "Check the user and password in Settings."],
    ["connect_unknown_database", "No such database", "Check the database name in Settings, or create it."],
    ["confirmation_required", "Confirmation required", "This profile is protected: type the database name to apply."],
    ["busy", "Another run is in progress", "Wait for the running upgrade or downgrade to finish, or cancel it."],
    ["run_in_progress", "Another run is in progress", "Wait for the running upgrade or downgrade to finish, or cancel it."],
    [
      "keyring_unavailable",
      "The OS keyring is unavailable",
      "Unlock your keyring (Keychain, Credential Manager or Secret Service) and try again. Retort never stores passwords anywhere else.",
    ],
    [
      "database_dirty",
      "The database is dirty",
      "A revision stopped half-way on a database without transactional DDL. Check the schema by hand, then run `retort resolve REV --applied` (if its changes are in place) or `retort resolve REV --rolled-back` (if they are not).",
    ],
    ["checksum_drift", "An applied revision was edited", "Restore the revision file as it was applied, or write a new revision for the change."],
    ["target_unknown_revision", "Unknown revision", null],
    ["target_unknown_label", "Unknown revision", null],
    ["target_ambiguous", "Ambiguous revision", "Use more characters of the revision id."],
    ["target_multiple_heads", "The project has several heads", "Choose one head (select it in the graph) or upgrade to all heads."],
    ["target_invalid", "Invalid target", null],
    ["lock_timeout", "Another runner holds the lock", "Another upgrade is running on this database; try again when it is done."],
    ["unknown_applied_revision", "The database has revisions this project lacks", "Someone applied a revision from another branch, or a file was deleted."],
    ["statement_failed", "A statement failed", null],
    ["no_profile", "No such profile", "It may have been deleted; reload the profiles."],
    ["profile_exists", "A profile with that name exists", "Choose another name."],
    ["invalid", "Invalid input", null],
    ["no_offline_mode", "No preview for this project", "Its env.py has no offline mode, so alembic cannot print the SQL before running it."],
    ["alembic_failed", "alembic failed", "The end of alembic's output is above, as it printed it."],
    ["alembic_project", "This is an Alembic project", "Alembic projects draft revisions with their own `alembic revision --autogenerate`."],
    [
      "scratch_denied",
      "The server refused to create a scratch database",
      "Autogenerate builds throw-away databases beside this one. Use a development server, or a profile whose user may create databases (CREATEDB).",
    ],
    ["schema_file_failed", "schema.sql does not run", "Fix the statement at the line named above and run autogenerate again."],
    ["interrupted", "Interrupted", "The work stopped before it finished; nothing was saved. Run it again."],
    ["config_invalid", "The project's configuration is invalid", "Check the project's retort.toml (or alembic.ini)."],
  ])("%s", (code, title, hint) => {
    expect(adviceFor(err(code))).toEqual({ title, hint });
  });

  it.each<[ErrorCode, ErrorAdvice]>([
    // Other connection failures share one title.
    ["connect_failed", { title: "Could not connect", hint: null }],
    ["connect_wrong_server", { title: "Could not connect", hint: null }],
    // Codes that have no advice of their own fall back.
    ["app", FALLBACK],
    ["io", FALLBACK],
    ["profile_store", FALLBACK],
    ["graph_cycle", FALLBACK],
    ["ipc", FALLBACK],
  ])("%j falls back to %j", (code, advice) => {
    expect(adviceFor(err(code))).toEqual(advice);
  });

  it.each([
    // Unlisted connection failures share one title.
    ["connect_tls", { title: "Could not connect", hint: null }],
    ["connect_", { title: "Could not connect", hint: null }],
    // Unlisted codes fall back, matched exactly: no case folding, no prefixes but `connect_`.
    ["", FALLBACK],
    ["CONNECT_UNREACHABLE", FALLBACK],
    ["Busy", FALLBACK],
    ["busy_", FALLBACK],
    ["connect", FALLBACK],
  ])("the unlisted %j falls back to %j", (code, advice) => {
    expect(adviceFor(unlisted(code))).toEqual(advice);
  });

  it("is chosen by the code, never the message", () => {
    expect(adviceFor(err("app", "connect_unreachable: busy"))).toEqual(FALLBACK);
    expect(adviceFor(err("busy", "anything at all"))).toEqual(adviceFor(err("busy", "")));
  });
});

describe("isConnectError", () => {
  it.each([
    ["connect_unreachable", true],
    ["connect_authentication", true],
    ["connect_failed", true],
    ["connection", false],
    ["reconnect_failed", false],
    ["statement_failed", false],
  ])("%s → %s", (code, expected) => {
    expect(isConnectError(unlisted(code))).toBe(expected);
  });
});

describe("isVerbatim", () => {
  it.each<[ErrorCode, boolean]>([
    ["alembic_failed", true],
    ["statement_failed", false],
    ["alembic_project", false],
    ["app", false],
  ])("%s → %s", (code, expected) => {
    expect(isVerbatim(err(code))).toBe(expected);
  });
});

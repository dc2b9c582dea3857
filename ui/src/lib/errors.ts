// What to tell the person about a failed command, chosen by its code (never by its text). Codes
// are the generated ErrorCode union (Rust's closed list), so a misspelt case fails to type-check.
import type { CommandError, ErrorCode } from "./backend";

export type ErrorAdvice = { title: string; hint: string | null };

/** The codes of a failed connection, as Rust names them (`connect_…`). */
type ConnectCode = Extract<ErrorCode, `connect_${string}`>;

function isConnectCode(code: ErrorCode): code is ConnectCode {
  return code.startsWith("connect_");
}

export function adviceFor(error: CommandError): ErrorAdvice {
  const code = error.code;
  if (isConnectCode(code)) return connectAdvice(code);
  switch (code) {
    case "confirmation_required":
      return { title: "Confirmation required", hint: "This profile is protected: type the database name to apply." };
    case "busy":
    case "run_in_progress":
      return { title: "Another run is in progress", hint: "Wait for the running upgrade or downgrade to finish, or cancel it." };
    case "keyring_unavailable":
      return {
        title: "The OS keyring is unavailable",
        hint: "Unlock your keyring (Keychain, Credential Manager or Secret Service) and try again. Retort never stores passwords anywhere else.",
      };
    case "database_dirty":
      return {
        title: "The database is dirty",
        hint: "A revision stopped half-way on a database without transactional DDL. Check the schema by hand, then run `retort resolve REV --applied` (if its changes are in place) or `retort resolve REV --rolled-back` (if they are not).",
      };
    case "checksum_drift":
      return { title: "An applied revision was edited", hint: "Restore the revision file as it was applied, or write a new revision for the change." };
    case "target_unknown_revision":
    case "target_unknown_label":
      return { title: "Unknown revision", hint: null };
    case "target_ambiguous":
      return { title: "Ambiguous revision", hint: "Use more characters of the revision id." };
    case "target_multiple_heads":
      return { title: "The project has several heads", hint: "Choose one head (select it in the graph) or upgrade to all heads." };
    case "target_invalid":
      return { title: "Invalid target", hint: null };
    case "lock_timeout":
      return { title: "Another runner holds the lock", hint: "Another upgrade is running on this database; try again when it is done." };
    case "unknown_applied_revision":
      return { title: "The database has revisions this project lacks", hint: "Someone applied a revision from another branch, or a file was deleted." };
    case "statement_failed":
      return { title: "A statement failed", hint: null };
    case "no_profile":
      return { title: "No such profile", hint: "It may have been deleted; reload the profiles." };
    case "profile_exists":
      return { title: "A profile with that name exists", hint: "Choose another name." };
    case "invalid":
      return { title: "Invalid input", hint: null };
    case "no_offline_mode":
      return { title: "No preview for this project", hint: "Its env.py has no offline mode, so alembic cannot print the SQL before running it." };
    case "alembic_failed":
      return { title: "alembic failed", hint: "The end of alembic's output is above, as it printed it." };
    case "alembic_project":
      return {
        title: "This is an Alembic project",
        hint: "Alembic projects draft revisions with their own `alembic revision --autogenerate`.",
      };
    case "scratch_denied":
      return {
        title: "The server refused to create a scratch database",
        hint: "Autogenerate builds throw-away databases beside this one. Use a development server, or a profile whose user may create databases (CREATEDB).",
      };
    case "schema_file_failed":
      return { title: "schema.sql does not run", hint: "Fix the statement at the line named above and run autogenerate again." };
    case "interrupted":
      return { title: "Interrupted", hint: "The work stopped before it finished; nothing was saved. Run it again." };
    case "config_invalid":
      return { title: "The project's configuration is invalid", hint: "Check the project's retort.toml (or alembic.ini)." };
    default:
      return { title: "Error", hint: null };
  }
}

function connectAdvice(code: ConnectCode): ErrorAdvice {
  switch (code) {
    case "connect_unreachable":
      return { title: "Server unreachable", hint: "Is the database server running, and are host and port right?" };
    case "connect_authentication":
      return { title: "Authentication failed", hint: "Check the user and password in Settings." };
    case "connect_unknown_database":
      return { title: "No such database", hint: "Check the database name in Settings, or create it." };
    default:
      return { title: "Could not connect", hint: null };
  }
}

export function isConnectError(error: CommandError): boolean {
  return isConnectCode(error.code);
}

/** Codes whose message is tool output (a traceback tail) best read unwrapped, in monospace. */
export function isVerbatim(error: CommandError): boolean {
  return error.code === "alembic_failed";
}

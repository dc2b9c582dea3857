// What to tell the person about a failed command, chosen by its code (never by its text).
import type { CommandError } from "./backend";

export type ErrorAdvice = { title: string; hint: string | null };

export function adviceFor(error: CommandError): ErrorAdvice {
  const code = error.code;
  if (code.startsWith("connect_")) return connectAdvice(code);
  switch (code) {
    case "confirmation_required":
      return { title: "Confirmation required", hint: "This profile is protected: type the database name to apply." };
    case "busy":
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
    case "unknown_revision":
      return { title: "Unknown revision", hint: null };
    case "ambiguous_revision":
      return { title: "Ambiguous revision", hint: "Use more characters of the revision id." };
    case "multiple_heads":
      return { title: "The project has several heads", hint: "Choose one head (select it in the graph) or upgrade to all heads." };
    case "bad_target":
      return { title: "Invalid target", hint: null };
    case "statement_failed":
      return { title: "A statement failed", hint: null };
    case "no_profile":
      return { title: "No such profile", hint: "It may have been deleted; reload the profiles." };
    case "profile_exists":
      return { title: "A profile with that name exists", hint: "Choose another name." };
    case "invalid":
      return { title: "Invalid input", hint: null };
    case "alembic_in_app":
      return { title: "Not available for Alembic projects yet", hint: "Run `retort upgrade` in a terminal; it runs the project's alembic." };
    default:
      return { title: "Error", hint: null };
  }
}

function connectAdvice(code: string): ErrorAdvice {
  switch (code) {
    case "connect_refused":
      return { title: "Connection refused", hint: "Is the database server running, and are host and port right?" };
    case "connect_unreachable":
      return { title: "Server unreachable", hint: "Check the host name and your network." };
    case "connect_auth":
      return { title: "Authentication failed", hint: "Check the user and password in Settings." };
    default:
      return { title: "Could not connect", hint: null };
  }
}

export function isConnectError(error: CommandError): boolean {
  return error.code.startsWith("connect_");
}

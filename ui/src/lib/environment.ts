// The colour a profile is shown in: its own, or its environment's default.
import type { Environment, Profile } from "./backend";

export const environmentColour: Record<Environment, string> = {
  dev: "var(--env-dev)",
  staging: "var(--env-staging)",
  prod: "var(--env-prod)",
};

export function profileColour(profile: Profile): string {
  return profile.colour && profile.colour.trim() !== "" ? profile.colour : environmentColour[profile.environment];
}

/** The name a protected profile asks the person to type (as the shell's `Target::database_name`):
 *  the database, else the SQLite file's name, else the profile's name. Like the shell, a field
 *  that is set counts even when empty (`Some("")` in Rust), so the two never disagree. */
export function databaseName(profile: Profile): string {
  if (profile.database != null) return profile.database;
  if (profile.sqliteFile != null) return fileName(profile.sqliteFile);
  return profile.name;
}

/** As Rust's `Path::file_name`: the last component, trailing separators and `.` ignored;
 *  "" when there is none (`""`, `/`, `.`) or it is `..`. */
function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== "" && part !== ".");
  const last = parts[parts.length - 1];
  return last === undefined || last === ".." ? "" : last;
}

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
 *  the database, else the SQLite file's name, else the profile's name. */
export function databaseName(profile: Profile): string {
  if (profile.database) return profile.database;
  if (profile.sqliteFile) {
    const parts = profile.sqliteFile.split(/[\\/]/);
    return parts[parts.length - 1] ?? profile.sqliteFile;
  }
  return profile.name;
}

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

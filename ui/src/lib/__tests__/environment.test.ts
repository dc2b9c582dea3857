import { describe, expect, it } from "vitest";
import type { Profile } from "../backend/bindings/Profile";
import { environmentColour, profileColour } from "../environment";
import { profile } from "./fixtures";

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

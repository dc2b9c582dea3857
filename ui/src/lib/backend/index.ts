// The only module that talks to Rust: one typed function per command the shell registers,
// with the types generated from the Rust types by ts-rs (./bindings, never edited by hand).
// Every rejection is turned into a CommandError, so callers switch on `code`, never on text.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { Direction } from "./bindings/Direction";
import type { Profile } from "./bindings/Profile";
import type { Progress } from "./bindings/Progress";
import type { Report } from "./bindings/Report";
import type { Status } from "./bindings/Status";
import type { AppInfo } from "./bindings/AppInfo";
import type { CommandError } from "./bindings/CommandError";
import type { PreviewView } from "./bindings/PreviewView";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { ProjectView } from "./bindings/ProjectView";
import type { RevisionDetails } from "./bindings/RevisionDetails";

export type { AppInfo } from "./bindings/AppInfo";
export type { CommandError } from "./bindings/CommandError";
export type { PreviewView } from "./bindings/PreviewView";
export type { ProfileInput } from "./bindings/ProfileInput";
export type { ProjectKind } from "./bindings/ProjectKind";
export type { ProjectView } from "./bindings/ProjectView";
export type { RevisionDetails } from "./bindings/RevisionDetails";
export type { RevisionSummary } from "./bindings/RevisionSummary";
export type { Dialect } from "./bindings/Dialect";
export type { Direction } from "./bindings/Direction";
export type { Edge } from "./bindings/Edge";
export type { Environment } from "./bindings/Environment";
export type { Header } from "./bindings/Header";
export type { Layout } from "./bindings/Layout";
export type { Plan } from "./bindings/Plan";
export type { Profile } from "./bindings/Profile";
export type { Progress } from "./bindings/Progress";
export type { Report } from "./bindings/Report";
export type { Row } from "./bindings/Row";
export type { Status } from "./bindings/Status";
export type { Step } from "./bindings/Step";
export type { TlsMode } from "./bindings/TlsMode";

/** True for the `{code, message}` shape every rejected command carries. */
export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === "string" &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

/** Any rejection as a CommandError: the shell's own, or a transport failure wrapped as `ipc`. */
export function toCommandError(reason: unknown): CommandError {
  if (isCommandError(reason)) return { code: reason.code, message: reason.message };
  if (reason instanceof Error) return { code: "ipc", message: reason.message };
  return { code: "ipc", message: String(reason) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toCommandError(reason);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call("app_info");
}

export function listProfiles(): Promise<Profile[]> {
  return call("list_profiles");
}

export function saveProfile(input: ProfileInput): Promise<Profile> {
  return call("save_profile", { input });
}

export function deleteProfile(name: string): Promise<void> {
  return call("delete_profile", { name });
}

export function testConnection(name: string): Promise<Status> {
  return call("test_connection", { name });
}

/** `path`: a profile's project folder. */
export function openProject(path: string): Promise<ProjectView> {
  return call("open_project", { path });
}

export function revisionDetails(path: string, id: string): Promise<RevisionDetails> {
  return call("revision_details", { path, id });
}

/** `profile`: the profile's name. */
export function databaseStatus(profile: string): Promise<Status> {
  return call("database_status", { profile });
}

/** `target`: `head`, `heads`, a revision id, `+1`, `-1`, `base`, `label@head`… */
export function preview(profile: string, direction: Direction, target: string): Promise<PreviewView> {
  return call("preview", { profile, direction, target });
}

export type ApplyRequest = {
  profile: string;
  direction: Direction;
  target: string;
  /** The database name typed by the person; required for protected profiles. */
  confirm: string | null;
  onProgress: (event: Progress) => void;
};

export function apply(request: ApplyRequest): Promise<Report> {
  const channel = new Channel<Progress>();
  channel.onmessage = request.onProgress;
  return call("apply", {
    profile: request.profile,
    direction: request.direction,
    target: request.target,
    confirm: request.confirm,
    onProgress: channel,
  });
}

/** Stops the running apply after the revision in progress; false when nothing runs. */
export function cancelApply(): Promise<boolean> {
  return call("cancel_apply");
}

export function pickFolder(title: string): Promise<string | null> {
  return call("pick_folder", { title });
}

export function pickFile(title: string, extensions: string[]): Promise<string | null> {
  return call("pick_file", { title, extensions });
}

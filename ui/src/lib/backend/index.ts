// The only module that talks to Rust: the generated command functions (./bindings/commands.ts,
// written from the one command table in src-tauri/src/contract.rs), each made to reject with a
// CommandError only, plus progress callbacks turned into Tauri channels. Every type comes from
// ./bindings (generated from the Rust types by ts-rs, never edited by hand). Arguments are one
// object named as in Rust, so a misspelt command or argument is a type error.
import { Channel } from "@tauri-apps/api/core";
import * as commands from "./bindings/commands";
import type { AutogenStep } from "./bindings/AutogenStep";
import type { AutogenView } from "./bindings/AutogenView";
import type { CommandError } from "./bindings/CommandError";
import type { Progress } from "./bindings/Progress";
import type { Report } from "./bindings/Report";

export type { AutogenStep };
export type { AppInfo } from "./bindings/AppInfo";
export type { CommandError } from "./bindings/CommandError";
export type { ErrorCode } from "./bindings/ErrorCode";
export type { PreviewView } from "./bindings/PreviewView";
export type { ProfileInput } from "./bindings/ProfileInput";
export type { ProfileView } from "./bindings/ProfileView";
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
export type { AutogenView } from "./bindings/AutogenView";
export type { Change } from "./bindings/Change";
export type { ChangeKind } from "./bindings/ChangeKind";
export type { Diff } from "./bindings/Diff";
export type { LogRow } from "./bindings/LogRow";
export type { NotCompared } from "./bindings/NotCompared";
export type { RenameProposal } from "./bindings/RenameProposal";
export type { SchemaFileView } from "./bindings/SchemaFileView";
export type { WrittenRevision } from "./bindings/WrittenRevision";

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

/** `command`, rejecting with a CommandError and nothing else. */
function guarded<A extends unknown[], R>(command: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await command(...args);
    } catch (reason) {
      throw toCommandError(reason);
    }
  };
}

/** The arguments of a command that streams events, without its channel (made here). */
type WithoutChannel<F extends (args: never) => unknown> = Omit<Parameters<F>[0], "on_progress">;

/** A Tauri channel delivering each message to `listener`. */
function channelTo<T>(listener: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = listener;
  return channel;
}

export const appInfo = guarded(commands.appInfo);

export const listProfiles = guarded(commands.listProfiles);
export const saveProfile = guarded(commands.saveProfile);
export const deleteProfile = guarded(commands.deleteProfile);
export const testConnection = guarded(commands.testConnection);

export const openProject = guarded(commands.openProject);
export const revisionDetails = guarded(commands.revisionDetails);

export const databaseStatus = guarded(commands.databaseStatus);
export const activity = guarded(commands.activity);

export const readSchema = guarded(commands.readSchema);
export const saveSchema = guarded(commands.saveSchema);
export const cancelAutogenerate = guarded(commands.cancelAutogenerate);
export const saveDraft = guarded(commands.saveDraft);
export const alembicAutogenerate = guarded(commands.alembicAutogenerate);
export const saveAlembicDraft = guarded(commands.saveAlembicDraft);
export const discardAlembicDraft = guarded(commands.discardAlembicDraft);

/** `schema.sql` compared with the revisions at the single head; `onStep` hears each step. */
export function autogenerate(
  args: WithoutChannel<typeof commands.autogenerate>,
  onStep: (step: AutogenStep) => void = () => {},
): Promise<AutogenView> {
  return guarded(commands.autogenerate)({ ...args, on_progress: channelTo(onStep) });
}

export const preview = guarded(commands.preview);
export const cancelApply = guarded(commands.cancelApply);

/** Runs an upgrade or downgrade; `onProgress` hears each event as it happens. */
export function apply(
  args: WithoutChannel<typeof commands.apply>,
  onProgress: (event: Progress) => void,
): Promise<Report> {
  return guarded(commands.apply)({ ...args, on_progress: channelTo(onProgress) });
}

export const pickFolder = guarded(commands.pickFolder);
export const pickFile = guarded(commands.pickFile);

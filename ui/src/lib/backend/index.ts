// The only module that talks to Rust: one typed function per command the shell registers,
// with the types generated from the Rust types by ts-rs (./bindings, never edited by hand).
// Every rejection is turned into a CommandError, so callers switch on `code`, never on text.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { AutogenStep } from "./bindings/AutogenStep";
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
import type { AutogenView } from "./bindings/AutogenView";
import type { LogRow } from "./bindings/LogRow";
import type { SchemaFileView } from "./bindings/SchemaFileView";
import type { WrittenRevision } from "./bindings/WrittenRevision";

export type { AutogenStep };
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

/** The project's `schema.sql` (text "" when the file does not exist yet). Retort projects only. */
export function readSchema(profile: string): Promise<SchemaFileView> {
  return call("read_schema", { profile });
}

export function saveSchema(profile: string, text: string): Promise<void> {
  return call("save_schema", { profile, text });
}

/** `schema.sql` compared with the revisions at the single head, on scratch databases beside the
 *  profile's database. `renames`: accepted renames, `table.from=to` (columns) or `from=to` (tables). */
export function autogenerate(
  profile: string,
  renames: string[],
  onStep: (step: AutogenStep) => void = () => {},
): Promise<AutogenView> {
  const channel = new Channel<AutogenStep>();
  channel.onmessage = onStep;
  return call("autogenerate", { profile, renames, onProgress: channel });
}

/** Stops the running autogenerate (its scratch databases are dropped); false when none runs. */
export function cancelAutogenerate(): Promise<boolean> {
  return call("cancel_autogenerate");
}

export type DraftRequest = {
  profile: string;
  message: string;
  revises: string[];
  upgrade: string;
  downgrade: string;
  notes: string[];
};

/** Saves a reviewed (possibly edited) autogenerate draft as a new revision. */
export function saveDraft(request: DraftRequest): Promise<WrittenRevision> {
  return call("save_draft", { ...request });
}

/** Alembic projects: runs `alembic revision --autogenerate -m MESSAGE`; `source` is the module written. */
export function alembicAutogenerate(profile: string, message: string): Promise<WrittenRevision> {
  return call("alembic_autogenerate", { profile, message });
}

/** Alembic projects: writes the edited Python of a draft module back to `path`. */
export function saveAlembicDraft(profile: string, path: string, source: string): Promise<void> {
  return call("save_alembic_draft", { profile, path, source });
}

/** Alembic projects: deletes the draft module at `path`. */
export function discardAlembicDraft(profile: string, path: string): Promise<void> {
  return call("discard_alembic_draft", { profile, path });
}

/** The database's `retort_log`, newest first (always empty for Alembic projects). */
export function activity(profile: string, limit: number): Promise<LogRow[]> {
  return call("activity", { profile, limit });
}

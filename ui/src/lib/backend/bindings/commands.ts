// Generated from the command table in src-tauri/src/contract.rs by `cargo test -p retort-app`;
// do not edit. One function per command the shell registers, taking the command's arguments
// as one object named as in Rust, and resolving to its result (rejecting with a CommandError).
import { invoke, type Channel } from "@tauri-apps/api/core";
import type { AppInfo } from "./AppInfo";
import type { AutogenStep } from "./AutogenStep";
import type { AutogenView } from "./AutogenView";
import type { Direction } from "./Direction";
import type { LogRow } from "./LogRow";
import type { PreviewView } from "./PreviewView";
import type { ProfileInput } from "./ProfileInput";
import type { ProfileView } from "./ProfileView";
import type { Progress } from "./Progress";
import type { ProjectView } from "./ProjectView";
import type { Report } from "./Report";
import type { RevisionDetails } from "./RevisionDetails";
import type { SchemaFileView } from "./SchemaFileView";
import type { Status } from "./Status";
import type { WrittenRevision } from "./WrittenRevision";

/** Facts about the app itself, for the about box and the first-start notice. */
export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}

export function listProfiles(): Promise<Array<ProfileView>> {
  return invoke<Array<ProfileView>>("list_profiles");
}

export function saveProfile(args: { input: ProfileInput }): Promise<ProfileView> {
  return invoke<ProfileView>("save_profile", args);
}

export function deleteProfile(args: { name: string }): Promise<null> {
  return invoke<null>("delete_profile", args);
}

/** Connects with the saved profile `name` and reads where its database is. */
export function testConnection(args: { name: string }): Promise<Status> {
  return invoke<Status>("test_connection", args);
}

/** The project in the folder `path` (a profile's project), its graph laid out for drawing. */
export function openProject(args: { path: string }): Promise<ProjectView> {
  return invoke<ProjectView>("open_project", args);
}

/** One revision of the project in `path`, by id or unique prefix. */
export function revisionDetails(args: { path: string, id: string }): Promise<RevisionDetails> {
  return invoke<RevisionDetails>("revision_details", args);
}

/** Where the database of the profile named `profile` is, read fresh. */
export function databaseStatus(args: { profile: string }): Promise<Status> {
  return invoke<Status>("database_status", args);
}

/** The database's `retort_log`, newest first (always empty for Alembic projects). */
export function activity(args: { profile: string, limit: number }): Promise<Array<LogRow>> {
  return invoke<Array<LogRow>>("activity", args);
}

/** The project's `schema.sql` (text "" when the file does not exist yet). Retort projects only. */
export function readSchema(args: { profile: string }): Promise<SchemaFileView> {
  return invoke<SchemaFileView>("read_schema", args);
}

export function saveSchema(args: { profile: string, text: string }): Promise<null> {
  return invoke<null>("save_schema", args);
}

/**
 * `schema.sql` compared with the revisions at the single head, on scratch databases beside
 * the profile's database. `renames`: accepted renames, `table.from=to` (columns) or
 * `from=to` (tables).
 */
export function autogenerate(args: { profile: string, renames: Array<string>, on_progress: Channel<AutogenStep> }): Promise<AutogenView> {
  return invoke<AutogenView>("autogenerate", args);
}

/** Stops the running autogenerate (its scratch databases are dropped); false when none runs. */
export function cancelAutogenerate(): Promise<boolean> {
  return invoke<boolean>("cancel_autogenerate");
}

/** Saves a reviewed (possibly edited) autogenerate draft as a new revision. */
export function saveDraft(args: { profile: string, message: string, revises: Array<string>, upgrade: string, downgrade: string, notes: Array<string> }): Promise<WrittenRevision> {
  return invoke<WrittenRevision>("save_draft", args);
}

/**
 * Alembic projects: runs `alembic revision --autogenerate -m MESSAGE`; `source` is the
 * module written.
 */
export function alembicAutogenerate(args: { profile: string, message: string }): Promise<WrittenRevision> {
  return invoke<WrittenRevision>("alembic_autogenerate", args);
}

/** Alembic projects: writes the edited Python of a draft module back to `path`. */
export function saveAlembicDraft(args: { profile: string, path: string, source: string }): Promise<null> {
  return invoke<null>("save_alembic_draft", args);
}

/** Alembic projects: deletes the draft module at `path`. */
export function discardAlembicDraft(args: { profile: string, path: string }): Promise<null> {
  return invoke<null>("discard_alembic_draft", args);
}

/**
 * Everything an upgrade or downgrade to `target` (`head`, `heads`, a revision id, `+1`,
 * `-1`, `base`, `label@head`…) would run, before it runs.
 */
export function preview(args: { profile: string, direction: Direction, target: string }): Promise<PreviewView> {
  return invoke<PreviewView>("preview", args);
}

/**
 * Runs the upgrade or downgrade; a protected profile needs `confirm` to be its
 * `confirmation_name`. One run at a time (`busy` otherwise).
 */
export function apply(args: { profile: string, direction: Direction, target: string, confirm: string | null, on_progress: Channel<Progress> }): Promise<Report> {
  return invoke<Report>("apply", args);
}

/** Stops the running upgrade or downgrade after the revision in progress; false when none runs. */
export function cancelApply(): Promise<boolean> {
  return invoke<boolean>("cancel_apply");
}

/** The system's folder dialog; null when cancelled. */
export function pickFolder(args: { title: string }): Promise<string | null> {
  return invoke<string | null>("pick_folder", args);
}

/** The system's file dialog, showing files with one of `extensions`; null when cancelled. */
export function pickFile(args: { title: string, extensions: Array<string> }): Promise<string | null> {
  return invoke<string | null>("pick_file", args);
}

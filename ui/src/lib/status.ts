// A database's status as the badge on its card, and each revision's marker in the graph.
import type { CommandError, Status } from "./backend";
import { isConnectError } from "./errors";

export type BadgeKind = "loading" | "ok" | "pending" | "running" | "drift" | "dirty" | "unreachable" | "error";
export type Badge = { kind: BadgeKind; label: string; title: string };

export function badgeFor(status: Status | null, error: CommandError | null): Badge {
  if (error) {
    const unreachable = isConnectError(error);
    return { kind: unreachable ? "unreachable" : "error", label: unreachable ? "unreachable" : "error", title: error.message };
  }
  if (!status) return { kind: "loading", label: "…", title: "Reading the database" };
  if (status.dirty) return { kind: "dirty", label: "dirty", title: `${status.dirty.revision} was left ${status.dirty.state}` };
  // A live run holds the lock: nothing to fix, only to wait for.
  if (status.running) return { kind: "running", label: "in progress", title: runningTitle(status.running) };
  if (status.drift.length > 0) return { kind: "drift", label: "drift", title: `Edited after applying: ${status.drift.join(", ")}` };
  if (status.pending.length > 0) {
    const n = status.pending.length;
    return { kind: "pending", label: `${n} pending`, title: status.pending.join(", ") };
  }
  return { kind: "ok", label: "up to date", title: status.initialized ? "At every head" : "Empty project" };
}

function runningTitle(row: NonNullable<Status["running"]>): string {
  const at = row.statement ? `, at statement ${row.statement}` : "";
  return `${row.direction ?? "run"} of ${row.revision} in progress (${row.applied_by}${at})`;
}

export type Marker = "current" | "applied" | "pending" | "running" | "dirty" | "unapplied";

/** Each revision's state on one database; revisions not listed are "unapplied". */
export function markersFor(status: Status): Map<string, Marker> {
  const markers = new Map<string, Marker>();
  for (const id of status.pending) markers.set(id, "pending");
  for (const row of status.applied) markers.set(row.revision, row.state === "applied" ? "applied" : "dirty");
  for (const id of status.current) if (markers.get(id) !== "dirty") markers.set(id, "current");
  if (status.running) markers.set(status.running.revision, "running");
  if (status.dirty) markers.set(status.dirty.revision, "dirty");
  return markers;
}

export const markerLabel: Record<Marker, string> = {
  current: "current",
  applied: "applied",
  pending: "pending",
  running: "in progress",
  dirty: "dirty",
  unapplied: "not applied",
};

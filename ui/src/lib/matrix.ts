// The environments matrix: each database of a project as a column, each revision as a row, and
// each cell's state read from that database's Status.
import type { CommandError, Profile, ProjectView, Status } from "./backend";
import { markersFor, type Marker } from "./status";

/** `unknown`: the database could not be read (or not yet), or the revision was left dirty or is being applied now. */
export type CellState = "applied" | "current" | "pending" | "unknown";

export type MatrixColumn = {
  profile: Profile;
  status: Status | null;
  error: CommandError | null;
  loading: boolean;
  markers: Map<string, Marker> | null;
  /** Revisions of the project this database lacks; null when it could not be read. */
  missing: number | null;
};

export function cellState(markers: Map<string, Marker> | null, id: string): CellState {
  if (!markers) return "unknown";
  switch (markers.get(id)) {
    case "current":
      return "current";
    case "applied":
      return "applied";
    case "dirty":
    case "running":
      return "unknown";
    default:
      // Pending, or not on the way to any head: either way the database lacks it.
      return "pending";
  }
}

export function matrixColumn(
  profile: Profile,
  entry: { status: Status | null; error: CommandError | null; loading: boolean },
  project: ProjectView,
): MatrixColumn {
  const markers = entry.status && !entry.error ? markersFor(entry.status) : null;
  let missing: number | null = null;
  if (markers) {
    missing = 0;
    for (const revision of project.revisions) if (cellState(markers, revision.id) === "pending") missing++;
  }
  return { ...entry, profile, markers, missing };
}

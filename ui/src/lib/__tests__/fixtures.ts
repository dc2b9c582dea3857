// Realistic sample values built on the generated bindings, each with overrides for one test.
import type { AppliedRow } from "../backend/bindings/AppliedRow";
import type { LogRow } from "../backend/bindings/LogRow";
import type { Profile } from "../backend/bindings/Profile";
import type { ProjectView } from "../backend/bindings/ProjectView";
import type { RevisionSummary } from "../backend/bindings/RevisionSummary";
import type { Row } from "../backend/bindings/Row";
import type { Status } from "../backend/bindings/Status";

export function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: "shop-prod",
    project: "/home/alice/src/shop/migrations",
    dialect: "postgresql",
    host: "db.internal",
    port: 5432,
    database: "shop",
    user: "deploy",
    sqlite_file: null,
    tls: "prefer",
    environment: "prod",
    colour: null,
    protected: true,
    has_password: true,
    ...overrides,
  };
}

export function sqliteProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: "local",
    project: "/home/alice/src/shop/migrations",
    dialect: "sqlite",
    host: null,
    port: null,
    database: null,
    user: null,
    sqlite_file: "/home/alice/src/shop/dev.db",
    tls: "prefer",
    environment: "dev",
    colour: null,
    protected: false,
    has_password: false,
    ...overrides,
  };
}

export function appliedRow(revision: string, overrides: Partial<AppliedRow> = {}): AppliedRow {
  return {
    revision,
    checksum: `sha256:${revision}`,
    applied_at: "2025-05-01T10:00:00Z",
    duration_ms: 42,
    applied_by: "alice@build-01",
    state: "applied",
    direction: null,
    statement: null,
    ...overrides,
  };
}

export function status(overrides: Partial<Status> = {}): Status {
  return {
    database: "postgresql://deploy:***@db.internal:5432/shop",
    dialect: "postgresql",
    initialized: true,
    current: [],
    heads: [],
    pending: [],
    drift: [],
    unknown: [],
    dirty: null,
    running: null,
    applied: [],
    ...overrides,
  };
}

export function revision(id: string, overrides: Partial<RevisionSummary> = {}): RevisionSummary {
  return {
    id,
    parents: [],
    message: `revision ${id}`,
    created: "2025-04-30 09:00:00",
    branch_labels: [],
    labels: [],
    depends_on: [],
    tables: [],
    is_head: false,
    is_branch_point: false,
    is_merge: false,
    ...overrides,
  };
}

/** A project whose graph rows show `revisions` in `order` (indexes into `revisions`). */
export function project(revisions: RevisionSummary[], order?: number[], rows?: Row[]): ProjectView {
  const shown = rows ?? (order ?? revisions.map((_, i) => i)).map((node): Row => ({ node, lane: 0, edges: [] }));
  return {
    kind: "retort",
    root: "/home/alice/src/shop/migrations",
    config_path: "/home/alice/src/shop/migrations/retort.toml",
    revisions,
    layout: { rows: shown, width: 1 },
    heads: revisions.filter((r) => r.is_head).map((r) => r.id),
    notes: [],
  };
}

export function logRow(overrides: Partial<LogRow> = {}): LogRow {
  return {
    id: 1,
    at: "2025-05-01T10:00:00Z",
    action: "upgrade",
    revision: "7f8e9d0c1b2a",
    duration_ms: 120,
    host: "build-01",
    user: "alice",
    outcome: "ok",
    statement: null,
    error: null,
    ...overrides,
  };
}

// A stand-in backend for running the UI in a plain browser (`npm run dev:mock`): the same
// commands over Tauri's documented IPC mock, with made-up data (a small demo project, a
// protected copy, a 10,000-revision project and an unreachable server). Loaded only when
// VITE_RETORT_MOCK is set, so it never reaches the app's bundle.
import type { Channel } from "@tauri-apps/api/core";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Edge } from "./bindings/Edge";
import type { PreviewView } from "./bindings/PreviewView";
import type { Profile } from "./bindings/Profile";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { Progress } from "./bindings/Progress";
import type { ProjectView } from "./bindings/ProjectView";
import type { Report } from "./bindings/Report";
import type { RevisionDetails } from "./bindings/RevisionDetails";
import type { RevisionSummary } from "./bindings/RevisionSummary";
import type { Row } from "./bindings/Row";
import type { Status } from "./bindings/Status";

type Args = Record<string, unknown>;

const base: Omit<Profile, "name" | "project"> = {
  dialect: "sqlite",
  tls: "disable",
  environment: "dev",
  protected: false,
  hasPassword: false,
};

let profiles: Profile[] = [
  { ...base, name: "Demo (SQLite)", project: "/data/demo", sqliteFile: "/data/demo.db" },
  { ...base, name: "Demo (protected)", project: "/data/demo", sqliteFile: "/data/prod.db", environment: "prod", protected: true },
  { ...base, name: "Big history", project: "/data/big", dialect: "postgresql", host: "localhost", port: 5432, database: "big", user: "app", environment: "staging", hasPassword: true },
  { ...base, name: "Offline server", project: "/data/big", dialect: "mysql", host: "db.invalid", port: 3306, database: "shop", environment: "prod" },
];

function revision(id: string, parents: string[], message: string, extra: Partial<RevisionSummary> = {}): RevisionSummary {
  return { id, parents, message, created: "2026-01-01 12:00", branchLabels: [], labels: [], dependsOn: [], isHead: false, isBranchPoint: false, isMerge: parents.length > 1, ...extra };
}

/** Newest first; every revision's parents below it. Lanes as the engine lays them out. */
function project(root: string, revisions: RevisionSummary[]): ProjectView {
  const rowOf = new Map(revisions.map((r, i) => [r.id, i]));
  const lanes: (string | null)[] = [];
  const laneOf = new Map<string, number>();
  const pending: { row: number; parent: string; via: number }[] = [];
  let width = 0;
  revisions.forEach((r, row) => {
    let lane = lanes.indexOf(r.id);
    if (lane < 0) {
      lane = lanes.indexOf(null);
      if (lane < 0) lane = lanes.push(null) - 1;
    }
    laneOf.set(r.id, lane);
    lanes.forEach((l, k) => {
      if (l === r.id) lanes[k] = null;
    });
    r.parents.forEach((parent, k) => {
      let via = lanes.indexOf(parent);
      if (via < 0 && k === 0) {
        via = lane;
        lanes[lane] = parent;
      } else if (via < 0) {
        via = lanes.indexOf(null);
        if (via < 0) via = lanes.push(null) - 1;
        lanes[via] = parent;
      }
      pending.push({ row, parent, via });
    });
    width = Math.max(width, lanes.length, lane + 1);
    while (lanes.length > 0 && lanes[lanes.length - 1] === null) lanes.pop();
  });
  const rows: Row[] = revisions.map((r, i) => ({ node: i, lane: laneOf.get(r.id) ?? 0, edges: [] as Edge[] }));
  for (const { row, parent, via } of pending) {
    rows[row]?.edges.push({ kind: "parent", toRow: rowOf.get(parent) ?? row, toLane: laneOf.get(parent) ?? 0, viaLane: via });
  }
  revisions.forEach((r, row) => {
    for (const dep of r.dependsOn) {
      const to = rowOf.get(dep);
      if (to !== undefined) rows[row]?.edges.push({ kind: "depends_on", toRow: to, toLane: laneOf.get(dep) ?? 0, viaLane: rows[row]?.lane ?? 0 });
    }
  });
  const heads = revisions.filter((r) => r.isHead).map((r) => r.id);
  return { kind: "retort", root: root, configPath: `${root}/retort.toml`, revisions, layout: { rows, width }, heads, notes: [] };
}

const demo = project("/data/demo", [
  revision("f3a9c2d10b7e", ["a81c0e9f2d44", "c5d2e8b19a03"], "merge audit branch", { isHead: true }),
  revision("c5d2e8b19a03", ["77b1f0a3c9e2"], "audit log table", { branchLabels: ["audit"], labels: ["audit"], dependsOn: ["4e0d7a2b8c11"] }),
  revision("a81c0e9f2d44", ["4e0d7a2b8c11"], "drop legacy column"),
  revision("4e0d7a2b8c11", ["77b1f0a3c9e2"], "orders and order lines"),
  revision("77b1f0a3c9e2", ["1b2c3d4e5f60"], "users email index", { isBranchPoint: true }),
  revision("1b2c3d4e5f60", [], "create users"),
]);

function bigHistory(n: number): ProjectView {
  const revisions: RevisionSummary[] = [];
  const id = (i: number): string => `r${String(i).padStart(5, "0")}${((i * 2654435761) >>> 0).toString(16).padStart(8, "0")}`;
  for (let i = n - 1; i >= 0; i--) {
    const parents = i === 0 ? [] : i % 50 === 0 ? [id(i - 1), id(i - 7)] : i % 50 > 43 ? [id(i % 50 === 44 ? i - 13 : i - 1)] : [id(i - 1)];
    revisions.push(revision(id(i), parents, `migration number ${i}${i % 50 === 0 ? " (merge)" : ""}`, { isHead: i === n - 1 }));
  }
  return project("/data/big", revisions);
}

const projects: Record<string, ProjectView> = { "/data/demo": demo, "/data/big": bigHistory(10_000) };
// Where each database is (an applied prefix of the history, oldest first).
const appliedCount: Record<string, number> = { "Demo (SQLite)": 3, "Demo (protected)": 6, "Big history": 9_990 };

function order(p: ProjectView): string[] {
  return p.layout.rows.map((row) => p.revisions[row.node]?.id ?? "").reverse();
}

function fail(code: string, message: string): never {
  throw { code, message };
}

function find(name: unknown): Profile {
  return profiles.find((p) => p.name === name) ?? fail("no_profile", `no profile named ${String(name)}`);
}

function status(name: unknown): Status {
  const profile = find(name);
  if (profile.name === "Offline server") fail("connect_unreachable", "db.invalid:3306: name or service not known");
  const p = projects[profile.project] ?? fail("invalid", "no project");
  const all = order(p);
  const n = appliedCount[profile.name] ?? 0;
  const applied = all.slice(0, n).map((revision) => ({ revision, checksum: "0".repeat(64), applied_at: "2026-01-02 10:00", duration_ms: 4, applied_by: "you@here", state: "applied" as const, direction: null, statement: 0 }));
  return { database: profile.sqliteFile ?? `${profile.dialect}://${profile.host}/${profile.database}`, dialect: profile.dialect, initialized: n > 0, current: n > 0 ? [all[n - 1] ?? ""] : [], heads: p.heads, pending: all.slice(n), drift: [], unknown: [], dirty: null, applied };
}

function steps(args: Args): { ids: string[]; p: ProjectView; profile: Profile } {
  const profile = find(args.profile);
  const p = projects[profile.project] ?? fail("invalid", "no project");
  const all = order(p);
  const n = appliedCount[profile.name] ?? 0;
  const target = String(args.target);
  if (args.direction === "upgrade") {
    const to = target === "head" || target === "heads" ? all.length : target === "+1" ? n + 1 : all.indexOf(target) + 1;
    if (to <= 0) fail("unknown_revision", `no revision ${target}`);
    return { ids: all.slice(n, Math.max(n, to)), p, profile };
  }
  const to = target === "-1" ? n - 1 : target === "base" ? 0 : all.indexOf(target) + 1;
  if (to < 0 || (target !== "-1" && target !== "base" && all.indexOf(target) < 0)) fail("unknown_revision", `no revision ${target}`);
  return { ids: all.slice(to, n).reverse(), p, profile };
}

function previewOf(args: Args): PreviewView {
  const { ids, p, profile } = steps(args);
  const direction = args.direction === "downgrade" ? "downgrade" : "upgrade";
  const byId = new Map(p.revisions.map((r) => [r.id, r]));
  const lines: string[] = [];
  const destructive: number[] = [];
  for (const id of ids) {
    lines.push(`-- ${direction} ${id}: ${byId.get(id)?.message ?? ""}`, "BEGIN;");
    if (direction === "downgrade" || byId.get(id)?.message.startsWith("drop")) destructive.push(lines.length + 1);
    lines.push(direction === "upgrade" ? `CREATE TABLE t_${id.slice(0, 6)} (id integer PRIMARY KEY, name text NOT NULL);` : `DROP TABLE t_${id.slice(0, 6)};`);
    lines.push(direction === "upgrade" ? `INSERT INTO retort_version (revision) VALUES ('${id}');` : `DELETE FROM retort_version WHERE revision = '${id}';`, "COMMIT;", "");
  }
  return {
    plan: { direction, steps: ids.map((id) => ({ revision: id, message: byId.get(id)?.message ?? "", direction, transactional: true, checksum: "0".repeat(64), path: `${p.root}/versions/${id}.sql` })) },
    sql: lines.join("\n"),
    destructiveLines: destructive,
    database: status(profile.name).database,
  };
}

let cancelled = false;

async function run(args: Args): Promise<Report> {
  const { ids, p, profile } = steps(args);
  const expected = profile.database ?? profile.sqliteFile?.split("/").pop() ?? profile.name;
  if (profile.protected && args.confirm !== expected) fail("confirmation_required", `${profile.name} is protected: type ${expected}`);
  const channel = args.onProgress as Channel<Progress>;
  const direction = args.direction === "downgrade" ? "downgrade" : "upgrade";
  const done: Report["steps"] = [];
  cancelled = false;
  for (const [i, id] of ids.entries()) {
    if (cancelled) break;
    const message = p.revisions.find((r) => r.id === id)?.message ?? "";
    channel.onmessage({ event: "revisionStarted", revision: id, message, direction, index: i + 1, total: ids.length, statements: 2 });
    await new Promise((r) => setTimeout(r, 400));
    channel.onmessage({ event: "statementStarted", revision: id, number: 2, total: 2 });
    await new Promise((r) => setTimeout(r, 300));
    channel.onmessage({ event: "revisionDone", revision: id, direction, duration_ms: 700 });
    appliedCount[profile.name] = (appliedCount[profile.name] ?? 0) + (direction === "upgrade" ? 1 : -1);
    done.push({ revision: id, message, direction, duration_ms: 700 });
  }
  return { direction, steps: done, backup: null, cancelled, current: status(profile.name).current };
}

function details(args: Args): RevisionDetails {
  const p = Object.values(projects).find((v) => v.root === args.path) ?? fail("invalid", "no project");
  const r = p.revisions.find((v) => v.id === args.id) ?? fail("unknown_revision", String(args.id));
  return {
    header: { id: r.id, parents: r.parents, message: r.message, created: r.created, branch_labels: r.branchLabels, depends_on: r.dependsOn, path: `${p.root}/versions/${r.id}.sql` },
    path: `${p.root}/versions/${r.id}.sql`,
    upgradeSql: `-- ${r.message}\nCREATE TABLE t_${r.id.slice(0, 6)} (\n  id integer PRIMARY KEY,\n  name text NOT NULL DEFAULT 'x'\n);`,
    downgradeSql: `DROP TABLE t_${r.id.slice(0, 6)};`,
    checksum: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    transactional: true,
    source: null,
  };
}

function save(input: ProfileInput): Profile {
  const previous = input.previousName ?? input.profile.name;
  if (previous !== input.profile.name && profiles.some((p) => p.name === input.profile.name)) fail("profile_exists", "exists");
  const profile = { ...input.profile, hasPassword: input.password ? true : input.password === "" ? false : input.profile.hasPassword };
  const i = profiles.findIndex((p) => p.name === previous);
  if (i >= 0) profiles[i] = profile;
  else profiles = [...profiles, profile];
  return profile;
}

export function install(): void {
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Args;
    await new Promise((r) => setTimeout(r, 60));
    switch (cmd) {
      case "app_info":
        return { version: "0.1.0-mock", dataDir: "/data", storePath: "/data/profiles.json", demoProfile: "Demo (SQLite)" };
      case "list_profiles":
        return profiles;
      case "save_profile":
        return save(args.input as ProfileInput);
      case "delete_profile":
        profiles = profiles.filter((p) => p.name !== args.name);
        return null;
      case "test_connection":
      case "database_status":
        return status(args.name ?? args.profile);
      case "open_project":
        return projects[String(args.path)] ?? fail("invalid", `${String(args.path)}: no retort.toml or alembic.ini`);
      case "revision_details":
        return details(args);
      case "preview":
        return previewOf(args);
      case "apply":
        return run(args);
      case "cancel_apply":
        cancelled = true;
        return true;
      case "pick_folder":
        return "/data/picked";
      case "pick_file":
        return "/data/picked.db";
      default:
        return fail("invalid", `mock: no command ${cmd}`);
    }
  });
}

// How an autogenerate change is shown, and how an accepted rename is passed back to the engine.
import type { AutogenStep, ChangeKind, RenameProposal } from "./backend";

export type ChangeSign = "+" | "-" | "~";

/** `+` adds or creates, `-` drops, `~` changes in place (alter, rename, rebuild, replace). */
export function changeSign(kind: ChangeKind): ChangeSign {
  if (kind.startsWith("add_") || kind.startsWith("create_")) return "+";
  if (kind.startsWith("drop_")) return "-";
  return "~";
}

/** `alter_column_type` → `alter column type`. */
export function kindLabel(kind: ChangeKind): string {
  return kind.replaceAll("_", " ");
}

/** The engine's `--rename` form: `table.from=to` for a column, `from=to` for a table. */
export function renameArg(proposal: RenameProposal): string {
  return proposal.table ? `${proposal.table}.${proposal.from}=${proposal.to}` : `${proposal.from}=${proposal.to}`;
}

/** For people: `users.email → users.mail` or `people → persons`. */
export function renameLabel(proposal: RenameProposal): string {
  return proposal.table
    ? `${proposal.table}.${proposal.from} → ${proposal.table}.${proposal.to}`
    : `${proposal.from} → ${proposal.to}`;
}

/** One progress line: each side loading (a scratch database built) or loaded, then comparing. */
export function stepText(step: AutogenStep): string {
  switch (step.event) {
    case "loading":
      return `Loading ${step.side}…`;
    case "loaded":
      return `Loaded ${step.side}`;
    case "comparing":
      return "Comparing the two schemas…";
  }
}


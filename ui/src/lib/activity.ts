// The activity log's filter: one box matching action, revision, outcome, user or error text.
import type { LogRow } from "./backend";

export function matchesLog(row: LogRow, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return true;
  const haystack = [row.action, row.revision ?? "", row.outcome, row.user ?? "", row.host ?? "", row.error ?? ""]
    .join("\n")
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Outcomes that went wrong are shown in red; the rest as they are. */
export function failed(row: LogRow): boolean {
  return row.error !== null && row.error !== "";
}

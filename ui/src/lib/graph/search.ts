// Which graph rows match a search: by id (prefix or part), message, branch label, or a table
// the revision works on.
import type { ProjectView } from "../backend";

export function matchingRows(project: ProjectView, query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [];
  const matches: number[] = [];
  project.layout.rows.forEach((row, r) => {
    const revision = project.revisions[row.node];
    if (!revision) return;
    if (
      revision.id.toLowerCase().includes(needle) ||
      revision.message.toLowerCase().includes(needle) ||
      revision.labels.some((l) => l.toLowerCase().includes(needle)) ||
      revision.branch_labels.some((l) => l.toLowerCase().includes(needle)) ||
      revision.tables.some((t) => t.includes(needle))
    ) {
      matches.push(r);
    }
  });
  return matches;
}

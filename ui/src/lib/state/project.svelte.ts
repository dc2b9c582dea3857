// The open project (one at a time) and the revision selected in its graph.
import { openProject, type CommandError, type ProjectView, type RevisionSummary } from "../backend";

export class ProjectStore {
  path = $state<string | null>(null);
  // Not deeply reactive: a project can have 10,000 revisions, replaced as a whole.
  view = $state.raw<ProjectView | null>(null);
  error = $state<CommandError | null>(null);
  loading = $state(false);
  /** Index into `view.layout.rows`. */
  selectedRow = $state(0);

  selected: RevisionSummary | null = $derived.by(() => {
    const row = this.view?.layout.rows[this.selectedRow];
    return row ? (this.view?.revisions[row.node] ?? null) : null;
  });

  async open(path: string, force = false): Promise<void> {
    if (!force && path === this.path && this.view) return;
    const same = path === this.path;
    this.path = path;
    this.loading = true;
    this.error = null;
    try {
      const view = await openProject({ path });
      if (this.path !== path) return;
      this.view = view;
      if (!same) this.selectedRow = 0;
      this.selectedRow = Math.min(this.selectedRow, Math.max(0, view.layout.rows.length - 1));
    } catch (error) {
      if (this.path !== path) return;
      this.view = null;
      this.error = error as CommandError;
    } finally {
      if (this.path === path) this.loading = false;
    }
  }

  rowOf(id: string): number {
    const view = this.view;
    if (!view) return -1;
    return view.layout.rows.findIndex((row) => view.revisions[row.node]?.id === id);
  }

  select(row: number): void {
    const count = this.view?.layout.rows.length ?? 0;
    if (count === 0) return;
    this.selectedRow = Math.max(0, Math.min(count - 1, row));
  }
}

// The autogenerate review of one database's project: for a Retort project, schema.sql (edited
// and saved), the draft autogenerate made from it (with accepted renames) and its edited SQL,
// saved as a new revision; for an Alembic project, the module `alembic revision --autogenerate`
// wrote, edited and saved, or discarded. One action at a time (`busy`).
import {
  alembicAutogenerate,
  autogenerate,
  cancelAutogenerate,
  discardAlembicDraft,
  readSchema,
  saveAlembicDraft,
  saveDraft,
  saveSchema,
  type AutogenView,
  type CommandError,
  type ProjectKind,
  type RenameProposal,
  type WrittenRevision,
} from "../backend";
import { renameArg, stepText } from "../autogen";

export type Busy = "loading" | "saving-schema" | "running" | "saving" | "discarding" | null;

/** Called after a revision file was written, edited or deleted (null: deleted). */
export type AutogenHooks = { saved: (revision: string | null) => unknown };

export class AutogenStore {
  /** The profile the review belongs to, and its project's kind. */
  profile = $state<string | null>(null);
  kind = $state<ProjectKind | null>(null);
  busy = $state<Busy>(null);
  /** When the running action started (ms), for the elapsed time shown. */
  startedAt = $state(0);
  error = $state.raw<CommandError | null>(null);

  // Retort projects.
  schemaPath = $state("");
  schema = $state("");
  schemaOnDisk = $state("");
  renames = $state<string[]>([]);
  result = $state.raw<AutogenView | null>(null);
  /** What the running autogenerate has done so far, one line per step. */
  steps = $state<string[]>([]);
  /** The schema text the result was made from. */
  ranWith = $state("");
  upgrade = $state("");
  downgrade = $state("");
  message = $state("");
  saved = $state.raw<WrittenRevision | null>(null);

  // Alembic projects.
  draft = $state.raw<WrittenRevision | null>(null);
  source = $state("");
  sourceOnDisk = $state("");

  private readonly hooks: AutogenHooks;
  /** Bumped on every load, so answers for a previous profile are dropped. */
  private generation = 0;

  constructor(hooks: AutogenHooks) {
    this.hooks = hooks;
  }

  schemaDirty: boolean = $derived(this.schema !== this.schemaOnDisk);
  /** schema.sql was edited after the draft was made. */
  stale: boolean = $derived(this.result !== null && this.schema !== this.ranWith);
  canSave: boolean = $derived(
    this.busy === null && this.result !== null && this.result.diff.changes.length > 0 && this.message.trim() !== "",
  );
  sourceDirty: boolean = $derived(this.draft !== null && this.source !== this.sourceOnDisk);

  /** Opens the review for a profile (kept as it is when it is already open for that profile). */
  async load(profile: string, kind: ProjectKind, force = false): Promise<void> {
    if (!force && this.profile === profile && this.kind === kind) return;
    const generation = ++this.generation;
    this.reset();
    this.profile = profile;
    this.kind = kind;
    if (kind !== "retort") return;
    await this.act("loading", generation, async () => {
      const file = await readSchema({ profile });
      this.schemaPath = file.path;
      this.schema = file.text;
      this.schemaOnDisk = file.text;
    });
  }

  async saveSchema(): Promise<void> {
    const profile = this.profile;
    if (!profile || this.busy) return;
    const generation = this.generation;
    await this.act("saving-schema", generation, () => this.writeSchema(profile, generation));
  }

  /** Runs autogenerate (saving schema.sql first when it was edited) with the accepted renames. */
  async run(): Promise<void> {
    const profile = this.profile;
    if (!profile || this.busy) return;
    const generation = this.generation;
    await this.act("running", generation, async () => {
      if (this.schemaDirty) await this.writeSchema(profile, generation);
      const text = this.schema;
      this.steps = [];
      const view = await autogenerate({ profile, renames: [...this.renames] }, (step) => {
        if (generation === this.generation) this.steps.push(stepText(step));
      });
      if (generation !== this.generation) return;
      this.result = view;
      this.ranWith = text;
      this.upgrade = view.upgrade;
      this.downgrade = view.downgrade;
      this.saved = null;
    });
  }

  /** Stops the running autogenerate; its scratch databases are dropped. */
  async cancel(): Promise<void> {
    if (this.busy === "running") await cancelAutogenerate();
  }

  async acceptRename(proposal: RenameProposal): Promise<void> {
    const arg = renameArg(proposal);
    if (!this.renames.includes(arg)) this.renames.push(arg);
    await this.run();
  }

  async dropRename(arg: string): Promise<void> {
    this.renames = this.renames.filter((r) => r !== arg);
    await this.run();
  }

  /** Saves the reviewed draft as a new revision. */
  async save(): Promise<void> {
    const profile = this.profile;
    const result = this.result;
    if (!profile || !result || !this.canSave) return;
    const generation = this.generation;
    await this.act("saving", generation, async () => {
      const written = await saveDraft({
        profile,
        message: this.message.trim(),
        revises: result.revises,
        upgrade: this.upgrade,
        downgrade: this.downgrade,
        notes: result.notes,
      });
      if (generation !== this.generation) return;
      this.saved = written;
      this.result = null;
      this.message = "";
      this.renames = [];
      await this.hooks.saved(written.revision);
    });
  }

  /** Alembic: `alembic revision --autogenerate -m MESSAGE`, then its module for review. */
  async runAlembic(): Promise<void> {
    const profile = this.profile;
    const message = this.message.trim();
    if (!profile || this.busy || this.draft || message === "") return;
    const generation = this.generation;
    await this.act("running", generation, async () => {
      const written = await alembicAutogenerate({ profile, message });
      if (generation !== this.generation) return;
      this.draft = written;
      this.source = written.source ?? "";
      this.sourceOnDisk = this.source;
      this.message = "";
      await this.hooks.saved(written.revision);
    });
  }

  async saveAlembic(): Promise<void> {
    const profile = this.profile;
    const draft = this.draft;
    if (!profile || !draft || this.busy) return;
    const source = this.source;
    await this.act("saving", this.generation, async () => {
      await saveAlembicDraft({ profile, path: draft.path, source });
      this.sourceOnDisk = source;
      await this.hooks.saved(draft.revision);
    });
  }

  /** Deletes the draft's file. */
  async discardAlembic(): Promise<void> {
    const profile = this.profile;
    const draft = this.draft;
    if (!profile || !draft || this.busy) return;
    await this.act("discarding", this.generation, async () => {
      await discardAlembicDraft({ profile, path: draft.path });
      this.closeDraft();
      await this.hooks.saved(null);
    });
  }

  /** Ends the review of an Alembic draft, keeping its file (as last saved). */
  closeDraft(): void {
    this.draft = null;
    this.source = "";
    this.sourceOnDisk = "";
  }

  private async writeSchema(profile: string, generation: number): Promise<void> {
    const text = this.schema;
    await saveSchema({ profile, text });
    if (generation === this.generation) this.schemaOnDisk = text;
  }

  private async act(busy: Exclude<Busy, null>, generation: number, work: () => Promise<void>): Promise<void> {
    this.busy = busy;
    this.startedAt = Date.now();
    this.error = null;
    try {
      await work();
    } catch (error) {
      if (generation === this.generation) this.error = error as CommandError;
    } finally {
      if (generation === this.generation) this.busy = null;
    }
  }

  private reset(): void {
    this.busy = null;
    this.error = null;
    this.schemaPath = "";
    this.schema = "";
    this.schemaOnDisk = "";
    this.renames = [];
    this.result = null;
    this.ranWith = "";
    this.upgrade = "";
    this.downgrade = "";
    this.message = "";
    this.saved = null;
    this.closeDraft();
  }
}

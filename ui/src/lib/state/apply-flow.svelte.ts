// One upgrade or downgrade, from the preview to the result: the dialog reads this and calls
// its methods; the phases follow each other in one direction.
import {
  apply,
  cancelApply,
  preview,
  type CommandError,
  type Direction,
  type PreviewView,
  type ProfileView,
  type Progress,
  type Report,
} from "../backend";

export type Phase = "closed" | "previewing" | "preview" | "running" | "done" | "failed";

export type ApplyRequest = { direction: Direction; target: string; label: string };

export type RevisionProgress = {
  revision: string;
  message: string;
  direction: Direction;
  state: "running" | "done" | "failed";
  statement: number;
  statements: number;
  durationMs: number | null;
  error: string | null;
};

/** Called around every run (to pause background status reads and refresh afterwards). */
export type RunHooks = { started: (profile: string) => void; finished: (profile: string) => void };

export class ApplyFlow {
  phase = $state<Phase>("closed");
  profile = $state.raw<ProfileView | null>(null);
  request = $state.raw<ApplyRequest | null>(null);
  preview = $state.raw<PreviewView | null>(null);
  /** What the person typed to confirm a protected profile. */
  typed = $state("");
  progress = $state<RevisionProgress[]>([]);
  notes = $state<string[]>([]);
  total = $state(0);
  report = $state.raw<Report | null>(null);
  error = $state.raw<CommandError | null>(null);
  cancelling = $state(false);

  private readonly hooks: RunHooks;

  constructor(hooks: RunHooks) {
    this.hooks = hooks;
  }

  /** What a protected profile asks to be typed: Rust's rule, sent with the profile. */
  expectedName: string = $derived(this.profile?.confirmation_name ?? "");
  /** Protected profiles need the database name typed exactly. */
  canConfirm: boolean = $derived(
    this.phase === "preview" &&
      this.preview !== null &&
      this.preview.plan.steps.length > 0 &&
      (!this.profile?.protected || this.typed === this.expectedName),
  );

  async open(profile: ProfileView, request: ApplyRequest): Promise<void> {
    this.reset();
    this.profile = profile;
    this.request = request;
    this.phase = "previewing";
    try {
      const view = await preview({ profile: profile.name, direction: request.direction, target: request.target });
      if (this.request !== request) return;
      this.preview = view;
      this.phase = "preview";
    } catch (error) {
      if (this.request !== request) return;
      this.error = error as CommandError;
      this.phase = "failed";
    }
  }

  async confirm(): Promise<void> {
    const { profile, request } = this;
    if (!this.canConfirm || !profile || !request) return;
    this.phase = "running";
    this.hooks.started(profile.name);
    try {
      this.report = await apply(
        {
          profile: profile.name,
          direction: request.direction,
          target: request.target,
          confirm: profile.protected ? this.typed : null,
        },
        (event) => this.onProgress(event),
      );
      this.phase = "done";
    } catch (error) {
      this.error = error as CommandError;
      this.phase = "failed";
    } finally {
      this.cancelling = false;
      this.hooks.finished(profile.name);
    }
  }

  async cancel(): Promise<void> {
    if (this.phase !== "running") return;
    this.cancelling = true;
    try {
      await cancelApply();
    } catch {
      this.cancelling = false;
    }
  }

  close(): void {
    if (this.phase === "running") return;
    this.reset();
  }

  private reset(): void {
    this.phase = "closed";
    this.profile = null;
    this.request = null;
    this.preview = null;
    this.typed = "";
    this.progress = [];
    this.notes = [];
    this.total = 0;
    this.report = null;
    this.error = null;
    this.cancelling = false;
  }

  private onProgress(event: Progress): void {
    switch (event.event) {
      case "waiting_for_lock":
        this.notes.push(
          event.holder
            ? `Waiting for another runner's lock on ${event.database}: ${event.holder}…`
            : `Waiting for another runner's lock on ${event.database}…`,
        );
        break;
      case "backup_written":
        this.notes.push(`Backup written to ${event.path}`);
        break;
      case "revision_started":
        this.total = event.total;
        this.progress.push({
          revision: event.revision,
          message: event.message,
          direction: event.direction,
          state: "running",
          statement: 0,
          statements: event.statements,
          durationMs: null,
          error: null,
        });
        break;
      case "statement_started": {
        const entry = this.find(event.revision);
        if (entry) entry.statement = event.number;
        break;
      }
      case "revision_done": {
        const entry = this.find(event.revision);
        if (entry) {
          entry.state = "done";
          entry.durationMs = event.duration_ms;
        }
        break;
      }
      case "revision_failed": {
        const entry = this.find(event.revision);
        if (entry) {
          entry.state = "failed";
          entry.error = event.error;
        }
        break;
      }
    }
  }

  private find(revision: string): RevisionProgress | undefined {
    for (let i = this.progress.length - 1; i >= 0; i--) {
      const entry = this.progress[i];
      if (entry && entry.revision === revision) return entry;
    }
    return undefined;
  }
}

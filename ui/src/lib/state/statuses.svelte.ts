// Every database's status, read in the background (every few seconds and after actions).
import { databaseStatus, type CommandError, type Status } from "../backend";

export type StatusEntry = { status: Status | null; error: CommandError | null; loading: boolean };

const EMPTY: StatusEntry = { status: null, error: null, loading: false };

export class StatusStore {
  // Replaced, never mutated: a status can list thousands of applied rows.
  entries = $state.raw<Record<string, StatusEntry>>({});
  private inFlight = new Set<string>();
  /** Profiles not to poll (one being applied to). */
  private held = new Set<string>();

  get(name: string): StatusEntry {
    return this.entries[name] ?? EMPTY;
  }

  hold(name: string): void {
    this.held.add(name);
  }

  release(name: string): void {
    this.held.delete(name);
  }

  async refresh(name: string): Promise<void> {
    if (this.inFlight.has(name)) return;
    this.inFlight.add(name);
    this.set(name, { ...this.get(name), loading: true });
    try {
      const status = await databaseStatus({ profile: name });
      this.set(name, { status, error: null, loading: false });
    } catch (error) {
      this.set(name, { status: null, error: error as CommandError, loading: false });
    } finally {
      this.inFlight.delete(name);
    }
  }

  async refreshAll(names: string[]): Promise<void> {
    await Promise.all(names.filter((n) => !this.held.has(n)).map((n) => this.refresh(n)));
  }

  /** Forgets profiles that no longer exist. */
  keepOnly(names: string[]): void {
    const next: Record<string, StatusEntry> = {};
    for (const name of names) {
      const entry = this.entries[name];
      if (entry) next[name] = entry;
    }
    this.entries = next;
  }

  /** Polls every `ms` until the returned function is called. */
  poll(names: () => string[], ms = 10_000): () => void {
    const timer = setInterval(() => void this.refreshAll(names()), ms);
    return () => clearInterval(timer);
  }

  private set(name: string, entry: StatusEntry): void {
    this.entries = { ...this.entries, [name]: entry };
  }
}

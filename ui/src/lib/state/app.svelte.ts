// The app's one store, handed to components through context: profiles, which database is
// selected, which screen (and which tab of the database's screen) shows, the statuses, the
// open project and the autogenerate draft under review.
import { getContext, setContext } from "svelte";
import { appInfo, listProfiles, type AppInfo, type CommandError, type ProfileView } from "../backend";
import { AutogenStore } from "./autogen.svelte";
import { ProjectStore } from "./project.svelte";
import { StatusStore } from "./statuses.svelte";

export type Screen = "graph" | "settings";
/** The views of the selected database ("graph" screen). */
export type Tab = "graph" | "autogenerate" | "matrix" | "activity";

export class AppStore {
  info = $state<AppInfo | null>(null);
  profiles = $state.raw<ProfileView[]>([]);
  profilesError = $state<CommandError | null>(null);
  screen = $state<Screen>("graph");
  tab = $state<Tab>("graph");
  selectedName = $state<string | null>(null);
  readonly statuses = new StatusStore();
  readonly project = new ProjectStore();
  // Kept here, not in the screen, so a draft survives switching tabs.
  readonly autogen = new AutogenStore({ saved: (revision) => this.afterNewRevision(revision) });

  selected: ProfileView | null = $derived(this.profiles.find((p) => p.name === this.selectedName) ?? null);

  /** Loads everything and selects the first profile (the demo on a first start). */
  async start(): Promise<() => void> {
    appInfo().then((info) => (this.info = info)).catch(() => undefined);
    await this.loadProfiles();
    const first = this.profiles[0];
    if (first) await this.selectProfile(first.name);
    return this.statuses.poll(() => this.profiles.map((p) => p.name));
  }

  async loadProfiles(): Promise<void> {
    try {
      this.profiles = await listProfiles();
      this.profilesError = null;
      const names = this.profiles.map((p) => p.name);
      this.statuses.keepOnly(names);
      if (this.selectedName !== null && !names.includes(this.selectedName)) this.selectedName = null;
      void this.statuses.refreshAll(names);
    } catch (error) {
      this.profilesError = error as CommandError;
    }
  }

  /** Selects the database and opens its project, on its current revision; `show` switches to
   *  the graph. */
  async selectProfile(name: string, show = true): Promise<void> {
    const profile = this.profiles.find((p) => p.name === name);
    if (!profile) return;
    const changed = this.selectedName !== name || this.project.path !== profile.project;
    this.selectedName = name;
    if (show) this.screen = "graph";
    await Promise.all([this.project.open(profile.project), this.statuses.refresh(name)]);
    const current = this.statuses.get(name).status?.current[0];
    if (changed && current) {
      const row = this.project.rowOf(current);
      if (row >= 0) this.project.select(row);
    }
  }

  /** After an upgrade or downgrade, settings changes, or a manual refresh. */
  async refreshSelected(): Promise<void> {
    const profile = this.selected;
    if (!profile) return;
    await Promise.all([this.project.open(profile.project, true), this.statuses.refresh(profile.name)]);
  }

  /** The databases of the selected database's project (same folder), the selected one included. */
  siblings(): ProfileView[] {
    const selected = this.selected;
    return selected ? this.profiles.filter((p) => p.project === selected.project) : [];
  }

  /** A revision file was written or deleted: reload the graph and every status of the project,
   *  and select the new revision (when it exists). */
  async afterNewRevision(revision: string | null): Promise<void> {
    await Promise.all([this.refreshSelected(), this.statuses.refreshAll(this.siblings().map((p) => p.name))]);
    if (revision === null) return;
    const row = this.project.rowOf(revision);
    if (row >= 0) this.project.select(row);
  }
}

const KEY = Symbol("retort-app");

export function provideApp(store: AppStore): void {
  setContext(KEY, store);
}

export function useApp(): AppStore {
  const store = getContext<AppStore | undefined>(KEY);
  if (!store) throw new Error("useApp() outside the app");
  return store;
}

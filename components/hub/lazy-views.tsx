/**
 * The views other than the overview, each in a chunk of its own: a new hub tab evaluates React, the shell and the
 * overview alone before its first render. The chunks are fetched in the first idle moment after it, so a view
 * switch finds its code in and renders in the same frame (unlike `React.lazy`, which suspends on every first use).
 */
import { type ComponentType, useEffect, useState } from 'react';

/** One view component in its own chunk, fetched once by `preload()` or by its first use. */
export class Chunk<P> {
  loaded: ComponentType<P> | undefined;
  private loading: Promise<ComponentType<P>> | undefined;
  private readonly load: () => Promise<ComponentType<P>>;
  constructor(load: () => Promise<ComponentType<P>>) {
    this.load = load;
  }
  preload(): Promise<ComponentType<P>> {
    this.loading ??= this.load().then((component) => {
      this.loaded = component;
      return component;
    });
    return this.loading;
  }
}

export const views = {
  teams: new Chunk(async () => (await import('./views/Teams.tsx')).TeamsView),
  team: new Chunk(async () => (await import('./views/TeamPage.tsx')).TeamPage),
  goals: new Chunk(async () => (await import('./views/Goals.tsx')).GoalsView),
  goal: new Chunk(async () => (await import('./views/GoalPage.tsx')).GoalPage),
  decisions: new Chunk(async () => (await import('./views/Decisions.tsx')).DecisionsView),
  decision: new Chunk(async () => (await import('./views/DecisionPage.tsx')).DecisionPage),
  rules: new Chunk(async () => (await import('./views/Rules.tsx')).RulesView),
  snapshot: new Chunk(async () => (await import('./views/Snapshot.tsx')).SnapshotView),
  search: new Chunk(async () => (await import('./views/Search.tsx')).SearchView),
  settings: new Chunk(async () => (await import('./views/Settings.tsx')).SettingsView),
};

/** The chunk's component, or undefined until it is in (then the caller renders again with it). */
export function useChunk<P>(chunk: Chunk<P>): ComponentType<P> | undefined {
  const [state, setState] = useState(() => ({ chunk, component: chunk.loaded }));
  const current = state.chunk === chunk ? state.component : chunk.loaded;
  useEffect(() => {
    if (!current) void chunk.preload().then((component) => setState({ chunk, component }));
  }, [chunk, current]);
  return current;
}

/** Fetches every view's chunk once the first render is on screen and the page is idle. */
export function usePreloadViews(): void {
  useEffect(() => {
    const idle = requestIdleCallback(() => {
      for (const chunk of Object.values(views)) void chunk.preload();
    });
    return () => cancelIdleCallback(idle);
  }, []);
}

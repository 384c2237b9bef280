/**
 * The views other than the overview, each in a chunk of its own: a new hub tab evaluates React, the shell and the
 * overview alone before its first render. The chunks are fetched in the first idle moment after it, so a view
 * switch finds its code in and renders in the same frame (unlike `React.lazy`, which suspends on every first use).
 */
import { useEffect } from 'react';
import { Chunk } from '../ui/chunk.ts';

/**
 * A view's module, with zod's configuration for the extension (utils/zod-jitless.ts) beside it: the views validate
 * with the contract, which the hub's first render does not load (issue 19); no view renders before both are in.
 */
const view = <T,>(module: Promise<T>): Promise<T> =>
  Promise.all([import('../../utils/zod-jitless.ts'), module]).then(([, loaded]) => loaded);

export const views = {
  teams: new Chunk(async () => (await view(import('./views/Teams.tsx'))).TeamsView),
  team: new Chunk(async () => (await view(import('./views/TeamPage.tsx'))).TeamPage),
  goals: new Chunk(async () => (await view(import('./views/Goals.tsx'))).GoalsView),
  goal: new Chunk(async () => (await view(import('./views/GoalPage.tsx'))).GoalPage),
  decisions: new Chunk(async () => (await view(import('./views/Decisions.tsx'))).DecisionsView),
  decision: new Chunk(async () => (await view(import('./views/DecisionPage.tsx'))).DecisionPage),
  item: new Chunk(async () => (await view(import('./views/ItemPage.tsx'))).ItemPage),
  rules: new Chunk(async () => (await view(import('./views/Rules.tsx'))).RulesView),
  connectors: new Chunk(async () => (await view(import('./views/Connectors.tsx'))).ConnectorsView),
  snapshot: new Chunk(async () => (await view(import('./views/Snapshot.tsx'))).SnapshotView),
  search: new Chunk(async () => (await view(import('./views/Search.tsx'))).SearchView),
  settings: new Chunk(async () => (await view(import('./views/Settings.tsx'))).SettingsView),
  people: new Chunk(async () => (await view(import('./views/People.tsx'))).PeopleView),
  reviews: new Chunk(async () => (await view(import('./views/Reviews.tsx'))).ReviewsView),
  digest: new Chunk(async () => (await view(import('./views/Digest.tsx'))).DigestView),
};

/** Fetches every view's chunk in the first idle moment once `ready` (the first render on screen, its data in). */
export function usePreloadViews(ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    const idle = requestIdleCallback(() => {
      for (const chunk of Object.values(views)) void chunk.preload();
    });
    return () => cancelIdleCallback(idle);
  }, [ready]);
}

// @vitest-environment happy-dom
/**
 * The hub's snapshot view, back on it with nothing changed: it shows the snapshot it showed, at once, without
 * reading the dismissals first or computing it again (over 30,000 items that took 85-127 ms a visit, issue 19).
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { HubData } from '../../components/hub/data.tsx';
import { syntheticWorkspace } from '../../scripts/bench/workspace.ts';
import { DISMISSALS_KEY } from '../../utils/snapshot/dismissals.ts';
import * as snapshot from '../../utils/snapshot/index.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const workspace = syntheticWorkspace({ team: 3, goal: 6, rule: 4, item: 40, link: 30, decision: 12 });
const data = {
  counts: undefined,
  ...workspace,
  outbox: [],
  me: { workspace: { id: 'w', name: 'Acme' }, user: { id: 'u', name: 'Ada', role: 'admin' } },
  role: 'admin',
  teamsById: new Map(workspace.teams.map((team) => [team.id, team])),
  goalsById: new Map(workspace.goals.map((goal) => [goal.id, goal])),
  decisionsById: new Map(workspace.decisions.map((decision) => [decision.id, decision])),
  itemsByKey: new Map(workspace.items.map((item) => [item.ref.key, item])),
} as unknown as HubData;

vi.mock('../../components/hub/data.tsx', () => ({ useHubData: () => data }));
vi.mock('../../utils/snapshot/index.ts', async (original) => {
  const real = await original<typeof import('../../utils/snapshot/index.ts')>();
  return { ...real, computeSnapshot: vi.fn(real.computeSnapshot) };
});

const { SnapshotView } = await import('../../components/hub/views/Snapshot.tsx');
const computeSnapshot = vi.mocked(snapshot.computeSnapshot);

let container: HTMLDivElement;
beforeEach(() => {
  fakeBrowser.reset();
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  container.remove();
});

const readyView = () => container.querySelector('[data-view="snapshot"][data-ready]');

async function visit() {
  const root = createRoot(container);
  act(() => root.render(<SnapshotView />));
  const shownAtOnce = readyView() !== null;
  // The dismissals are read again on every visit.
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  const shown = readyView() !== null;
  act(() => root.unmount());
  return { shownAtOnce, shown };
}

describe('the snapshot view, visited again', () => {
  it('shows the last snapshot at once and computes it once, while the dismissals are unchanged', async () => {
    expect(await visit()).toEqual({ shownAtOnce: false, shown: true });
    const computed = computeSnapshot.mock.calls.length;
    expect(computed).toBeGreaterThan(0);
    expect(await visit()).toEqual({ shownAtOnce: true, shown: true });
    expect(await visit()).toEqual({ shownAtOnce: true, shown: true });
    expect(computeSnapshot.mock.calls.length).toBe(computed);
  });

  it('computes it again when a dismissal was added elsewhere meanwhile', async () => {
    await visit();
    const before = computeSnapshot.mock.calls.length;
    await fakeBrowser.storage.local.set({
      [DISMISSALS_KEY]: [snapshot.dismissalKey('decision-1', 'jira:acme.atlassian.net/P1-1')],
    });
    await visit();
    expect(computeSnapshot.mock.calls.length).toBe(before + 1);
  });
});

// @vitest-environment happy-dom
/**
 * The hub's line about the outbox must not move the view under the pointer: a write that starts or finishes syncing
 * (the push answered a few hundred milliseconds after the click that made it) adds or removes nothing above the view.
 * It did: the "1 change waiting to sync" bar above the view came and went with each push, the view jumped by its
 * height, and a click aimed at the goal page's "Delete" landed below it (hub e2e, "deletes an unused goal").
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxProblems, PendingWrites } from '../../components/hub/OutboxProblems.tsx';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { uuid } from '../support/sync-fixtures.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function goalRow(status: OutboxRow['status']): OutboxRow {
  const mutationId = uuid();
  const id = uuid();
  return {
    seq: 1,
    mutationId,
    mutation: {
      mutationId,
      type: 'goal.create',
      id,
      data: {
        title: 'Try a pricing experiment',
        description: '',
        ownerTeamId: null,
        parentGoalId: null,
        status: 'on_track',
        progress: 0,
        targetDate: null,
      },
    } as OutboxRow['mutation'],
    touches: [`goal:${id}`],
    status,
    attempts: 0,
    createdAt: Date.now(),
    ...(status === 'rejected' ? { error: { code: 'invalid', message: 'Title taken' } } : {}),
  };
}

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

/** What the hub shows above its view (the order of HubApp's shell: the search row's status, then the problems). */
const Above = ({ outbox }: { outbox: OutboxRow[] }) => (
  <>
    <PendingWrites outbox={outbox} />
    <OutboxProblems outbox={outbox} />
  </>
);

describe('the hub line over every view', () => {
  it('says how many writes wait to sync in a place that stays, and adds nothing above the view for them', () => {
    act(() => root.render(<Above outbox={[]} />));
    const before = [...container.children];
    const status = container.querySelector('[role="status"]');
    expect(status?.textContent).toBe('');

    act(() => root.render(<Above outbox={[goalRow('pending')]} />));
    expect([...container.children]).toEqual(before);
    expect(container.querySelector('[role="status"]')).toBe(status);
    expect(status?.textContent).toBe('1 change waiting to sync.');

    act(() => root.render(<Above outbox={[]} />));
    expect([...container.children]).toEqual(before);
    expect(status?.textContent).toBe('');
  });

  it('lists a refused write above the view, with its reason', () => {
    act(() => root.render(<Above outbox={[goalRow('rejected'), goalRow('pending')]} />));
    expect(container.querySelector('ul[aria-label="Refused changes"]')?.textContent).toContain('Refused by the server');
    expect(container.querySelector('[role="status"]')?.textContent).toBe('1 change waiting to sync.');
  });
});

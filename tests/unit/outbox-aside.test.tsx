// @vitest-environment happy-dom
/**
 * Writes set aside (another person made them in this browser, see utils/sync/identity.ts): listed as that person's,
 * discardable, and never counted in what the signed-in person's own writes show.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefusedWrites } from '../../components/shared/RefusedWrites.tsx';
import { writeStateOf } from '../../components/shared/write-state.ts';
import { refusalsOf } from '../../components/sidebar/refusals.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { uuid } from '../support/sync-fixtures.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ITEM = 'jira:acme.atlassian.net/PAY-2';
const ana = { workspaceId: uuid(), userId: uuid(), name: 'Ana Lima' };

function decisionRow(status: OutboxRow['status'], title: string): OutboxRow {
  const mutationId = uuid();
  const id = uuid();
  return {
    seq: 1,
    mutationId,
    mutation: {
      mutationId,
      type: 'decision.create',
      id,
      data: {
        title,
        rationale: '',
        status: 'accepted',
        decidedAt: '2026-12-01T10:00:00.000Z',
        decidedBy: 'Ana Lima',
        itemKeys: [ITEM],
        teamId: null,
        goalId: null,
        quote: null,
        sourceUrl: null,
        supersedes: null,
      },
    } as OutboxRow['mutation'],
    touches: [`decision:${id}`],
    status,
    attempts: 0,
    createdAt: Date.now(),
    author: ana,
    ...(status === 'aside' ? { asideFrom: 'pending' as const } : {}),
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

describe('writes set aside', () => {
  it("are listed as their author's, with discard and nothing else", () => {
    act(() => root.render(<RefusedWrites outbox={[decisionRow('aside', 'Retry twice')]} />));
    const row = container.querySelector('[data-outbox-status="aside"]');
    expect(row?.textContent).toContain('Kept aside, by Ana Lima: new decision');
    expect(row?.textContent).toContain('sent when they sign in again in this browser, never as you');
    expect([...(row?.querySelectorAll('button') ?? [])].map((button) => button.textContent)).toEqual(['Discard']);
  });

  it("say nothing about the signed-in person's own writes or refusals", () => {
    const aside = decisionRow('aside', 'Retry twice');
    expect(writeStateOf([aside])).toBeUndefined();
    expect(writeStateOf([aside, decisionRow('pending', 'Mine')])).toEqual({ status: 'pending', error: undefined });
    expect(refusalsOf([aside], ITEM, { teams: [], goals: [] })).toEqual([]);
    expect(refusalsOf([decisionRow('rejected', 'Refused')], ITEM, { teams: [], goals: [] })).toHaveLength(1);
  });
});

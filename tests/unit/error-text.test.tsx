// @vitest-environment happy-dom
/**
 * A refusal the server stored in the outbox is shown in the user's language, said from its code and params
 * (utils/errors.ts), not in the server's English words: the role it needs by its translated name.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeSync } from '../../components/options/sync-summary.ts';
import { RefusedWrites } from '../../components/shared/RefusedWrites.tsx';
import { refusalsOf } from '../../components/sidebar/refusals.ts';
import type { OutboxRow, SyncStateRow } from '../../utils/db/schema.ts';
import { speaking } from '../support/locale-messages.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ITEM = 'jira:acme.atlassian.net/PAY-1';
const refused: OutboxRow = {
  seq: 1,
  mutationId: '00000000-0000-4000-8000-0000000000a1',
  mutation: {
    mutationId: '00000000-0000-4000-8000-0000000000a1',
    type: 'link.create',
    id: '00000000-0000-4000-8000-0000000000b1',
    data: { kind: 'owner', itemKey: ITEM, teamId: '00000000-0000-4000-8000-0000000000c1' },
  },
  touches: ['link:00000000-0000-4000-8000-0000000000b1'],
  status: 'rejected',
  attempts: 1,
  createdAt: 1,
  error: {
    code: 'forbidden',
    message: 'a viewer may not do this: it needs the member role',
    params: { role: 'viewer', needed: 'member' },
  },
};

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function render(rows: OutboxRow[]): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(<RefusedWrites outbox={rows} />));
  return container;
}

describe('a refused write in the user language', () => {
  it('lists the refusal in German with the role it needs by its German name', async () => {
    const shown = await speaking('de', () => render([refused]).textContent);
    expect(shown).toContain('Als Betrachter darfst du das nicht: Dafür braucht es die Rolle Mitglied.');
    expect(shown).not.toContain('needs the member role');
  });

  it('says it in English too, and a code it does not know in the server words', () => {
    expect(render([refused]).textContent).toContain('A viewer may not do this: it needs the member role.');
    act(() => root?.unmount());
    const later = { ...refused, error: { code: 'added_later', message: 'refused for a reason of later' } };
    expect(render([later]).textContent).toContain('refused for a reason of later');
  });

  it("gives the sidebar's section the same reason, in German", async () => {
    const teams = [{ id: '00000000-0000-4000-8000-0000000000c1', label: 'Growth' }];
    const [refusal] = await speaking('de', () => refusalsOf([refused], ITEM, { teams, goals: [] }));
    expect(refusal?.reason).toBe('Als Betrachter darfst du das nicht: Dafür braucht es die Rolle Mitglied.');
  });

  it("names a refused move in the reader's language, said when the refusal is drawn, not as the module loaded", async () => {
    const decisionId = '00000000-0000-4000-8000-0000000000d1';
    const moved: OutboxRow = {
      ...refused,
      mutation: {
        mutationId: refused.mutationId,
        type: 'decision.transition',
        id: decisionId,
        data: { transition: 'accept' },
      },
      touches: [`decision:${decisionId}`],
    };
    const names = { teams: [], goals: [], decisions: [{ id: decisionId, title: 'Ship it' }] };
    const [german] = await speaking('de', () => refusalsOf([moved], ITEM, names));
    expect(german?.what).toBe('Annehmen: Ship it');
    expect(refusalsOf([moved], ITEM, names)[0]?.what).toBe('Accepting: Ship it');
  });

  it("says the last sync's failure in German from its code", async () => {
    const state: SyncStateRow = {
      id: 'main',
      cursor: null,
      lastSyncAt: null,
      status: 'backoff',
      nextAttemptAt: null,
      serverUrl: 'http://hallway.internal:8787',
      lastError: { code: 'server_failed', message: 'server_failed', params: { httpStatus: 502 }, at: 0 },
    };
    const summary = await speaking('de', () => summarizeSync(state, { pending: 0, rejected: 0, conflict: 0 }, 0));
    expect(summary.detail).toBe('Beim Server ist ein Fehler aufgetreten (HTTP 502).');
  });
});

import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { canTransition, DECISION_TRANSITIONS, type DecisionStatus, zDecisionStatus } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { refusalOf } from '../support/refusal.ts';
import { decision, jiraRef, uuid } from '../support/sync-fixtures.ts';

const allowedFrom = (transition: keyof typeof DECISION_TRANSITIONS) =>
  zDecisionStatus.options.filter((status: DecisionStatus) => canTransition(status, transition));

describe('the decision lifecycle (the contract table)', () => {
  it('accepts or withdraws only a proposed decision, reverts only an accepted one', () => {
    expect(allowedFrom('accept')).toEqual(['proposed']);
    expect(allowedFrom('withdraw')).toEqual(['proposed']);
    expect(allowedFrom('revert')).toEqual(['accepted']);
  });

  it('supersedes a proposed or accepted decision, never a withdrawn, reverted or superseded one', () => {
    expect(allowedFrom('supersede')).toEqual(['proposed', 'accepted']);
  });

  it('gives each move the status it names, and no move leaves a withdrawn, reverted or superseded decision', () => {
    expect(Object.fromEntries(Object.entries(DECISION_TRANSITIONS).map(([name, { to }]) => [name, to]))).toEqual({
      accept: 'accepted',
      withdraw: 'withdrawn',
      revert: 'reverted',
      supersede: 'superseded',
    });
    for (const final of ['withdrawn', 'reverted', 'superseded'] as const) {
      expect(Object.keys(DECISION_TRANSITIONS).filter((t) => canTransition(final, t as never))).toEqual([]);
    }
  });
});

describe('lifecycle and notes in the local mirror', () => {
  const idb = { indexedDB, IDBKeyRange };
  const env: WriteEnv = {
    now: () => Date.parse('2026-11-20T09:30:00Z'),
    newId: () => crypto.randomUUID(),
    actor: 'Ana',
  };
  const ref = jiraRef('PAY-1');

  async function withProposal() {
    const db = openDb(`lifecycle-${uuid()}`, idb);
    const proposal = decision('Use Stripe', '2026-11-01T00:00:00.000Z', { status: 'proposed', itemKeys: [ref.key] });
    await db.decisions.put(proposal);
    return { db, proposal };
  }

  it('accepts a proposed decision at once, with who and when, and queues the move', async () => {
    const { db, proposal } = await withProposal();
    await performWrite(db, { kind: 'decision.transition', id: proposal.id, data: { transition: 'accept' } }, env);
    expect(await db.decisions.get(proposal.id)).toMatchObject({
      status: 'accepted',
      statusHistory: [{ status: 'accepted', by: 'Ana', at: '2026-11-20T09:30:00.000Z' }],
    });
    const [row] = await db.outbox.toArray();
    expect(row?.mutation).toMatchObject({
      type: 'decision.transition',
      id: proposal.id,
      data: { transition: 'accept' },
    });
  });

  it('refuses a move the status does not allow, changing nothing', async () => {
    const { db, proposal } = await withProposal();
    expect(
      await refusalOf(
        performWrite(db, { kind: 'decision.transition', id: proposal.id, data: { transition: 'revert' } }, env),
      ),
    ).toEqual({
      code: 'invalid_transition',
      text: 'A decision with the status Proposed cannot be set to Reverted.',
    });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.decisions.get(proposal.id))?.status).toBe('proposed');
  });

  it('keeps a note as a note, about the item, never among its decisions', async () => {
    const db = openDb(`lifecycle-${uuid()}`, idb);
    await performWrite(
      db,
      { kind: 'logNote', note: { title: 'Legal wants a review' }, item: { ref, title: 'Checkout' } },
      env,
    );
    expect(await db.decisions.count()).toBe(0);
    const [note] = await db.notes.where('itemKeys').equals(ref.key).toArray();
    expect(note).toMatchObject({ title: 'Legal wants a review', createdBy: 'Ana', itemKeys: [ref.key] });
    expect((await db.outbox.toArray()).map((row) => row.mutation.type)).toEqual(['item.upsert', 'note.create']);
  });
});

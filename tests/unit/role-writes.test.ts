/** Local writes follow the contract's table too, and a refused write is placed in the sidebar section it came from. */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { refusalsOf } from '../../components/sidebar/refusals.ts';
import type { Mutation } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { speaking } from '../support/locale-messages.ts';
import { refusalOf } from '../support/refusal.ts';
import { goal, jiraRef, team, uuid } from '../support/sync-fixtures.ts';

const env = (role: WriteEnv['role']): WriteEnv => ({
  now: Date.now,
  newId: () => crypto.randomUUID(),
  actor: 'Vic',
  role,
});
const ref = jiraRef('PAY-1');
const teamId = uuid();
const ownerLink = { kind: 'linkItem', link: { kind: 'owner', itemKey: ref.key, teamId }, item: { ref } } as const;

describe('local writes and the role', () => {
  it('refuses a write the known role may not make, before it shows or reaches the outbox', async () => {
    const db = openDb(`roles-${uuid()}`, { indexedDB, IDBKeyRange });
    expect(await refusalOf(performWrite(db, ownerLink, env('viewer')))).toEqual({
      code: 'forbidden',
      text: 'A viewer may not do this: it needs the member role.',
    });
    // The roles' names are said in the same language as the sentence.
    expect(await speaking('de', () => refusalOf(performWrite(db, ownerLink, env('viewer'))))).toEqual({
      code: 'forbidden',
      text: 'Als Betrachter darfst du das nicht: Dafür braucht es die Rolle Mitglied.',
    });
    expect(
      await refusalOf(
        performWrite(
          db,
          { kind: 'rule.create', data: { tool: 'jira', field: 'jiraProject', pattern: 'PAY', teamId } },
          env('member'),
        ),
      ),
    ).toEqual({ code: 'forbidden', text: 'A member may not do this: it needs the admin role.' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.links.count()).toBe(0);
  });

  it('lets a member link and, with the role unknown (never connected), leaves the verdict to the server', async () => {
    const db = openDb(`roles-${uuid()}`, { indexedDB, IDBKeyRange });
    await performWrite(db, ownerLink, env('member'));
    await performWrite(db, { ...ownerLink, link: { kind: 'goal', itemKey: ref.key, goalId: uuid() } }, env(null));
    expect(await db.links.count()).toBe(2);
  });
});

describe('refusals in the sidebar', () => {
  const row = (mutation: Mutation, status: OutboxRow['status'] = 'rejected'): OutboxRow => ({
    mutationId: mutation.mutationId,
    mutation,
    touches: [],
    status,
    attempts: 1,
    createdAt: 0,
    error: {
      code: 'forbidden',
      message: 'a viewer may not do this: it needs the member role',
      params: { role: 'viewer', needed: 'member' },
    },
  });
  const goalId = uuid();
  const names = { teams: [{ id: teamId, label: 'Growth' }], goals: [{ id: goalId, label: 'Launch EU' }] };
  const link = (data: Extract<Mutation, { type: 'link.create' }>['data']): Mutation => ({
    mutationId: uuid(),
    type: 'link.create',
    id: uuid(),
    data,
  });

  it('places each refused write of the item in its section, names it, and gives the reason', () => {
    const capture: Mutation = {
      mutationId: uuid(),
      type: 'item.upsert',
      id: uuid(),
      data: { ref, title: '', context: {} },
    };
    const rows = [
      row(capture),
      row(link({ kind: 'owner', itemKey: ref.key, teamId })),
      row(link({ kind: 'goal', itemKey: ref.key, goalId })),
      row(link({ kind: 'owner', itemKey: 'jira:acme.atlassian.net/PAY-2', teamId })),
      row(link({ kind: 'owner', itemKey: ref.key, teamId }), 'pending'),
    ];
    const refusals = refusalsOf(rows, ref.key, names);
    expect(refusals.map(({ place, what }) => [place, what])).toEqual([
      ['owner', 'Owner: Growth'],
      ['goal', 'Goal: Launch EU'],
    ]);
    expect(refusals[0]?.reason).toContain('needs the member role');
    // The capture refused with them goes when they are dismissed.
    expect(refusals[0]?.companions).toEqual([capture.mutationId]);
  });
});

describe('a refused link to what is gone since', () => {
  it('still names the team and the goal as they were when the link was made', async () => {
    const db = openDb(`roles-${uuid()}`, { indexedDB, IDBKeyRange });
    const goalId = uuid();
    await db.teams.put(team('Chargebacks', { id: teamId }));
    await db.goals.put(goal('Fewer disputes', { id: goalId }));
    await performWrite(db, ownerLink, env('member'));
    await performWrite(
      db,
      { kind: 'linkItem', link: { kind: 'goal', itemKey: ref.key, goalId }, item: { ref } },
      env('member'),
    );
    // The server refuses both (an admin deleted them meanwhile) and the pull removes them from the mirror.
    await db.outbox.toCollection().modify({ status: 'rejected', error: { code: 'not_found', message: 'gone' } });
    await db.teams.clear();
    await db.goals.clear();
    const refusals = refusalsOf(await db.outbox.toArray(), ref.key, { teams: [], goals: [] });
    expect(refusals.map(({ place, what }) => [place, what])).toEqual([
      ['owner', 'Owner: Chargebacks'],
      ['goal', 'Goal: Fewer disputes'],
    ]);
  });
});

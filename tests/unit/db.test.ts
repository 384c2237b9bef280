import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { touchesOf } from '../../utils/db/schema.ts';
import { DEXIE_VERSIONS, declareVersions } from '../../utils/db/versions.ts';
import { textsOf } from '../../utils/db/write-text.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { applyPushResults } from '../../utils/sync/apply.ts';
import { refusalOf } from '../support/refusal.ts';
import { acmeWorkspace, decision, goalLink, jiraRef, ownerLink, relatedLink, uuid } from '../support/sync-fixtures.ts';

const idb = { indexedDB, IDBKeyRange };
const env: WriteEnv = { now: () => Date.parse('2026-04-01T12:00:00Z'), newId: () => crypto.randomUUID(), actor: 'Ana' };
const pay1 = { ref: jiraRef('PAY-1'), title: 'Retry failed card payments', context: { jiraProject: 'PAY' } };

async function seeded() {
  const db = openDb(`db-${uuid()}`, idb);
  const acme = acmeWorkspace();
  await db.teams.bulkPut([...acme.data.teams]);
  await db.goals.bulkPut([...acme.data.goals]);
  await db.decisions.bulkPut([...acme.data.decisions]);
  return { db, acme };
}

describe('local writes', () => {
  it('show at once and queue their mutations in write order', async () => {
    const { db } = await seeded();
    const result = await performWrite(
      db,
      {
        kind: 'logDecision',
        item: pay1,
        decision: { title: 'Ship retries', decidedAt: '2026-04-01T12:00:00Z', decidedBy: 'Ana', itemKeys: [] },
      },
      env,
    );
    const [itemId, decisionId] = result.ids;
    const decision = await db.decisions.get(decisionId as string);
    expect(decision).toMatchObject({ title: 'Ship retries', status: 'accepted', itemKeys: [pay1.ref.key], version: 0 });
    expect(await db.items.get(itemId as string)).toMatchObject({ ref: pay1.ref, title: pay1.title });
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((row) => [row.mutation.type, row.status, row.mutationId])).toEqual([
      ['item.upsert', 'pending', result.mutationIds[0]],
      ['decision.create', 'pending', result.mutationIds[1]],
    ]);
    // The pending state is visible per entity through the outbox index.
    expect(await db.outbox.where('touches').equals(`decision:${decisionId}`).count()).toBe(1);
  });

  it('captures a known item key into the same row', async () => {
    const { db } = await seeded();
    const first = await performWrite(db, { kind: 'capture', item: pay1 }, env);
    const second = await performWrite(db, { kind: 'capture', item: { ...pay1, title: 'Renamed' } }, env);
    expect(second.ids).toEqual(first.ids);
    expect(await db.items.where('ref.key').equals(pay1.ref.key).toArray()).toMatchObject([{ title: 'Renamed' }]);
  });

  it('marks the superseded decision at once', async () => {
    const { db, acme } = await seeded();
    const { third } = acme.decisions;
    const result = await performWrite(
      db,
      {
        kind: 'decision.create',
        data: { title: 'No retries', decidedAt: '2026-04-01T12:00:00Z', decidedBy: 'Ana', supersedes: third.id },
      },
      env,
    );
    expect(await db.decisions.get(third.id)).toMatchObject({ status: 'superseded', supersededBy: result.ids[0] });
    expect((await db.outbox.toArray())[0]?.touches).toEqual([`decision:${result.ids[0]}`, `decision:${third.id}`]);
  });

  it('shows no status history for a local goal create, and keeps the pulled history on an edit', async () => {
    const { db, acme } = await seeded();
    const created = await performWrite(db, { kind: 'goal.create', data: { title: 'Cut churn' } }, env);
    expect(await db.goals.get(created.ids[0] as string)).toMatchObject({ version: 0, statusHistory: [] });
    const goalId = acme.goals.uptimeGoal.id;
    const history = [{ status: 'on_track' as const, progress: 0, at: '2026-03-01T09:00:00.000Z', by: 'Ana' }];
    await db.goals.update(goalId, { statusHistory: history });
    await performWrite(db, { kind: 'goal.update', id: goalId, data: { status: 'done', progress: 100 } }, env);
    expect(await db.goals.get(goalId)).toMatchObject({ status: 'done', progress: 100, statusHistory: history });
  });

  it('bases each goal edit on the version the edits queued before it will have made', async () => {
    const { db, acme } = await seeded();
    const goalId = acme.goals.uptimeGoal.id;
    await db.goals.update(goalId, { version: 7 });
    await performWrite(db, { kind: 'goal.update', id: goalId, data: { progress: 40 } }, env);
    await performWrite(db, { kind: 'goal.update', id: goalId, data: { status: 'at_risk' } }, env);
    expect(await db.goals.get(goalId)).toMatchObject({ progress: 40, status: 'at_risk', version: 7 });
    const sent = (await db.outbox.toArray()).map((row) => row.mutation);
    expect(sent.map((m) => ('baseVersion' in m ? m.baseVersion : null))).toEqual([7, 8]);
  });

  it('leaves nothing behind when a write fails half-way', async () => {
    const { db } = await seeded();
    await expect(
      performWrite(
        db,
        { kind: 'linkItem', item: pay1, link: { kind: 'goal', itemKey: pay1.ref.key, goalId: uuid() } },
        {
          ...env,
          // The third id would be the link's: fail there, after the item was captured inside the transaction.
          newId: failingAfter(2),
        },
      ),
    ).rejects.toThrow('id source exhausted');
    expect(await db.items.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.bases.count()).toBe(0);
  });

  it('refuses to edit a goal the mirror does not hold, and a mutation the contract would refuse', async () => {
    const { db } = await seeded();
    const missing = uuid();
    expect(await refusalOf(performWrite(db, { kind: 'goal.update', id: missing, data: { progress: 1 } }, env))).toEqual(
      {
        code: 'not_found',
        text: `No goal ${missing} in the local mirror.`,
      },
    );
    await expect(performWrite(db, { kind: 'goal.create', data: { title: '   ' } }, env)).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
  });

  it("changing an item's owner or goal replaces its link at once, and discarding the refused change brings it back", async () => {
    const { db, acme } = await seeded();
    const key = pay1.ref.key;
    const oldOwner = ownerLink(key, acme.teams.payments.id);
    const oldGoal = goalLink(key, acme.goals.retriesGoal.id);
    const relatedKey = 'notion:0123456789abcdef0123456789abcdef';
    const related = relatedLink(key, relatedKey);
    await db.links.bulkPut([oldOwner, oldGoal, related]);
    const owner = await performWrite(
      db,
      { kind: 'link.create', data: { kind: 'owner', itemKey: key, teamId: acme.teams.growth.id } },
      env,
    );
    await performWrite(
      db,
      { kind: 'link.create', data: { kind: 'goal', itemKey: key, goalId: acme.goals.uptimeGoal.id } },
      env,
    );
    const links = await db.links.where('itemKey').equals(key).toArray();
    expect(links.map((link) => [link.kind, 'relatedItemKey' in link ? link.relatedItemKey : link.id]).sort()).toEqual(
      [
        ['goal', expect.any(String)],
        ['owner', owner.ids[0]],
        ['related', relatedKey],
      ].sort(),
    );
    expect(links.find((link) => link.kind === 'goal')).toMatchObject({ goalId: acme.goals.uptimeGoal.id });
    // One write: the new link's outbox row also holds the replaced one, so a replay keeps it hidden or restores it.
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows[0]?.touches).toEqual([`link:${owner.ids[0]}`, `link:${oldOwner.id}`]);
    await db.outbox
      .where('mutationId')
      .equals(owner.mutationIds[0] as string)
      .modify({ status: 'rejected' });
    await performWrite(db, { kind: 'discardWrite', mutationId: owner.mutationIds[0] as string }, env);
    const owners = await db.links
      .where('itemKey')
      .equals(key)
      .filter((link) => link.kind === 'owner')
      .toArray();
    expect(owners).toEqual([oldOwner]);
  });

  it('keeps a write the server refused for its content, with its text, until the user edits and resends or discards it', async () => {
    const { db } = await seeded();
    const decision = {
      title: 'Ship retries',
      rationale: 'Soft declines recover.',
      quote: 'retry twice',
      decidedAt: '2026-04-01T12:00:00Z',
      decidedBy: 'Ana',
      itemKeys: [],
    };
    const { ids, mutationIds } = await performWrite(db, { kind: 'decision.create', data: decision }, env);
    const [decisionId, mutationId] = [ids[0] as string, mutationIds[0] as string];
    const meta = { now: '2026-04-01T12:00:01Z', actor: 'Ana' };
    await applyPushResults(
      db,
      [{ mutationId, status: 'rejected', code: 'invalid', message: 'title: not allowed' }],
      meta,
    );

    // Taken back from the decision log, but the outbox row keeps every word, as refused.
    expect(await db.decisions.get(decisionId)).toBeUndefined();
    const [refused] = await db.outbox.toArray();
    expect(refused).toMatchObject({ status: 'rejected', error: { message: 'title: not allowed' } });
    expect(textsOf((refused as OutboxRow).mutation)).toEqual([
      { field: 'title', label: { key: 'field.title' }, value: 'Ship retries' },
      { field: 'rationale', label: { key: 'field.rationale' }, value: 'Soft declines recover.' },
      { field: 'quote', label: { key: 'field.quote' }, value: 'retry twice' },
    ]);

    // Only text can be edited, and only on a refused write.
    expect(
      await refusalOf(
        performWrite(db, { kind: 'editRefused', mutationId, texts: { decidedAt: '2020-01-01T00:00:00Z' } }, env),
      ),
    ).toEqual({ code: 'not_resolvable', text: 'There is no text to edit in the “decidedAt” of this write.' });
    const edited = await performWrite(
      db,
      { kind: 'editRefused', mutationId, texts: { title: 'Ship two retries\u0000' } },
      env,
    );
    expect(edited.ids).toEqual([decisionId]);
    expect(edited.mutationIds[0]).not.toBe(mutationId);
    const [again] = await db.outbox.toArray();
    expect(again).toMatchObject({ status: 'pending', attempts: 0, mutationId: edited.mutationIds[0] });
    expect(again?.error).toBeUndefined();
    expect(await db.decisions.get(decisionId)).toMatchObject({
      title: 'Ship two retries',
      rationale: decision.rationale,
    });
    expect(
      await refusalOf(
        performWrite(
          db,
          { kind: 'editRefused', mutationId: edited.mutationIds[0] as string, texts: { title: 'x' } },
          env,
        ),
      ),
    ).toEqual({ code: 'not_resolvable', text: 'Only a write the server refused can be edited and sent again.' });
  });

  it('relinks an item to a decision at once, adding each key once', async () => {
    const { db, acme } = await seeded();
    const { third } = acme.decisions;
    const keys = [acme.items.spec.ref.key, third.itemKeys[0] as string];
    await performWrite(db, { kind: 'decision.linkItems', id: third.id, itemKeys: keys }, env);
    expect((await db.decisions.get(third.id))?.itemKeys).toEqual([...third.itemKeys, acme.items.spec.ref.key]);
    const [row] = await db.outbox.toArray();
    expect(row?.mutation).toMatchObject({ type: 'decision.linkItems', id: third.id, itemKeys: keys });
    expect(row?.touches).toEqual([`decision:${third.id}`]);
  });

  it('discarding a rejected write shows the server state again', async () => {
    const { db, acme } = await seeded();
    const goalId = acme.goals.uptimeGoal.id;
    const { mutationIds } = await performWrite(
      db,
      { kind: 'goal.update', id: goalId, data: { title: 'Renamed' } },
      env,
    );
    expect(
      await refusalOf(performWrite(db, { kind: 'discardWrite', mutationId: mutationIds[0] as string }, env)),
    ).toEqual({
      code: 'not_resolvable',
      text: 'Only a rejected or conflicting write can be retried or discarded.',
    });
    await db.outbox
      .where('mutationId')
      .equals(mutationIds[0] as string)
      .modify({ status: 'rejected' });
    await performWrite(db, { kind: 'discardWrite', mutationId: mutationIds[0] as string }, env);
    expect(await db.goals.get(goalId)).toEqual(acme.goals.uptimeGoal);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.bases.count()).toBe(0);
  });
});

function failingAfter(count: number): () => string {
  let calls = 0;
  return () => {
    calls += 1;
    if (calls > count) throw new Error('id source exhausted');
    return crypto.randomUUID();
  };
}

describe('database migrations', () => {
  const pendingDecision = (): Mutation => ({
    mutationId: crypto.randomUUID(),
    type: 'decision.create',
    id: crypto.randomUUID(),
    data: {
      title: 'Written by an old release',
      rationale: '',
      status: 'accepted',
      decidedAt: '2026-01-01T00:00:00.000Z',
      decidedBy: 'Ana',
      teamId: null,
      goalId: null,
      itemKeys: ['jira:acme.atlassian.net/PAY-1'],
      quote: null,
      sourceUrl: null,
      supersedes: crypto.randomUUID(),
    },
  });

  it.each(DEXIE_VERSIONS.slice(0, -1).map((entry) => entry.version))(
    'upgrades a version %i database holding pending outbox rows without losing one',
    async (version) => {
      const name = `migrate-${uuid()}`;
      const old = new Dexie(name, idb);
      declareVersions(old, DEXIE_VERSIONS.findIndex((entry) => entry.version === version) + 1);
      const mutations = [pendingDecision(), pendingDecision()];
      // Rows as that release wrote them: `touches` and `attempts` came with version 2.
      for (const mutation of mutations) {
        const counted = version >= 2 ? { touches: touchesOf(mutation), attempts: 0 } : {};
        await old
          .table('outbox')
          .add({ mutationId: mutation.mutationId, mutation, status: 'pending', createdAt: 1, ...counted });
      }
      await old.table('decisions').put({ id: mutations[0]?.id, itemKeys: [] });
      old.close();

      const db = openDb(name, idb);
      const rows: OutboxRow[] = await db.outbox.orderBy('seq').toArray();
      expect(rows.map((row) => row.mutationId)).toEqual(mutations.map((m) => m.mutationId));
      expect(rows.every((row) => row.status === 'pending' && row.attempts === 0)).toBe(true);
      expect(rows[0]?.touches).toEqual(
        mutations[0]?.type === 'decision.create'
          ? [`decision:${mutations[0].id}`, `decision:${mutations[0].data.supersedes}`]
          : [],
      );
      expect(await db.outbox.where('status').equals('pending').count()).toBe(2);
      expect(await db.decisions.count()).toBe(1);
      expect(db.verno).toBe(DEXIE_VERSIONS.at(-1)?.version);
    },
  );

  it('gives goals cached before status histories an empty one, in the mirror and in the bases', async () => {
    const name = `migrate-goals-${uuid()}`;
    const old = new Dexie(name, idb);
    declareVersions(old, 2);
    const { statusHistory: _, ...cached } = acmeWorkspace().goals.uptimeGoal;
    await old.table('goals').put(cached);
    await old.table('bases').bulkPut([
      { touch: `goal:${cached.id}`, row: cached },
      { touch: `goal:${uuid()}`, row: null },
    ]);
    old.close();

    const db = openDb(name, idb);
    expect(await db.goals.get(cached.id)).toMatchObject({ ...cached, statusHistory: [] });
    expect(await db.bases.get(`goal:${cached.id}`)).toMatchObject({ row: { ...cached, statusHistory: [] } });
    expect(await db.bases.count()).toBe(2);
  });

  it('gives decisions cached before their lifecycle an empty history, and opens a notes table', async () => {
    const name = `migrate-decisions-${uuid()}`;
    const old = new Dexie(name, idb);
    declareVersions(old, 3);
    const { statusHistory: _, ...cached } = decision('Use Adyen', '2026-01-01T00:00:00.000Z');
    await old.table('decisions').put(cached);
    await old.table('bases').put({ touch: `decision:${cached.id}`, row: cached });
    old.close();

    const db = openDb(name, idb);
    expect(await db.decisions.get(cached.id)).toEqual({ ...cached, statusHistory: [] });
    expect(await db.bases.get(`decision:${cached.id}`)).toMatchObject({ row: { ...cached, statusHistory: [] } });
    expect(await db.notes.count()).toBe(0);
  });

  it('still opens after a rollback to an older release', async () => {
    const name = `rollback-${uuid()}`;
    const db = openDb(name, idb);
    await db.outbox.add({
      mutationId: crypto.randomUUID(),
      mutation: pendingDecision(),
      touches: [],
      status: 'pending',
      attempts: 0,
      createdAt: 1,
    });
    db.close();
    const older = new Dexie(name, idb);
    declareVersions(older, 1);
    expect(await older.table('outbox').count()).toBe(1);
  });
});

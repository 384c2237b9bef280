/**
 * "Owner, goal, decisions" of an item means the same in the sidebar, the launcher, the hub and the snapshot: each
 * answers from the one resolution, checked on every item of the demo workspace (server/seed/demo.ts).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { createDemoWorkspace, DEMO } from '../../server/seed/demo.ts';
import { summarizeItem } from '../../utils/background/sidebar.ts';
import type { EntityName, Link } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import { ENTITY_TABLES, type HallwayDexie, TABLE_OF } from '../../utils/db/schema.ts';
import { performWrite } from '../../utils/db/writes.ts';
import { dexieSource, resolveContext } from '../../utils/resolve/index.ts';
import type { MirrorArrays } from '../../utils/resolve/source.ts';
import { attributeItems, computeSnapshot, goalSubtree, weekOf } from '../../utils/snapshot/index.ts';
import { uuid } from '../support/sync-fixtures.ts';

let demo: Map<EntityName, unknown[]>;

beforeAll(async () => {
  const server = await openPglite();
  try {
    await migrate(server);
    const { workspaceId } = await createDemoWorkspace(server, new Date('2026-03-12T10:00:00Z'));
    const rows = await server.query<{ entity: EntityName; data: unknown }>(
      "SELECT entity, data FROM changes WHERE workspace_id = $1 AND op = 'upsert' ORDER BY seq",
      [workspaceId],
    );
    demo = new Map();
    for (const row of rows) demo.set(row.entity, [...(demo.get(row.entity) ?? []), row.data]);
  } finally {
    await server.close();
  }
});

let db: HallwayDexie;
afterAll(() => db?.close());

/** A browser's mirror of the demo workspace, as a pull leaves it. */
async function mirrorOfDemo(): Promise<HallwayDexie> {
  db = openDb(`one-resolution-${uuid()}`, { indexedDB, IDBKeyRange });
  await db.transaction('rw', ENTITY_TABLES, async () => {
    for (const [entity, rows] of demo) await db.table(TABLE_OF[entity]).bulkPut(rows);
  });
  return db;
}

async function arraysOf(mirror: HallwayDexie): Promise<MirrorArrays> {
  const [teams, goals, decisions, items, links, rules] = await Promise.all([
    mirror.teams.toArray(),
    mirror.goals.toArray(),
    mirror.decisions.toArray(),
    mirror.items.toArray(),
    mirror.links.toArray(),
    mirror.rules.toArray(),
  ]);
  return { teams, goals, decisions, items, links, rules };
}

interface Answer {
  team: string | null;
  goal: string | null;
  decisions: string[];
}

/** What each surface says about every item of the mirror, as team and goal ids and decision ids, newest first. */
async function answers(mirror: HallwayDexie) {
  const data = await arraysOf(mirror);
  const attribution = attributeItems(data);
  const week = weekOf('2026-03-12T10:00:00Z');
  const teamSnapshots = data.teams.map((team) => ({
    team,
    keys: new Set(
      Object.values(computeSnapshot(data, { kind: 'team', teamId: team.id }, week).itemsByTool).flatMap((bucket) =>
        bucket.items.map((item) => item.ref.key),
      ),
    ),
  }));
  const goalSnapshots = data.goals.map((goal) => ({
    goal,
    keys: new Set(
      Object.values(computeSnapshot(data, { kind: 'goal', goalId: goal.id }, week).itemsByTool).flatMap((bucket) =>
        bucket.items.map((item) => item.ref.key),
      ),
    ),
  }));
  const result = [];
  for (const item of data.items) {
    const key = item.ref.key;
    const resolved = await resolveContext(dexieSource(mirror), item.ref, item.context);
    const sidebar: Answer = {
      team: resolved.team?.id ?? null,
      goal: resolved.goal?.goal.id ?? null,
      decisions: resolved.decisions.map((entry) => entry.decision.id),
    };
    const launcher = await summarizeItem(mirror, {
      item: item.ref,
      title: item.title,
      context: item.context,
      reportedAt: 0,
    });
    const attributed = attribution.byItemKey.get(key);
    const hub: Answer = {
      team: attributed?.teamId ?? null,
      goal: attributed?.goalId ?? null,
      decisions: attributed?.decisionIds ?? [],
    };
    // The hub's team and goal pages list an item under exactly the team and the goal it resolves to.
    const teamPages = [...attribution.itemKeysByTeam].filter(([, keys]) => keys.includes(key)).map(([id]) => id);
    const goalPages = [...attribution.itemKeysByGoal].filter(([, keys]) => keys.includes(key)).map(([id]) => id);
    const goalOwner = data.goals.find((goal) => goal.id === sidebar.goal)?.ownerTeamId ?? null;
    result.push({
      key,
      sidebar,
      launcher: launcher && { team: launcher.team, goal: launcher.goal, decisions: launcher.decisions },
      launcherExpected: {
        team: resolved.team?.name ?? null,
        goal: resolved.goal?.goal.title ?? null,
        decisions: sidebar.decisions.length,
      },
      hub,
      teamPages,
      goalPages,
      // A team's snapshot covers what it owns and what serves its goals; a goal's covers its subtree's work.
      teamSnapshots: teamSnapshots
        .filter((entry) => entry.keys.has(key))
        .map((entry) => entry.team.id)
        .sort(),
      teamSnapshotsExpected: data.teams
        .filter((team) => team.id === sidebar.team || team.id === goalOwner)
        .map((team) => team.id)
        .sort(),
      goalSnapshots: goalSnapshots
        .filter((entry) => entry.keys.has(key))
        .map((entry) => entry.goal.id)
        .sort(),
      goalSnapshotsExpected: data.goals
        .filter((goal) => sidebar.goal !== null && goalSubtree(data.goals, goal.id).has(sidebar.goal))
        .map((goal) => goal.id)
        .sort(),
    });
  }
  return result;
}

function expectAgreement(all: Awaited<ReturnType<typeof answers>>) {
  for (const entry of all) {
    expect({ key: entry.key, answer: entry.hub }).toEqual({ key: entry.key, answer: entry.sidebar });
    expect({ key: entry.key, answer: entry.launcher }).toEqual({ key: entry.key, answer: entry.launcherExpected });
    expect({ key: entry.key, pages: entry.teamPages }).toEqual({
      key: entry.key,
      pages: entry.sidebar.team ? [entry.sidebar.team] : [],
    });
    expect({ key: entry.key, pages: entry.goalPages }).toEqual({
      key: entry.key,
      pages: entry.sidebar.goal ? [entry.sidebar.goal] : [],
    });
    expect({ key: entry.key, snapshots: entry.teamSnapshots }).toEqual({
      key: entry.key,
      snapshots: entry.teamSnapshotsExpected,
    });
    expect({ key: entry.key, snapshots: entry.goalSnapshots }).toEqual({
      key: entry.key,
      snapshots: entry.goalSnapshotsExpected,
    });
  }
}

const env = { now: () => Date.parse('2026-03-12T11:00:00Z'), newId: () => crypto.randomUUID(), actor: 'Ana' };

describe('one resolution of owner, goal and decisions', () => {
  it('agrees in the sidebar, the launcher, the hub and the snapshot on every demo item', async () => {
    const all = await answers(await mirrorOfDemo());
    expect(all.map((entry) => entry.key).sort()).toEqual(Object.values(DEMO.items).sort());
    expectAgreement(all);
    const pay1 = all.find((entry) => entry.key === DEMO.items.pay1);
    expect(pay1?.sidebar).toEqual({
      team: DEMO.teams.payments,
      goal: DEMO.goals.sepaGa,
      decisions: [DEMO.decisions.stripe, DEMO.decisions.adyen],
    });
  });

  it("still agrees after PAY-1's goal and owner change in this browser: one goal, one team, everywhere", async () => {
    const mirror = await mirrorOfDemo();
    const itemKey = DEMO.items.pay1;
    await performWrite(
      mirror,
      { kind: 'link.create', data: { kind: 'goal', itemKey, goalId: DEMO.goals.revenue } },
      env,
    );
    await performWrite(
      mirror,
      { kind: 'link.create', data: { kind: 'owner', itemKey, teamId: DEMO.teams.growth } },
      env,
    );
    const all = await answers(mirror);
    expectAgreement(all);
    const pay1 = all.find((entry) => entry.key === itemKey);
    expect(pay1?.sidebar).toMatchObject({ team: DEMO.teams.growth, goal: DEMO.goals.revenue });
    expect(pay1?.goalPages).toEqual([DEMO.goals.revenue]);
    expect(pay1?.teamSnapshots).toEqual([DEMO.teams.growth]);
  });

  it('picks the newest of duplicate owner and goal links an older server left in the mirror, everywhere', async () => {
    const mirror = await mirrorOfDemo();
    const older = <L extends Link>(link: L): L => ({
      ...link,
      id: crypto.randomUUID(),
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const links = await mirror.links.where('itemKey').equals(DEMO.items.pay1).toArray();
    for (const link of links) {
      if (link.kind === 'owner') await mirror.links.put({ ...older(link), teamId: DEMO.teams.platform } as Link);
      if (link.kind === 'goal') await mirror.links.put({ ...older(link), goalId: DEMO.goals.availability } as Link);
    }
    const all = await answers(mirror);
    expectAgreement(all);
    const pay1 = all.find((entry) => entry.key === DEMO.items.pay1);
    expect(pay1?.goalPages).toEqual([DEMO.goals.sepaGa]);
    expect(pay1?.teamPages).toEqual([DEMO.teams.payments]);
  });
});

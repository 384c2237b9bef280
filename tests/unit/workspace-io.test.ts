import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  type Note,
  zDecisionInput,
  zEntityId,
  zEntityName,
  zGoalInput,
  zNoteInput,
  zOwnershipRuleInput,
  zTeamInput,
} from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { say } from '../../utils/i18n.ts';
import type { Message } from '../../utils/message.ts';
import {
  applyImportPlan,
  exportWorkspace,
  IMPORT_ENTITIES,
  IMPORT_RULES,
  parseWorkspaceExport,
  planImport,
  type WorkspaceExport,
  type WorkspaceRows,
} from '../../utils/workspace-io/index.ts';
import { speaking } from '../support/locale-messages.ts';
import { acmeWorkspace, team, uuid } from '../support/sync-fixtures.ts';

const now = new Date('2026-04-01T12:00:00Z');
const empty: WorkspaceRows = { teams: [], goals: [], decisions: [], items: [], links: [], rules: [], notes: [] };
const fileOf = (data: WorkspaceRows): WorkspaceExport =>
  exportWorkspace(data, { now, workspace: { id: uuid(), name: 'Acme' } });

/** The Acme workspace with a note on PAY-1, kept for the Payments team under the retries goal. */
function acmeWithNote() {
  const acme = acmeWorkspace();
  const note: Note = {
    id: uuid(),
    version: 1,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    createdBy: 'Ana',
    title: 'Card network asked for the retry log',
    body: 'They want the last 30 days.',
    teamId: acme.teams.payments.id,
    goalId: acme.goals.retriesGoal.id,
    itemKeys: [acme.items.pay1.ref.key],
    quote: null,
    sourceUrl: null,
  };
  return { ...acme, note, data: { ...acme.data, notes: [note] } };
}

describe('workspace export and parse', () => {
  it("holds every entity of the contract: a workspace's export leaves none of its tables out", () => {
    expect([...IMPORT_ENTITIES].sort()).toEqual([...zEntityName.options].sort());
    const file = fileOf(acmeWithNote().data);
    const tables = {
      team: 'teams',
      goal: 'goals',
      rule: 'rules',
      item: 'items',
      link: 'links',
      decision: 'decisions',
      note: 'notes',
    } as const;
    for (const entity of IMPORT_ENTITIES) expect(file[tables[entity]].length, entity).toBeGreaterThan(0);
  });

  it('round-trips through JSON, validated by the contract', () => {
    const { data } = acmeWithNote();
    const parsed = parseWorkspaceExport(JSON.stringify(fileOf(data)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.decisions).toEqual(data.decisions);
    if (parsed.ok) expect(parsed.value.notes).toEqual(data.notes);
  });

  it('reads a file exported before notes were kept apart, as one without notes', () => {
    const { notes: _notes, ...older } = fileOf(acmeWithNote().data);
    const parsed = parseWorkspaceExport(JSON.stringify(older));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.notes).toEqual([]);
  });

  it("reports each invalid field with its path, and text that is not JSON, in the reader's language", async () => {
    const file = fileOf(acmeWithNote().data) as unknown as { goals: Record<string, unknown>[] };
    (file.goals[1] as Record<string, unknown>).status = 'paused';
    (file.goals[2] as Record<string, unknown>).progress = 140;
    const parsed = parseWorkspaceExport(JSON.stringify(file));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toHaveLength(2);
      const german = await speaking('de', () => parsed.errors.map(say));
      expect(german[0]).toMatch(/^goals\[1\]\.status ist ungültig \(.+\)\.$/);
      expect(german[1]).toMatch(/^goals\[2\]\.progress ist ungültig \(.+\)\.$/);
      expect(say(parsed.errors[0] as Message)).toMatch(/^goals\[1\]\.status is not valid \(.+\)\.$/);
    }
    const notJson = parseWorkspaceExport('{"format": ');
    const notJsonSaid = await speaking('de', () => (notJson.ok ? [] : notJson.errors.map(say)));
    expect(notJsonSaid[0]).toMatch(/^Die Datei ist kein JSON \(.+\)\.$/);
    const wrongFormat = parseWorkspaceExport(JSON.stringify({ ...fileOf(empty), format: 'other' }));
    expect(wrongFormat.ok === false && say(wrongFormat.errors[0] as Message)).toMatch(/^format is not valid /);
  });
});

describe('planImport (the dry run)', () => {
  it('finds nothing to do when the file is this workspace', () => {
    const { data } = acmeWithNote();
    const plan = planImport(data, fileOf(data));
    expect(plan.steps).toEqual([]);
    expect(plan.summary.team).toEqual({ create: 0, update: 0, unchanged: 4 });
    expect(plan.summary.link).toEqual({ create: 0, update: 0, unchanged: 6 });
    expect(plan.summary.decision).toEqual({ create: 0, update: 0, unchanged: 4 });
    expect(plan.summary.note).toEqual({ create: 0, update: 0, unchanged: 1 });
    expect(plan.notes).toEqual([]);
  });

  it('lists field-level updates, matches teams by slug, and says what it will not do', async () => {
    const acme = acmeWithNote();
    const file = fileOf(acme.data);
    file.goals = file.goals.map((row) => (row.id === acme.goals.uptimeGoal.id ? { ...row, status: 'at_risk' } : row));
    // The same team under another id (a file from another workspace) is matched by its slug.
    file.teams = file.teams.map((row) =>
      row.slug === 'growth' ? { ...row, id: uuid(), description: 'Growth!' } : row,
    );
    file.decisions = file.decisions.map((row) =>
      row.id === acme.decisions.unrelated.id ? { ...row, rationale: 'x' } : row,
    );
    const extra = team('Legal');
    const plan = planImport({ ...acme.data, teams: [...acme.data.teams, extra] }, file);
    expect(plan.steps.map((step) => [step.entity, step.action, step.label, step.fields])).toEqual([
      ['team', 'update', 'Growth', ['description']],
      ['goal', 'update', '99.95% API uptime', ['status']],
    ]);
    expect(plan.steps[1]?.write(new Map())).toEqual({
      kind: 'goal.update',
      id: acme.goals.uptimeGoal.id,
      data: { status: 'at_risk' },
    });
    expect(plan.steps[0]?.write(new Map())).toMatchObject({ kind: 'team.update', id: acme.teams.growth.id });
    expect(plan.notes.map(say)).toEqual([
      "Decisions in the file that differ from this workspace's: 1. Decisions are append-only, so they stay as they are.",
      'Not in the file, and staying (an import never deletes): 1 teams.',
    ]);
    expect(await speaking('de', () => plan.notes.map(say))).toEqual([
      'Entscheidungen in der Datei, die von denen dieses Workspace abweichen: 1. Entscheidungen werden nur ergänzt, sie bleiben, wie sie sind.',
      'Nicht in der Datei und bleiben (ein Import löscht nie): 1 Teams.',
    ]);
  });

  it('creates a whole workspace parents first, translating every reference to the new ids', async () => {
    const acme = acmeWithNote();
    const plan = planImport(empty, fileOf(acme.data));
    expect(plan.summary.goal.create).toBe(4);
    const order = plan.steps.map((step) => step.entity);
    expect(order.lastIndexOf('team')).toBeLessThan(order.indexOf('goal'));
    expect(order.lastIndexOf('item')).toBeLessThan(order.indexOf('link'));

    let next = 0;
    const writes: unknown[] = [];
    const progress = await applyImportPlan(plan, async (write) => {
      writes.push(write);
      next += 1;
      return { ids: [`new-${next}`], mutationIds: [] };
    });
    expect(progress).toMatchObject({ done: plan.steps.length, total: plan.steps.length, failed: [] });
    const newIdOf = (fileId: string) => `new-${plan.steps.findIndex((step) => step.fileId === fileId) + 1}`;
    expect(writes).toContainEqual({
      kind: 'goal.create',
      data: expect.objectContaining({
        title: 'Recover failed card payments',
        parentGoalId: newIdOf(acme.goals.checkoutGoal.id),
        ownerTeamId: newIdOf(acme.teams.payments.id),
      }),
    });
    expect(writes).toContainEqual({
      kind: 'decision.create',
      data: expect.objectContaining({
        title: 'Retry failed payments 5 times',
        status: 'accepted',
        supersedes: newIdOf(acme.decisions.first.id),
      }),
    });
    expect(writes).toContainEqual({
      kind: 'link.create',
      data: { kind: 'goal', itemKey: acme.items.pay1.ref.key, goalId: newIdOf(acme.goals.retriesGoal.id) },
    });
    expect(writes).toContainEqual({
      kind: 'note.create',
      data: {
        title: 'Card network asked for the retry log',
        body: 'They want the last 30 days.',
        teamId: newIdOf(acme.teams.payments.id),
        goalId: newIdOf(acme.goals.retriesGoal.id),
        itemKeys: [acme.items.pay1.ref.key],
        quote: null,
        sourceUrl: null,
      },
    });
  });

  it('applies through the local write path, so every step becomes an outbox mutation the contract accepts', async () => {
    const db = openDb(`io-${uuid()}`, { indexedDB, IDBKeyRange });
    const env: WriteEnv = { now: () => now.getTime(), newId: () => crypto.randomUUID(), actor: 'Ana' };
    const acme = acmeWithNote();
    const plan = planImport(empty, fileOf(acme.data));
    const progress = await applyImportPlan(plan, (write) => performWrite(db, write, env));
    expect(progress.failed).toEqual([]);
    expect(await db.outbox.count()).toBe(plan.steps.length);
    const goals = await db.goals.toArray();
    const byTitle = new Map(goals.map((row) => [row.title, row]));
    expect(byTitle.get('Recover failed card payments')?.parentGoalId).toBe(
      byTitle.get('Checkout conversion to 4%')?.id,
    );
    const third = (await db.decisions.toArray()).find((row) => row.title.startsWith('Retry with exponential'));
    const second = (await db.decisions.toArray()).find((row) => row.title === 'Retry failed payments 5 times');
    expect(third?.supersedes).toBe(second?.id);
    expect(second?.status).toBe('superseded');
    const [note] = await db.notes.toArray();
    expect(note).toMatchObject({
      title: acme.note.title,
      itemKeys: acme.note.itemKeys,
      goalId: byTitle.get('Recover failed card payments')?.id,
    });
    expect(note?.teamId).toBe((await db.teams.toArray()).find((row) => row.slug === acme.teams.payments.slug)?.id);
    // Applying the same file again finds everything in place.
    const again = planImport(
      {
        teams: await db.teams.toArray(),
        goals,
        decisions: await db.decisions.toArray(),
        items: await db.items.toArray(),
        links: await db.links.toArray(),
        rules: await db.rules.toArray(),
        notes: await db.notes.toArray(),
      },
      fileOf(acme.data),
    );
    expect(again.steps).toEqual([]);
  });
});

describe("the import's table of keys, fields and references", () => {
  const inputs = {
    team: zTeamInput,
    goal: zGoalInput,
    rule: zOwnershipRuleInput,
    decision: zDecisionInput,
    note: zNoteInput,
  };
  /** The schema under `.nullable()`, `.default()` and `.optional()`. */
  const bare = (schema: z.ZodType): z.ZodType => {
    let current = schema as z.ZodType & { unwrap?: () => z.ZodType };
    while (typeof current.unwrap === 'function') current = current.unwrap() as typeof current;
    return current;
  };

  it.each(Object.entries(inputs))(
    'copies every field of the %s input and translates exactly the fields that hold an entity id',
    (entity, schema) => {
      const rules = IMPORT_RULES[entity as keyof typeof inputs];
      expect([...rules.fields].sort()).toEqual(Object.keys(schema.shape).sort());
      const idFields = Object.entries(schema.shape as Record<string, z.ZodType>)
        .filter(([, field]) => bare(field) === zEntityId)
        .map(([field]) => field);
      expect(Object.keys(rules.references).sort()).toEqual(idFields.sort());
    },
  );
});

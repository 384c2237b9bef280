/**
 * Stale warnings: each kind appears for the item it concerns, says why, and its one-click fix (a local write
 * through the outbox, or a dismissal) makes it go away, offline: nothing here has a server.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { summarizeItem } from '../../utils/background/sidebar.ts';
import type { Item, ItemContext, ItemRef } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { say, sayAll } from '../../utils/i18n.ts';
import { dexieSource, resolveContext, type StaleWarning } from '../../utils/resolve/index.ts';
import type { MirrorArrays } from '../../utils/resolve/source.ts';
import { speaking } from '../support/locale-messages.ts';
import {
  decision,
  gmailRef,
  goal,
  goalLink,
  item,
  jiraRef,
  notionRef,
  ownerLink,
  rule,
  team,
  uuid,
} from '../support/sync-fixtures.ts';

const NOW = Date.parse('2026-04-01T12:00:00Z');
const env: WriteEnv = { now: () => NOW, newId: () => crypto.randomUUID(), actor: 'Ana', role: 'admin' };

async function mirrorOf(data: Partial<MirrorArrays>): Promise<HallwayDexie> {
  const db = openDb(`stale-${uuid()}`, { indexedDB, IDBKeyRange });
  await db.teams.bulkPut([...(data.teams ?? [])]);
  await db.goals.bulkPut([...(data.goals ?? [])]);
  await db.decisions.bulkPut([...(data.decisions ?? [])]);
  await db.items.bulkPut([...(data.items ?? [])]);
  await db.links.bulkPut([...(data.links ?? [])]);
  await db.rules.bulkPut([...(data.rules ?? [])]);
  return db;
}

const resolve = (db: HallwayDexie, ref: ItemRef, page?: ItemContext, dismissed?: Set<string>) =>
  resolveContext(dexieSource(db), ref, page, { now: NOW, dismissed });

/** Applies a warning's fix as the sidebar does: a local write (nothing is sent anywhere here). */
async function fix(db: HallwayDexie, warning: StaleWarning | undefined, dismissed: Set<string>) {
  expect(warning).toBeDefined();
  const action = (warning as StaleWarning).fix;
  if (action.kind === 'write') await performWrite(db, action.write, env);
  else dismissed.add(action.key);
}

const kinds = (warnings: StaleWarning[]) => warnings.map((warning) => warning.kind);

/** A warning as the sidebar shows it: its texts are message keys, said here in English (dates through Intl). */
const shown = (warning: StaleWarning | undefined) =>
  warning && { kind: warning.kind, title: say(warning.title), why: sayAll(warning.why), fix: say(warning.fix.label) };

describe('stale warnings', () => {
  it('a superseded decision the item still follows: shows the current one; the fix links the item to it', async () => {
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments', { jiraProject: 'PAY' });
    const old = decision('Retry 3 times', '2026-01-10T09:00:00.000Z', {
      itemKeys: [pay1.ref.key],
      status: 'superseded',
    });
    const mid = decision('Retry 5 times', '2026-02-10T09:00:00.000Z', { supersedes: old.id, status: 'superseded' });
    const current = decision('Retry with backoff', '2026-03-10T09:00:00.000Z', { supersedes: mid.id });
    old.supersededBy = mid.id;
    mid.supersededBy = current.id;
    const db = await mirrorOf({ items: [pay1], decisions: [old, mid, current] });
    const dismissed = new Set<string>();

    const { stale } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(kinds(stale)).toEqual(['decision-superseded']);
    expect(stale[0]?.current).toEqual({ entity: 'decision', id: current.id, title: 'Retry with backoff' });
    expect(shown(stale[0])?.why).toContain('Retry 5 times');
    expect(shown(stale[0])?.why).toContain(
      '; in force now: “Retry with backoff”. This item is linked to the old decision only.',
    );

    await fix(db, stale[0], dismissed);
    expect((await db.decisions.get(current.id))?.itemKeys).toContain(pay1.ref.key);
    expect((await db.outbox.toArray()).map((row) => row.mutation.type)).toEqual(['decision.linkItems']);
    expect((await resolve(db, pay1.ref, undefined, dismissed)).stale).toEqual([]);
  });

  it('a reverted decision: says who reverted it and when; "Got it" dismisses it for this item only', async () => {
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments');
    const pay2 = item(jiraRef('PAY-2'), 'Refunds');
    const reverted = decision('Drop PayPal', '2026-01-10T09:00:00.000Z', {
      itemKeys: [pay1.ref.key, pay2.ref.key],
      status: 'reverted',
      statusHistory: [{ status: 'reverted', at: '2026-03-02T10:00:00.000Z', by: 'Priya' }],
    });
    const db = await mirrorOf({ items: [pay1, pay2], decisions: [reverted] });
    const dismissed = new Set<string>();
    const { stale } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(kinds(stale)).toEqual(['decision-reverted']);
    expect(shown(stale[0])?.why).toBe('Priya reverted it on Mar 2, 2026: it no longer holds for this item.');
    await fix(db, stale[0], dismissed);
    expect((await resolve(db, pay1.ref, undefined, dismissed)).stale).toEqual([]);
    expect(kinds((await resolve(db, pay2.ref, undefined, dismissed)).stale)).toEqual(['decision-reverted']);
  });

  it('a goal done while the item is open: the fix moves the item to the nearest open parent goal', async () => {
    const parent = goal('Grow revenue');
    const done = goal('Launch retries', {
      parentGoalId: parent.id,
      status: 'done',
      statusHistory: [{ status: 'done', progress: 100, at: '2026-03-20T08:00:00.000Z', by: 'Lee' }],
    });
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments');
    const db = await mirrorOf({ items: [pay1], goals: [parent, done], links: [goalLink(pay1.ref.key, done.id)] });
    const dismissed = new Set<string>();
    const { stale } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(kinds(stale)).toEqual(['goal-closed']);
    expect(shown(stale[0])?.why).toContain('The goal was marked done on Mar 20, 2026 by Lee.');
    expect(stale[0]?.fix.kind).toBe('write');
    expect(shown(stale[0])?.fix).toBe('Move to Grow revenue');
    await fix(db, stale[0], dismissed);
    const after = await resolve(db, pay1.ref, undefined, dismissed);
    expect(after.goal?.goal.id).toBe(parent.id);
    expect(after.stale).toEqual([]);
  });

  it('a cancelled goal without an open parent: the fix removes the goal link', async () => {
    const cancelled = goal('Old bet', { status: 'cancelled' });
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments');
    const db = await mirrorOf({ items: [pay1], goals: [cancelled], links: [goalLink(pay1.ref.key, cancelled.id)] });
    const dismissed = new Set<string>();
    const { stale } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(shown(stale[0])).toMatchObject({ kind: 'goal-closed', fix: 'Remove the goal' });
    await fix(db, stale[0], dismissed);
    const after = await resolve(db, pay1.ref, undefined, dismissed);
    expect([after.goal, after.stale]).toEqual([null, []]);
  });

  it('a closed goal warns only while the item itself is open, as the page shows it or as it was captured', async () => {
    const done = goal('Launch retries', { status: 'done' });
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments', { itemState: 'closed', itemStatus: 'Done' });
    const db = await mirrorOf({ items: [pay1], goals: [done], links: [goalLink(pay1.ref.key, done.id)] });
    const open = { itemState: 'open', itemStatus: 'In Progress' } as const;
    // The page shows the issue in progress: the warning says so, in Jira's own word.
    const onPage = (await resolve(db, pay1.ref, open)).stale;
    expect(kinds(onPage)).toEqual(['goal-closed']);
    expect(shown(onPage[0])?.why).toContain('This item is still open (Jira: In Progress).');
    // The page shows it done: a closed item on a closed goal is as it should be.
    expect((await resolve(db, pay1.ref, { itemState: 'closed', itemStatus: 'Done' })).stale).toEqual([]);
    // No page (the hub): the state captured with the item (done) holds.
    expect((await resolve(db, pay1.ref)).stale).toEqual([]);
    // A page with other facts but no state leaves the captured state in force.
    expect((await resolve(db, pay1.ref, { jiraProject: 'PAY' })).stale).toEqual([]);
    // A status the page shows but Hallway cannot place overrules the older capture, and the warning says so.
    const unknown = (await resolve(db, pay1.ref, { itemStatus: 'Awaiting reporter' })).stale;
    expect(shown(unknown[0])?.why).toContain(
      'cannot tell from its status “Awaiting reporter” whether this Jira issue is still open',
    );
  });

  it('a closed goal on an item of unknown state: the warning shows and says Hallway cannot tell', async () => {
    const done = goal('Launch retries', { status: 'done' });
    const page = item(notionRef('21c261aa09df810c8820fab1d78b53d9'), 'Spec');
    const thread = item(gmailRef('FMfcgzQXJWDsKmGpLrVfhXwhNlRbTzPq'), 'Re: retries');
    const db = await mirrorOf({
      items: [page, thread],
      goals: [done],
      links: [goalLink(page.ref.key, done.id), goalLink(thread.ref.key, done.id)],
    });
    const [notionWarning] = (await resolve(db, page.ref, {})).stale;
    expect(notionWarning?.kind).toBe('goal-closed');
    expect(shown(notionWarning)?.why).toContain('Hallway cannot tell whether this Notion page is still open');
    expect(shown(notionWarning)?.why).not.toContain('This item is still open');
    const [gmailWarning] = (await resolve(db, thread.ref, {})).stale;
    expect(shown(gmailWarning)?.why).toContain('A Gmail thread has no open or closed state');
  });

  it('an owning team that was deleted: the fix removes the dead link, and the matching rule takes over', async () => {
    const support = team('Support');
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments', { jiraProject: 'PAY' });
    const deadLink = ownerLink(pay1.ref.key, uuid(9));
    const db = await mirrorOf({
      teams: [support],
      items: [pay1],
      links: [deadLink],
      rules: [rule('jira', 'jiraProject', 'PAY', support.id)],
    });
    const dismissed = new Set<string>();
    const { stale, team: owner } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(owner?.name).toBe('Support');
    expect(shown(stale[0])).toMatchObject({ kind: 'team-deleted', fix: 'Use Support' });
    expect(shown(stale[0])?.why).toContain('a rule now gives it to Support');
    await fix(db, stale[0], dismissed);
    expect(await db.links.get(deadLink.id)).toBeUndefined();
    expect((await resolve(db, pay1.ref, undefined, dismissed)).stale).toEqual([]);
  });

  it('an owning team renamed after the item was linked: "Keep <name>" makes the link again, dated after the rename', async () => {
    const billing = team('Billing', { renamedFrom: 'Payments', renamedAt: '2026-03-01T00:00:00.000Z' });
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments');
    const link = ownerLink(pay1.ref.key, billing.id, '2026-02-01T00:00:00.000Z');
    const db = await mirrorOf({ teams: [billing], items: [pay1], links: [link] });
    const dismissed = new Set<string>();
    const { stale } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(shown(stale[0])).toMatchObject({ kind: 'team-renamed', title: 'Its owning team was renamed to Billing' });
    expect(shown(stale[0])?.why).toContain('linked it to “Payments” on Feb 1, 2026');
    await fix(db, stale[0], dismissed);
    const after = await resolve(db, pay1.ref, undefined, dismissed);
    expect(after.team?.id).toBe(billing.id);
    expect(after.stale).toEqual([]);
    expect((await db.outbox.toArray()).map((row) => row.mutation.type)).toEqual(['link.delete', 'link.create']);
  });

  it('the rule owning it points at a container that moved: the fix updates the captured container', async () => {
    const wiki = team('Payments');
    const platform = team('Platform');
    const spec = item(notionRef('0123456789abcdef0123456789abcdef'), 'Retries spec', {
      notionParents: [{ id: 'a'.repeat(32), name: 'Payments Wiki' }],
    });
    const rules = [
      rule('notion', 'notionAncestor', 'a'.repeat(32), wiki.id),
      rule('notion', 'notionAncestor', 'Platform Wiki', platform.id),
    ];
    const db = await mirrorOf({ teams: [wiki, platform], items: [spec], rules });
    const dismissed = new Set<string>();
    // The page now sits under another parent.
    const page: ItemContext = { notionParents: [{ id: 'b'.repeat(32), name: 'Platform Wiki' }] };
    const { stale, team: owner } = await resolve(db, spec.ref, page, dismissed);
    expect(owner?.name).toBe('Platform');
    expect(stale[0]).toMatchObject({ kind: 'container-moved', subject: { entity: 'rule', id: rules[0]?.id } });
    expect(shown(stale[0])?.why).toContain('now shows it in “Platform Wiki”, owned by Platform');
    // Without the page (the hub), the mirror alone says Payments: the warning explains the disagreement.
    expect((await resolve(db, spec.ref)).team?.name).toBe('Payments');
    await fix(db, stale[0], dismissed);
    expect(((await db.items.get(spec.id)) as Item).context.notionParents).toEqual(page.notionParents);
    expect((await resolve(db, spec.ref)).team?.name).toBe('Platform');
    expect((await resolve(db, spec.ref, page, dismissed)).stale).toEqual([]);
  });

  it('overdue reviews of its decision, goal and rule: "Still true" verifies each, by the local user', async () => {
    const payments = team('Payments');
    const checkout = goal('Checkout to 4%', {
      review: { reviewBy: '2026-03-31', everyDays: null, verifiedBy: null, verifiedAt: null },
    });
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments', { jiraProject: 'PAY' });
    const accepted = decision('Use Stripe', '2026-01-01T09:00:00.000Z', {
      itemKeys: [pay1.ref.key],
      review: { reviewBy: null, everyDays: 30, verifiedBy: 'Lee', verifiedAt: '2026-02-01T00:00:00.000Z' },
    });
    const notDue = decision('Use Adyen for EU', '2026-01-02T09:00:00.000Z', {
      itemKeys: [pay1.ref.key],
      review: { reviewBy: '2026-06-01', everyDays: null, verifiedBy: null, verifiedAt: null },
    });
    const owning = rule('jira', 'jiraProject', 'PAY', payments.id, {
      goalId: checkout.id,
      review: { reviewBy: null, everyDays: 60, verifiedBy: null, verifiedAt: null },
    });
    const db = await mirrorOf({
      teams: [payments],
      goals: [checkout],
      items: [pay1],
      decisions: [accepted, notDue],
      rules: [owning],
    });
    const dismissed = new Set<string>();
    const { stale } = await resolve(db, pay1.ref, undefined, dismissed);
    expect(stale.map((warning) => warning.id)).toEqual([
      `review-overdue:decision:${accepted.id}`,
      `review-overdue:goal:${checkout.id}`,
      `review-overdue:rule:${owning.id}`,
    ]);
    expect(shown(stale[0])?.why).toBe('Its review was due on Mar 3, 2026; last verified by Lee on Feb 1, 2026.');
    expect(shown(stale[2])?.why).toContain('never verified');
    for (const warning of stale) await fix(db, warning, dismissed);
    expect((await db.decisions.get(accepted.id))?.review).toMatchObject({ verifiedBy: 'Ana', everyDays: 30 });
    expect((await db.goals.get(checkout.id))?.review).toMatchObject({ verifiedBy: 'Ana', reviewBy: null });
    expect((await resolve(db, pay1.ref, undefined, dismissed)).stale).toEqual([]);
  });

  it("reads in the browser's language: whole German sentences, its quotes, and its dates through Intl", async () => {
    const done = goal('Launch retries', { status: 'done', statusHistory: [] });
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments');
    const reverted = decision('Drop PayPal', '2026-01-10T09:00:00.000Z', {
      itemKeys: [pay1.ref.key],
      status: 'reverted',
      statusHistory: [{ status: 'reverted', at: '2026-03-02T10:00:00.000Z', by: 'Priya' }],
    });
    const db = await mirrorOf({
      items: [pay1],
      goals: [done],
      decisions: [reverted],
      links: [goalLink(pay1.ref.key, done.id)],
    });
    const { stale } = await resolve(db, pay1.ref, { itemState: 'open', itemStatus: 'In Arbeit' });
    const german = await speaking('de', () => stale.map(shown));
    expect(german).toEqual([
      {
        kind: 'decision-reverted',
        title: '„Drop PayPal“ wurde zurückgenommen',
        why: 'Priya hat sie am 2. März 2026 zurückgenommen: Sie gilt für dieses Element nicht mehr.',
        fix: 'Verstanden',
      },
      {
        kind: 'goal-closed',
        title: 'Sein Ziel „Launch retries“ ist erledigt',
        why: 'Das Ziel wurde als erledigt markiert. Dieses Element ist noch offen (Jira: In Arbeit).',
        fix: 'Das Ziel entfernen',
      },
    ]);
    // And English again outside.
    expect(shown(stale[1])?.title).toBe('Its goal “Launch retries” is done');
  });

  it('an item with nothing stale has no warnings, and an unknown item none either', async () => {
    const payments = team('Payments');
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments', { jiraProject: 'PAY' });
    const db = await mirrorOf({
      teams: [payments],
      items: [pay1],
      links: [ownerLink(pay1.ref.key, payments.id)],
      decisions: [decision('Use Stripe', '2026-01-01T09:00:00.000Z', { itemKeys: [pay1.ref.key] })],
    });
    expect((await resolve(db, pay1.ref, { jiraProject: 'PAY' })).stale).toEqual([]);
    expect((await resolve(db, jiraRef('NEW-1'), { jiraProject: 'NEW' })).stale).toEqual([]);
  });

  it('the launcher counts the same warnings from the same resolution, less the dismissed ones', async () => {
    const pay1 = item(jiraRef('PAY-1'), 'Retry card payments');
    const reverted = decision('Drop PayPal', '2026-01-10T09:00:00.000Z', {
      itemKeys: [pay1.ref.key],
      status: 'reverted',
    });
    const closed = goal('Old bet', { status: 'cancelled' });
    const db = await mirrorOf({
      items: [pay1],
      decisions: [reverted],
      goals: [closed],
      links: [goalLink(pay1.ref.key, closed.id)],
    });
    const tab = { item: pay1.ref, title: pay1.title, context: {}, reportedAt: NOW };
    const summary = await summarizeItem(db, tab);
    expect(summary).toMatchObject({ stale: 2, staleTitle: '“Drop PayPal” was reverted' });
    const sidebar = await resolve(db, pay1.ref, {});
    expect(sidebar.stale.map((warning) => say(warning.title))).toEqual([
      '“Drop PayPal” was reverted',
      'Its goal “Old bet” is cancelled',
    ]);
    const dismissed = new Set<string>();
    await fix(db, sidebar.stale[0], dismissed);
    expect(await summarizeItem(db, tab, dismissed)).toMatchObject({
      stale: 1,
      staleTitle: 'Its goal “Old bet” is cancelled',
    });
  });
});

import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../utils/db/index.ts';
import { arraySource, dexieSource, type MirrorSource, resolveContext } from '../../utils/resolve/index.ts';
import { bestRule, containerFacts, domainOf, matchesDomain, matchesPattern } from '../../utils/resolve/rules.ts';
import { acmeWorkspace, asanaRef, gmailRef, goal, jiraRef, notionRef, rule, uuid } from '../support/sync-fixtures.ts';

const acme = acmeWorkspace();

async function mirrorOf(data: typeof acme.data) {
  const db = openDb(`resolve-${uuid()}`, { indexedDB, IDBKeyRange });
  await db.transaction('rw', [db.teams, db.goals, db.decisions, db.items, db.links, db.rules], async () => {
    await db.teams.bulkPut([...data.teams]);
    await db.goals.bulkPut([...data.goals]);
    await db.decisions.bulkPut([...data.decisions]);
    await db.items.bulkPut([...data.items]);
    await db.links.bulkPut([...data.links]);
    await db.rules.bulkPut([...data.rules]);
  });
  return db;
}

/** The mirror open: its reads go out as plain IndexedDB requests on Dexie's connection. */
const dexieOver = async (data: typeof acme.data): Promise<MirrorSource> => dexieSource(await mirrorOf(data));

/** The mirror closed (Dexie opens it again on its first read): its reads go through Dexie's own transaction. */
async function closedDexieOver(data: typeof acme.data): Promise<MirrorSource> {
  const db = await mirrorOf(data);
  db.close({ disableAutoOpen: false });
  return dexieSource(db);
}

const sources: [string, () => Promise<MirrorSource>][] = [
  ['plain arrays', async () => arraySource(acme.data)],
  ['the Dexie mirror', () => dexieOver(acme.data)],
  ['the Dexie mirror before it opens', () => closedDexieOver(acme.data)],
];

describe.each(sources)('context resolution over %s', (_name, makeSource) => {
  it('answers a Jira issue: owner by the best rule, goal by its link with the parent chain, decision history', async () => {
    const { items, teams, goals, decisions, rules } = acme;
    const context = await resolveContext(await makeSource(), items.pay1.ref);
    expect(context.item?.id).toBe(items.pay1.id);
    expect(context.team?.id).toBe(teams.payments.id);
    // PAY (priority 10) beats the catch-all `*` (priority -100).
    expect(context.owner).toEqual({
      kind: 'rule',
      match: { rule: rules[0], fact: { field: 'jiraProject', id: 'PAY', name: 'PAY' } },
    });
    expect(context.goal?.via).toBe('link');
    expect(context.goal?.goal.id).toBe(goals.retriesGoal.id);
    expect(context.goal?.parents.map((g) => g.id)).toEqual([goals.checkoutGoal.id, goals.companyGoal.id]);
    expect(context.decisions.map((d) => d.decision.id)).toEqual([
      decisions.third.id,
      decisions.second.id,
      decisions.first.id,
    ]);
    expect(context.decisions[0]?.supersedes.map((d) => d.id)).toEqual([decisions.second.id, decisions.first.id]);
    expect(context.decisions[0]?.supersededBy).toEqual([]);
    expect(context.decisions[2]?.supersededBy.map((d) => d.id)).toEqual([decisions.second.id, decisions.third.id]);
  });

  it('lists related items in both link directions, including ones never captured', async () => {
    const { items } = acme;
    const context = await resolveContext(await makeSource(), items.pay1.ref);
    expect(context.related.map((r) => [r.tool, r.key, r.item?.id ?? null])).toEqual([
      ['asana', asanaRef('999').key, null],
      ['gmail', items.thread.ref.key, items.thread.id],
      ['notion', items.spec.ref.key, items.spec.id],
    ]);
  });

  it('prefers the newest explicit owner link over every rule', async () => {
    const context = await resolveContext(await makeSource(), acme.items.spec.ref);
    expect(context.team?.id).toBe(acme.teams.payments.id);
    expect(context.owner.kind).toBe('link');
  });

  it('matches Gmail rules on the sender domain, the higher priority winning over a label rule', async () => {
    const context = await resolveContext(await makeSource(), acme.items.thread.ref);
    expect(context.team?.id).toBe(acme.teams.payments.id);
    expect(context.owner).toMatchObject({
      kind: 'rule',
      match: { fact: { field: 'gmailSenderDomain', name: 'stripe.com' } },
    });
  });

  it('uses the page context for items never captured: wildcard rules, case-insensitive, goal from the rule', async () => {
    const source = await makeSource();
    const plat = await resolveContext(source, jiraRef('PLATFORM-12'), { jiraProject: 'PLATFORM' });
    expect(plat.item).toBeNull();
    expect(plat.team?.id).toBe(acme.teams.platform.id);
    expect(plat.goal).toMatchObject({ via: 'rule', goal: { id: acme.goals.uptimeGoal.id }, parents: [] });

    const page = await resolveContext(source, notionRef('f'.repeat(32)), { notionParents: ['PAYMENTS WIKI'] });
    expect(page.team?.id).toBe(acme.teams.payments.id);

    const task = await resolveContext(source, asanaRef('42'), { asanaProjects: ['Launch Q3'] });
    expect(task.team?.id).toBe(acme.teams.growth.id);

    const other = await resolveContext(source, jiraRef('XYZ-1'));
    expect(other.team?.id).toBe(acme.teams.support.id);
    expect(other.decisions).toEqual([]);
  });

  it('answers "unowned" when nothing matches', async () => {
    const context = await resolveContext(await makeSource(), asanaRef('7'), { asanaProjects: ['Hiring'] });
    expect(context).toMatchObject({ item: null, team: null, owner: { kind: 'none' }, goal: null, decisions: [] });
  });
});

describe('the Dexie mirror, read in one transaction per resolution', () => {
  it('answers from one state of the mirror while a write commits during the resolution', async () => {
    const db = await mirrorOf(acme.data);
    const source = dexieSource(db);
    const { items } = acme;
    const answer = await source.snapshot(async (within) => {
      const first = await within.itemByKey(items.pay1.ref.key);
      // The write waits for the snapshot's read transaction; the snapshot never sees half of it.
      const write = db.items.put({ ...(first as NonNullable<typeof first>), title: 'Renamed meanwhile' });
      const again = await within.itemByKey(items.pay1.ref.key);
      return { first, again, write };
    });
    expect(answer.again?.title).toBe(answer.first?.title);
    await answer.write;
    expect((await source.itemByKey(items.pay1.ref.key))?.title).toBe('Renamed meanwhile');
  });

  it('still answers when the caller awaited something else and the transaction ended meanwhile', async () => {
    const source = dexieSource(await mirrorOf(acme.data));
    const { items } = acme;
    const found = await source.snapshot(async (within) => {
      await within.itemByKey(items.pay1.ref.key);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return Promise.all([within.itemByKey(items.pay1.ref.key), within.linksFrom(items.pay1.ref.key)]);
    });
    expect(found[0]?.id).toBe(items.pay1.id);
    expect(found[1].length).toBeGreaterThan(0);
  });
});

describe('the Dexie mirror, with its small tables in memory', () => {
  it('sees a renamed team, a moved goal and a new rule at once, through the same source', async () => {
    const db = openDb(`resolve-${uuid()}`, { indexedDB, IDBKeyRange });
    await db.transaction('rw', [db.teams, db.goals, db.decisions, db.items, db.links, db.rules], async () => {
      await db.teams.bulkPut([...acme.data.teams]);
      await db.goals.bulkPut([...acme.data.goals]);
      await db.decisions.bulkPut([...acme.data.decisions]);
      await db.items.bulkPut([...acme.data.items]);
      await db.links.bulkPut([...acme.data.links]);
      await db.rules.bulkPut([...acme.data.rules]);
    });
    const source = dexieSource(db);
    const { items, teams, goals } = acme;
    const before = await resolveContext(source, items.pay1.ref);
    expect(before.team?.name).toBe(teams.payments.name);
    expect(before.goal?.parents.map((parent) => parent.id)).not.toContain(goals.retriesGoal.id);

    await db.teams.put({ ...teams.payments, name: 'Payments and billing' });
    const parent = goal('Reliability', { id: uuid() });
    await db.goals.bulkPut([parent, { ...goals.retriesGoal, parentGoalId: parent.id }]);
    const renamed = await resolveContext(source, items.pay1.ref);
    expect(renamed.team?.name).toBe('Payments and billing');
    expect(renamed.goal?.parents.map((row) => row.title)).toEqual(['Reliability']);

    const platform = [...acme.data.teams].find((team) => team.id !== teams.payments.id);
    if (!platform) throw new Error('the fixture has one team');
    await db.rules.put(rule('jira', 'jiraProject', 'PAY', platform.id, { priority: 1_000 }));
    expect((await resolveContext(source, items.pay1.ref)).team?.id).toBe(platform.id);
    // A fresh source over the same mirror agrees: one cache per mirror.
    expect((await resolveContext(dexieSource(db), items.pay1.ref)).team?.id).toBe(platform.id);
  });
});

describe('ownership rule matching', () => {
  it('matches whole values, case-insensitively, with `*` as the only wildcard', () => {
    expect(matchesPattern('PAY', 'pay')).toBe(true);
    expect(matchesPattern('PAY', 'PAYMENTS')).toBe(false);
    expect(matchesPattern('pay*', 'PAYMENTS')).toBe(true);
    expect(matchesPattern('*.acme.com', 'eu.acme.com')).toBe(true);
    expect(matchesPattern('a.b', 'axb')).toBe(false);
    expect(matchesPattern('(x)+', '(x)+')).toBe(true);
  });

  it('lets a Jira rule name the project by key or by the name the page shows', () => {
    const facts = containerFacts(jiraRef('PAY-1'), { jiraProject: 'Payments' });
    expect(facts).toEqual([{ field: 'jiraProject', id: 'PAY', name: 'Payments' }]);
    const [key, name] = [rule('jira', 'jiraProject', 'pay', uuid()), rule('jira', 'jiraProject', 'PAYMENTS', uuid())];
    expect(bestRule('jira', [key], facts)?.rule).toBe(key);
    expect(bestRule('jira', [name], facts)?.rule).toBe(name);
    // Keys are codes people choose: `PAY*` names PAY and PAYOPS, as rules stored before always did.
    expect(
      bestRule('jira', [rule('jira', 'jiraProject', 'PAY*', uuid())], containerFacts(jiraRef('PAYOPS-1'), {})),
    ).not.toBeNull();
  });

  it('matches a container by its id exactly or by its name case-insensitively, for Asana projects and Notion pages', () => {
    const gid = '1209876543210001';
    const hex = '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
    const task = containerFacts(asanaRef('42'), { asanaProjects: [{ id: gid, name: 'Website Relaunch' }] });
    const page = containerFacts(notionRef('f'.repeat(32)), {
      notionParents: [{ id: hex, name: 'Engineering Handbook' }],
    });
    const owns = (
      tool: 'asana' | 'notion',
      field: 'asanaProject' | 'notionAncestor',
      pattern: string,
      facts: typeof task,
    ) => bestRule(tool, [rule(tool, field, pattern, uuid())], facts) !== null;
    expect(owns('asana', 'asanaProject', gid, task)).toBe(true);
    expect(owns('asana', 'asanaProject', 'website relaunch', task)).toBe(true);
    expect(owns('asana', 'asanaProject', 'Website*', task)).toBe(true);
    // An id is opaque: no wildcard reaches into it, and a prefix is another project.
    expect(owns('asana', 'asanaProject', '*0001', task)).toBe(false);
    expect(owns('asana', 'asanaProject', gid.slice(0, -1), task)).toBe(false);
    expect(owns('notion', 'notionAncestor', hex, page)).toBe(true);
    expect(owns('notion', 'notionAncestor', '9C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F', page)).toBe(true);
    expect(owns('notion', 'notionAncestor', 'ENGINEERING handbook', page)).toBe(true);
    expect(owns('notion', 'notionAncestor', '9c1d2e3f*', page)).toBe(false);
  });

  it('still matches items cached before container facts carried ids: a bare string is an id or a name', () => {
    const byId = rule('asana', 'asanaProject', '1209876543210001', uuid());
    const byName = rule('asana', 'asanaProject', 'Launch *', uuid());
    expect(
      bestRule('asana', [byId], containerFacts(asanaRef('42'), { asanaProjects: ['1209876543210001'] })),
    ).not.toBeNull();
    expect(
      bestRule('asana', [byName], containerFacts(asanaRef('42'), { asanaProjects: ['Launch Q3'] })),
    ).not.toBeNull();
    const wiki = rule('notion', 'notionAncestor', 'payments wiki', uuid());
    expect(
      bestRule('notion', [wiki], containerFacts(notionRef('f'.repeat(32)), { notionParents: ['Payments Wiki'] })),
    ).not.toBeNull();
  });

  it('adds the project an Asana V1 URL names to the projects the page shows, once', () => {
    const ref = { ...asanaRef('42'), project: '1209876543210001' };
    expect(containerFacts(ref, {})).toEqual([{ field: 'asanaProject', id: '1209876543210001' }]);
    expect(containerFacts(ref, { asanaProjects: [{ id: '1209876543210001', name: 'Website Relaunch' }] })).toEqual([
      { field: 'asanaProject', id: '1209876543210001', name: 'Website Relaunch' },
    ]);
  });

  it('lets a sender-domain rule `*.acme.com` match acme.com itself and its subdomains, nothing else', () => {
    const domainRule = rule('gmail', 'gmailSenderDomain', '*.adyen.test', uuid());
    const owns = (address: string) =>
      bestRule('gmail', [domainRule], containerFacts(gmailRef('t'), { gmailParticipants: [address] })) !== null;
    expect(owns('sales@adyen.test')).toBe(true);
    expect(owns('Sales <sales@EU.Adyen.test>')).toBe(true);
    expect(owns('a@x.eu.adyen.test')).toBe(true);
    expect(owns('mallory@notadyen.test')).toBe(false);
    expect(owns('mallory@adyen.test.evil.example')).toBe(false);
    expect(matchesDomain('adyen.test', 'adyen.test')).toBe(true);
    expect(matchesDomain('adyen.test', 'eu.adyen.test')).toBe(false);
  });

  it('reads sender domains from display-name and bare addresses', () => {
    expect(domainOf('Ana <ana@Acme.COM>')).toBe('acme.com');
    expect(domainOf('billing@stripe.com')).toBe('stripe.com');
    expect(domainOf('no address')).toBeNull();
  });

  it('breaks priority ties by specificity, so row order does not matter', () => {
    const facts = containerFacts(jiraRef('PAY-1'), {});
    const broad = acme.rules[2];
    const exact = { ...acme.rules[0], priority: -100 } as (typeof acme.rules)[0];
    if (!broad) throw new Error('fixture');
    expect(bestRule('jira', [broad, exact], facts)?.rule.id).toBe(exact.id);
    expect(bestRule('jira', [exact, broad], facts)?.rule.id).toBe(exact.id);
  });

  it('stops at a cycle in the goal tree', async () => {
    const a = goal('A');
    const b = goal('B', { parentGoalId: a.id });
    a.parentGoalId = b.id;
    const data = {
      ...acme.data,
      goals: [a, b],
      links: [{ ...acme.data.links[2], goalId: a.id } as (typeof acme.data.links)[0]],
    };
    const context = await resolveContext(arraySource(data), acme.items.pay1.ref);
    expect(context.goal?.parents.map((g) => g.id)).toEqual([b.id]);
  });
});

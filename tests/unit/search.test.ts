import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import Fuse from 'fuse.js';
import { describe, expect, it, vi } from 'vitest';
import { startSearchService } from '../../utils/background/search-service.ts';
import type { Team } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import { CandidateIndex } from '../../utils/search/candidate-index.ts';
import { createMirrorFollower } from '../../utils/search/follow-mirror.ts';
import { displayText, gramsOfText, normalizeText, queryGramsOfToken, tokenize } from '../../utils/search/normalize.ts';
import { decisionRecord, type SearchRecord } from '../../utils/search/records.ts';
import {
  createSearchIndex,
  FUSE_OPTIONS,
  fuseQuery,
  matchTier,
  rankHits,
  type SearchHit,
} from '../../utils/search/search-index.ts';
import { overlap, syntheticQueries, syntheticRecords } from '../support/search-corpus.ts';
import { decision, goal, item, jiraRef, rule, team, uuid } from '../support/sync-fixtures.ts';

const idb = { indexedDB, IDBKeyRange };

function indexOf(records: readonly SearchRecord[]) {
  const index = createSearchIndex();
  for (const record of records) index.upsert(record);
  return index;
}

const titles = (hits: SearchHit[]) => hits.map((hit) => hit.record.title);

const decisionNamed = (title: string, decidedAt = '2026-03-01T00:00:00Z') =>
  decisionRecord(decision(title, decidedAt, { id: uuid() }));

describe('text for search and display', () => {
  it('matches across case and diacritics', () => {
    expect(normalizeText('Café RÉSUMÉ')).toBe('cafe resume');
    // The letters fuse.js folds by hand, having no decomposition to strip.
    expect(normalizeText('Søren Łódź Straße Đorđe Ħal ŦıŁ')).toBe('soren lodz strasse dorde hal til');
  });

  it('makes hostile titles inert and bounded for one line', () => {
    expect(displayText('a\u202Egnp.exe\u0000b')).toBe('a gnp.exe b');
    expect(displayText('x\uD800y')).toBe('x\uFFFDy');
    expect(displayText(`e${'\u0301'.repeat(500)}`)).toBe(`e${'\u0301'.repeat(3)}`);
    const long = displayText('word '.repeat(100_000));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
    expect(displayText('  <img src=x onerror=alert(1)>\n\t ')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('the search index', () => {
  const records: SearchRecord[] = [
    decisionNamed('Move checkout to Stripe'),
    decisionNamed('Keep Adyen for EU card payments'),
    decisionNamed('Pricing page redesign'),
    { kind: 'team' as const, id: uuid(), title: 'Payments', aka: 'payments', recency: 1 },
    {
      kind: 'goal' as const,
      id: uuid(),
      title: 'Payments reliability',
      aka: '',
      recency: 2,
      status: 'at_risk' as const,
      ownerTeamId: null,
    },
  ];

  it('tolerates typos and finds words anywhere in a title', () => {
    const index = indexOf(records);
    expect(titles(index.search('chekout'))).toContain('Move checkout to Stripe');
    expect(titles(index.search('stripe'))[0]).toBe('Move checkout to Stripe');
    expect(titles(index.search('adyn card'))[0]).toBe('Keep Adyen for EU card payments');
  });

  it('puts the exact match first, then prefix matches, then by kind', () => {
    const index = indexOf(records);
    expect(titles(index.search('payments'))).toEqual([
      'Payments',
      'Payments reliability',
      'Keep Adyen for EU card payments',
    ]);
  });

  it('forgets removed records and sees replaced ones', () => {
    const index = indexOf(records);
    const stripe = records[0] as SearchRecord;
    index.upsert({ ...stripe, title: 'Move checkout to Braintree' });
    expect(titles(index.search('stripe'))).not.toContain('Move checkout to Stripe');
    expect(titles(index.search('braintree'))).toEqual(['Move checkout to Braintree']);
    index.remove('decision', stripe.id);
    expect(index.search('braintree')).toEqual([]);
    expect(index.size).toBe(records.length - 1);
  });

  it('keeps answering the same after many updates compact it', () => {
    const corpus = syntheticRecords(3000);
    const index = indexOf(corpus);
    const before = index.fuzzy('checkout stripe', 5).map((hit) => hit.record.id);
    // Rewrites every record twice: the dead slots outnumber the live ones and trigger compaction.
    for (let round = 0; round < 2; round += 1) for (const record of corpus) index.upsert({ ...record });
    expect(index.size).toBe(corpus.length);
    expect(index.fuzzy('checkout stripe', 5).map((hit) => hit.record.id)).toEqual(before);
  });

  it('returns what plain fuse.js returns for the fixed query set', () => {
    const corpus = syntheticRecords(10_000);
    const index = indexOf(corpus);
    const plain = new Fuse(corpus, FUSE_OPTIONS);
    const shares = syntheticQueries(corpus, 30).map((query) =>
      overlap(
        plain.search(fuseQuery(query), { limit: 5 }).map((result) => result.item.id),
        index.fuzzy(query, 5).map((hit) => hit.record.id),
      ),
    );
    const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
    // Narrowing may lose a weak fifth-place match among near-ties; losing real matches would drop this far lower.
    expect(mean).toBeGreaterThanOrEqual(0.85);
  });

  it('scores folded titles as fuse.js scores the titles shown, across case and diacritics', () => {
    const accented = (text: string) => text.replace(/e/g, 'é').replace(/o/g, 'ø').replace(/s/g, 'S');
    const corpus = syntheticRecords(250, 3).map((record, n) =>
      n % 2 ? { ...record, title: accented(record.title), aka: accented(record.aka) } : record,
    );
    const index = indexOf(corpus);
    const scored = (hits: { id: string; score: number }[]) => hits.map((hit) => `${hit.id} ${hit.score.toFixed(9)}`);
    const queries = [...syntheticQueries(corpus, 24, 5), 'RØADMAP Release', 'éxperiment'];
    let compared = 0;
    for (const query of queries) {
      // The candidate index narrows what fuse.js sees; over the same records, plain fuse.js scores them the same.
      const matched = new Set(index.fuzzy(query, corpus.length).map((hit) => hit.record.id));
      const plain = new Fuse(
        corpus.filter((record) => matched.has(record.id)),
        FUSE_OPTIONS,
      );
      const expected = plain.search(fuseQuery(query), { limit: 10 });
      compared += expected.length;
      expect(scored(index.fuzzy(query, 10).map((hit) => ({ id: hit.record.id, score: hit.score })))).toEqual(
        scored(expected.map((result) => ({ id: result.item.id, score: result.score ?? 1 }))),
      );
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('ranks by match tier before score, kind and recency', () => {
    const older = decisionNamed('Stripe rollout', '2025-01-01T00:00:00Z');
    const newer = decisionNamed('Stripe rollout plan', '2026-01-01T00:00:00Z');
    const fuzzy = decisionNamed('Strip old rollouts');
    expect(matchTier('stripe rollout', older)).toBe(0);
    expect(matchTier('stripe roll', newer)).toBe(1);
    expect(matchTier('roll strip', fuzzy)).toBe(2);
    expect(matchTier('stirpe', fuzzy)).toBe(3);
    const hit = (record: SearchRecord, score: number): SearchHit => ({ record, score, titleMatches: [] });
    const ranked = rankHits('stripe', [hit(fuzzy, 0.01), hit(older, 0.2), hit(newer, 0.2)]);
    expect(titles(ranked)).toEqual(['Stripe rollout plan', 'Stripe rollout', 'Strip old rollouts']);
  });
});

describe('the candidate index', () => {
  it('keeps the records sharing the most grams; ties at the cap go to shorter titles, then to earlier records', () => {
    const candidates = new CandidateIndex();
    // Every title shares all of the query's grams; their lengths decide, then the order they came in.
    const named = ['Refund policy for the enterprise plan', 'Refund plan', 'Refund plans', 'Refund plan!', 'Refund'];
    const rows = named.map((title) => decisionNamed(title));
    for (const row of rows) candidates.upsert(row);
    // 'Refund' shares fewer grams (no "plan") and ranks last whatever its length.
    expect(candidates.candidates('refund plan', 5).map((row) => row.title)).toEqual(named);
    expect(candidates.candidates('refund plan', 2).map((row) => row.title)).toEqual(['Refund plan', 'Refund plans']);
    expect(candidates.candidates('refund plan', 3).map((row) => row.title)).toEqual([
      'Refund plan',
      'Refund plans',
      'Refund plan!',
    ]);
    expect(candidates.candidates('refund plan', 4).map((row) => row.title)).toEqual(named.slice(0, 4));
  });

  it('chooses what ranking every record by shared grams, title length and order chooses, through updates', () => {
    const records = syntheticRecords(4_000, 5);
    const candidates = new CandidateIndex();
    // The reference: every live record in the order it was last written, ranked one by one.
    const live = new Map<string, SearchRecord>();
    const write = (record: SearchRecord) => {
      const key = `${record.kind}:${record.id}`;
      live.delete(key);
      live.set(key, record);
      candidates.upsert(record);
    };
    for (const record of records) write(record);
    for (const record of records.slice(0, 1_500)) {
      live.delete(`${record.kind}:${record.id}`);
      candidates.remove(`${record.kind}:${record.id}`);
    }
    for (const record of records.slice(2_000, 2_400)) write({ ...record, title: `${record.title} revised` });
    const expected = (query: string, cap: number) => {
      const wanted = new Set(tokenize(query).flatMap(queryGramsOfToken));
      const ranked = [...live.values()]
        .map((record, order) => {
          const grams = gramsOfText(`${record.title} ${record.aka}`);
          return { record, order, shared: [...wanted].filter((gram) => grams.has(gram)).length };
        })
        .filter((entry) => entry.shared > 0)
        .sort((a, b) => b.shared - a.shared || a.record.title.length - b.record.title.length || a.order - b.order);
      return ranked
        .slice(0, cap)
        .sort((a, b) => a.order - b.order)
        .map((entry) => entry.record.id);
    };
    const queries = syntheticQueries(records, 60).map(fuseQuery);
    for (const cap of [20, 300]) {
      for (const query of queries)
        expect(candidates.candidates(query, cap).map((row) => row.id)).toEqual(expected(query, cap));
    }
  });
});

describe('one engine for the omnibox, the hub and the pickers', () => {
  const jiraItem = (key: string, title: string): SearchRecord => ({
    kind: 'item',
    id: uuid(),
    title,
    aka: key,
    recency: 1,
    tool: 'jira',
    url: `https://acme.atlassian.net/browse/${key}`,
    itemKey: `jira:acme.atlassian.net/${key}`,
  });
  const corpus = [
    jiraItem('PAY-9', 'Fix webhook retries'),
    jiraItem('PAY-19', 'Payment page copy'),
    jiraItem('PAY-91', 'Refund export'),
    jiraItem('PAY-3', 'PAY 9 audit of payouts'),
    decisionNamed('Switch SEPA Direct Debit to Stripe'),
    decisionNamed('Use Adyen for SEPA Direct Debit'),
  ];

  it('puts an exact key first and answers a key with that key or keys starting with it, not fuzzy neighbours', () => {
    const index = indexOf(corpus);
    expect(index.search('PAY-9').map((hit) => hit.record.aka)).toEqual(['PAY-9', 'PAY-91']);
    expect(index.search('pay-19').map((hit) => hit.record.aka)).toEqual(['PAY-19']);
  });

  it('forgives typos across words, as the omnibox always did', () => {
    expect(titles(indexOf(corpus).search('swich sepa stripe'))[0]).toBe('Switch SEPA Direct Debit to Stripe');
  });

  it('narrows to the kinds asked for without losing the best of them', () => {
    const index = indexOf(corpus);
    const hits = index.search('sepa', 8, ['item']);
    expect(hits).toEqual([]);
    expect(index.search('refund', 8, ['item']).map((hit) => hit.record.aka)).toEqual(['PAY-91']);
  });

  it('reaches every cached item, the ones past the first 5,000 in id order too, as the related-item picker asks', async () => {
    const db = openDb(`search-${uuid()}`, idb);
    const index = createSearchIndex();
    const follower = createMirrorFollower(index);
    follower.follow(db);
    await follower.load(db);
    // 6,000 cached items, ids in the order they were made; the last one is what the user looks for.
    const items = Array.from({ length: 6000 }, (_, n) => ({
      ...item(jiraRef(`OPS-${n}`), n === 5999 ? 'Quarterly chargeback reconciliation' : `Runbook step ${n}`),
      id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    }));
    await db.items.bulkPut(items);
    expect(index.rowCount('items')).toBe(6000);
    expect(titles(index.search('quartely chargeback', 8, ['item']))[0]).toBe('Quarterly chargeback reconciliation');
    expect(index.search('OPS-5999', 8, ['item'])[0]?.record).toMatchObject({
      kind: 'item',
      itemKey: jiraRef('OPS-5999').key,
    });
    db.close();
  });

  it('finds people by name and email, with their team, and forgets them with the team row', async () => {
    const name = `search-${uuid()}`;
    const payments = {
      ...team('Payments'),
      members: [{ name: 'Ana Lima', email: 'ana@acme.test' }, { name: 'Bo Chen' }],
    };
    await seed(name, payments);
    const db = openDb(name, idb);
    const index = createSearchIndex();
    const follower = createMirrorFollower(index);
    follower.follow(db);
    await follower.load(db);
    const [ana] = index.search('ana lima');
    expect(ana?.record).toMatchObject({ kind: 'person', title: 'Ana Lima', teamId: payments.id, teamName: 'Payments' });
    expect(index.search('ana@acme.test')[0]?.record.title).toBe('Ana Lima');
    expect(titles(index.search('bo chen', 8, ['person']))).toEqual(['Bo Chen']);

    await db.teams.put({ ...payments, members: [{ name: 'Bo Chen' }] });
    expect(index.search('ana lima', 8, ['person'])).toEqual([]);
    expect(titles(index.search('bo chen', 8, ['person']))).toEqual(['Bo Chen']);
    await db.teams.delete(payments.id);
    expect(index.size).toBe(0);
  });
});

/** Writes rows through another connection, as an earlier session of the extension would have. */
async function seed(name: string, ...teams: Team[]) {
  const db = openDb(name, idb);
  await db.teams.bulkPut(teams);
  db.close();
}

describe('following the mirror', () => {
  it('must be attached before the database opens, or it would miss writes', async () => {
    const db = openDb(`search-${uuid()}`, idb);
    await db.open();
    expect(() => createMirrorFollower(createSearchIndex()).follow(db)).toThrow('before it opens');
  });

  it('loads the mirror, then applies committed writes and skips aborted ones', async () => {
    const name = `search-${uuid()}`;
    const payments = team('Payments');
    await seed(name, payments);
    const db = openDb(name, idb);
    const index = createSearchIndex();
    const follower = createMirrorFollower(index);
    follower.follow(db);
    await follower.load(db);
    expect(index.get('team', payments.id)?.title).toBe('Payments');

    // A sync page, written through the sync engine's own connection: one bulk write of more than 50 rows, which
    // Dexie's own change events would report as "the whole table changed".
    const syncConnection = openDb(name, idb);
    follower.follow(syncConnection);
    const page = Array.from({ length: 120 }, (_, n) => decision(`Decision number ${n}`, '2026-02-01T00:00:00Z'));
    await syncConnection.transaction('rw', syncConnection.decisions, syncConnection.goals, async () => {
      await syncConnection.decisions.bulkPut(page);
      await syncConnection.goals.put(goal('Launch in Europe'));
    });
    expect(index.size).toBe(122);
    expect(titles(index.search('launch europe'))).toEqual(['Launch in Europe']);

    await expect(
      db.transaction('rw', db.decisions, async () => {
        await db.decisions.put(decision('Never committed', '2026-02-01T00:00:00Z'));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(index.search('never committed')).toEqual([]);

    await db.decisions.delete(page[0]?.id as string);
    expect(index.size).toBe(121);
    await db.decisions.clear();
    expect([...index.records()].map((record) => record.kind).sort()).toEqual(['goal', 'team']);
  });

  it("counts the mirror's rows per table as they are written, updated, deleted and cleared", async () => {
    const name = `search-${uuid()}`;
    // A team is two records (the team and its lead) but one row.
    const payments = { ...team('Payments'), members: [{ name: 'Ada' }] };
    await seed(name, payments);
    const db = openDb(name, idb);
    const index = createSearchIndex();
    const follower = createMirrorFollower(index);
    follower.follow(db);
    await follower.load(db);
    const counted = async () => ({
      teams: [index.rowCount('teams'), await db.teams.count()],
      goals: [index.rowCount('goals'), await db.goals.count()],
      decisions: [index.rowCount('decisions'), await db.decisions.count()],
    });
    expect(await counted()).toEqual({ teams: [1, 1], goals: [0, 0], decisions: [0, 0] });

    const page = Array.from({ length: 60 }, (_, n) => decision(`Decision number ${n}`, '2026-02-01T00:00:00Z'));
    await db.transaction('rw', db.decisions, db.goals, async () => {
      await db.decisions.bulkPut(page);
      await db.goals.put(goal('Launch in Europe'));
    });
    // The same rows again (a replayed page) and a renamed team: updates, not new rows.
    await db.decisions.bulkPut(page.map((row) => ({ ...row, title: `${row.title} (revised)` })));
    await db.teams.put({ ...payments, name: 'Payments and billing' });
    expect(await counted()).toEqual({ teams: [1, 1], goals: [1, 1], decisions: [60, 60] });

    await db.decisions.bulkDelete(page.slice(0, 10).map((row) => row.id));
    await db.decisions.delete(uuid());
    expect(await counted()).toEqual({ teams: [1, 1], goals: [1, 1], decisions: [50, 50] });
    await db.decisions.clear();
    await db.teams.clear();
    expect(await counted()).toEqual({ teams: [0, 0], goals: [1, 1], decisions: [0, 0] });
  });

  it("answers the hub's counts from the background's index, the rules counted in the mirror", async () => {
    const service = startSearchService();
    // The background's own connection (the mirror's name), followed as Dexie constructs it.
    const db = openDb(undefined, idb);
    await db.teams.put(team('Payments'));
    await db.rules.bulkPut([rule('jira', 'jiraProject', 'PAY', uuid()), rule('jira', 'jiraProject', 'OPS', uuid())]);
    void service.load(db);
    await db.decisions.bulkPut([
      decision('Keep Adyen', '2026-02-01T00:00:00Z'),
      decision('Use SEPA', '2026-02-02T00:00:00Z'),
    ]);
    expect(await service.counts(db)).toEqual({ teams: 1, goals: 0, decisions: 2, rules: 2, items: 0 });
    db.close();
  });

  it("indexes a committed page off the writer's path, and before anything reads the index", async () => {
    const db = openDb(`search-${uuid()}`, idb);
    const index = createSearchIndex();
    const follower = createMirrorFollower(index);
    follower.follow(db);
    await follower.load(db);
    const page = Array.from({ length: 500 }, (_, n) => decision(`Paged decision ${n}`, '2026-02-01T00:00:00Z'));
    await db.decisions.bulkPut(page);
    // Committed, and the writer already back: the page waits as deferred work (in slices of rows) ...
    expect(index.deferred).toBeGreaterThan(1);
    // ... which any use of the index applies first, in order.
    expect(index.rowCount('decisions')).toBe(500);
    expect(index.deferred).toBe(0);
    expect(titles(index.search('paged decision 499'))[0]).toBe('Paged decision 499');

    // Left alone, the deferred work applies itself when the thread is idle.
    await db.decisions.bulkPut(page.map((row) => ({ ...row, title: `Revised decision ${row.title}` })));
    await db.decisions.delete(page[0]?.id as string);
    await vi.waitFor(() => expect(index.deferred).toBe(0));
    expect(index.rowCount('decisions')).toBe(499);
    expect(titles(index.search('revised decision paged 499'))[0]).toBe('Revised decision Paged decision 499');
    expect(index.search('revised decision paged 0', 8, ['decision']).map((hit) => hit.record.id)).not.toContain(
      page[0]?.id,
    );
    db.close();
  });

  it('applies writes made while the mirror loads after the load, so they are not overwritten', async () => {
    const name = `search-${uuid()}`;
    const payments = team('Payments');
    await seed(name, payments);
    const db = openDb(name, idb);
    const index = createSearchIndex();
    const follower = createMirrorFollower(index);
    follower.follow(db);
    const loading = follower.load(db);
    await db.teams.put({ ...payments, name: 'Payments and billing' });
    await loading;
    expect(index.get('team', payments.id)?.title).toBe('Payments and billing');
  });
});

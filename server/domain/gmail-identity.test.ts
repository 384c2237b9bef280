/**
 * A Gmail thread's shared key on the server: a ref with a Message-ID is checked against its URL (the thread its id
 * names) and its key (that Message-ID's); a thread captured before under its mailbox-local key takes the shared
 * key at its first capture with one, with its links, decisions and notes, so a colleague's mailbox finds them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Change, type ItemRef, zItem, zMutationBatchResult, zPullPage, zTeam } from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer } from '../testing/test-server.ts';
import { canonicalRef } from './items.ts';

const TOKEN = 'FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm';
const LOCAL_KEY = `gmail:${TOKEN}`;
const MESSAGE_ID = 'CAOq3x9pZ-7Hf2Lk@mail.acme.example';
const SHARED_KEY = `gmail:mid:${MESSAGE_ID}`;
const localRef: ItemRef = {
  tool: 'gmail',
  kind: 'thread',
  id: TOKEN,
  key: LOCAL_KEY,
  url: `https://mail.google.com/mail/u/0/#all/${TOKEN}`,
};
const sharedRef: ItemRef = { ...localRef, key: SHARED_KEY, messageId: MESSAGE_ID };

describe('a Gmail ref with its Message-ID', () => {
  it('is accepted with the shared key of its Message-ID and a URL of the thread its id names', () => {
    expect(canonicalRef(sharedRef)).toEqual(sharedRef);
    const otherForm = { ...sharedRef, url: `https://mail.google.com/mail/u/0/#inbox/${TOKEN}` };
    expect(canonicalRef(otherForm)?.url).toBe(`https://mail.google.com/mail/u/0/#all/${TOKEN}`);
  });

  it('is refused with another key, a URL of another thread, or on another tool', () => {
    expect(canonicalRef({ ...sharedRef, key: LOCAL_KEY })).toBeUndefined();
    expect(canonicalRef({ ...sharedRef, key: 'gmail:mid:someone-else@acme.example' })).toBeUndefined();
    expect(
      canonicalRef({ ...sharedRef, url: 'https://mail.google.com/mail/u/0/#all/FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl' }),
    ).toBeUndefined();
    expect(canonicalRef({ ...localRef, key: SHARED_KEY })).toBeUndefined();
    const jira = { tool: 'jira', kind: 'issue', id: 'PAY-1', key: 'jira:acme.atlassian.net/PAY-1' } as const;
    expect(
      canonicalRef({ ...jira, url: 'https://acme.atlassian.net/browse/PAY-1', messageId: MESSAGE_ID }),
    ).toBeUndefined();
  });
});

const push = async (client: Client, mutations: unknown[]) => {
  const response = await client.post('/v1/mutations', { mutations });
  expect(response.status).toBe(200);
  return zMutationBatchResult.parse(response.body).results;
};
const mutation = (type: string, data: unknown) => ({ mutationId: randomUUID(), type, id: randomUUID(), data });

describe.each(testDatabases)('migrating a thread to its shared key on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  it("moves the item, its links, decisions and notes from the mailbox's key to the shared key, in the feed", async () => {
    const ws = await server.workspace();
    const [finance, legal] = await Promise.all(
      ['finance', 'legal'].map(
        async (slug) => zTeam.parse((await ws.admin.post('/v1/teams', { name: slug, slug })).body).id,
      ),
    );
    const before = await push(ws.member, [
      mutation('item.upsert', { ref: localRef, title: 'Q3 budget sign-off' }),
      mutation('link.create', { kind: 'owner', itemKey: LOCAL_KEY, teamId: finance }),
      mutation('link.create', { kind: 'related', itemKey: 'jira:acme.atlassian.net/FIN-9', relatedItemKey: LOCAL_KEY }),
      mutation('decision.create', {
        title: 'Budget capped',
        decidedAt: '2026-11-20T10:00:00Z',
        itemKeys: [LOCAL_KEY, 'jira:acme.atlassian.net/FIN-9'],
      }),
      mutation('note.create', { title: 'Ask Lee', itemKeys: [LOCAL_KEY] }),
    ]);
    expect(before.map((result) => result.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const { cursor } = zPullPage.parse((await ws.viewer.get('/v1/sync?cursor=0&limit=1000')).body);

    // The first capture with the Message-ID: the same row, now under the shared key.
    const adopted = await ws.member.post('/v1/items', { ref: sharedRef, title: 'Q3 budget sign-off' });
    expect(adopted.status).toBe(200);
    const item = zItem.parse(adopted.body);
    expect(item).toMatchObject({ id: before[0]?.status === 'applied' ? before[0].id : '', ref: sharedRef });
    const rows = async (sql: string) => server.db.query<Record<string, unknown>>(sql, [ws.id]);
    expect(await rows('SELECT key FROM items WHERE workspace_id = $1')).toEqual([{ key: SHARED_KEY }]);
    expect(
      await rows('SELECT kind, item_key, related_item_key FROM links WHERE workspace_id = $1 ORDER BY kind'),
    ).toEqual([
      { kind: 'owner', item_key: SHARED_KEY, related_item_key: null },
      { kind: 'related', item_key: 'jira:acme.atlassian.net/FIN-9', related_item_key: SHARED_KEY },
    ]);
    expect(await rows('SELECT item_keys FROM decisions WHERE workspace_id = $1')).toEqual([
      { item_keys: [SHARED_KEY, 'jira:acme.atlassian.net/FIN-9'] },
    ]);
    expect(await rows('SELECT item_keys FROM notes WHERE workspace_id = $1')).toEqual([{ item_keys: [SHARED_KEY] }]);
    // Pullers hear of every move.
    const changes: Change[] = zPullPage.parse(
      (await ws.viewer.get(`/v1/sync?cursor=${cursor}&limit=1000`)).body,
    ).changes;
    expect(changes.map((change) => `${change.op} ${change.entity}`).sort()).toEqual([
      'upsert decision',
      'upsert item',
      'upsert link',
      'upsert link',
      'upsert note',
    ]);

    // A colleague's mailbox: another URL token, the same Message-ID, the same item; a new owner replaces the old.
    const samToken = 'FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl';
    const samRef = {
      ...sharedRef,
      id: samToken,
      url: `https://mail.google.com/mail/u/1/#all/${samToken}`,
    };
    const [samItem, samOwner] = await push(ws.member, [
      mutation('item.upsert', { ref: samRef, title: 'Q3 budget sign-off' }),
      mutation('link.create', { kind: 'owner', itemKey: SHARED_KEY, teamId: legal }),
    ]);
    expect(samItem).toMatchObject({ status: 'applied', id: item.id });
    expect(samOwner).toMatchObject({ status: 'applied' });
    expect(await rows("SELECT team_id FROM links WHERE workspace_id = $1 AND kind = 'owner'")).toEqual([
      { team_id: legal },
    ]);
  });

  it('merges an older local item into an existing shared one; of two owners the one set last stays', async () => {
    const ws = await server.workspace();
    const [finance, legal] = await Promise.all(
      ['finance', 'legal'].map(
        async (slug) => zTeam.parse((await ws.admin.post('/v1/teams', { name: slug, slug })).body).id,
      ),
    );
    await push(ws.member, [
      mutation('item.upsert', {
        ref: {
          ...sharedRef,
          id: 'FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl',
          url: 'https://mail.google.com/mail/u/1/#all/FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl',
        },
        title: 'Q3',
      }),
      mutation('link.create', { kind: 'owner', itemKey: SHARED_KEY, teamId: finance }),
    ]);
    await push(ws.member, [
      mutation('item.upsert', { ref: localRef, title: 'Q3' }),
      mutation('link.create', { kind: 'owner', itemKey: LOCAL_KEY, teamId: legal }),
    ]);
    const [result] = await push(ws.member, [mutation('item.upsert', { ref: sharedRef, title: 'Q3' })]);
    expect(result).toMatchObject({ status: 'applied' });
    const rows = async (sql: string) => server.db.query<Record<string, unknown>>(sql, [ws.id]);
    expect(await rows('SELECT key FROM items WHERE workspace_id = $1')).toEqual([{ key: SHARED_KEY }]);
    expect(await rows('SELECT item_key, team_id FROM links WHERE workspace_id = $1')).toEqual([
      { item_key: SHARED_KEY, team_id: legal },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zMe } from '../../utils/contract.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import { createUserToken, createWorkspace } from '../domain/tokens.ts';

describe('authentication', () => {
  let db: Database;
  let token: string;
  let tokenLookups = 0;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    const now = new Date();
    const workspaceId = await createWorkspace(db, 'Auth', now);
    ({ token } = await createUserToken(db, { workspaceId, name: 'Ana', role: 'member', now }));
  });
  afterAll(() => db.close());

  /** The app over the same database, counting the queries that look a token up. */
  const countingApp = () =>
    createApp({
      db: {
        ...db,
        query: (sql, params) => {
          if (sql.includes('FROM api_tokens')) tokenLookups++;
          return db.query(sql, params);
        },
      },
      rateLimit: false,
    });

  it('looks a token up once for a burst of concurrent requests', async () => {
    const app = countingApp();
    tokenLookups = 0;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(zMe.parse(await responses[19]?.json()).user.name).toBe('Ana');
    expect(tokenLookups).toBe(1);
  });

  it('still refuses every request of a burst with an unknown token', async () => {
    const app = countingApp();
    const unknown = `hw_${'A'.repeat(43)}`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => app.request('/v1/me', { headers: { authorization: `Bearer ${unknown}` } })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(401));
  });
});

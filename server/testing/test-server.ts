import { randomBytes } from 'node:crypto';
import type { Role } from '../../utils/contract.ts';
import { type AppOptions, createApp } from '../app.ts';
import type { SourceOptions } from '../connectors/imports.ts';
import { secretBox } from '../connectors/secrets.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUserToken, createWorkspace } from '../domain/tokens.ts';
import { defineServerJobs } from '../jobs/definitions.ts';
import { type JobQueue, startJobQueue } from '../jobs/queue.ts';
import type { TestDatabase } from './databases.ts';

export interface Response {
  status: number;
  headers: Headers;
  body: unknown;
}

export type Client = {
  token: string;
  request(method: string, path: string, body?: unknown): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  patch(path: string, body: unknown): Promise<Response>;
  delete(path: string): Promise<Response>;
};

export interface TestWorkspace {
  id: string;
  admin: Client;
  member: Client;
  viewer: Client;
}

export interface TestServer {
  db: Database;
  /** With `{ jobs: true }`: the queue, working every queue the server defines (fast polling). */
  jobs: JobQueue | undefined;
  app: ReturnType<typeof createApp>;
  /** A new workspace with one client per role, so tests never see each other's data. */
  workspace(): Promise<TestWorkspace>;
  client(token: string): Client;
  close(): Promise<void>;
}

export async function startTestServer(
  database: TestDatabase,
  options: Partial<AppOptions> = {},
  extras: { jobs?: boolean; sources?: SourceOptions } = {},
): Promise<TestServer> {
  const db = await database.open();
  await migrate(db);
  // A key of the test's own: connectors can be created, and nothing sealed outlives the test.
  const secrets = options.secrets ?? secretBox(randomBytes(32));
  let jobs: JobQueue | undefined;
  if (extras.jobs) {
    jobs = await startJobQueue(db, { pollingIntervalSeconds: 0.5 });
    await defineServerJobs({
      db,
      clock: options.clock ?? (() => new Date()),
      jobs,
      secrets,
      ...(extras.sources ? { sources: extras.sources } : {}),
    });
  }
  const app = createApp({ db, rateLimit: false, secrets, ...(jobs ? { jobs } : {}), ...options });

  const client = (token: string): Client => {
    const request = async (method: string, path: string, body?: unknown): Promise<Response> => {
      const response = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    };
    return {
      token,
      request,
      get: (path) => request('GET', path),
      post: (path, body) => request('POST', path, body),
      patch: (path, body) => request('PATCH', path, body),
      delete: (path) => request('DELETE', path),
    };
  };

  const workspace = async (): Promise<TestWorkspace> => {
    const now = new Date();
    const id = await createWorkspace(db, 'Test workspace', now);
    const tokenFor = async (role: Role) =>
      (await createUserToken(db, { workspaceId: id, name: `${role} user`, role, now })).token;
    return {
      id,
      admin: client(await tokenFor('admin')),
      member: client(await tokenFor('member')),
      viewer: client(await tokenFor('viewer')),
    };
  };

  return {
    db,
    jobs,
    app,
    workspace,
    client,
    close: async () => {
      await jobs?.stop();
      await db.close();
    },
  };
}

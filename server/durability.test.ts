import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zGoal } from '../utils/contract.ts';
import { generateToken } from './domain/tokens.ts';
import { createTemporaryDatabase } from './testing/databases.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;

const mainScript = join(import.meta.dirname, 'main.ts');

/** Starts `node server/main.ts` on a free port and resolves with its URL once it says it is listening. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [mainScript], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('durability', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** Creates a goal through one server process, kills it with SIGKILL, and reads the goal back through another. */
  async function writeKillRead(env: Record<string, string>) {
    const token = generateToken();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const serverEnv = { ...env, HALLWAY_BOOTSTRAP_TOKEN: token };

    const first = await startServer(serverEnv);
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    const created = await fetch(`${first.url}/v1/goals`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Survives kill -9' }),
    });
    expect(created.status).toBe(201);
    const goal = zGoal.parse(await created.json());
    await killHard(first.child);

    const second = await startServer(serverEnv);
    cleanups.push(async () => void second.child.kill('SIGKILL'));
    const read = await fetch(`${second.url}/v1/goals/${goal.id}`, { headers });
    expect(read.status).toBe(200);
    expect(zGoal.parse(await read.json())).toEqual(goal);
    await killHard(second.child);
  }

  it('keeps a write acknowledged by PGlite before SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hallway-durability-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeKillRead({ DATA_DIR: join(dir, 'pglite'), DATABASE_URL: '' });
  });

  // Registered only where CI gives a PostgreSQL server, like the other suites' PostgreSQL variants. The server
  // process dies; PostgreSQL itself keeps running (stopping it would cut the other test files' databases).
  if (postgresUrl) {
    it('keeps a write acknowledged on PostgreSQL when the server is killed with SIGKILL', async () => {
      const database = await createTemporaryDatabase(postgresUrl);
      cleanups.push(() => database.drop());
      await writeKillRead({ DATABASE_URL: database.url });
    });
  }
});

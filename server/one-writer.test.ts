/**
 * One writer per data folder, with real processes: while a server holds a PGlite folder,
 * a second server and the token command are refused with a message that says what to do, and the server and its
 * data are untouched; with an admin token the token command goes through the server, and what it created survives
 * a restart.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zGoal, zMe } from '../utils/contract.ts';
import { generateToken } from './domain/tokens.ts';
import { killHard, startServer } from './testing/server-process.ts';

const cliScript = join(import.meta.dirname, 'cli.ts');
const mainScript = join(import.meta.dirname, 'main.ts');

/** Runs a node script to its end; resolves with its exit code and output. */
function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HALLWAY_ADMIN_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('one process per PGlite data folder', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('refuses a second server and the token command without an admin token; with one, it goes through the server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hallway-one-writer-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const admin = generateToken();
    const env = { DATA_DIR: join(dir, 'pglite'), DATABASE_URL: '' };
    const server = await startServer({ ...env, HALLWAY_BOOTSTRAP_TOKEN: admin });
    cleanups.push(async () => void server.child.kill('SIGKILL'));
    // A token the launcher supplied is known to it: the server does not print it.
    expect(server.output()).toMatch(/Created the workspace/);
    expect(server.output()).not.toContain(admin);

    const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const created = await fetch(`${server.url}/v1/goals`, {
      method: 'POST',
      headers: auth(admin),
      body: JSON.stringify({ title: 'Written before the others came' }),
    });
    expect(created.status).toBe(201);
    const goal = zGoal.parse(await created.json());

    const refused = await run(cliScript, ['create', '--name', 'Ana', '--role', 'member'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The Hallway server at ${server.url}`);
    expect(refused.stderr).toMatch(/HALLWAY_ADMIN_TOKEN=hw_… npm run token/);
    expect(refused.stderr).toMatch(/or stop the server/);
    expect(refused.stdout).not.toMatch(/hw_/);

    const second = await run(mainScript, [], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`in use by the Hallway server at ${server.url}.*stop that process first`));
    expect(second.stderr).not.toMatch(/\n\s+at /);

    // Through the server, with the admin token.
    const made = await run(cliScript, ['create', '--name', 'Ana', '--role', 'member'], {
      ...env,
      HALLWAY_ADMIN_TOKEN: admin,
    });
    expect(made.stderr).toContain(`going through it`);
    expect(made.code).toBe(0);
    const ana = /^(hw_\S+)$/m.exec(made.stdout)?.[1];
    if (!ana) throw new Error(`no token printed:\n${made.stdout}`);
    const me = await fetch(`${server.url}/v1/me`, { headers: auth(ana) });
    expect(me.status).toBe(200);
    expect(zMe.parse(await me.json()).user).toMatchObject({ name: 'Ana', role: 'member' });

    // `npm start`'s dev token beside the folder serves as the admin token too.
    await writeFile(join(dir, 'dev-token'), `${admin}\n`);
    const listed = await run(cliScript, ['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/member\s+Ana\s+\(active\)/);

    // The server and its data are untouched, and what went through it survives a kill and a restart (the killed
    // server's lock is stale, so the new one takes the folder).
    const goalRead = await fetch(`${server.url}/v1/goals/${goal.id}`, { headers: auth(admin) });
    expect(zGoal.parse(await goalRead.json())).toEqual(goal);
    await killHard(server.child);
    const restarted = await startServer(env);
    cleanups.push(async () => void restarted.child.kill('SIGKILL'));
    expect((await fetch(`${restarted.url}/v1/me`, { headers: auth(ana) })).status).toBe(200);
    const after = await fetch(`${restarted.url}/v1/goals/${goal.id}`, { headers: auth(admin) });
    expect(zGoal.parse(await after.json())).toEqual(goal);

    // Stopped cleanly, the server gives the folder back: the command opens it itself.
    await new Promise<void>((resolve) => {
      restarted.child.once('exit', () => resolve());
      restarted.child.kill('SIGTERM');
    });
    const direct = await run(cliScript, ['list'], env);
    expect(direct.stderr).not.toContain('going through it');
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/Ana/);
  }, 120_000);
});

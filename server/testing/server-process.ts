/**
 * The server as a real process, for tests that kill it: `node server/main.ts` on a free port, stopped with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Goal, zGoal } from '../../utils/contract.ts';
import { generateToken } from '../domain/tokens.ts';

const mainScript = join(import.meta.dirname, '..', 'main.ts');

/**
 * Starts `node server/main.ts` on a free port and resolves with its URL once it says it is listening; `output()` is
 * everything it printed so far.
 */
export function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [mainScript], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

export const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Starts a server on a fresh bootstrap token and creates a goal; resolves once the server acknowledged it. */
export async function startAndWriteGoal(cleanups: (() => Promise<void>)[], env: Record<string, string>) {
  const token = generateToken();
  const serverEnv = { ...env, HALLWAY_BOOTSTRAP_TOKEN: token };
  const server = await startServer(serverEnv);
  cleanups.push(async () => void server.child.kill('SIGKILL'));
  const created = await fetch(`${server.url}/v1/goals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Survives kill -9' }),
  });
  expect(created.status).toBe(201);
  return { server, goal: zGoal.parse(await created.json()), serverEnv, token };
}

/** Reads the goal back through a new server process and expects it exactly as acknowledged. */
export async function expectGoalAfterRestart(
  cleanups: (() => Promise<void>)[],
  written: { goal: Goal; serverEnv: Record<string, string>; token: string },
) {
  const second = await startServer(written.serverEnv);
  cleanups.push(async () => void second.child.kill('SIGKILL'));
  const read = await fetch(`${second.url}/v1/goals/${written.goal.id}`, {
    headers: { authorization: `Bearer ${written.token}` },
  });
  expect(read.status).toBe(200);
  expect(zGoal.parse(await read.json())).toEqual(written.goal);
  await killHard(second.child);
}

/** Creates a goal through one server process, kills it with SIGKILL, and reads the goal back through another. */
export async function writeKillRead(cleanups: (() => Promise<void>)[], env: Record<string, string>) {
  const written = await startAndWriteGoal(cleanups, env);
  await killHard(written.server.child);
  await expectGoalAfterRestart(cleanups, written);
}

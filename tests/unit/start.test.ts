/**
 * `npm start` (scripts/start.ts): with its port taken it says so and stops before starting anything, and once
 * running it says what to do next.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGuide } from '../../scripts/start-guide.ts';

const startScript = join(import.meta.dirname, '..', '..', 'scripts', 'start.ts');
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function occupy(answer: (path: string) => { status: number; body: string }): Promise<number> {
  const server = createServer((request, response) => {
    const { status, body } = answer(request.url ?? '/');
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function start(port: number) {
  const child = spawn(process.execPath, [startScript], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}

describe('npm start', () => {
  it('stops with a message when another program has its port, before starting the server', async () => {
    const port = await occupy(() => ({ status: 200, body: '{"hello":"world"}' }));
    const { code, output } = await start(port);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `Port ${port} on 127.0.0.1 is taken by another program: stop it, or choose another port: PORT=${port + 1} npm start.`,
    );
  });

  it('says when the port has a Hallway server already (another npm start)', async () => {
    const port = await occupy((path) =>
      path === '/healthz'
        ? { status: 200, body: JSON.stringify({ service: 'hallway', status: 'ok', version: '0.1.0' }) }
        : { status: 404, body: '{}' },
    );
    const { code, output } = await start(port);
    expect(code).toBe(1);
    expect(output).toContain(`A Hallway server already answers on http://127.0.0.1:${port} (another npm start?)`);
    expect(output).not.toMatch(/listening on/);
  });

  it('tells after the first start where the extension is, the server URL and where a token goes', () => {
    const facts = {
      serverUrl: 'http://127.0.0.1:8787',
      extensionDir: '/home/ana/hallway/.output/chrome-mv3-dev',
      tokenFile: '.data/dev-token',
      browserOpened: false,
      firstStart: true,
    };
    const first = startGuide(facts);
    expect(first).toContain('Server: http://127.0.0.1:8787 (admin token in .data/dev-token)');
    expect(first).toContain('choose "Load unpacked" and pick /home/ana/hallway/.output/chrome-mv3-dev');
    expect(first).toMatch(/open Hallway's options, enter the server URL\s+http:\/\/127\.0\.0\.1:8787 and a token from/);
    expect(first).toContain('`npm run token -- create --name <name> --role member`');
    expect(startGuide({ ...facts, browserOpened: true })).toContain('The Chromium window WXT opened has it loaded');

    const later = startGuide({ ...facts, firstStart: false, browserOpened: true });
    expect(later).toContain(
      'Extension (development build, signed in as the admin): /home/ana/hallway/.output/chrome-mv3-dev',
    );
    expect(later).not.toContain('What next');
  });
});

import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PageClient } from '../../scripts/bench/page-client.ts';

let server: Server | undefined;
let client: PageClient | undefined;

async function serve(listener: RequestListener): Promise<{ url: URL; connections: () => number }> {
  let connections = 0;
  server = createServer({ keepAlive: true }, listener);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}`), connections: () => connections };
}

afterEach(async () => {
  client?.close();
  client = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('the pull bench’s HTTP client', () => {
  it('reads responses to their last byte, one after another on one kept-alive connection', async () => {
    const bodies = new Map([
      ['/large', randomBytes(300_000)],
      ['/small', Buffer.from('{"changes":[]}')],
    ]);
    const seen: { path?: string; authorization?: string }[] = [];
    const { url, connections } = await serve((request, response) => {
      seen.push({ path: request.url, authorization: request.headers.authorization });
      const body = bodies.get(request.url ?? '') ?? Buffer.alloc(0);
      response.writeHead(200, { 'Content-Length': body.length, 'Content-Encoding': 'gzip', Link: '<next>' });
      response.end(body);
    });
    client = new PageClient(url);
    const large = await client.get('/large', { authorization: 'Bearer t1' });
    const small = await client.get('/small', { authorization: 'Bearer t1' });
    expect(large.status).toBe(200);
    expect(large.headers.get('content-encoding')).toBe('gzip');
    expect(large.headers.get('link')).toBe('<next>');
    expect(Buffer.concat(large.chunks).equals(bodies.get('/large') ?? Buffer.alloc(1))).toBe(true);
    expect(Buffer.concat(small.chunks).toString()).toBe('{"changes":[]}');
    expect(seen).toEqual([
      { path: '/large', authorization: 'Bearer t1' },
      { path: '/small', authorization: 'Bearer t1' },
    ]);
    expect(connections()).toBe(1);
  });

  it('reads an error status and its body', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(401, { 'Content-Length': 12 });
      response.end('unauthorized');
    });
    client = new PageClient(url);
    const response = await client.get('/v1/sync', {});
    expect(response.status).toBe(401);
    expect(Buffer.concat(response.chunks).toString()).toBe('unauthorized');
  });

  it('refuses a body it cannot delimit instead of guessing where it ends', async () => {
    const { url } = await serve((_request, response) => {
      response.write('part one');
      response.end('part two');
    });
    client = new PageClient(url);
    await expect(client.get('/chunked', {})).rejects.toThrow(/without a Content-Length: HTTP\/1.1 200 OK/);
  });

  it('fails a request the server hangs up on', async () => {
    const { url } = await serve((request) => request.socket.destroy());
    client = new PageClient(url);
    await expect(client.get('/', {})).rejects.toThrow('the server closed the connection');
  });

  it('sends one request at a time on its connection', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Length': 2 });
      response.end('ok');
    });
    client = new PageClient(url);
    const first = client.get('/a', {});
    await expect(client.get('/b', {})).rejects.toThrow('one request at a time');
    expect(Buffer.concat((await first).chunks).toString()).toBe('ok');
  });
});

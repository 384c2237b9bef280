import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SocketSink, takeOverResponse } from './socket.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A bare Node server whose every request becomes a taken-over stream. */
async function streamServer() {
  const sinks: SocketSink[] = [];
  const server = createServer((_request, response) => {
    const sink = takeOverResponse(response, { 'content-type': 'text/event-stream' });
    if (sink) sinks.push(sink);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, sinks, port: address.port };
}

/** A raw client: what it received so far, and whether the server ended the stream. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1', () => {
    socket.write('GET /v1/events HTTP/1.1\r\nHost: hallway\r\n\r\n');
  });
  let received = '';
  const ended = new Promise<void>((resolve) => socket.once('end', resolve));
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  return { socket, received: () => received, ended };
}

const until = async (check: () => boolean) => {
  await expect.poll(check, { timeout: 10_000 }).toBe(true);
};
const bytes = (text: string) => new TextEncoder().encode(text);

describe('an event stream taken over from the HTTP server', () => {
  it('has a head without chunked encoding, then exactly the bytes written, and ends cleanly', async () => {
    const { sinks, port } = await streamServer();
    const client = rawClient(port);
    await until(() => sinks.length === 1);
    const sink = sinks[0] as SocketSink;
    // The HTTP machinery let go of the connection (this Node still has the parser hand-over socket.ts relies on).
    expect(sink.detached).toBe(true);
    const poke = bytes('id: 7\nevent: poke\ndata: {"seq":"7"}\n\n');
    expect(sink.write(poke)).toBe(true);
    expect(sink.write(poke)).toBe(true);
    sink.end();
    await client.ended;
    const [head, body] = client.received().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head?.toLowerCase()).toContain('connection: close');
    expect(head?.toLowerCase()).toContain('content-type: text/event-stream');
    expect(head?.toLowerCase()).not.toContain('transfer-encoding');
    expect(body).toBe(`${new TextDecoder().decode(poke)}`.repeat(2));
  });

  it('tells when the client goes away, and closeAllConnections still closes the streams', async () => {
    const { server, sinks, port } = await streamServer();
    const leaving = rawClient(port);
    const staying = rawClient(port);
    await until(() => sinks.length === 2);
    const closed: number[] = [];
    sinks.forEach((sink, index) => void sink.onClose(() => closed.push(index)));
    leaving.socket.end();
    await until(() => closed.length === 1);
    server.closeAllConnections();
    await until(() => closed.length === 2);
    await new Promise((resolve) => server.close(resolve));
    expect(staying.socket.destroyed || staying.socket.readableEnded).toBe(true);
  });

  it('reports a reader that stops reading as a full buffer, and its drain once it reads again', async () => {
    const { sinks, port } = await streamServer();
    const client = rawClient(port);
    await until(() => sinks.length === 1);
    const sink = sinks[0] as SocketSink;
    client.socket.pause();
    let drained = 0;
    sink.onDrain(() => {
      drained += 1;
    });
    const chunk = new Uint8Array(64 * 1024).fill(0x3a);
    let writes = 0;
    // The kernel's buffers take a few MB; then the socket says stop, and nothing is written past that.
    while (sink.write(chunk)) {
      writes += 1;
      if (writes > 10_000) throw new Error('the socket never pushed back');
    }
    expect(drained).toBe(0);
    client.socket.resume();
    await until(() => drained === 1);
  });
});

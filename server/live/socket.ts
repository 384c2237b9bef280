/**
 * Where an event stream's bytes go: its own socket, taken from Node's HTTP machinery once the response head is out,
 * the way Node itself hands over a connection upgraded to a WebSocket (`_http_server.js`, the `upgrade` path): the
 * connection's HTTP parser goes back to Node's pool, the server's per-connection listeners (request parsing,
 * keep-alive, timeouts) come off, and the request and response objects are left to the collector.
 *
 * Why: a held Node response costs about 13 KB of resident memory (measured: 10,000 of them in a bare Node server
 * take 130 MB, most of it the native parser and its listeners), a bare socket about 3 KB. With PGlite's PostgreSQL
 * in the same process, only the bare socket keeps 10,000 streams within 300 MB.
 *
 * The head says `Connection: close` and no `Transfer-Encoding`, so the body is simply the bytes written to the
 * socket until it closes (RFC 9112 section 6.3): the same encoded poke is written to every stream as it is, with no
 * per-stream chunk framing. `end` is a clean end of the body (FIN after the bytes written), `destroy` drops it.
 */
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Server, Socket } from 'node:net';
import type { StreamSink } from './hub.ts';

/** Node's own helper that returns a connection's parser to the pool (`_http_common`, there since Node 0.x). */
const httpCommon = createRequire(import.meta.url)('_http_common') as {
  freeParser?: (parser: unknown, request: unknown, socket: unknown) => void;
};

/** The events on which Node's HTTP server listens to a connection: its listeners come off at the takeover. */
const HTTP_EVENTS = ['data', 'end', 'close', 'drain', 'error', 'timeout', 'resume', 'pause'] as const;

/** Taken-over sockets per HTTP server, so that `closeAllConnections` still closes every connection. */
const heldBy = new WeakMap<Server, Set<Socket>>();

/**
 * Writes the head and takes the response's socket: from then on the stream is the socket alone. Null when the
 * connection is gone already.
 */
export function takeOverResponse(outgoing: ServerResponse, headers: Record<string, string>): SocketSink | null {
  const socket = outgoing.socket;
  if (!socket || socket.destroyed) return null;
  outgoing.removeHeader('transfer-encoding');
  outgoing.writeHead(200, { ...headers, connection: 'close' });
  outgoing.flushHeaders();
  outgoing.detachSocket(socket);
  for (const event of HTTP_EVENTS) socket.removeAllListeners(event);
  const parser = (socket as Socket & { parser?: unknown }).parser;
  if (parser && httpCommon.freeParser) httpCommon.freeParser(parser, outgoing.req, socket);
  socket.setTimeout(0);
  socket.setNoDelay(true);
  // The client sends nothing more; reading on is how its going away (FIN) is seen at once.
  socket.resume();
  socket.on('end', () => socket.destroy());
  // A reset connection: 'close' follows, which is what the hub listens to.
  socket.on('error', () => socket.destroy());
  track(socket);
  return new SocketSink(socket);
}

/**
 * Node's `server.closeAllConnections()` reaches connections through their HTTP parsers, which a taken-over socket no
 * longer has: it is wrapped, once per server, to close those too (tests and launchers call it to stop a server).
 */
function track(socket: Socket) {
  const server = (socket as Socket & { server?: Server & { closeAllConnections?: () => void } }).server;
  if (!server) return;
  let held = heldBy.get(server);
  if (!held) {
    const sockets = new Set<Socket>();
    held = sockets;
    heldBy.set(server, sockets);
    const closeAll = server.closeAllConnections?.bind(server);
    server.closeAllConnections = () => {
      closeAll?.();
      for (const open of [...sockets]) open.destroy();
    };
  }
  const sockets = held;
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
}

/** A stream's sink on its socket: one small object, its methods shared. */
export class SocketSink implements StreamSink {
  readonly #socket: Socket;
  constructor(socket: Socket) {
    this.#socket = socket;
  }
  write(bytes: Uint8Array): boolean {
    return this.#socket.write(bytes);
  }
  onDrain(listener: () => void): void {
    this.#socket.on('drain', listener);
  }
  onClose(listener: () => void): void {
    this.#socket.once('close', listener);
  }
  end(): void {
    this.#socket.destroySoon();
  }
  destroy(): void {
    this.#socket.destroy();
  }
  /** Whether the HTTP machinery let go of the connection (tests: the takeover still works on this Node). */
  get detached(): boolean {
    return (this.#socket as Socket & { parser?: unknown }).parser == null;
  }
}

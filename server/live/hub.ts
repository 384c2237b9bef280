/**
 * The event streams this process holds (GET /v1/events), and the pokes sent down them. A poke carries the
 * workspace's newest seq and nothing else: entity data only travels through the pull feed, which applies the
 * reader's authorisation, so a stream cannot leak what its user may not see.
 *
 * - Coalescing: the changes of a workspace within `coalesceMs` go out as one poke with the newest seq.
 * - Slow readers: a stream whose socket stops taking bytes is not written to again until it drains, and then only
 *   the newest seq (one poke, never a queue); one that stays blocked for `stuckMs` is closed. Memory per stream is
 *   bounded by one poke beyond the socket's own buffer, whatever the reader does.
 * - Heartbeats: one timer for all streams sends an SSE comment every `heartbeatMs`, well inside the idle timeouts
 *   of proxies (nginx's proxy_read_timeout and most load balancers default to 60 s).
 * - Fan-out: each event is encoded once and the same bytes go to every stream (socket.ts writes them as they are);
 *   a stream's own state is one small entry, with no timer of its own.
 */

/** Where a stream's bytes go: the HTTP response (see routes/events.ts), or a fake in tests. */
export interface StreamSink {
  /** False when the socket's buffer is full: write nothing more until `onDrain`. The same bytes go to every stream: never modified. */
  write(bytes: Uint8Array): boolean;
  onDrain(listener: () => void): void;
  onClose(listener: () => void): void;
  /** Ends the response cleanly (shutdown, revocation). */
  end(): void;
  /** Drops the connection (a reader that stopped reading). */
  destroy(): void;
}

export interface LiveHubOptions {
  maxStreamsPerToken?: number;
  heartbeatMs?: number;
  coalesceMs?: number;
  stuckMs?: number;
  /** The reconnection delay suggested to clients (`retry:`); they add jitter of their own. */
  retryMs?: number;
  now?: () => number;
}

export const DEFAULT_MAX_STREAMS_PER_TOKEN = 5;
export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_RETRY_MS = 3_000;

interface Entry {
  workspaceId: string;
  tokenId: string;
  sink: StreamSink;
  /** The newest seq this stream was sent. */
  sent: bigint;
  blockedSince: number | null;
}

interface Workspace {
  streams: Set<Entry>;
  latest: bigint;
  /** The poke of `latest`, encoded once for all its streams. */
  encoded: { seq: bigint; bytes: Uint8Array } | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface OpenStream {
  /** The workspace's newest seq, read after `open`: sent at once unless the client has seen it. */
  current(seq: bigint): void;
  close(): void;
}

export type OpenResult = ({ ok: true } & OpenStream) | { ok: false; reason: OpenRefusal };

export const pokeEvent = (seq: bigint) => `id: ${seq}\nevent: poke\ndata: {"seq":"${seq}"}\n\n`;
const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': keep-alive\n\n');

/** Refused before anything is written: the route answers with an error instead of a stream. */
export type OpenRefusal = 'too_many_streams' | 'closing';

export class LiveHub {
  readonly maxStreamsPerToken: number;
  readonly retryMs: number;
  readonly #heartbeatMs: number;
  readonly #coalesceMs: number;
  readonly #stuckMs: number;
  readonly #now: () => number;
  readonly #workspaces = new Map<string, Workspace>();
  readonly #tokens = new Map<string, Set<Entry>>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #closing = false;

  constructor(options: LiveHubOptions = {}) {
    this.maxStreamsPerToken = options.maxStreamsPerToken ?? DEFAULT_MAX_STREAMS_PER_TOKEN;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.#coalesceMs = options.coalesceMs ?? 10;
    this.#stuckMs = options.stuckMs ?? 2 * (options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.#now = options.now ?? (() => performance.now());
  }

  get size(): number {
    let count = 0;
    for (const workspace of this.#workspaces.values()) count += workspace.streams.size;
    return count;
  }

  /** The token ids of the streams held, for the periodic check that they are still valid. */
  tokenIds(): string[] {
    return [...this.#tokens.keys()];
  }

  /**
   * Registers a stream whose client has seen `seen` (its Last-Event-ID; -1 for none). Register first, then read the
   * workspace's newest seq and pass it to `current`: a commit in between is not missed.
   */
  open(workspaceId: string, tokenId: string, sink: StreamSink, seen = -1n): OpenResult {
    const refusal = this.refusal(tokenId);
    if (refusal) return { ok: false, reason: refusal };
    const ofToken = this.#tokens.get(tokenId) ?? new Set<Entry>();
    this.#tokens.set(tokenId, ofToken);
    let workspace = this.#workspaces.get(workspaceId);
    if (!workspace) {
      workspace = { streams: new Set(), latest: -1n, encoded: null, timer: undefined };
      this.#workspaces.set(workspaceId, workspace);
    }
    const entry: Entry = { workspaceId, tokenId, sink, sent: seen, blockedSince: null };
    ofToken.add(entry);
    workspace.streams.add(entry);
    sink.onDrain(() => {
      entry.blockedSince = null;
      const current = this.#workspaces.get(workspaceId);
      if (current?.streams.has(entry)) this.#deliver(entry, current);
    });
    sink.onClose(() => this.#forget(entry));
    this.#startHeartbeat();
    return {
      ok: true,
      current: (seq) => {
        const current = this.#workspaces.get(workspaceId);
        if (!current?.streams.has(entry)) return;
        if (seq > current.latest) current.latest = seq;
        this.#deliver(entry, current);
      },
      close: () => this.#close(entry, 'end'),
    };
  }

  /** Why `open` would refuse a stream of this token now, if it would: asked before the response head is written. */
  refusal(tokenId: string): OpenRefusal | null {
    if (this.#closing) return 'closing';
    if ((this.#tokens.get(tokenId)?.size ?? 0) >= this.maxStreamsPerToken) return 'too_many_streams';
    return null;
  }

  /** A commit in `workspaceId` made `seq` its newest (this process's, another's through NOTIFY, or a poll's). */
  changed(workspaceId: string, seq: string | bigint): void {
    const workspace = this.#workspaces.get(workspaceId);
    if (!workspace) return;
    const value = typeof seq === 'bigint' ? seq : BigInt(seq);
    if (value <= workspace.latest) return;
    workspace.latest = value;
    if (workspace.timer) return;
    workspace.timer = setTimeout(() => {
      workspace.timer = undefined;
      this.#fanOut(workspace);
    }, this.#coalesceMs);
  }

  /** Workspaces with streams here, for the fallback poll of their last seq. */
  workspaceIds(): string[] {
    return [...this.#workspaces.keys()];
  }

  /** Closes every stream of these tokens at once (the token was revoked, its person deactivated). */
  revoke(tokenIds: Iterable<string>): number {
    let closed = 0;
    for (const tokenId of tokenIds) {
      for (const entry of [...(this.#tokens.get(tokenId) ?? [])]) {
        this.#close(entry, 'end');
        closed += 1;
      }
    }
    return closed;
  }

  /** Shutdown: ends every stream cleanly and refuses new ones; clients reconnect to another process. */
  closeAll(): void {
    this.#closing = true;
    for (const workspace of this.#workspaces.values()) {
      for (const entry of [...workspace.streams]) this.#close(entry, 'end');
    }
    this.#stopHeartbeat();
  }

  /** Runs one heartbeat round now (the timer calls it; tests and benchmarks may too). */
  beat(): void {
    const now = this.#now();
    for (const workspace of this.#workspaces.values()) {
      for (const entry of [...workspace.streams]) {
        if (entry.blockedSince !== null) {
          if (now - entry.blockedSince >= this.#stuckMs) this.#close(entry, 'destroy');
          continue;
        }
        if (!entry.sink.write(HEARTBEAT)) entry.blockedSince = now;
      }
    }
  }

  #fanOut(workspace: Workspace) {
    for (const entry of workspace.streams) this.#deliver(entry, workspace);
  }

  #deliver(entry: Entry, workspace: Workspace) {
    const latest = workspace.latest;
    if (entry.blockedSince !== null || entry.sent >= latest) return;
    entry.sent = latest;
    if (workspace.encoded?.seq !== latest)
      workspace.encoded = { seq: latest, bytes: encoder.encode(pokeEvent(latest)) };
    if (!entry.sink.write(workspace.encoded.bytes)) entry.blockedSince = this.#now();
  }

  #close(entry: Entry, how: 'end' | 'destroy') {
    if (!this.#forget(entry)) return;
    if (how === 'end') entry.sink.end();
    else entry.sink.destroy();
  }

  /** Drops the stream from the registry; false when it was gone already. */
  #forget(entry: Entry): boolean {
    const workspace = this.#workspaces.get(entry.workspaceId);
    if (!workspace?.streams.delete(entry)) return false;
    if (workspace.streams.size === 0) {
      if (workspace.timer) clearTimeout(workspace.timer);
      this.#workspaces.delete(entry.workspaceId);
    }
    const ofToken = this.#tokens.get(entry.tokenId);
    ofToken?.delete(entry);
    if (ofToken?.size === 0) this.#tokens.delete(entry.tokenId);
    if (this.#workspaces.size === 0) this.#stopHeartbeat();
    return true;
  }

  #startHeartbeat() {
    if (this.#heartbeat) return;
    this.#heartbeat = setInterval(() => this.beat(), this.#heartbeatMs);
    this.#heartbeat.unref();
  }

  #stopHeartbeat() {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}

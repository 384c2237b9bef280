/**
 * The event streams this process holds (GET /v1/events), and the pokes sent down them. A poke carries the
 * workspace's newest seq and nothing else: entity data only travels through the pull feed, which applies the
 * reader's authorisation, so a stream cannot leak what its user may not see.
 *
 * - Coalescing: a workspace gets at most one poke per `coalesceMs`, with the newest seq. A change after a quiet spell
 *   goes out at once (in the same turn of the event loop, so a burst of changes that arrive together is one poke):
 *   a window in front of every poke only added its length and one more sleep and wake-up of the process to each
 *   write's fan-out, with nothing to coalesce it with. The changes that follow within the window wait for its end.
 * - Slow readers: a stream whose socket stops taking bytes is not written to again until it drains, and then only
 *   the newest seq (one poke, never a queue); one that stays blocked for `stuckMs` is closed. Memory per stream is
 *   bounded by one poke beyond the socket's own buffer, whatever the reader does.
 * - Heartbeats: one timer for all streams sends an SSE comment every `heartbeatMs`, well inside the idle timeouts
 *   of proxies (nginx's proxy_read_timeout and most load balancers default to 60 s).
 * - Fan-out: each event is encoded once and the same bytes go to every stream (socket.ts writes them as they are),
 *   in one synchronous loop: a stream's own state is one small entry, with no timer, closure or promise of its own.
 *   Measured with 10,000 streams (`npm run bench -- live`), the loop's time is nearly all the kernel's: one
 *   `write(2)` per socket, about 8 to 10 microseconds each on loopback, where the sender's system call also does
 *   the receiving side's TCP work. Node's own share per write is small: writing through the socket's native
 *   handle instead (undocumented internals) saved about a tenth, and cork/uncork around a single write nothing.
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
  /** Told after each fan-out how long it took (the benchmark reads it from the server's log: LIVE_LOG_FANOUT). */
  onFanOut?: (fanOut: FanOut) => void;
}

/** One poke written to every stream of a workspace, as this process saw it. */
export interface FanOut {
  seq: bigint;
  /** Streams written to (blocked ones and those that had the seq already are skipped). */
  written: number;
  streams: number;
  /** From the first commit this poke covers (`changed`) to the last socket's bytes handed to the kernel. */
  sinceChangeMs: number;
  /** The synchronous loop alone, and the CPU time (user + system) this process spent in it. */
  loopMs: number;
  cpuMs: number;
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
  /** The pending fan-out's cancellation, while one is scheduled. */
  pending: (() => void) | undefined;
  /** When the first change of the pending poke was seen. */
  changedAt: number;
  /** When the last fan-out ran: the next waits until `coalesceMs` after it. */
  fannedOutAt: number;
}

export interface OpenStream {
  /** The workspace's newest seq, read after `open`: sent at once unless the client has seen it. */
  current(seq: bigint): void;
  close(): void;
}

export type OpenResult = ({ ok: true } & OpenStream) | { ok: false; reason: OpenRefusal };

/** The log line of a fan-out (LIVE_LOG_FANOUT), parsed back by the benchmark with `parseFanOutLine`. */
export const fanOutLine = (fanOut: FanOut) =>
  `live: fan-out seq=${fanOut.seq} written=${fanOut.written} streams=${fanOut.streams} since_change_ms=${fanOut.sinceChangeMs.toFixed(2)} loop_ms=${fanOut.loopMs.toFixed(2)} cpu_ms=${fanOut.cpuMs.toFixed(2)}`;

export function parseFanOutLine(line: string): FanOut | null {
  const match =
    /^live: fan-out seq=(\d+) written=(\d+) streams=(\d+) since_change_ms=([\d.]+) loop_ms=([\d.]+) cpu_ms=([\d.]+)$/.exec(
      line.trim(),
    );
  if (!match) return null;
  const [, seq, written, streams, since, loop, cpu] = match as unknown as string[];
  return {
    seq: BigInt(seq as string),
    written: Number(written),
    streams: Number(streams),
    sinceChangeMs: Number(since),
    loopMs: Number(loop),
    cpuMs: Number(cpu),
  };
}

export const pokeEvent = (seq: bigint) => `id: ${seq}\nevent: poke\ndata: {"seq":"${seq}"}\n\n`;
const HEARTBEAT = Buffer.from(': keep-alive\n\n');

/** Refused before anything is written: the route answers with an error instead of a stream. */
export type OpenRefusal = 'too_many_streams' | 'closing';

export class LiveHub {
  readonly maxStreamsPerToken: number;
  readonly retryMs: number;
  readonly #heartbeatMs: number;
  readonly #coalesceMs: number;
  readonly #stuckMs: number;
  readonly #now: () => number;
  readonly #onFanOut: ((fanOut: FanOut) => void) | undefined;
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
    this.#onFanOut = options.onFanOut;
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
      workspace = {
        streams: new Set(),
        latest: -1n,
        encoded: null,
        pending: undefined,
        changedAt: 0,
        fannedOutAt: Number.NEGATIVE_INFINITY,
      };
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
    if (workspace.pending) return;
    workspace.changedAt = performance.now();
    const run = () => {
      workspace.pending = undefined;
      this.#fanOut(workspace);
    };
    const wait = workspace.fannedOutAt + this.#coalesceMs - workspace.changedAt;
    if (wait > 0) {
      const timer = setTimeout(run, wait);
      workspace.pending = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(run);
      workspace.pending = () => clearImmediate(immediate);
    }
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
    const report = this.#onFanOut;
    const cpu = report ? process.cpuUsage() : undefined;
    const started = performance.now();
    workspace.fannedOutAt = started;
    let written = 0;
    for (const entry of workspace.streams) if (this.#deliver(entry, workspace)) written += 1;
    if (!report) return;
    const ended = performance.now();
    const used = process.cpuUsage(cpu);
    report({
      seq: workspace.latest,
      written,
      streams: workspace.streams.size,
      sinceChangeMs: ended - workspace.changedAt,
      loopMs: ended - started,
      cpuMs: (used.user + used.system) / 1000,
    });
  }

  /** Writes the newest poke to the stream unless it is blocked or has it; true when it wrote. */
  #deliver(entry: Entry, workspace: Workspace): boolean {
    const latest = workspace.latest;
    if (entry.blockedSince !== null || entry.sent >= latest) return false;
    entry.sent = latest;
    // A Buffer (a Uint8Array), so that Node's socket takes it as it is, without a view made per write.
    if (workspace.encoded?.seq !== latest) workspace.encoded = { seq: latest, bytes: Buffer.from(pokeEvent(latest)) };
    if (!entry.sink.write(workspace.encoded.bytes)) entry.blockedSince = this.#now();
    return true;
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
      workspace.pending?.();
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

import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { Database, PgliteCalls, Queryable } from './database.ts';
import { type FolderLock, lockDataFolder } from './pglite-lock.ts';
import { type CallOf, errorOf, type PgliteWorkerData, type Reply } from './pglite-protocol.ts';

/**
 * PGlite keeps PostgreSQL's shared buffers inside its WASM heap, which the process never gives back: the default
 * 128 MB would all become resident as the data is read. PGlite reads the data folder through the file system, so
 * the kernel's page cache serves what no longer fits, outside the server's memory. 8 MB pushed as fast as 16 MB in
 * the benchmark, 8 MB lighter.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB', '-c', 'work_mem=2MB'];

/**
 * Embedded PostgreSQL, on a thread of its own (pglite-worker.ts): PGlite runs PostgreSQL in WebAssembly, so a query
 * holds the thread it runs on for as long as it takes (a pull page, about 10 ms), and on the server's thread every
 * other request would wait for it. `dataDir` undefined keeps everything in memory (tests). Durability is PGlite's
 * default: `relaxedDurability` stays off so an acknowledged write has been flushed to the data folder. A data folder
 * is locked for this process until `close()` (see pglite-lock.ts): a second process gets DataFolderLockedError.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const lock: FolderLock | undefined = dataDir === undefined ? undefined : lockDataFolder(dataDir);
  let thread: PgliteThread;
  try {
    if (dataDir !== undefined) await ensureCluster(dataDir);
    thread = await PgliteThread.start({ dataDir, startParams: START_PARAMS });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (tx?: number): Queryable => ({
    query: <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      thread.call({ op: 'query', sql, params: [...params], ...(tx === undefined ? {} : { tx }) }) as Promise<Row[]>,
  });
  let transactions = 0;
  return {
    kind: 'pglite',
    driver: { kind: 'pglite', pglite: thread.calls },
    ...wrap(),
    async transaction(fn) {
      const tx = ++transactions;
      await thread.call({ op: 'begin', tx });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(wrap(tx));
      } catch (error) {
        // What `fn` threw is the answer; a rollback that fails too (the thread gone) has nothing to add to it.
        await thread.call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await thread.call({ op: 'end', tx, commit: true });
      return result;
    },
    close: async () => {
      try {
        await thread.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** PGlite's thread, and the server's side of its calls (pglite-protocol.ts). */
class PgliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** Per channel listened to: its callbacks, and the thread's LISTEN, sent for the first and undone after the last. */
  readonly #channels = new Map<string, { callbacks: Set<(payload: string) => void>; listening: Promise<unknown> }>();
  #calls = 0;
  /** Why the thread is gone, once it is: every later call fails with it. */
  #gone: Error | undefined;
  #closing: Promise<void> | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    // As PGlite on the server's thread: an idle database keeps no process alive, one with a call under way does.
    worker.unref();
    worker.on('message', (reply: Reply) => this.#receive(reply));
    worker.on('error', (error) => this.#end(error));
    worker.on('exit', (code) => this.#end(new Error(`PGlite's thread stopped (exit code ${code})`)));
  }

  static async start(data: PgliteWorkerData): Promise<PgliteThread> {
    const worker = new Worker(join(import.meta.dirname, 'pglite-worker.ts'), { workerData: data });
    await new Promise<void>((resolve, reject) => {
      const onReady = (reply: Reply) => {
        if (!('ready' in reply)) return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`PGlite's thread stopped while opening (exit code ${code})`)));
    });
    return new PgliteThread(worker);
  }

  call(call: CallOf): Promise<unknown> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = ++this.#calls;
    return new Promise((resolve, reject) => {
      try {
        // Throws for a parameter no message can carry (a function): nothing was sent, nothing waits.
        this.#worker.postMessage({ ...call, id });
      } catch (error) {
        reject(error);
        return;
      }
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
    });
  }

  /** What pg-boss's PGlite adapter calls (server/jobs/queue.ts): the same thread, the same one connection. */
  readonly calls: PgliteCalls = {
    query: async <T>(sql: string, params: unknown[] = []) => ({
      rows: (await this.call({ op: 'query', sql, params })) as T[],
    }),
    exec: async (sql: string) => (await this.call({ op: 'exec', sql })) as { rows: unknown[] }[],
    listen: async (channel: string, callback: (payload: string) => void) => {
      let subscription = this.#channels.get(channel);
      if (!subscription) {
        const created = {
          callbacks: new Set<(payload: string) => void>(),
          listening: this.call({ op: 'listen', channel }),
        };
        created.listening.catch(() => {
          if (this.#channels.get(channel) === created) this.#channels.delete(channel);
        });
        this.#channels.set(channel, created);
        subscription = created;
      }
      const { callbacks, listening } = subscription;
      callbacks.add(callback);
      await listening.catch((error: unknown) => {
        callbacks.delete(callback);
        throw error;
      });
      return async () => {
        callbacks.delete(callback);
        if (callbacks.size > 0 || this.#channels.get(channel) !== subscription) return;
        this.#channels.delete(channel);
        await this.call({ op: 'unlisten', channel });
      };
    },
  };

  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        if (!this.#gone) await this.call({ op: 'close' });
      } finally {
        this.#gone ??= new Error('PGlite is closed');
        await this.#worker.terminate();
      }
    })();
    return this.#closing;
  }

  #receive(reply: Reply) {
    if ('notify' in reply) {
      for (const callback of this.#channels.get(reply.notify)?.callbacks ?? []) {
        try {
          callback(reply.payload);
        } catch (error) {
          // A listener's own failure, not the database's: the other listeners still hear the notification.
          console.error(`A listener of ${reply.notify} failed:`, error);
        }
      }
      return;
    }
    if (!('id' in reply)) return;
    const pending = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending?.resolve(reply.value);
    else pending?.reject(errorOf(reply.error));
  }

  #end(error: Error) {
    this.#gone ??= error;
    for (const { reject } of this.#pending.values()) reject(this.#gone);
    this.#pending.clear();
  }
}

/** Runs initdb in a child process when the folder holds no cluster yet (see pglite-init.ts). */
async function ensureCluster(dataDir: string): Promise<void> {
  const exists = await access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (exists) return;
  const child = spawn(process.execPath, [join(import.meta.dirname, 'pglite-init.ts'), dataDir], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`creating the PGlite cluster in ${dataDir} failed (exit code ${code})`);
}

/**
 * PGlite on its own thread (see pglite.ts): PostgreSQL's work runs here, in WebAssembly, while the server's thread
 * goes on answering requests. It answers the server's calls one message each, in `pglite-protocol.ts`'s words.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DATE_OID, INT8_OID, keepText } from './database.ts';
import { type Call, errorFields, type PgliteWorkerData, type Reply } from './pglite-protocol.ts';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread of the server (see pglite.ts)');
const { dataDir, startParams } = workerData as PgliteWorkerData;

const pg = await PGlite.create(dataDir, { parsers: { [DATE_OID]: keepText, [INT8_OID]: keepText }, startParams });

/** A transaction open across the server's calls, waiting for its end: true commits, false rolls back. */
interface Open {
  tx: Transaction;
  end: (commit: boolean) => void;
  /** Settles once PGlite has committed or rolled back; rejects with the commit's error. */
  ended: Promise<void>;
}

const transactions = new Map<number, Open>();
const listeners = new Map<string, () => Promise<void>>();
/**
 * Each channel's LISTEN and UNLISTEN, one after another in the order they came: PGlite's wait for an open
 * transaction first, so two of them could otherwise both see the channel as not listened to yet.
 */
const channelSteps = new Map<string, Promise<unknown>>();

function onChannel(channel: string, step: () => Promise<unknown>): Promise<unknown> {
  const next = (channelSteps.get(channel) ?? Promise.resolve()).then(step, step);
  channelSteps.set(
    channel,
    next.catch(() => undefined),
  );
  return next;
}

const send = (reply: Reply) => port.postMessage(reply);

async function perform(call: Call): Promise<unknown> {
  switch (call.op) {
    case 'query': {
      const target = call.tx === undefined ? pg : transactions.get(call.tx)?.tx;
      if (!target) throw new Error(`no open transaction ${call.tx}`);
      return (await target.query(call.sql, call.params)).rows;
    }
    case 'exec':
      return (await pg.exec(call.sql)).map((result) => ({ rows: result.rows }));
    case 'begin':
      return begin(call.tx);
    case 'end': {
      const open = transactions.get(call.tx);
      if (!open) throw new Error(`no open transaction ${call.tx}`);
      open.end(call.commit);
      return open.ended;
    }
    case 'listen':
      return onChannel(call.channel, async () => {
        if (listeners.has(call.channel)) return;
        const stop = await pg.listen(call.channel, (payload) => send({ notify: call.channel, payload }));
        listeners.set(call.channel, stop);
      });
    case 'unlisten':
      return onChannel(call.channel, async () => {
        await listeners.get(call.channel)?.();
        listeners.delete(call.channel);
      });
    case 'close':
      await pg.close();
      return undefined;
  }
}

/**
 * Opens a transaction that stays open across the server's calls, resolved once PGlite has begun it (after any other
 * transaction, as PGlite runs one at a time, and queries outside it wait for it).
 */
function begin(id: number): Promise<void> {
  return new Promise((begun, failed) => {
    const open: Partial<Open> = {};
    open.ended = pg
      .transaction(async (tx) => {
        const commit = await new Promise<boolean>((end) => {
          Object.assign(open, { tx, end });
          transactions.set(id, open as Open);
          begun();
        });
        if (!commit) await tx.rollback();
      })
      .finally(() => transactions.delete(id));
    // Before it began: the begin fails. After: the end's call answers the commit's failure.
    open.ended.catch(failed);
  });
}

port.on('message', (call: Call) => {
  const answer = (reply: () => Reply) => {
    try {
      send(reply());
    } catch (error) {
      // A result no message can carry: the call fails, the thread lives on.
      send({ id: call.id, ok: false, error: errorFields(error) });
    }
  };
  perform(call).then(
    (value) => answer(() => ({ id: call.id, ok: true, value })),
    (error: unknown) => answer(() => ({ id: call.id, ok: false, error: errorFields(error) })),
  );
});
send({ ready: true });

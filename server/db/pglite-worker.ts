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
    case 'listen': {
      if (!listeners.has(call.channel)) {
        const stop = await pg.listen(call.channel, (payload) => send({ notify: call.channel, payload }));
        listeners.set(call.channel, stop);
      }
      return undefined;
    }
    case 'unlisten':
      await listeners.get(call.channel)?.();
      listeners.delete(call.channel);
      return undefined;
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
  perform(call).then(
    (value) => send({ id: call.id, ok: true, value }),
    (error: unknown) => send({ id: call.id, ok: false, error: errorFields(error) }),
  );
});
send({ ready: true });

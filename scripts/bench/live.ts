/**
 * The live stream's benchmark: one server process (PGlite, `server/main.ts` as deployed) holding 10,000 concurrent
 * event streams: its resident memory, its CPU time, and the fan-out of one poke to all 10,000 (p99 over 100
 * writes). Targets: <= 300 MB, <= 200 ms. The fan-out is measured twice, and each is printed for what it is:
 * - server side: from the commit's notice in the hub to the last socket's bytes handed to the kernel, as the
 *   server logs it (LIVE_LOG_FANOUT). Beside it: the loop of socket writes alone (the rest is the wait for it; the
 *   hub pokes a lone write's change at once and holds only the changes within 10 ms of its last poke), and the CPU
 *   time one fan-out costs the server (user + system), which does not depend on the machine's load. That CPU time is
 *   nearly all the kernel's (about 90 % system time: one write(2) per socket, whose loopback TCP work includes the
 *   readers' side), so on a loaded machine the wall-clock figures measure mostly the wait for a core.
 * - client side: from the write's 201 at this process to the poke parsed by the last of the 10,000 readers (the
 *   fan-out starts when the write commits, just before its 201, so this can only understate it by that much).
 *   The readers are raw sockets in this process, the benchmark's, not in the server's: they do not share its event
 *   loop, but on a small machine they share its cores, and their own reading (10,000 `data` events) is in it.
 * Both are wall-clock times, inflated on a loaded machine: the 1-minute load average is printed beside them.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToken } from '../../server/domain/tokens.ts';
import { type FanOut, parseFanOutLine } from '../../server/live/hub.ts';
import { type BenchResults, percentile } from './format.ts';
import { startServerProcess } from './server-process.ts';

const STREAMS = 10_000;
const WRITES = 100;

export async function runLiveBench(): Promise<BenchResults> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hallway-bench-live-'));
  const token = generateToken();
  const server = await startServerProcess({
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    HALLWAY_BOOTSTRAP_TOKEN: token,
    LIVE_STREAMS_PER_TOKEN: String(STREAMS),
    LIVE_LOG_FANOUT: '1',
  });
  const serverSide: FanOut[] = [];
  server.onLine((line) => {
    const fanOut = parseFanOutLine(line);
    if (fanOut && fanOut.streams === STREAMS) serverSide.push(fanOut);
  });
  const { hostname, port } = new URL(server.url);
  const sockets: Socket[] = [];
  /** The newest seq each stream has received. */
  const seen = new Int32Array(STREAMS).fill(-1);
  let waiting: { seq: number; left: number; done: () => void } | null = null;
  try {
    for (let opened = 0; opened < STREAMS; opened += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, STREAMS - opened) }, (_, offset) => {
          const index = opened + offset;
          return new Promise<void>((resolve, reject) => {
            const socket = connect(Number(port), hostname, () => {
              socket.write(`GET /v1/events HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
            });
            socket.setEncoding('utf8');
            socket.on('data', (text: string) => {
              for (const match of text.matchAll(/"seq":"(\d+)"/g)) {
                const seq = Number(match[1]);
                if (seen[index] === -1) resolve();
                if (seq > (seen[index] ?? -1)) {
                  if (waiting && seq >= waiting.seq && (seen[index] ?? -1) < waiting.seq) {
                    waiting.left -= 1;
                    if (waiting.left === 0) waiting.done();
                  }
                  seen[index] = seq;
                }
              }
            });
            socket.once('error', reject);
            sockets.push(socket);
          });
        }),
      );
    }
    serverSide.length = 0;
    const loadBefore = loadavg()[0] as number;
    const cpuBefore = await server.cpuSeconds();
    const started = performance.now();
    const fanOut: number[] = [];
    for (let write = 0; write < WRITES; write += 1) {
      const response = await fetch(`${server.url}/v1/goals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Fan-out ${write}` }),
      });
      if (response.status !== 201) throw new Error(`write ${write}: ${response.status}`);
      await response.arrayBuffer();
      const acknowledged = performance.now();
      const seq = write + 1;
      const left = [...seen].filter((value) => value < seq).length;
      await new Promise<void>((resolve) => {
        if (left === 0) return resolve();
        waiting = { seq, left, done: resolve };
      });
      waiting = null;
      fanOut.push(performance.now() - acknowledged);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = ((await server.cpuSeconds()) - cpuBefore) / seconds;
    const load = Math.max(loadBefore, loadavg()[0] as number);
    // Every write's poke went to all the streams in one fan-out (none coalesced, none skipped).
    const complete = serverSide.filter((fanOut) => fanOut.written === STREAMS);
    if (complete.length === 0) throw new Error('the server logged no fan-out to all the streams');
    return {
      'live: server RSS at peak with 10,000 streams (target <= 300 MB)': {
        value: await server.peakRssMegabytes(),
        unit: 'MB',
      },
      'live: server CPU while fanning out 100 pokes to 10,000 streams': { value: cpu * 100, unit: '% of a core' },
      'live: server CPU time of one fan-out to 10,000 streams, p50 (load-independent)': {
        value: percentile(
          complete.map((fanOut) => fanOut.cpuMs),
          50,
        ),
        unit: 'ms',
      },
      'live: fan-out, server side (commit to the last socket written) p50': {
        value: percentile(
          complete.map((fanOut) => fanOut.sinceChangeMs),
          50,
        ),
        unit: 'ms',
      },
      'live: fan-out, server side (commit to the last socket written) p99 (target <= 200 ms)': {
        value: percentile(
          complete.map((fanOut) => fanOut.sinceChangeMs),
          99,
        ),
        unit: 'ms',
      },
      'live: fan-out, server side: the loop of socket writes alone p50': {
        value: percentile(
          complete.map((fanOut) => fanOut.loopMs),
          50,
        ),
        unit: 'ms',
      },
      'live: fan-out, server side: the loop of socket writes alone p99': {
        value: percentile(
          complete.map((fanOut) => fanOut.loopMs),
          99,
        ),
        unit: 'ms',
      },
      'live: fan-out, client side (201 to the last of 10,000 readers) p50': {
        value: percentile(fanOut, 50),
        unit: 'ms',
      },
      'live: fan-out, client side (201 to the last of 10,000 readers) p99 (target <= 200 ms)': {
        value: percentile(fanOut, 99),
        unit: 'ms',
      },
      'live: load average (1 min) while measuring, beside the times above': { value: load, unit: '' },
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The live stream's benchmark: one server process (PGlite) holding 10,000 concurrent event streams: its resident
 * memory, its CPU time while holding them and fanning out pokes, and the time from a write's acknowledgement to
 * the poke reaching all 10,000 (p99 over 20 writes). The streams are raw sockets in this process, which reads
 * them all, so the fan-out time includes this reader's own work. Targets: <= 300 MB, <= 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToken } from '../../server/domain/tokens.ts';
import { type BenchResults, percentile } from './format.ts';
import { startServerProcess } from './server-process.ts';

const STREAMS = 10_000;
const WRITES = 20;

export async function runLiveBench(): Promise<BenchResults> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hallway-bench-live-'));
  const token = generateToken();
  const server = await startServerProcess({
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    HALLWAY_BOOTSTRAP_TOKEN: token,
    LIVE_STREAMS_PER_TOKEN: String(STREAMS),
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
    return {
      'live: server RSS at peak with 10,000 streams (target <= 300 MB)': {
        value: await server.peakRssMegabytes(),
        unit: 'MB',
      },
      'live: server CPU while fanning out 20 pokes to 10,000 streams': { value: cpu * 100, unit: '% of a core' },
      'live: poke fan-out to all 10,000 streams p50': { value: percentile(fanOut, 50), unit: 'ms' },
      'live: poke fan-out to all 10,000 streams p99 (target <= 200 ms)': { value: percentile(fanOut, 99), unit: 'ms' },
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The one way the benchmarks start a server: `server/main.ts` in its own process, exactly what is deployed, with
 * the server's Node flags (`server/node-flags.ts`, the same as `npm run dev:server`), on a random port and with the
 * rate limits out of the way. Its CPU time and peak memory are read from /proc, apart from the load generator's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverNodeFlags } from '../../server/node-flags.ts';

export interface ServerProcess {
  url: string;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): Promise<number>;
  /** The kernel's high-water mark of the process's resident memory. */
  peakRssMegabytes(): Promise<number>;
  /** Calls `listener` with each line the server writes to stdout from now on. */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

const MAIN = join(import.meta.dirname, '..', '..', 'server', 'main.ts');

/**
 * `env` adds to the benchmark's own environment (`DATABASE_URL: ''` forces PGlite in `DATA_DIR`). `entry` is the
 * server's `main.ts` unless a floor runs its own bare server (http-floor.ts), with the same flags and the same
 * `listening on <url>` line.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  entry: { script: string; args?: string[] } = { script: MAIN },
): Promise<ServerProcess> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    ...env,
  };
  const flags = serverNodeFlags(environment.DATABASE_URL);
  // BENCH_SERVER_NODE_FLAGS adds flags for a look inside, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (the server
  // writes a CPU profile there when it stops; open it in Chrome DevTools) or `--trace-gc`.
  flags.push(...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean));
  const child = spawn(process.execPath, [...flags, entry.script, ...(entry.args ?? [])], {
    env: environment,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lineListeners: ((line: string) => void)[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of lineListeners) listener(line);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    });
    void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return {
    url,
    async cpuSeconds() {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, after the parenthesised command name.
      const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    async peakRssMegabytes() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
    },
    onLine(listener) {
      lineListeners.push(listener);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

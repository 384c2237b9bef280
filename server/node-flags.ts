/**
 * Node flags the server is run with; launchers spawn it with `serverNodeFlags(env.DATABASE_URL)`, and
 * `npm run dev:server` in package.json spells out the PGlite set. Measured under the server benchmark, whose target
 * is 200 MB:
 * - `--max-semi-space-size=4`, always: every request allocates short-lived strings and buffers; left alone, V8
 *   grows its young generation to 3 x 16 MB and keeps it resident for good (about 290 MB in all).
 * - With PGlite, PostgreSQL itself lives in the server's memory (about 150 MB with the node binary, before any
 *   request), so the server keeps the rest small:
 *   - `--liftoff-only`: V8 recompiles PGlite's hot WASM functions with TurboFan, and that compilation peaked at
 *     about 500 MB of transient memory (759 MB resident at the peak). The baseline compiler alone keeps PGlite
 *     well past its throughput target.
 *   - `--optimize-for-size`: V8 lets the old space fill with garbage between full collections; pushing 20,000
 *     mutations grew it from 35 to 95 MB (240 MB resident). This collects sooner and keeps the server near 190 MB,
 *     at the price of about three times as many collections.
 *   With a PostgreSQL server neither is needed (about 180 MB at the peak without them), and the collections they
 *   add would cost pull latency.
 */
const ALWAYS = ['--max-semi-space-size=4'];
const EMBEDDED_DATABASE = ['--liftoff-only', '--optimize-for-size'];

export function serverNodeFlags(databaseUrl: string | undefined): string[] {
  return databaseUrl ? ALWAYS : [...ALWAYS, ...EMBEDDED_DATABASE];
}

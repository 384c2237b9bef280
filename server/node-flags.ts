/**
 * Node flags the server is run with (`node --max-semi-space-size=4 --optimize-for-size --liftoff-only
 * server/main.ts`). Measured under the server benchmark, whose target is 200 MB:
 * - `--max-semi-space-size=4`: every request allocates short-lived strings and buffers; left alone, V8 grows its
 *   young generation to 3 x 16 MB and keeps it resident for good (about 290 MB in all).
 * - `--optimize-for-size`: V8 lets the old space fill with garbage between full collections; pushing 20,000
 *   mutations grew it from 35 to 95 MB. This makes it collect sooner: the heap stays near 35 MB, at a cost within
 *   the benchmark's noise.
 * - `--liftoff-only`: PGlite is PostgreSQL compiled to WASM. V8 recompiles its hot functions with TurboFan, and
 *   that compilation peaked at about 500 MB of transient memory (759 MB resident at the peak). The baseline
 *   compiler alone keeps PGlite well past its throughput target. No effect on PostgreSQL, where there is no WASM.
 * Launchers spawn the server with these; `npm run dev:server` in package.json spells the same flags out.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--optimize-for-size', '--liftoff-only'];

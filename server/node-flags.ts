/**
 * Node flags the server is run with (`node --max-semi-space-size=4 --liftoff-only server/main.ts`).
 * - `--max-semi-space-size=4`: every request allocates short-lived strings and buffers; left alone, V8 grows its
 *   young generation to 3 x 16 MB and keeps it resident for good, which with the old space it promotes into took
 *   the server to about 290 MB under the benchmark. 4 MB semi-spaces keep it lower, at the price of more frequent,
 *   cheaper scavenges (throughput within noise).
 * - `--liftoff-only`: PGlite is PostgreSQL compiled to WASM. V8 recompiles its hot functions with TurboFan, and
 *   that compilation peaked at about 500 MB of transient memory (759 MB peak resident under the benchmark against
 *   270 MB without it). The baseline compiler alone keeps PGlite well past its throughput target.
 * Launchers spawn the server with these; `npm run dev:server` in package.json spells the same flags out.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--liftoff-only'];

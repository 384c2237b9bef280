/**
 * Node flags the server is run with (`node --max-semi-space-size=4 server/main.ts`). Every request allocates
 * short-lived strings and buffers; left alone, V8 grows its young generation to 3 x 16 MB and keeps it resident
 * for good, which with the old space it promotes into took the server to about 290 MB under the benchmark. 4 MB
 * semi-spaces keep it near 200 MB, at the price of more frequent, cheaper scavenges (throughput within noise).
 * Launchers spawn the server with these; `npm run dev:server` in package.json spells the same flag out.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

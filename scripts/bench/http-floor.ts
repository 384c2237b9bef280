/**
 * The pull's HTTP floor: the very bytes the server sent (each page's gzip body and its `Link` header), served from
 * memory by bare `node:http` in its own process, to the same number of pullers through the same client
 * (page-client.ts). No routing, no token, no cache lookup, no database: what answering 50 pullers over HTTP costs on
 * this machine, which the database floor (one plain SELECT) leaves out. Its process is warmed by one puller's
 * uncounted walk first, as the server's request path is by the push that precedes its pull.
 * Run as a script (`node scripts/bench/http-floor.ts <pages.json>`), it is that bare server.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './format.ts';
import { PageClient } from './page-client.ts';
import { startServerProcess } from './server-process.ts';

export interface ServedPage {
  /** The request path this page answered, e.g. `/v1/sync?cursor=0&limit=500`. */
  path: string;
  gzip: Buffer;
  /** The next page's path, null on the last page. */
  next: string | null;
}

interface PagesFile {
  pages: { path: string; gzip: string; next: string | null }[];
}

function serve(file: string): void {
  const { pages } = JSON.parse(readFileSync(file, 'utf8')) as PagesFile;
  const byPath = new Map(pages.map((page) => [page.path, { ...page, gzip: Buffer.from(page.gzip, 'base64') }]));
  const server = createServer((request, response) => {
    const page = byPath.get(request.url ?? '');
    if (!page) {
      response.writeHead(404, { 'content-length': '0' }).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      vary: 'Accept-Encoding',
      'content-length': String(page.gzip.length),
      ...(page.next ? { link: `<${page.next}>; rel="next"` } : {}),
    });
    response.end(page.gzip);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
  });
}

async function walk(client: PageClient, first: string, latencies: number[] | undefined): Promise<number> {
  let pages = 0;
  for (let next: string | null = first; next !== null; pages++) {
    const start = performance.now();
    const response = await client.get(next, { authorization: 'Bearer floor', 'accept-encoding': 'gzip' });
    latencies?.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`the HTTP floor answered ${response.status} for ${next}`);
    next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
  }
  return pages;
}

/**
 * p50 and p99 in ms of `pullers` walking `pages` together, and how many pages they got in all; the bare server is
 * started as the server is (server-process.ts), with the Node flags the server has with that database.
 */
export async function pullHttpFloor(
  pages: readonly ServedPage[],
  pullers: number,
  databaseUrl: string | undefined,
): Promise<{ p50: number; p99: number; samples: number }> {
  const [first] = pages;
  if (!first) throw new Error('no pages to serve');
  const dir = await mkdtemp(join(tmpdir(), 'hallway-http-floor-'));
  try {
    const file = join(dir, 'pages.json');
    const body: PagesFile = { pages: pages.map((page) => ({ ...page, gzip: page.gzip.toString('base64') })) };
    await writeFile(file, JSON.stringify(body));
    const server = await startServerProcess(
      { DATABASE_URL: databaseUrl ?? '' },
      { script: import.meta.filename, args: [file] },
    );
    try {
      return await walkTogether(new URL(server.url), first.path, pages.length, pullers);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function walkTogether(url: URL, first: string, pages: number, pullers: number) {
  const warmer = new PageClient(url);
  await walk(warmer, first, undefined).finally(() => warmer.close());
  const latencies: number[] = [];
  const walked = await Promise.all(
    Array.from({ length: pullers }, async () => {
      const client = new PageClient(url);
      return walk(client, first, latencies).finally(() => client.close());
    }),
  );
  if (walked.some((count) => count !== pages)) throw new Error('a puller of the HTTP floor lost its way');
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length };
}

if (import.meta.main) {
  const [file] = process.argv.slice(2);
  if (!file) throw new Error('usage: node scripts/bench/http-floor.ts <pages.json>');
  serve(file);
}

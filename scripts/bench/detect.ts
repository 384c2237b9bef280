/**
 * Detection benchmarks: `node scripts/bench/detect.ts` (the pushState figures need a build: `npx wxt build`).
 * - detect.url: detectItem over 100,000 URLs of every form, µs per call (target <= 5).
 * - detect.context: extractContext over the dated fixtures parsed by happy-dom, ms per page (target <= 1). happy-dom's
 *   selector engine is slower than a browser's, so this is an upper bound.
 * - detect.pushstate_p50/p95: from the page's pushState to the background storing the new item, in Chromium with the
 *   production build (target p95 <= 50 ms).
 * - detect.content_bundle_gzip_<tool>: the content scripts that run on one tool's page, gzipped; each tool has its
 *   own (only its adapter); detect.content_bundle_gzip is the largest of them (target <= 10 KB).
 * - detect.sidebar_panel_gzip: the open sidebar's panel script, gzipped, which the background injects into a tab only
 *   when its sidebar is about to open (utils/sidebar-host/panel.ts): no page pays for it at load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Window } from 'happy-dom';
import { EXAMPLE_URLS } from '../../tests/support/example-urls.ts';
import {
  EXTENSION_DIR,
  htmlForHost,
  launchWithExtension,
  recordedTabItems,
  recordTabItems,
  tabIdOf,
  waitFor,
} from '../../tests/support/harness.ts';
import { PANEL_SCRIPT } from '../../utils/background/panel-script.ts';
import type { Tool } from '../../utils/contract.ts';
import { detectItem, extractContext } from '../../utils/detect/index.ts';
import { HOST_PATTERNS_BY_TOOL } from '../../utils/sites/host-patterns.ts';
import { siteAdapters } from '../../utils/sites/index.ts';
import { type BenchComparison, type BenchResults, formatFigure, percentile } from './format.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'tests', 'fixtures');
const URL_CALLS = 100_000;
const CONTEXT_ROUNDS = 200;
const PUSHSTATE_SAMPLES = 60;

function benchDetectUrl(): number {
  const cases: { url: string }[] = JSON.parse(readFileSync(join(fixtures, 'detect-cases.json'), 'utf8'));
  const urls = [...cases.map(({ url }) => url), ...Object.values(EXAMPLE_URLS).flat()];
  const options = { jiraHosts: ['issues.apache.org', 'jira.example.com'] };
  let found = 0;
  for (let i = 0; i < 5_000; i++) if (detectItem(urls[i % urls.length] as string, options)) found++;
  const start = performance.now();
  for (let i = 0; i < URL_CALLS; i++) if (detectItem(urls[i % urls.length] as string, options)) found++;
  const elapsedMs = performance.now() - start;
  if (found === 0) throw new Error('detectItem found nothing: the benchmark measured the wrong thing');
  return (elapsedMs * 1000) / URL_CALLS;
}

function benchContext(): number {
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true } });
  const pages = (Object.keys(siteAdapters) as Tool[]).flatMap((tool) =>
    readdirSync(join(fixtures, tool)).map((file) => ({
      tool,
      doc: new window.DOMParser().parseFromString(readFileSync(join(fixtures, tool, file), 'utf8'), 'text/html'),
    })),
  );
  const start = performance.now();
  for (let round = 0; round < CONTEXT_ROUNDS; round++) {
    // happy-dom's Document stands in for lib.dom's: the adapters only read through standard DOM methods.
    for (const { tool, doc } of pages) extractContext(tool, doc as unknown as Document);
  }
  return (performance.now() - start) / (CONTEXT_ROUNDS * pages.length);
}

const issuePage = (key: string) => `<!doctype html><html><head><title>[${key}] Bench - Jira</title></head><body>
  <a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/${key}">${key}</a>
  <h1 data-testid="issue.views.issue-base.foundation.summary.heading">Summary of ${key}</h1></body></html>`;

async function benchPushState(): Promise<number[]> {
  const session = await launchWithExtension();
  try {
    const worker = await session.serviceWorker();
    await recordTabItems(worker);
    const page = await session.openPage('https://bench.atlassian.net/browse/BEN-1', [
      htmlForHost('bench.atlassian.net', issuePage('BEN-1')),
    ]);
    const tabId = await tabIdOf(worker, 'https://bench.atlassian.net/*');
    await waitFor(
      () => recordedTabItems(worker, tabId),
      (changes) => changes.length === 1,
    );
    const latencies: number[] = [];
    for (let n = 2; n <= PUSHSTATE_SAMPLES + 1; n++) {
      const key = `BEN-${n}`;
      // Like the app: push the URL, then render the issue in the same task.
      const pushedAt = await page.evaluate((issueKey) => {
        const at = performance.timeOrigin + performance.now();
        history.pushState({}, '', `/browse/${issueKey}`);
        document.querySelector('a')?.replaceChildren(issueKey);
        document.querySelector('h1')?.replaceChildren(`Summary of ${issueKey}`);
        return at;
      }, key);
      const changes = await waitFor(
        () => recordedTabItems(worker, tabId),
        (recorded) => recorded.some((change) => change.item?.id === key),
      );
      const received = changes.find((change) => change.item?.id === key);
      if (received) latencies.push(received.at - pushedAt);
    }
    return latencies;
  } finally {
    await session.close();
  }
}

/** A built file gzipped, in KB. */
const gzipKbOf = (file: string) => gzipSync(readFileSync(join(EXTENSION_DIR, file)), { level: 9 }).length / 1000;

/**
 * Each tool's content scripts gzipped, in KB: the built manifest's scripts declared for that tool's hosts (a page
 * loads its own tool's script only).
 */
function contentBundlesKb(): Record<Tool, number> {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    content_scripts?: { matches: string[]; js?: string[] }[];
  };
  return Object.fromEntries(
    (Object.keys(HOST_PATTERNS_BY_TOOL) as Tool[]).map((tool) => {
      const files = new Set(
        (manifest.content_scripts ?? [])
          .filter((script) => script.matches.some((pattern) => HOST_PATTERNS_BY_TOOL[tool].includes(pattern)))
          .flatMap((script) => script.js ?? []),
      );
      if (files.size === 0) throw new Error(`no content script runs on ${tool}'s hosts`);
      return [tool, [...files].reduce((total, file) => total + gzipKbOf(file), 0)];
    }),
  ) as Record<Tool, number>;
}

/** The issue's target for a page's content script (issue 19): the largest tool's, gzipped. */
export const detectComparisons: BenchComparison[] = [
  { figure: 'detect.content_bundle_gzip', higherIsBetter: false, target: 10 },
];

export async function runDetectBench(): Promise<BenchResults> {
  const latencies = await benchPushState();
  const bundles = contentBundlesKb();
  return {
    'detect.url': { value: benchDetectUrl(), unit: 'µs/call' },
    'detect.context': { value: benchContext(), unit: 'ms/page' },
    'detect.pushstate_p50': { value: percentile(latencies, 50), unit: 'ms' },
    'detect.pushstate_p95': { value: percentile(latencies, 95), unit: 'ms' },
    'detect.content_bundle_gzip': { value: Math.max(...Object.values(bundles)), unit: 'KB' },
    'detect.sidebar_panel_gzip': { value: gzipKbOf(PANEL_SCRIPT), unit: 'KB' },
    ...Object.fromEntries(
      Object.entries(bundles).map(([tool, kb]) => [`detect.content_bundle_gzip_${tool}`, { value: kb, unit: 'KB' }]),
    ),
  };
}

if (process.argv[1] === import.meta.filename) {
  for (const [name, figure] of Object.entries(await runDetectBench())) console.log(formatFigure(name, figure));
}

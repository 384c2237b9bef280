/**
 * `npm run bench`: runs every benchmark, prints each figure as `name: value unit` and writes them all to
 * `.bench/results.json` as `{ "name": { "value": n, "unit": "..." } }`, so that runs can be compared.
 * Pass names to run only some suites: `npm run bench -- server detect`. Each suite runs three times and each figure
 * is the median of its runs; `--runs N` changes that (`--runs 1` for a quick look). Figures that have a floor measured
 * in the same run are then printed beside it, with the ratio and the target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchComparison, type BenchResults, formatComparisons, formatFigure, medianResults } from './format.ts';
import { installNodeI18n } from './node-i18n.ts';

type Loaded = { run: () => Promise<BenchResults>; comparisons?: BenchComparison[] };
/** Each suite is imported when it runs, after the stand-in for the extension's i18n (node-i18n.ts) is in place. */
type Suite = { name: string; load: () => Promise<Loaded> };

const suites: Suite[] = [
  {
    name: 'server',
    load: async () => {
      const m = await import('./server.ts');
      return { run: m.runServerBench, comparisons: m.serverComparisons };
    },
  },
  {
    name: 'detect',
    load: async () => {
      const m = await import('./detect.ts');
      return { run: m.runDetectBench, comparisons: m.detectComparisons };
    },
  },
  {
    name: 'sync',
    load: async () => {
      const m = await import('./sync.ts');
      return { run: m.runSyncBench, comparisons: m.syncComparisons };
    },
  },
  {
    name: 'sidebar',
    load: async () => {
      const m = await import('./sidebar.ts');
      return { run: m.runSidebarBench, comparisons: m.sidebarComparisons };
    },
  },
  {
    name: 'sidepanel',
    load: async () => {
      const m = await import('./side-panel.ts');
      return { run: m.runSidePanelBench, comparisons: m.sidePanelComparisons };
    },
  },
  {
    name: 'search',
    load: async () => {
      const m = await import('./search.ts');
      return { run: m.runSearchBench, comparisons: m.searchComparisons };
    },
  },
  {
    name: 'popup',
    load: async () => {
      const m = await import('./popup.ts');
      return { run: m.runPopupBench, comparisons: m.popupComparisons };
    },
  },
  {
    name: 'hub',
    load: async () => {
      const m = await import('./hub.ts');
      return { run: m.runHubBench, comparisons: m.hubComparisons };
    },
  },
  {
    name: 'live',
    load: async () => {
      const m = await import('./live.ts');
      return { run: m.runLiveBench };
    },
  },
  {
    name: 'live-browsers',
    load: async () => {
      const m = await import('./live-browsers.ts');
      return { run: m.runLiveBrowsersBench };
    },
  },
  {
    name: 'reviews',
    load: async () => {
      const m = await import('./reviews.ts');
      return { run: m.runReviewsBench, comparisons: m.reviewsComparisons };
    },
  },
  {
    name: 'connectors',
    load: async () => {
      const m = await import('./connectors.ts');
      return { run: m.runConnectorBench, comparisons: m.connectorComparisons };
    },
  },
];

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs takes a whole number of runs >= 1, not ${args[runsAt + 1]}`);
const wanted = runsAt >= 0 ? args.filter((_, index) => index !== runsAt && index !== runsAt + 1) : args;
const unknown = wanted.filter((name) => !suites.some((suite) => suite.name === name));
if (unknown.length)
  throw new Error(`no such suite: ${unknown.join(', ')} (suites: ${suites.map((s) => s.name).join(', ')})`);
const selected = wanted.length ? suites.filter((suite) => wanted.includes(suite.name)) : suites;
const results: BenchResults = {};
await installNodeI18n();
for (const { name, load } of selected) {
  const suite = { name, ...(await load()) };
  const suiteRuns: BenchResults[] = [];
  for (let run = 1; run <= runs; run++) {
    suiteRuns.push(await suite.run());
    if (runs > 1) console.log(`${suite.name}: run ${run} of ${runs} done`);
  }
  const figures = medianResults(suiteRuns);
  for (const [name, figure] of Object.entries(figures)) {
    console.log(formatFigure(name, figure));
    results[name] = figure;
  }
  for (const line of formatComparisons(suite.comparisons ?? [], figures)) console.log(line);
}
const folder = join(import.meta.dirname, '..', '..', '.bench');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `${Object.keys(results).length} figures from ${selected.length} suites (median of ${runs} runs) written to .bench/results.json`,
);

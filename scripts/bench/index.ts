/**
 * `npm run bench`: runs every benchmark, prints each figure as `name: value unit` and writes them all to
 * `.bench/results.json` as `{ "name": { "value": n, "unit": "..." } }`, so that runs can be compared.
 * Pass names to run only some suites: `npm run bench -- server detect`. Each suite runs three times and each figure
 * is the median of its runs; `--runs N` changes that (`--runs 1` for a quick look). Figures that have a floor measured
 * in the same run are then printed beside it, with the ratio and the target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorComparisons, runConnectorBench } from './connectors.ts';
import { detectComparisons, runDetectBench } from './detect.ts';
import { type BenchComparison, type BenchResults, formatComparisons, formatFigure, medianResults } from './format.ts';
import { hubComparisons, runHubBench } from './hub.ts';
import { runLiveBench } from './live.ts';
import { runLiveBrowsersBench } from './live-browsers.ts';
import { reviewsComparisons, runReviewsBench } from './reviews.ts';
import { runSearchBench, searchComparisons } from './search.ts';
import { runServerBench, serverComparisons } from './server.ts';
import { runSidePanelBench, sidePanelComparisons } from './side-panel.ts';
import { runSidebarBench, sidebarComparisons } from './sidebar.ts';
import { runSyncBench, syncComparisons } from './sync.ts';

type Suite = { name: string; run: () => Promise<BenchResults>; comparisons?: BenchComparison[] };

const suites: Suite[] = [
  { name: 'server', run: runServerBench, comparisons: serverComparisons },
  { name: 'detect', run: runDetectBench, comparisons: detectComparisons },
  { name: 'sync', run: runSyncBench, comparisons: syncComparisons },
  { name: 'sidebar', run: runSidebarBench, comparisons: sidebarComparisons },
  { name: 'sidepanel', run: runSidePanelBench, comparisons: sidePanelComparisons },
  { name: 'search', run: runSearchBench, comparisons: searchComparisons },
  { name: 'hub', run: runHubBench, comparisons: hubComparisons },
  { name: 'live', run: runLiveBench },
  { name: 'live-browsers', run: runLiveBrowsersBench },
  { name: 'reviews', run: runReviewsBench, comparisons: reviewsComparisons },
  { name: 'connectors', run: runConnectorBench, comparisons: connectorComparisons },
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
for (const suite of selected) {
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

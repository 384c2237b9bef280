/**
 * `npm run bench`: runs every benchmark, prints each figure as `name: value unit` and writes them all to
 * `.bench/results.json` as `{ "name": { "value": n, "unit": "..." } }`, so that runs can be compared.
 * Pass names to run only some suites: `npm run bench -- server detect`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDetectBench } from './detect.ts';
import { type BenchResults, formatFigure } from './format.ts';
import { runHubBench } from './hub.ts';
import { runLiveBench } from './live.ts';
import { runReviewsBench } from './reviews.ts';
import { runSearchBench } from './search.ts';
import { runServerBench } from './server.ts';
import { runSidebarBench } from './sidebar.ts';
import { runSyncBench } from './sync.ts';

type Suite = { name: string; run: () => Promise<BenchResults> };

const suites: Suite[] = [
  { name: 'server', run: runServerBench },
  { name: 'detect', run: runDetectBench },
  { name: 'sync', run: runSyncBench },
  { name: 'sidebar', run: runSidebarBench },
  { name: 'search', run: runSearchBench },
  { name: 'hub', run: runHubBench },
  { name: 'live', run: runLiveBench },
  { name: 'reviews', run: runReviewsBench },
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((suite) => wanted.includes(suite.name)) : suites;
const results: BenchResults = {};
for (const suite of selected) {
  const figures = await suite.run();
  for (const [name, figure] of Object.entries(figures)) {
    console.log(formatFigure(name, figure));
    results[name] = figure;
  }
}
const folder = join(import.meta.dirname, '..', '..', '.bench');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`${Object.keys(results).length} figures from ${selected.length} suites written to .bench/results.json`);

import type { InlineConfig } from 'vite';

/** The pages that open on a click and are timed from it (issue 19): the toolbar popup and the in-page sidebar. */
const CLICK_PAGES = ['popup', 'sidebar'] as const;
/** What both of them load first, and of that what the background loads too. */
const SHELL_CHUNK = 'ui-shell';
const CORE_CHUNK = 'ui-core';

interface ModuleGraph {
  getModuleInfo(id: string): { importers: readonly string[]; isEntry: boolean } | null;
}

/** The entries that load a module before they run: `pages` by name, and whether any other entry does. */
interface StaticEntries {
  pages: ReadonlySet<string>;
  /** The background, built with the pages: what it loads goes only to the chunks without React (see below). */
  other: boolean;
}

/** `entrypoints/<name>/index.html` → `<name>`: a page's entry module is its HTML file. */
const pageOf = (id: string) => /[\\/]entrypoints[\\/]([^\\/]+)[\\/]index\.html$/.exec(id)?.[1];

/** The entries a module is reachable from through static imports only (`import()` loads it later, on demand). */
function staticEntriesOf(id: string, graph: ModuleGraph, memo: Map<string, StaticEntries>): StaticEntries {
  const known = memo.get(id);
  if (known) return known;
  const pages = new Set<string>();
  let other = false;
  const seen = new Set([id]);
  const queue = [id];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const info = graph.getModuleInfo(next);
    if (info?.isEntry) {
      const page = pageOf(next);
      if (page) pages.add(page);
      else other = true;
    }
    for (const importer of info?.importers ?? []) {
      if (seen.has(importer)) continue;
      seen.add(importer);
      queue.push(importer);
    }
  }
  const entries = { pages, other };
  memo.set(id, entries);
  return entries;
}

/**
 * Rolldown splits the extension pages' shared code by the set of entries that use it: with six pages and the
 * background, the popup's first render loaded 29 chunks and the sidebar's 23, most of them a few hundred bytes (a
 * badge, a time format). An extension page's module requests go one by one through the browser process; in a trace
 * of the popup they took 70 ms before the first script ran, against 11 ms for running all of them. So what the
 * popup and the sidebar load first goes into a few chunks:
 * - `ui-shell`: what both load and the background does not (React, the UI kit);
 * - `ui-core`: what the background loads too, a service worker's worth of code without React (React reads
 *   `document`, which a service worker has none of); `popup-core` apart, as it holds Dexie, which the sidebar
 *   (served by the background) does not load;
 * - `popup-shared`, `sidebar-shared`: the rest of what each loads first and shares with other pages. What only one
 *   page loads stays in its entry chunk, and what only other pages load is split as before.
 * The popup and the sidebar load no more bytes than before; another page that imports part of a group loads all of
 * it, parsed but mostly never called. Content scripts are built apart, as single files.
 */
export function firstRenderChunks(config: InlineConfig, entrypointNames: readonly string[]): void {
  if (!CLICK_PAGES.every((page) => entrypointNames.includes(page))) return;
  const memo = new Map<string, StaticEntries>();
  const chunkOf = (id: string, graph: ModuleGraph): string | null => {
    const { pages, other } = staticEntriesOf(id, graph, memo);
    const clickPages = CLICK_PAGES.filter((page) => pages.has(page));
    if (clickPages.length === 0) return null;
    if (other) return clickPages.includes('sidebar') ? CORE_CHUNK : 'popup-core';
    if (clickPages.length === CLICK_PAGES.length) return SHELL_CHUNK;
    return pages.size > 1 ? `${clickPages[0]}-shared` : null;
  };
  config.build ??= {};
  config.build.rolldownOptions ??= {};
  const options = config.build.rolldownOptions;
  options.output ??= {};
  const outputs = Array.isArray(options.output) ? options.output : [options.output];
  for (const output of outputs) {
    // A group takes exactly the modules `chunkOf` names, not their imports as well (rolldown's default): that would
    // pull what the background shares with the pages into the shell. Modules then import across chunks both ways,
    // and strict execution order keeps them running in the order the source imports them.
    output.strictExecutionOrder = true;
    output.codeSplitting = { includeDependenciesRecursively: false, groups: [{ name: chunkOf }] };
  }
}

/**
 * A dynamic `import()` in the pages fetches its chunk and lets the browser follow that chunk's static imports, as a
 * page's first load does (`hostType` 'html': the HTML's modulepreload links stay). Vite's default also appends a
 * `<link rel="modulepreload">` for each of those imports when the `import()` is called; an extension page's
 * request for a link is made synchronously on the main thread, 1 to 4 ms each, and the popup's first render calls
 * `import('./later.ts')` (seven links) inside React's render, so the links held its first commit by 20 ms (trace,
 * issue 19). The extension's files are local: following the imports costs less than announcing them.
 */
export function noDynamicImportPreloads(config: InlineConfig): void {
  config.build ??= {};
  config.build.modulePreload = {
    resolveDependencies: (_filename, deps, context) => (context.hostType === 'html' ? deps : []),
  };
}

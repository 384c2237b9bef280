import type { InlineConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { firstRenderChunks, noDynamicImportPreloads } from '../../scripts/vite-first-render-chunks.ts';

const PAGES = ['popup', 'sidebar', 'hub', 'options', 'capture', 'sidepanel'];
const page = (name: string) => `/repo/entrypoints/${name}/index.html`;
const BACKGROUND = '/repo/entrypoints/background.ts';

/**
 * A module graph as rolldown describes it to a group's `name`: each module's static importers. The popup's and the
 * sidebar's entry HTML, the hub's, and the background (an entry built with the pages).
 */
const importers: Record<string, string[]> = {
  [page('popup')]: [],
  [page('sidebar')]: [],
  [page('hub')]: [],
  [BACKGROUND]: [],
  '/repo/entrypoints/popup/main.tsx': [page('popup')],
  '/repo/entrypoints/sidebar/main.tsx': [page('sidebar')],
  '/repo/entrypoints/hub/main.tsx': [page('hub')],
  '/repo/node_modules/react-dom/client.js': ['/repo/entrypoints/popup/main.tsx', '/repo/entrypoints/sidebar/main.tsx'],
  '/repo/components/ui/Badge.tsx': ['/repo/components/popup/PopupApp.tsx', '/repo/components/sidebar/SidebarApp.tsx'],
  '/repo/components/popup/PopupApp.tsx': ['/repo/entrypoints/popup/main.tsx'],
  '/repo/components/sidebar/SidebarApp.tsx': ['/repo/entrypoints/sidebar/main.tsx'],
  // Reached by both pages and by the background, through a cycle.
  '/repo/utils/i18n.ts': ['/repo/components/ui/Badge.tsx', '/repo/utils/locale.ts'],
  '/repo/utils/locale.ts': ['/repo/utils/i18n.ts', BACKGROUND],
  // The popup and the background read the mirror; the sidebar does not.
  '/repo/utils/mirror/db.ts': ['/repo/components/popup/PopupApp.tsx', BACKGROUND],
  // Shared by the popup and the hub.
  '/repo/components/decision/DecisionForm.tsx': [
    '/repo/components/popup/PopupApp.tsx',
    '/repo/entrypoints/hub/main.tsx',
  ],
  // Shared by the sidebar and the hub.
  '/repo/components/sidebar/Facts.tsx': ['/repo/components/sidebar/SidebarApp.tsx', '/repo/entrypoints/hub/main.tsx'],
  // The hub's alone, and a module the popup loads only on demand (its importer imports it with `import()`).
  '/repo/components/hub/Graph.tsx': ['/repo/entrypoints/hub/main.tsx'],
  '/repo/components/popup/later.ts': [],
};

const graph = {
  getModuleInfo: (id: string) =>
    id in importers ? { importers: importers[id] ?? [], isEntry: id.endsWith('.html') || id === BACKGROUND } : null,
};

function chunkNamer(entrypoints: string[]) {
  const config: InlineConfig = {};
  firstRenderChunks(config, entrypoints);
  const output = config.build?.rolldownOptions?.output;
  if (!output || Array.isArray(output)) return undefined;
  const [group] =
    output.codeSplitting && typeof output.codeSplitting === 'object' ? (output.codeSplitting.groups ?? []) : [];
  const name = group?.name;
  return typeof name === 'function' ? (id: string) => name(id, graph as never) : undefined;
}

describe('the chunks the popup and the sidebar load first', () => {
  const chunkOf = chunkNamer([...PAGES, 'background']);

  it('puts what both pages load first, and the background does not, in one shell chunk', () => {
    expect(chunkOf?.('/repo/node_modules/react-dom/client.js')).toBe('ui-shell');
    expect(chunkOf?.('/repo/components/ui/Badge.tsx')).toBe('ui-shell');
  });

  it('keeps what the background loads out of the shell, in chunks without React', () => {
    expect(chunkOf?.('/repo/utils/i18n.ts')).toBe('ui-core');
    expect(chunkOf?.('/repo/utils/locale.ts')).toBe('ui-core');
    // Dexie's chunk: the sidebar does not load it.
    expect(chunkOf?.('/repo/utils/mirror/db.ts')).toBe('popup-core');
  });

  it("gathers what each page shares with other pages, and leaves a page's own modules in its entry chunk", () => {
    expect(chunkOf?.('/repo/components/decision/DecisionForm.tsx')).toBe('popup-shared');
    expect(chunkOf?.('/repo/components/sidebar/Facts.tsx')).toBe('sidebar-shared');
    expect(chunkOf?.('/repo/components/popup/PopupApp.tsx')).toBeNull();
    expect(chunkOf?.('/repo/components/sidebar/SidebarApp.tsx')).toBeNull();
  });

  it('leaves alone what neither page loads before its first render', () => {
    expect(chunkOf?.('/repo/components/hub/Graph.tsx')).toBeNull();
    expect(chunkOf?.('/repo/components/popup/later.ts')).toBeNull();
  });

  it('takes exactly the modules it names, with strict execution order across the chunks', () => {
    const config: InlineConfig = {};
    firstRenderChunks(config, PAGES);
    const output = config.build?.rolldownOptions?.output;
    expect(output).toMatchObject({
      strictExecutionOrder: true,
      codeSplitting: { includeDependenciesRecursively: false },
    });
  });

  it('changes nothing in a build without both pages (the content scripts, a filtered build)', () => {
    expect(chunkNamer(['work-item', 'work-item-gmail'])).toBeUndefined();
    expect(chunkNamer(['popup', 'hub'])).toBeUndefined();
  });
});

describe("the pages' dynamic imports", () => {
  const resolveDependencies = (() => {
    const config: InlineConfig = {};
    noDynamicImportPreloads(config);
    const preload = config.build?.modulePreload;
    return typeof preload === 'object' ? preload.resolveDependencies : undefined;
  })();
  const deps = ['chunks/schemas.js', 'chunks/detect.js'];

  it("keeps the HTML's preloads of what a page loads first", () => {
    expect(resolveDependencies?.('chunks/popup.js', deps, { hostId: 'popup.html', hostType: 'html' })).toEqual(deps);
  });

  it('announces nothing when an import() runs: the loaded chunk brings its own imports', () => {
    expect(resolveDependencies?.('chunks/later.js', deps, { hostId: 'chunks/popup.js', hostType: 'js' })).toEqual([]);
  });
});

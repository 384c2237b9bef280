import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../server/node-flags.ts';
import * as contract from '../../utils/contract.ts';

const root = join(import.meta.dirname, '..', '..');
/** Every source file of the extension and the server (tests aside), as paths from the repository's root. */
const sourceFiles = ['utils', 'components', 'entrypoints', 'server'].flatMap((folder) =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => join(folder, file)),
);

/** WXT's path aliases (`.wxt/tsconfig.json`): `@/`, `~/`, `@@/` and `~~/` all name the repository's root here. */
const ALIAS = /^(?:@@|~~|@|~)(?:\/|$)/;

/**
 * A specifier as a path from the root: relative ones and WXT's aliases resolved, the extension the bundler would
 * add filled in (`./routing` is `routing.ts`, `./views` is `views/index.ts`); packages stay as written.
 */
function resolveSpecifier(file: string, specifier: string): string {
  const path = specifier.startsWith('.')
    ? relative(root, join(root, dirname(file), specifier))
    : ALIAS.test(specifier)
      ? relative(root, join(root, specifier.replace(ALIAS, '')))
      : null;
  if (path === null) return specifier;
  const candidates = [path, ...['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ending) => `${path}${ending}`)];
  return candidates.find((candidate) => /\.\w+$/.test(candidate) && existsSync(join(root, candidate))) ?? path;
}

/**
 * What a file imports, in every form: `import … from`, `import type`, `export … from`, a bare `import '…'` and a
 * dynamic `import('…')`, through a relative path or one of WXT's aliases, with or without the file's extension.
 * Those are resolved to paths from the root; packages stay as written.
 */
function allImportsOf(file: string, source = readFileSync(join(root, file), 'utf8')): string[] {
  const pattern =
    /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => resolveSpecifier(file, (match[1] ?? match[2]) as string));
}

/** The import cycles among `files`, each as the files around it. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, path);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
  return cycles;
}

// Type-only imports are erased from the bundle: only value imports carry a module or package into a bundle.
const typeOnly = /(?:^|[\n;])\s*(?:import|export)\s+type\s[^'"]*?\sfrom\s+['"][^'"]+['"]/g;
const valueGraph = new Map(
  sourceFiles.map((file) => [file, allImportsOf(file, readFileSync(join(root, file), 'utf8').replace(typeOnly, ''))]),
);
/** The files and packages `file` reaches through its value imports, transitively. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  seen.add(file);
  for (const next of valueGraph.get(file) ?? []) if (!seen.has(next)) reach(next, seen);
  return seen;
}
/** The same without dynamic `import('…')`s: what a page's bundle loads before its first line runs. */
const staticGraph = new Map(
  [...valueGraph.keys()].map((file) => [
    file,
    allImportsOf(
      file,
      readFileSync(join(root, file), 'utf8')
        .replace(typeOnly, '')
        .replace(/\bimport\(\s*['"][^'"]+['"]\s*\)/g, ''),
    ),
  ]),
);
function staticReach(file: string, seen = new Set<string>()): Set<string> {
  seen.add(file);
  for (const next of staticGraph.get(file) ?? []) if (!seen.has(next)) staticReach(next, seen);
  return seen;
}
const contentScripts = sourceFiles.filter((file) => /^entrypoints\/[^/]+\.content\.ts$/.test(file));

describe('layers', () => {
  const graph = new Map(sourceFiles.map((file) => [file, allImportsOf(file)]));

  it('reads every form of import, so a rule cannot be dodged by a dynamic or bare one', () => {
    const source = [
      "import { a } from '../../components/x.ts';",
      "import type { B } from '../components/y.ts';",
      "export { c } from './z.ts';",
      "import '../../components/side-effect.ts';",
      "const lazy = () => import('../../components/lazy.tsx');",
    ].join('\n');
    expect(allImportsOf('utils/background/example.ts', source)).toEqual([
      'components/x.ts',
      'utils/components/y.ts',
      'utils/background/z.ts',
      'components/side-effect.ts',
      'components/lazy.tsx',
    ]);
    // WXT's aliases and a missing extension lead to the same files; a scoped package stays a package.
    const aliased = [
      "import { navigate } from '@/components/hub/HubApp.tsx';",
      "import { t } from '~~/utils/i18n';",
      "import { Badge } from '../../components/ui/Badge';",
      "const lazy = () => import('~/components/hub/views/Rules');",
      "import { browser } from '@wxt-dev/browser';",
    ].join('\n');
    expect(allImportsOf('utils/background/example.ts', aliased)).toEqual([
      'components/hub/HubApp.tsx',
      'utils/i18n.ts',
      'components/ui/Badge.tsx',
      'components/hub/views/Rules.tsx',
      '@wxt-dev/browser',
    ]);
  });

  it('keeps utils/ free of components/: logic never depends on the UI', () => {
    const offenders = [...graph].flatMap(([file, imports]) =>
      file.startsWith('utils/')
        ? imports.filter((target) => target.startsWith('components/')).map((target) => `${file} -> ${target}`)
        : [],
    );
    expect(sourceFiles.filter((file) => file.startsWith('utils/')).length).toBeGreaterThan(40);
    expect(offenders).toEqual([]);
  });

  it("keeps the hub's views off the hub's shell: they navigate through components/hub/routing.ts", () => {
    const offenders = [...graph].flatMap(([file, imports]) =>
      file.startsWith('components/hub/') &&
      file !== 'components/hub/HubApp.tsx' &&
      imports.includes('components/hub/HubApp.tsx')
        ? [file]
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the server's domain off HTTP: domain errors name codes, the HTTP layer maps them to statuses", () => {
    const offenders = [...graph].flatMap(([file, imports]) =>
      file.startsWith('server/domain/')
        ? imports.filter((target) => target.startsWith('server/http/')).map((target) => `${file} -> ${target}`)
        : [],
    );
    expect(offenders).toEqual([]);
    // The server's ApiError is the domain's, declared once (the contract's ApiError is the answer's shape on the wire).
    const declaring = sourceFiles.filter(
      (file) => file.startsWith('server/') && topLevelNames(file).includes('ApiError'),
    );
    expect(declaring).toEqual(['server/domain/errors.ts']);
  });

  it('keeps ky out of the content scripts: only the background and the extension pages talk HTTP', () => {
    const kyUsers = [...graph].filter(([, imports]) => imports.includes('ky')).map(([file]) => file);
    expect(kyUsers).toEqual(['utils/sync/http.ts']);
    expect(reach('entrypoints/background.ts').has('ky')).toBe(true);
    expect(contentScripts.length).toBeGreaterThan(0);
    expect(contentScripts.filter((file) => reach(file).has('ky'))).toEqual([]);
  });

  it("keeps the open sidebar's panel out of the content scripts: the background injects it when it is needed", () => {
    const panelCode = ['utils/sidebar-host/panel.ts', 'utils/sidebar-host/exposure.ts'];
    for (const file of panelCode) expect(reach('entrypoints/sidebar-panel.ts').has(file)).toBe(true);
    expect(reach('entrypoints/work-item.content.ts').has('utils/sidebar-host/host.ts')).toBe(true);
    expect(contentScripts.flatMap((file) => panelCode.filter((code) => reach(file).has(code)))).toEqual([]);
  });

  it('declares every message between contexts in utils/messaging: pushes, port messages and port names', () => {
    const outside = sourceFiles.filter((file) => !file.startsWith('utils/messaging/') && !file.startsWith('server/'));
    expect(outside.length).toBeGreaterThan(100);
    expect(outside.flatMap((file) => messageDeclarationsIn(file))).toEqual([]);
    // The check itself: a push shape or a port name declared beside its user is caught.
    const violation = [
      "type Poke = { type: 'sidebar.poked' };",
      "const port = browser.runtime.connect({ name: 'sidebar.watch' });",
    ].join('\n');
    expect(messageDeclarationsIn('utils/background/example.ts', violation)).toEqual([
      "utils/background/example.ts: message type 'sidebar.poked'",
      "utils/background/example.ts: port name 'sidebar.watch'",
    ]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(
      importCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['a.ts']],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'a.ts']]);
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});

describe('one source per fact', () => {
  it("states each list of the contract's enums once: no second copy of the tools, statuses or roles", () => {
    const copies = [...sourceFiles, ...benchFiles].flatMap((file) =>
      file === 'utils/contract.ts'
        ? []
        : enumCopiesIn(file).filter((copy) => !ENUM_COPIES_ALLOWED[file]?.includes(copy)),
    );
    expect(ENUM_LISTS.map(([name]) => name)).toEqual(expect.arrayContaining(['zTool', 'zGoalStatus', 'zRole']));
    expect(copies).toEqual([]);
    // The check itself: a status list spelt out beside its user is caught, in any order; a part of one is not.
    const violation =
      "const order = ['done', 'on_track', 'at_risk', 'off_track', 'cancelled'];\nconst open = ['on_track', 'at_risk'];";
    expect(enumCopiesIn('server/digest/example.ts', violation)).toEqual(['zGoalStatus']);
  });

  it('keeps each message shape in the protocol module alone: nothing else declares a name it exports', () => {
    const protocol = new Map(
      sourceFiles
        .filter((file) => file.startsWith('utils/messaging/'))
        .flatMap((file) => topLevelNames(file, { exportedOnly: true }).map((name) => [name, file] as const)),
    );
    expect([...protocol.keys()]).toEqual(expect.arrayContaining(['Exposure', 'ContentPush', 'SIDEBAR_WATCH_PORT']));
    const elsewhere = sourceFiles
      .filter((file) => !file.startsWith('utils/messaging/'))
      .flatMap((file) =>
        topLevelNames(file)
          .filter((name) => protocol.has(name))
          .map((name) => `${file}: ${name}`),
      );
    expect(elsewhere).toEqual([]);
    // The check itself: a second Exposure beside the guard is caught.
    const violation = 'interface Exposure { clear: boolean; reason: string }\nexport const x = 1;';
    expect(topLevelNames('utils/sidebar-host/example.ts', { text: violation }).filter((n) => protocol.has(n))).toEqual([
      'Exposure',
    ]);
  });
});

describe('architecture', () => {
  it('keeps the shared contract free of everything but zod and its own zod-free roles', () => {
    const imports = allImportsOf('utils/contract.ts');
    expect(imports).toContain('zod');
    expect(imports.filter((source) => source !== 'zod' && source !== 'utils/roles.ts')).toEqual([]);
    // The roles are the contract's part that pages read before zod loads (the popup's first render): nothing at all.
    expect(allImportsOf('utils/roles.ts')).toEqual([]);
  });

  it('lets the server import from utils/ only the shared contract and the pure detection, rule and Markdown modules', () => {
    // The server checks an item's URL against its key with the extension's own detection (utils/detect), which
    // is pure: URLs and Documents in, plain data out. Its weekly digest ranks ownership rules as the extension does
    // (utils/resolve/rules.ts; the connectors ask it which containers a rule owns) and escapes Markdown as the snapshot export does (utils/markdown.ts). Nothing else
    // of the extension may reach the server, and these modules import only each other and the contract.
    const allowed = new Set([
      'utils/contract.ts',
      'utils/roles.ts',
      'utils/detect/index.ts',
      'utils/resolve/rules.ts',
      'utils/markdown.ts',
    ]);
    const serverFiles = readdirSync(join(root, 'server'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join('server', file));
    const fromUtils = serverFiles.flatMap((file) => allImportsOf(file).filter((target) => target.startsWith('utils/')));
    expect(fromUtils).toContain('utils/detect/index.ts');
    expect([...new Set(fromUtils)].filter((target) => !allowed.has(target))).toEqual([]);

    const detection = [
      'utils/detect/index.ts',
      ...readdirSync(join(root, 'utils/sites')).map((f) => `utils/sites/${f}`),
    ];
    const reached = detection.flatMap((file) => allImportsOf(file).map((target) => [file, target] as const));
    // Packages are outside too: the detection is pure.
    const outside = reached.filter(
      ([, target]) =>
        !(target === 'utils/contract.ts' || target.startsWith('utils/sites/') || target.startsWith('utils/detect/')),
    );
    expect(outside).toEqual([]);
    // The rules' container facts (utils/resolve/fact.ts) are theirs, apart so that the sidebar names one without zod.
    const pure = new Set(['utils/contract.ts', 'utils/roles.ts', 'utils/resolve/fact.ts']);
    const pureOnes = ['utils/resolve/rules.ts', 'utils/resolve/fact.ts', 'utils/markdown.ts'].flatMap((file) =>
      allImportsOf(file).map((target) => [file, target] as const),
    );
    expect(pureOnes.filter(([, target]) => !pure.has(target))).toEqual([]);
  });

  it("loads the popup's first render without zod, fuse.js or the resolution: those come after it (issue 19)", () => {
    const first = staticReach('entrypoints/popup/main.tsx');
    const later = ['zod', 'fuse.js', 'utils/contract.ts', 'utils/settings.ts', 'utils/resolve/index.ts'];
    expect(later.filter((module) => first.has(module))).toEqual([]);
    // They are still part of the popup, loaded once it is ready for typing.
    expect(later.filter((module) => !reach('entrypoints/popup/main.tsx').has(module))).toEqual([]);
    expect(first.has('components/decision/DecisionForm.tsx')).toBe(true);
  });

  it("loads the hub's first render and its counts without zod or the resolution: the views bring them (issue 19)", () => {
    const first = staticReach('entrypoints/hub/main.tsx');
    const later = ['zod', 'utils/contract.ts', 'utils/resolve/index.ts', 'utils/snapshot/ownership.ts'];
    expect(later.filter((module) => first.has(module))).toEqual([]);
    // Still part of the hub: its views and the attribution of every item load them after the first render.
    expect(later.filter((module) => !reach('entrypoints/hub/main.tsx').has(module))).toEqual([]);
    expect(first.has('components/hub/views/Home.tsx')).toBe(true);
  });

  it("loads the sidebar's first render without zod, Dexie, fuse.js or the resolution: those come after it (issue 19)", () => {
    const first = staticReach('entrypoints/sidebar/main.tsx');
    const later = ['zod', 'dexie', 'fuse.js', 'utils/contract.ts', 'utils/detect/index.ts', 'utils/resolve/index.ts'];
    expect(later.filter((module) => first.has(module))).toEqual([]);
    // The live layer brings them once the first render is up.
    expect(
      ['zod', 'dexie', 'utils/contract.ts'].filter((module) => !reach('entrypoints/sidebar/main.tsx').has(module)),
    ).toEqual([]);
    expect(first.has('components/sidebar/SidebarApp.tsx')).toBe(true);
  });

  it('writes the settings in the background only: the extension pages save them through `settings.save`', () => {
    // The background reads and writes them one save after the other; a page writing them itself would race it.
    const writers = sourceFiles.filter(
      (file) => file !== 'utils/settings.ts' && /\bsaveSettings\s*\(/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(writers.filter((file) => !/^utils\/(background|sync)\//.test(file))).toEqual([]);
    expect(writers.length).toBeGreaterThan(0);
  });

  it('keeps entrypoints thin: declare, wire, delegate', () => {
    const files = readdirSync(join(root, 'entrypoints'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.(ts|tsx)$/.test(file),
    );
    const tooLong = files.filter(
      (file) => readFileSync(join(root, 'entrypoints', file), 'utf8').split('\n').length > 40,
    );
    expect(tooLong).toEqual([]);
  });

  it('has no eval, Function constructor or innerHTML anywhere in the extension (strings from pages stay text)', () => {
    const sources = ['components', 'utils', 'entrypoints'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(ts|tsx)$/.test(file))
        .map((file) => join(folder, file)),
    );
    const offenders = sources.filter((file) =>
      /\beval\s*\(|new\s+Function\s*\(|\.(inner|outer)HTML\b|insertAdjacentHTML|dangerouslySetInnerHTML/.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    expect(sources.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });

  it('never imports zod into a content script through the messaging client', () => {
    const imports = allImportsOf('utils/messaging/client.ts');
    expect(imports).not.toContain('zod');
    expect(readFileSync(join(root, 'utils/messaging/client.ts'), 'utf8')).toMatch(
      /import type \{[^}]+\} from '\.\/protocol\.ts'/,
    );
  });

  it("names every folder of utils/ in the README's folder table and in docs/architecture.md", () => {
    const folders = readdirSync(join(root, 'utils'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `\`${entry.name}/\``);
    const readmeRow = readFileSync(join(root, 'README.md'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| `utils/` |'));
    const map = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((folder) => !readmeRow?.includes(folder))).toEqual([]);
    expect(folders.filter((folder) => !map.includes(`| ${folder} |`))).toEqual([]);
  });

  it('points only at documents the repository has: no comment names a missing page or a promise by number', () => {
    const folders = ['utils', 'components', 'entrypoints', 'server', 'scripts', 'tests', 'docs', '.ci'];
    const files = [
      'README.md',
      ...folders.flatMap((folder) =>
        readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
          .filter((file) => /\.(ts|tsx|md|html|sh)$/.test(file) || !file.includes('.'))
          .map((file) => join(folder, file))
          .filter((file) => !file.includes('node_modules') && existsSync(join(root, file)) && !isFolder(file)),
      ),
    ];
    expect(files.length).toBeGreaterThan(200);
    // This file's own examples of a violation aside.
    const checked = files.filter((file) => file !== 'tests/unit/architecture.test.ts');
    expect(checked.flatMap((file) => missingDocumentsIn(file))).toEqual([]);
    // The check itself: a page of another repository and a numbered promise of a document not here are caught.
    const violation = '// See design.md §3 and docs/architecture.md.\n// Acked means durable (P12).';
    expect(missingDocumentsIn('utils/example.ts', violation)).toEqual([
      'utils/example.ts: design.md',
      'utils/example.ts: promise P12',
    ]);
  });

  it('starts a server in the benchmarks one way, and fills a mirror with one generator', () => {
    const bench = readdirSync(join(root, 'scripts', 'bench')).map((file) => `scripts/bench/${file}`);
    const source = (file: string) => readFileSync(join(root, file), 'utf8');
    expect(bench.filter((file) => /'main\.ts'|\bspawn\(/.test(source(file)))).toEqual([
      'scripts/bench/server-process.ts',
    ]);
    expect(source('scripts/bench/server-process.ts')).toMatch(/serverNodeFlags\(/);
    // Mirror rows come from workspace.ts alone; no benchmark writes entity rows of its own.
    const entityStore = /objectStore\(\s*'(teams|goals|rules|items|links|decisions)'/;
    expect(bench.filter((file) => entityStore.test(source(file)))).toEqual([]);
    for (const user of ['sync', 'hub', 'sidebar'])
      expect(source(`scripts/bench/${user}.ts`)).toContain("from './workspace.ts'");
  });

  it('starts the server with the same Node flags from npm scripts as from the launchers and benchmarks', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    // dev:server runs on PGlite (no DATABASE_URL), which needs the frugal set.
    // (After the Node version check: scripts/check-node.cjs.)
    expect(scripts['dev:server']).toBe(
      `node scripts/check-node.cjs && ${['node', ...serverNodeFlags(undefined), 'server/main.ts'].join(' ')}`,
    );
    expect(serverNodeFlags('postgres://db/hallway')).not.toContain('--liftoff-only');
  });
});

/** Namespaces of the messages between contexts (`page.itemChanged`, `launcher.summary`, `sidebar.changed`, ...). */
const MESSAGE_NAME = /^(page|sidebar|launcher|mirror|sync|search|popup|account|capture)\.[a-zA-Z]+$/;

/**
 * Messages declared in `file`: a `type` property of a message name in a type (a push or port message's shape), or
 * a literal port name passed to `runtime.connect`. Their place is the protocol module, utils/messaging/.
 */
function messageDeclarationsIn(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertySignature(node) &&
      node.name.getText(source) === 'type' &&
      node.type &&
      ts.isLiteralTypeNode(node.type) &&
      ts.isStringLiteral(node.type.literal) &&
      MESSAGE_NAME.test(node.type.literal.text)
    ) {
      found.push(`${file}: message type '${node.type.literal.text}'`);
    }
    if (ts.isCallExpression(node) && /\.connect$/.test(node.expression.getText(source))) {
      const [options] = node.arguments;
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (
            ts.isPropertyAssignment(property) &&
            property.name.getText(source) === 'name' &&
            ts.isStringLiteral(property.initializer)
          ) {
            found.push(`${file}: port name '${property.initializer.text}'`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every source file the sidebar page loads, its lazily loaded chunks included, following relative imports. */
function sidebarModules(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(root, file), 'utf8');
    const specifiers = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)];
    for (const [, specifier] of specifiers) {
      if (specifier && /\.tsx?$/.test(specifier)) visit(join(dirname(file), specifier));
    }
  };
  visit('entrypoints/sidebar/main.tsx');
  return [...seen];
}

/**
 * React props that act on a press, a key or a choice (a radio, a checkbox, a select act on change): on a plain
 * element, or on a component that hands them to one (a text field), they act whatever the pause says.
 */
const ACTION_PROPS = /^on(Click|DoubleClick|AuxClick|MouseUp|PointerUp|KeyDown|KeyUp|KeyPress|Submit|Change)$/;

/** JSX elements in `file` carrying an action prop, as `tag onProp` strings, and each plain `button`; `Button` obeys. */
function plainElementsWithActions(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = node.tagName.getText(source);
      if (tag !== 'Button') {
        for (const attribute of node.attributes.properties) {
          if (ts.isJsxAttribute(attribute) && ACTION_PROPS.test(attribute.name.getText(source))) {
            found.push(`${tag} ${attribute.name.getText(source)}`);
          }
        }
      }
      if (tag === 'button') found.push('button');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the sidebar obeys the action pause', () => {
  it('has no control that acts on its own: every press or key handler is in a primitive that reads the pause', () => {
    const modules = sidebarModules();
    expect(modules).toEqual(
      expect.arrayContaining([
        'components/sidebar/OwnerSection.tsx',
        'components/ui/Picker.tsx',
        'components/ui/Button.tsx',
      ]),
    );
    // A primitive reads the pause (components/ui/pause.ts); `<button>` is Button's alone, so it cannot forget it.
    const offenders = modules
      .filter((file) => file.endsWith('.tsx'))
      .flatMap((file) => {
        const readsPause = /\buseActionsPaused\(\)/.test(readFileSync(join(root, file), 'utf8'));
        return plainElementsWithActions(file)
          .filter((use) => !readsPause || (use === 'button' && file !== 'components/ui/Button.tsx'))
          .map((use) => `${file}: <${use}>`);
      });
    expect(offenders).toEqual([]);
  });

  it('would catch a plain clickable element (the check itself works)', () => {
    expect(plainElementsWithActions('components/ui/Picker.tsx')).toEqual(
      expect.arrayContaining(['TextInput onKeyDown', 'div onClick']),
    );
  });
});

/** The benchmarks' sources: they state facts too. */
const benchFiles = readdirSync(join(root, 'scripts', 'bench')).map((file) => `scripts/bench/${file}`);

/** The contract's enums of names (`zTool`, `zGoalStatus`, `zRole`, ...), each with its values. */
const ENUM_LISTS: [string, readonly string[]][] = Object.entries(contract).flatMap(([name, value]) => {
  const options = (value as { options?: unknown } | null)?.options;
  return Array.isArray(options) && options.length > 1 && options.every((option) => typeof option === 'string')
    ? [[name, options as string[]] as [string, string[]]]
    : [];
});

/** Copies the project keeps on purpose, each checked against its enum where it is spelt out. */
const ENUM_COPIES_ALLOWED: Record<string, readonly string[]> = {
  // Content scripts read the tools without zod; tests/unit/contract.test.ts checks it is zTool's list, in order.
  'utils/tools.ts': ['zTool'],
  // Not a copy: the roles' one list, in the contract's zod-free part, which `zRole` is built from.
  'utils/roles.ts': ['zRole'],
  // The benchmark's generator runs inside a page and may refer to nothing outside its own body.
  'scripts/bench/workspace.ts': ['zTool', 'zGoalStatus'],
  // The import's order; tests/unit/workspace-io.test.ts checks it holds every entity of the contract.
  'utils/workspace-io/index.ts': ['zEntityName'],
};

/** The contract enums `file` spells out in full as an array of string literals (a list, not a part of one). */
function enumCopiesIn(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isArrayLiteralExpression(node) && node.elements.length > 1 && node.elements.every(ts.isStringLiteral)) {
      const values = new Set(node.elements.map((element) => (element as ts.StringLiteral).text));
      for (const [name, options] of ENUM_LISTS) if (options.every((option) => values.has(option))) found.push(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The names `file` declares at its top level (types, interfaces, functions, classes, constants). */
function topLevelNames(file: string, options: { exportedOnly?: boolean; text?: string } = {}): string[] {
  const text = options.text ?? readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  return source.statements.flatMap((statement) => {
    const exported =
      ts.canHaveModifiers(statement) &&
      (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (options.exportedOnly && !exported) return [];
    if (
      (ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement)) &&
      statement.name
    )
      return [statement.name.text];
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.flatMap((declaration) =>
        ts.isIdentifier(declaration.name) ? [declaration.name.text] : [],
      );
    return [];
  });
}

const isFolder = (file: string) =>
  readdirSync(join(root, dirname(file)), { withFileTypes: true }).some(
    (entry) => entry.name === file.split('/').pop() && entry.isDirectory(),
  );

/** Markdown pages in the repository, by their path from the root and by their name alone. */
const markdownPages = (() => {
  const pages = [
    'README.md',
    ...['docs', 'server'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.md') && !file.includes('node_modules'))
        .map((file) => join(folder, file)),
    ),
  ];
  return new Set([...pages, ...pages.map((page) => page.split('/').pop() as string)]);
})();

/**
 * Documents `file` names that the repository does not have: a Markdown page by name or path, and a promise by its
 * number (`P12`, the numbering of a reliability document kept outside the repository).
 */
function missingDocumentsIn(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const pages = [...text.matchAll(/(?<![\w/.-])((?:[\w.-]+\/)*[\w-]+\.md)\b/g)]
    .map((match) => match[1] as string)
    .filter((page) => !markdownPages.has(page) && !markdownPages.has(relative(root, join(root, dirname(file), page))))
    .map((page) => `${file}: ${page}`);
  const promises = [...text.matchAll(/\((P\d{1,2})[):,]|\bpromise (P\d{1,2})\b|^\s*(?:\/\/|\*)\s*(P\d{1,2})\b/gm)].map(
    (match) => `${file}: promise ${match[1] ?? match[2] ?? match[3]}`,
  );
  return [...new Set([...pages, ...promises])];
}

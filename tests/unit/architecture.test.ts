import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../server/node-flags.ts';

const root = join(import.meta.dirname, '..', '..');
/** Every source file of the extension and the server (tests aside), as paths from the repository's root. */
const sourceFiles = ['utils', 'components', 'entrypoints', 'server'].flatMap((folder) =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => join(folder, file)),
);

/**
 * What a file imports, in every form: `import … from`, `import type`, `export … from`, a bare `import '…'` and a
 * dynamic `import('…')`. Relative specifiers are resolved to paths from the root; packages stay as written.
 */
function allImportsOf(file: string, source = readFileSync(join(root, file), 'utf8')): string[] {
  const pattern =
    /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => {
    const specifier = (match[1] ?? match[2]) as string;
    return specifier.startsWith('.') ? relative(root, join(root, dirname(file), specifier)) : specifier;
  });
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

describe('architecture', () => {
  it('keeps the shared contract free of everything but zod', () => {
    const imports = allImportsOf('utils/contract.ts');
    expect(imports).toContain('zod');
    expect(imports.filter((source) => source !== 'zod')).toEqual([]);
  });

  it('lets the server import from utils/ only the shared contract and the pure detection, rule and Markdown modules', () => {
    // The server checks an item's URL against its key with the extension's own detection (utils/detect), which
    // is pure: URLs and Documents in, plain data out. Its weekly digest ranks ownership rules as the extension does
    // (utils/resolve/rules.ts; the connectors ask it which containers a rule owns) and escapes Markdown as the snapshot export does (utils/markdown.ts). Nothing else
    // of the extension may reach the server, and these modules import only each other and the contract.
    const allowed = new Set([
      'utils/contract.ts',
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
    const pureOnes = ['utils/resolve/rules.ts', 'utils/markdown.ts'].flatMap((file) =>
      allImportsOf(file).map((target) => [file, target] as const),
    );
    expect(pureOnes.filter(([, target]) => target !== 'utils/contract.ts')).toEqual([]);
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

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  API_ERROR_CODES,
  type ApiErrorParams,
  SIGN_IN_ERRORS,
  zErrorSubject,
  zImportProblemCode,
  zImportSubjectCode,
  zRuleSuggestion,
  zSuggestionEvidenceCode,
} from '../../utils/contract.ts';
import { CLIENT_ERROR_CODES, type ErrorParams } from '../../utils/errors.ts';
import { sayError } from '../../utils/i18n.ts';
import { LOCALES_DIR, shippedLocales, speaking } from '../support/locale-messages.ts';

const root = join(import.meta.dirname, '..', '..');

/** The folders whose files draw what the user reads: every page's components, the entrypoints, the launcher's host. */
const UI_FOLDERS = ['components', 'entrypoints', 'utils/sidebar-host'];

/**
 * Text that stays as written in every language, and why. Anything without a letter (punctuation, "·", "…",
 * numbers) needs no entry.
 */
const ALLOWED: Record<string, string> = {
  Hallway: 'the product name',
};

/** Example addresses in placeholders: an address reads the same in every language. */
const ADDRESS = /^(https?:\/\/\S*|[\w-]+(\.[\w-]+)+(:\d+)?|hw_…)$/;

/** JSX attributes whose value the user reads or hears (the components' own props among them). */
const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'placeholder',
  'alt',
  'label',
  'subtitle',
  'hint',
  'empty',
  'emptyLabel',
  'removeLabel',
  'submitLabel',
  'description',
  'what',
]);

/** Object properties that hold a label shown to the user (tables of modes, statuses, columns). */
const VISIBLE_PROPERTIES = new Set(['label', 'title', 'hint', 'placeholder', 'description', 'emptyLabel']);

/** DOM writes of the plain-DOM hosts (the content script's launcher) that the user reads. */
const VISIBLE_DOM_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel']);

const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !(text.trim() in ALLOWED) && !ADDRESS.test(text.trim());

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** The untranslated user-visible strings of one source file. */
function untranslatedStrings(file: string, source: string): Finding[] {
  const sourceFile = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    findings.push({ file, line: line + 1, text: text.trim().replace(/\s+/g, ' ') });
  };
  /** Literal text an expression can evaluate to directly (not through a call such as `t(…)`). */
  const literals = (expression: ts.Expression | undefined): void => {
    if (!expression) return;
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
      if (hasWords(expression.text)) report(expression, expression.text);
    } else if (ts.isTemplateExpression(expression)) {
      const text = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)].join(' ');
      if (hasWords(text)) report(expression, text);
      for (const span of expression.templateSpans) literals(span.expression);
    } else if (ts.isConditionalExpression(expression)) {
      literals(expression.whenTrue);
      literals(expression.whenFalse);
    } else if (ts.isBinaryExpression(expression)) {
      literals(expression.left);
      literals(expression.right);
    } else if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) {
      literals(expression.expression);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (hasWords(node.text)) report(node, node.text);
    } else if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      literals(node.expression);
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(sourceFile))) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value)) literals(value);
      else if (value && ts.isJsxExpression(value)) literals(value.expression);
    } else if (
      ts.isPropertyAssignment(node) &&
      VISIBLE_PROPERTIES.has(node.name.getText(sourceFile)) &&
      !ts.isJsxAttributes(node.parent)
    ) {
      literals(node.initializer);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      VISIBLE_DOM_PROPERTIES.has(node.left.name.text)
    ) {
      literals(node.right);
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'setAttribute' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0]) &&
      VISIBLE_ATTRIBUTES.has(node.arguments[0].text)
    ) {
      literals(node.arguments[1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

const uiFiles = UI_FOLDERS.flatMap((folder) =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => join(folder, file)),
);

/**
 * Modules of utils/ whose text the user reads: pure ones return `Message`s (a key and its values, utils/message.ts)
 * that the page translates; the background's handlers throw `MessageError`s, which the message router says in the
 * browser's language; the snapshot export writes through t(). Any literal with words in them is text written past
 * the catalogue.
 */
const MESSAGE_MODULES = [
  'utils/sync/connection.ts',
  'utils/db/write-text.ts',
  'utils/resolve/stale.ts',
  'utils/snapshot/export.ts',
  'utils/snapshot/index.ts',
  'utils/tools.ts',
  'utils/db/writes.ts',
  'utils/auth/flow.ts',
  'utils/messaging/client.ts',
  'utils/messaging/router.ts',
  'utils/errors.ts',
  'utils/sync/http.ts',
  'utils/sync/engine.ts',
  'utils/workspace-io/index.ts',
  ...['account', 'auth', 'connectors', 'digest', 'people', 'search-service'].map(
    (name) => `utils/background/${name}.ts`,
  ),
];

/** Words in a string or template literal of a message module: a sentence, or a capitalised word ("Title"). */
function wordsIn(file: string, source: string): Finding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const isWords = (text: string) =>
    /\p{L}{2,}\s+\p{L}{2,}/u.test(text) || /^\s*\p{Lu}\p{Ll}+\s*$/u.test(text)
      ? !ALLOWED_PROTOCOL.has(text.trim())
      : false;
  const visit = (node: ts.Node) => {
    const texts =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? [node.text]
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
          : [];
    const imported = ts.isImportDeclaration(node.parent ?? node) || ts.isExportDeclaration(node.parent ?? node);
    for (const text of texts) {
      if (!imported && isWords(text)) {
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        findings.push({ file, line: line + 1, text: text.trim() });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

/**
 * Protocol words a message module sends, never shows, and names that read the same in every language (the browsers
 * and systems a device is named after, `deviceNameOf`; the tools' names, `TOOL_NAMES`).
 */
const ALLOWED_PROTOCOL = new Set([
  'Bearer',
  'Linux',
  'Windows',
  'Android',
  'Fuchsia',
  'Firefox',
  'Chromium',
  ...['Jira', 'Asana', 'Notion', 'Gmail'],
]);

/**
 * Codes the server sends instead of words, which the extension says in the reader's language: each code's sentence
 * is the key `<prefix>.<code>`, in every shipped locale (with the same shape as English's, by the test below).
 */
const SAID_CODES: { codes: readonly string[]; prefix: string }[] = [
  { codes: zSuggestionEvidenceCode.options, prefix: 'hub.connectors.why' },
  { codes: zImportProblemCode.options, prefix: 'hub.connectors.problem' },
  { codes: zImportSubjectCode.options, prefix: 'hub.connectors.subject' },
  {
    codes: (zRuleSuggestion.shape.flag.unwrap().shape.kind as { options: readonly string[] }).options,
    prefix: 'hub.connectors.flag',
  },
];

describe('translations', () => {
  it('finds words in a message module, and not in keys, codes or protocol', () => {
    const source = [
      "const a = message('connection.unreachable', { base });",
      "const b = { problem: 'not_hallway', label: 'Title' };",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a module, a template literal in it.
      'const c = `Cannot reach ${base}.`;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a module, a template literal in it.
      'const d = { authorization: `Bearer ${token}` };',
    ].join('\n');
    expect(wordsIn('utils/x.ts', source).map((finding) => finding.text)).toEqual(['Title', 'Cannot reach']);
  });

  it('leaves no words in the message modules of utils/: they return keys that the pages translate', () => {
    const findings = MESSAGE_MODULES.flatMap((file) => wordsIn(file, readFileSync(join(root, file), 'utf8')));
    expect(findings.map(({ file, line, text }) => `${file}:${line} ${text}`)).toEqual([]);
  });

  it('finds untranslated text in JSX, visible attributes, label tables and DOM writes, and not in t() calls', () => {
    const source = [
      "const MODES = [{ mode: 'a', label: 'Decision' }];",
      'export const A = () => (',
      '  <p title="Saved" aria-label={t(\'x.y\')} className="text-sm">',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a component, a template literal in it.
      "    Open hub {count > 1 ? 'many' : t('x.one')} {`${count} pending`} · {t('x.z')} Hallway",
      '  </p>',
      ');',
      "launcher.textContent = 'Owned by';",
      "button.setAttribute('aria-label', 'Close');",
    ].join('\n');
    expect(untranslatedStrings('components/x.tsx', source).map((finding) => finding.text)).toEqual([
      'Decision',
      'Saved',
      'Open hub',
      'many',
      'pending',
      'Owned by',
      'Close',
    ]);
  });

  it('leaves no user-visible string in a component, an entrypoint or the launcher untranslated', () => {
    expect(uiFiles.length).toBeGreaterThan(20);
    const findings = uiFiles.flatMap((file) => untranslatedStrings(file, readFileSync(join(root, file), 'utf8')));
    expect(findings.map(({ file, line, text }) => `${file}:${line} ${text}`)).toEqual([]);
  });

  it('has every key of English in every locale, with the same plural forms and substitutions', async () => {
    const locales = shippedLocales();
    expect(locales).toEqual(expect.arrayContaining(['en', 'de']));
    const shapeOf = async (locale: string) =>
      Object.fromEntries(
        (await parseMessagesFile(join(LOCALES_DIR, `${locale}.yml`)))
          .filter((message) => message.type !== 'chrome')
          .map((message) => [
            message.key.join('.'),
            {
              plural: message.type === 'plural' ? Object.keys(message.plurals).sort() : null,
              substitutions: message.substitutions,
              named: [...message.namedSubstitutions].sort(),
            },
          ]),
      );
    const english = await shapeOf('en');
    expect(Object.keys(english).length).toBeGreaterThan(3);
    for (const locale of locales) {
      const other = await shapeOf(locale);
      const missing = Object.keys(english).filter((key) => !(key in other));
      const extra = Object.keys(other).filter((key) => !(key in english));
      expect({ locale, missing, extra }).toEqual({ locale, missing: [], extra: [] });
      for (const [key, shape] of Object.entries(english)) {
        const otherShape = other[key];
        // A translation may leave a value out ("{lower}": German keeps its nouns capitalised), never add one; a
        // plural's forms are English's, and a plural's count may go unwritten ("Wieder erlauben").
        const unknown = otherShape?.named.filter((name) => !shape.named.includes(name));
        expect({ key, locale, plural: otherShape?.plural, unknown }).toEqual({
          key,
          locale,
          plural: shape.plural,
          unknown: [],
        });
        if (!shape.plural) {
          expect({ key, locale, substitutions: otherShape?.substitutions }).toEqual({
            key,
            locale,
            substitutions: shape.substitutions,
          });
        }
      }
    }
  });

  it('has a sentence for every code the server sends instead of words, in every locale', async () => {
    for (const locale of shippedLocales()) {
      const keys = new Set(
        (await parseMessagesFile(join(LOCALES_DIR, `${locale}.yml`))).map((message) => message.key.join('.')),
      );
      const missing = SAID_CODES.flatMap(({ codes, prefix }) => codes.map((code) => `${prefix}.${code}`)).filter(
        (key) => !keys.has(key),
      );
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it("says every error code (the server's, the sign-in redirect's, the HTTP client's) in every locale, with and without its params", async () => {
    const codes = [...new Set([...API_ERROR_CODES, ...SIGN_IN_ERRORS, ...CLIENT_ERROR_CODES])];
    const full: ErrorParams = {
      role: 'viewer',
      needed: 'member',
      subject: 'team',
      title: 'Use Adyen',
      status: 'accepted',
      transition: 'accept',
      decided: 'accepted',
      name: 'Acme Jira',
      max: 20,
      retryAfterSeconds: 30,
      base: 'https://hallway.example.com',
      seconds: 15,
      httpStatus: 418,
    };
    // Every value a param may take that picks a sentence of its own.
    const choices: ApiErrorParams[] = [
      ...zErrorSubject.options.map((subject) => ({ subject })),
      { subject: 'goal', missing: 'team' },
      { subject: 'goal', missing: 'goal' },
      { decided: 'rejected' },
      { needed: 'admin' },
    ];
    const server = 'WORDS OF THE SERVER';
    for (const locale of shippedLocales()) {
      const said = await speaking(locale, () =>
        codes.flatMap((code) =>
          [{}, full, ...choices].map((params) => ({ code, params, text: sayError({ code, message: server, params }) })),
        ),
      );
      // A missing key says nothing (the browser's answer to an unknown name), a missing value leaves its braces.
      const unsaid = said.filter(
        ({ text }) => text === server || !/\p{L}{2,}/u.test(text) || /[{}$]/.test(text.replace(server, '')),
      );
      expect({ locale, unsaid }).toEqual({ locale, unsaid: [] });
      expect(said.find(({ code }) => code === 'forbidden')?.text).toBeTruthy();
    }
    // The server's own words for a code this extension does not know (a newer server's).
    expect(sayError({ code: 'added_later', message: server })).toBe(server);
  });

  it('reads the name and description of the manifest from the locales', async () => {
    const config = readFileSync(join(root, 'wxt.config.ts'), 'utf8');
    const english = (await parseMessagesFile(join(LOCALES_DIR, 'en.yml'))).map((message) => message.key.join('_'));
    const used = [...config.matchAll(/__MSG_(\w+)__/g)].map((match) => match[1]);
    expect(used).toEqual(expect.arrayContaining(['manifest_name', 'manifest_description']));
    expect(used.filter((key) => !english.includes(key as string))).toEqual([]);
    expect(config).toMatch(/default_locale: 'en'/);
  });

  it("keeps the server off the extension's i18n: nothing it imports reads browser.i18n", () => {
    // The server runs in plain Node, where `#i18n` (WXT's alias) does not resolve and there is no browser.
    const importsOf = (file: string) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) =>
        relative(root, join(root, dirname(file), match[1] as string)),
      );
    const seen = new Set<string>();
    const queue = readdirSync(join(root, 'server'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.ts$/.test(file) && !/\.test\.ts$/.test(file))
      .map((file) => join('server', file));
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file) || !/\.tsx?$/.test(file)) continue;
      seen.add(file);
      queue.push(...importsOf(file));
    }
    expect([...seen].filter((file) => file.startsWith('utils/')).length).toBeGreaterThan(1);
    expect([...seen].filter((file) => file === 'utils/i18n.ts')).toEqual([]);
  });

  it('uses only keys that English defines', async () => {
    const english = new Set(
      (await parseMessagesFile(join(LOCALES_DIR, 'en.yml'))).map((message) => message.key.join('.')),
    );
    const sources = ['components', 'entrypoints', 'utils'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(ts|tsx)$/.test(file))
        .map((file) => readFileSync(join(root, folder, file), 'utf8')),
    );
    const used = sources.flatMap((source) => [...source.matchAll(/\bt\(\s*'([\w.@]+)'/g)].map((match) => match[1]));
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((key) => !english.has(key as string))).toEqual([]);
  });
});

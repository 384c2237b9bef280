/**
 * The benchmarks run the extension's utils/ in plain Node, outside WXT: `#i18n` (the module WXT generates into
 * .wxt/i18n, an alias only the bundler and vitest know) is resolved here to that file, and `browser.i18n` answers
 * in English from locales/en.yml, as tests/support/i18n-setup.ts does for the unit tests. `@wxt-dev/browser` reads
 * `globalThis.chrome` once, when first imported: install this before importing a suite.
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromeMessages, getMessageFrom } from '../../tests/support/locale-messages.ts';

export async function installNodeI18n(): Promise<void> {
  const generated = join(import.meta.dirname, '..', '..', '.wxt', 'i18n', 'index.ts');
  if (!existsSync(generated))
    throw new Error(`${generated} is missing: run \`npx wxt prepare\` (or npm run bench) first`);
  const url = pathToFileURL(generated).href;
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === '#i18n' ? { url, shortCircuit: true } : nextResolve(specifier, context),
  });
  const getMessage = getMessageFrom(await chromeMessages('en'));
  const global = globalThis as { chrome?: Record<string, unknown> };
  global.chrome = {
    ...global.chrome,
    i18n: {
      getMessage: (name: string, substitutions?: string | string[]) =>
        name === '@@bidi_dir' ? 'ltr' : name === '@@ui_locale' ? 'en' : getMessage(name, substitutions),
      getUILanguage: () => 'en',
    },
  };
}

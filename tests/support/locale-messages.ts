import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateChromeMessagesText, parseMessagesFile } from '@wxt-dev/i18n/build';

export const LOCALES_DIR = join(import.meta.dirname, '..', '..', 'locales');

/** A locale's `_locales/<lang>/messages.json` as the build writes it, from locales/<lang>.yml. */
export async function chromeMessages(locale: string): Promise<Record<string, { message: string }>> {
  return JSON.parse(generateChromeMessagesText(await parseMessagesFile(join(LOCALES_DIR, `${locale}.yml`))));
}

/** The locales the extension ships (locales/*.yml). */
export function shippedLocales(): string[] {
  return readdirSync(LOCALES_DIR)
    .filter((file) => file.endsWith('.yml'))
    .map((file) => file.replace(/\.yml$/, ''));
}

/**
 * `i18n.getMessage` as Chromium answers it: `$1`…`$9` replaced by the substitutions (missing ones by nothing),
 * `$$` by `$`, an unknown name by the empty string.
 */
export function getMessageFrom(messages: Record<string, { message: string }>) {
  return (name: string, substitutions?: string | string[]): string => {
    const entry = messages[name];
    if (!entry) return '';
    const values = substitutions === undefined ? [] : ([] as string[]).concat(substitutions);
    return entry.message.replace(/\$(\$|[1-9])/g, (_, digit: string) =>
      digit === '$' ? '$' : (values[Number(digit) - 1] ?? ''),
    );
  };
}

/**
 * Runs `run` with WXT's fake browser speaking `locale` (its messages and UI language, as Chromium would in that
 * language), then English again as tests/support/i18n-setup.ts set it up.
 */
export async function speaking<T>(locale: string, run: () => T | Promise<T>): Promise<T> {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  const i18n = fakeBrowser.i18n as unknown as Record<'getMessage' | 'getUILanguage', unknown>;
  const before = { getMessage: i18n.getMessage, getUILanguage: i18n.getUILanguage };
  const getMessage = getMessageFrom(await chromeMessages(locale));
  Object.assign(i18n, {
    getMessage: (name: string, substitutions?: string | string[]) =>
      name === '@@bidi_dir' ? 'ltr' : name === '@@ui_locale' ? locale : getMessage(name, substitutions),
    getUILanguage: () => locale,
  });
  try {
    return await run();
  } finally {
    Object.assign(i18n, before);
  }
}

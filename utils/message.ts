import type { GeneratedI18nStructure } from '#i18n';

/**
 * A user-visible text made by a pure module (connection problems, stale warnings, a refused write's field names):
 * a key of locales/en.yml and its named values, translated where it is shown, by `say` (utils/i18n.ts). The module
 * stays pure and testable and never reads the browser's i18n; the content scripts carry no catalogue either, only
 * keys. tests/unit/i18n.test.ts fails on words written into such a module instead of a key.
 */
export interface Message {
  key: keyof GeneratedI18nStructure;
  values?: Record<string, string>;
}

export const message = (key: Message['key'], values?: Record<string, string>): Message =>
  values ? { key, values } : { key };

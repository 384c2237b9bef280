import type { GeneratedI18nStructure } from '#i18n';

/**
 * A user-visible text made by a pure module (connection problems, stale warnings, a refused write's field names):
 * a key of locales/en.yml and its named values, translated where it is shown, by `say` (utils/i18n.ts). The module
 * stays pure and testable and never reads the browser's i18n; the content scripts carry no catalogue either, only
 * keys. tests/unit/i18n.test.ts fails on words written into such a module instead of a key.
 */
export interface Message {
  key: keyof GeneratedI18nStructure;
  values?: Record<string, MessageValue>;
}

/**
 * A named value: text as it is; a number, written as the user's language writes numbers ("0.05" or "0,05"); a
 * calendar day (`YYYY-MM-DD`), written as the user's language writes dates; or
 * names, each quoted and joined as the user's language quotes and lists them; or another `Message`, said in the same
 * language (a role's or a status's name).
 */
export type MessageValue = string | { number: number } | { day: string } | { quoted: readonly string[] } | Message;

export const message = (key: Message['key'], values?: Record<string, MessageValue>): Message =>
  values ? { key, values } : { key };

/**
 * An error whose text the user reads: a code for the caller to act on and a `Message` (never English in utils/).
 * The background's message router says it in the browser's language as the answer's `message` and keeps the code.
 */
export class MessageError extends Error {
  readonly code: string;
  readonly text: Message;
  constructor(code: string, text: Message) {
    super(text.key);
    this.name = 'MessageError';
    this.code = code;
    this.text = text;
  }
}

/** The `Message` an error carries, if it is one that does (`MessageError`, or any error with a `text` message). */
export function messageOf(error: unknown): Message | null {
  const text = error instanceof Error ? (error as { text?: unknown }).text : undefined;
  return text && typeof text === 'object' && typeof (text as Message).key === 'string' ? (text as Message) : null;
}

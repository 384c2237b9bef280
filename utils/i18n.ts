import { i18n } from '#i18n';
import { type ErrorLike, type ErrorParams, errorText, RefusedError } from './errors.ts';
import { type Message, type MessageValue, messageOf } from './message.ts';

/**
 * Every user-visible string of the extension, in the browser's language: the keys of locales/en.yml (typed by
 * `@wxt-dev/i18n`, which writes each locale's `_locales/<lang>/messages.json` at build time), read through
 * `browser.i18n.getMessage`. The browser picks the language (its UI language, falling back to English), so a
 * string is never fetched and no locale file is bundled into a page or the content script.
 *
 * - A key: `t("popup.openHub")`; named values: `t("popup.inviteAt", { server })`.
 * - Plurals: `t("popup.pending", count)` with `1:`/`n:` forms in the YAML (`$1` is the count, or pass the
 *   formatted number: `t("hub.items", n, [formatNumber(n)])`).
 *
 * tests/unit/i18n.test.ts fails on a key missing from a locale and on untranslated text in a component.
 */
export const t = i18n.t;

/** The browser's UI language (the one `t` answers in), for `Intl`; undefined outside an extension (Node tests). */
export function uiLocale(): string | undefined {
  const api = (globalThis as { chrome?: { i18n?: { getUILanguage?(): string } } }).chrome?.i18n;
  try {
    return api?.getUILanguage?.() || undefined;
  } catch {
    return undefined;
  }
}

/** The writing direction of the browser's language ("rtl" for Arabic or Hebrew), from the browser's i18n. */
export function uiDirection(): 'ltr' | 'rtl' {
  try {
    return t('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** Marks a page (or the sidebar's shadow host) with the language and direction its strings are in. */
export function applyUiLocale(element: HTMLElement, title?: string): void {
  element.lang = uiLocale() ?? 'en';
  element.dir = uiDirection();
  if (title !== undefined) element.ownerDocument.title = title;
}

/** A number as the user's language writes it: "1,234" in English, "1.234" in German. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(uiLocale(), options).format(value);
}

/** A pure module's text (`Message`, utils/message.ts) in the browser's language. */
export function say(text: Message): string {
  const values = text.values
    ? Object.fromEntries(Object.entries(text.values).map(([name, value]) => [name, sayValue(value)]))
    : undefined;
  return (t as unknown as (key: string, values?: Record<string, string>) => string)(text.key, values);
}

/** A text that is a `Message` or words as they are (a name someone gave). */
export const sayText = (text: Message | string): string => (typeof text === 'string' ? text : say(text));

/**
 * An error in the browser's language, from its code and params (utils/errors.ts); the server's own words for a code
 * this extension does not know.
 */
export function sayError(error: ErrorLike): string {
  const text = errorText(error);
  return text ? say(text) : error.message;
}

/**
 * A caught error in the browser's language: a `MessageError`'s text; a refusal of the background as it was said
 * (`RefusedError`); an error whose code utils/errors.ts knows, from its code; else "An unexpected error", with the
 * error's own words (an exception's, often English) only as the detail after it.
 */
export function sayCaught(error: unknown): string {
  const text = messageOf(error);
  if (text) return say(text);
  const words = error instanceof Error ? error.message : String(error);
  if (error instanceof RefusedError) return words;
  const { code, params } = (error ?? {}) as { code?: unknown; params?: ErrorParams };
  const known = typeof code === 'string' ? errorText({ code, message: words, params }) : null;
  if (known) return say(known);
  return words ? t('error.unexpectedWith', { detail: words }) : t('error.unexpected');
}

/** An optional error (a row's refusal, the last sync's failure) in words, or undefined. */
export const sayErrorOf = (error: ErrorLike | null | undefined): string | undefined =>
  error ? sayError(error) : undefined;

/** Several `Message`s (whole sentences) as one text. */
export const sayAll = (texts: readonly Message[]): string => texts.map(say).join(' ');

function sayValue(value: MessageValue): string {
  if (typeof value === 'string') return value;
  if ('number' in value) return formatNumber(value.number);
  if ('day' in value) return calendarDate(value.day);
  if ('key' in value) return say(value);
  const quoted = value.quoted.map((text) => t('common.quoted', { text }));
  return new Intl.ListFormat(uiLocale(), { style: 'short', type: 'unit' }).format(quoted);
}

/** A calendar day written YYYY-MM-DD (a target or review date, no time of day), e.g. "Nov 23, 2026". */
export function calendarDate(day: string, locale: string | undefined = uiLocale()): string {
  return new Date(`${day.slice(0, 10)}T00:00:00Z`).toLocaleDateString(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

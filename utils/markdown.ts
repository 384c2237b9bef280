/**
 * Markdown from text other people wrote (titles from pages, names): escaped so it stays text. Pure and importing
 * nothing, so the server's digest and the extension's snapshot export share it (one escaping, one set of tests).
 */

/**
 * Text as Markdown text: one line, and every character that inline Markdown (CommonMark and GFM) reads as syntax
 * backslash-escaped, so a title opens no link, image, HTML tag, entity, emphasis, code span or table column, and a
 * heading's trailing `#` stays. Block syntax needs a line start, which no text gets.
 */
export const markdownText = (text: string) =>
  text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_~[\]<>&!#|]/g, (char) => `\\${char}`);

/** Characters a link destination must not hold raw: they would end it or change how it parses. */
const URL_DELIMITERS = /[()<>[\]\\ "'`]/g;
/** A parsed URL as a Markdown link destination, percent-encoded where it would break out. */
export const markdownDestination = (url: URL) =>
  url.href.replace(URL_DELIMITERS, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** An http(s) URL as a Markdown link destination (percent-encoded where it would break out), else undefined. */
export function markdownUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? markdownDestination(url) : undefined;
}

/** `[label](url)` with the label as text; just the label when there is no URL a page may link to. */
export const markdownLink = (label: string, href: string | undefined) =>
  href ? `[${markdownText(label)}](${href})` : markdownText(label);

/**
 * Text shaping for search: one normalization for indexing and querying (so "Café" finds "cafe"), and a display
 * cleaner for strings that come from pages or the server and end up in the omnibox or the popup.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/u;
/** C0/C1 controls and the bidi embedding/override/isolate characters that could reorder what the user reads. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
/** A title is shown on one line; anything longer than this is cut with an ellipsis. */
export const DISPLAY_TITLE_MAX = 200;

/** Letters whose diacritic no decomposition takes off, folded by hand as fuse.js's `ignoreDiacritics` folds them. */
const UNDECOMPOSABLE: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', ħ: 'h', ŧ: 't', ı: 'i', ß: 'ss' };
const UNDECOMPOSABLE_LETTERS = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');

/**
 * Lowercase, compatibility-decomposed, without diacritics: the form the index, queries and fuse.js's scoring all
 * use (search-index.ts hands fuse.js text folded here, not the titles as shown).
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(UNDECOMPOSABLE_LETTERS, (letter) => UNDECOMPOSABLE[letter] ?? letter);
}

export function tokenize(text: string): string[] {
  return normalizeText(text)
    .split(NOT_WORD)
    .filter((token) => token.length > 0);
}

/**
 * Grams of one token for the candidate index: the token's first letter marked as a word start (so one typed letter
 * finds words starting with it) and the trigrams of the start-marked token (so "pri" is a prefix gram of "pricing",
 * and a typo breaks at most three grams). No end marker: the last word of a query is usually still being typed.
 */
export function gramsOfToken(token: string): string[] {
  const marked = `^${token}`;
  const grams = [marked.slice(0, 2)];
  for (let start = 0; start + 3 <= marked.length; start += 1) grams.push(marked.slice(start, start + 3));
  return grams;
}

/**
 * The grams a query word looks up: its word-start letter only when it is a single letter (as a prefix of a longer
 * word it would match a twenty-sixth of the index and add nothing the trigrams do not say).
 */
export function queryGramsOfToken(token: string): string[] {
  return token.length === 1 ? [`^${token}`] : gramsOfToken(token).slice(1);
}

export function gramsOfText(text: string): Set<string> {
  const grams = new Set<string>();
  for (const token of tokenize(text)) for (const gram of gramsOfToken(token)) grams.add(gram);
  return grams;
}

/**
 * A page- or server-provided string made safe to show on one line: well-formed UTF-16 (no lone surrogates), no
 * control or bidi-override characters, runs of combining marks capped, whitespace collapsed, length bounded.
 */
export function displayText(text: string, max = DISPLAY_TITLE_MAX): string {
  const cleaned = text
    .toWellFormed()
    .replace(UNSAFE_CHARACTERS, ' ')
    .replace(/(\p{M}{3})\p{M}+/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length <= max) return cleaned;
  // Cut on a code point boundary so the cut never leaves half a surrogate pair.
  return `${Array.from(cleaned.slice(0, max + 1))
    .slice(0, max - 1)
    .join('')}…`;
}

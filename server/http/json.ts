import { ApiError } from '../domain/errors.ts';

export const MAX_JSON_DEPTH = 64;

/**
 * JSON.parse plus the checks it lacks: nesting deeper than MAX_JSON_DEPTH is refused before parsing (a deep body
 * is a 400, never a stack overflow later), and prototype-polluting keys are refused outright.
 */
export function parseJsonBody(text: string): unknown {
  if (exceedsDepth(text, MAX_JSON_DEPTH)) {
    throw new ApiError('invalid_json', `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'the body is not valid JSON');
  }
  if (mayHavePollutingKey(text) && hasPollutingKey(value))
    throw new ApiError('invalid_json', 'the body has a forbidden key (__proto__ or constructor.prototype)');
  return value;
}

function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22) {
      // A string: jump to its closing quote (one after an even run of backslashes) instead of reading it by the
      // character; most of a body's text is strings.
      let end = index;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return false; // unterminated: JSON.parse refuses it
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      index = end;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

/**
 * False when no key of `text` can be `__proto__` or `constructor`: JSON spells a key either as it is or with
 * `\u` escapes (no other escape makes a letter or an underscore), so a body without either word and without `\u`
 * needs no walk through its parsed value.
 */
function mayHavePollutingKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

function hasPollutingKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasPollutingKey);
  for (const [key, child] of Object.entries(value)) {
    if (key === '__proto__') return true;
    if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) {
      return true;
    }
    if (hasPollutingKey(child)) return true;
  }
  return false;
}

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
  if (hasPollutingKey(value))
    throw new ApiError('invalid_json', 'the body has a forbidden key (__proto__ or constructor.prototype)');
  return value;
}

function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
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

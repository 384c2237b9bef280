/**
 * The JavaScript an extension page of the production build loads before its first render: its module script and
 * module preloads, uncompressed, as read from the page's HTML. Figures the machine's load leaves alone, printed beside
 * the timed ones (the popup's and the hub's benchmarks).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR } from '../../tests/support/harness.ts';

/** Kilobytes and files of JavaScript `page` (`popup.html`, `hub.html`) loads before its first render. */
export function firstLoadJs(page: string): { kilobytes: number; chunks: number } {
  const html = readFileSync(join(EXTENSION_DIR, page), 'utf8');
  const chunks = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((match) => match[1] as string);
  const bytes = chunks.reduce((sum, chunk) => sum + statSync(join(EXTENSION_DIR, chunk)).size, 0);
  return { kilobytes: bytes / 1024, chunks: chunks.length };
}

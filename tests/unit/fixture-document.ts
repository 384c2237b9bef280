import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

/** Parses a committed fixture with scripts disabled, as the page was captured: no network, no page code. */
export function fixtureDocument(path: string): Document {
  const window = new Window({
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  const html = readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
  // happy-dom implements the DOM interfaces the adapters read; its types are its own, not lib.dom's.
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

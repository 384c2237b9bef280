import type { ItemRef, Tool } from '../contract.ts';
import { threadKey } from '../sites/gmail.ts';
import { type DetectOptions, type PageContext, siteAdapters } from '../sites/index.ts';

export { sharedThreadKey } from '../sites/gmail.ts';
export type { DetectOptions, PageContext } from '../sites/index.ts';

const adapters = Object.values(siteAdapters);

/**
 * Which work item a URL shows, or null. Pure (no browser API), so it is tested over URL tables in Node. Hosts are
 * compared exactly or by dot-suffix on the parsed URL, never by substring, so look-alike hosts and URLs carried in
 * another site's query string are null.
 */
export function detectItem(url: string, options: DetectOptions = {}): ItemRef | null {
  const parsed = URL.parse(url);
  if (!parsed) return null;
  for (const adapter of adapters) {
    const item = adapter.detect(parsed, options);
    if (item) return item;
  }
  return null;
}

/** The title and container facts of the item `tool`'s page shows. Pure over the Document it is given. */
export function extractContext(tool: Tool, doc: Document): PageContext {
  return siteAdapters[tool].extractContext(doc);
}

/**
 * Every key an item is known by, its own first: a Gmail thread with its shared key (`gmail:mid:<Message-ID>`) is
 * also known by its URL's mailbox-local key (`gmail:<token>`), under which it was linked before its Message-ID was
 * read. Any other item has its one key.
 */
export function itemKeysOf(ref: Pick<ItemRef, 'tool' | 'id' | 'key' | 'messageId'>): string[] {
  if (ref.tool !== 'gmail' || !ref.messageId) return [ref.key];
  const local = threadKey(ref.id);
  return local === ref.key ? [ref.key] : [ref.key, local];
}

/**
 * The identity an item shares across accounts, read by the content script from the tool's own page on the page's
 * origin (Gmail's "Show original" view of a thread's first message, for its Message-ID). The request goes to the
 * tool with the user's own session, never to Hallway's server; what it yields stays in the browser until the user
 * links or logs something about the item. One request per item and page load: answers, misses included, are kept.
 */
import type { ItemRef } from '../contract.ts';
import { ORIGINAL_HEADER_MAX } from '../sites/gmail.ts';
import type { SiteAdapter } from '../sites/types.ts';

const TIMEOUT_MS = 5000;
/** The header block and the page's markup before it. */
const READ_MAX = ORIGINAL_HEADER_MAX + 16 * 1024;

/** Reads at most `max` characters of a response: the part the parser needs comes first, an attachment may follow. */
async function readPrefix(response: Response, max: number): Promise<string> {
  if (!response.body) return (await response.text()).slice(0, max);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      // The header block ends at its first blank line; nothing after it is needed.
      if (/id="raw_message_text"[^>]*>[\s\S]*?(?:\r?\n\r?\n|<\/pre>)/i.test(text)) break;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text.slice(0, max);
}

export type Identify = (item: ItemRef, doc: Document, signal: AbortSignal) => Promise<ItemRef>;

/**
 * `identify` for `site`'s content script: the item with its shared identity where its adapter has one and the tool's page
 * states it; the item as it is otherwise (no such page, a failed or refused request, an id that is not one), without
 * an error. `fetchPage` is the content script's `fetch`, on the page's origin.
 */
export function sharedIdentityReader(
  site: SiteAdapter,
  pageUrl: () => URL,
  fetchPage: (url: string, init: RequestInit) => Promise<Response>,
): Identify {
  /** Each item's answer for this page's life, misses included (an item keeps its key then, with no error). */
  const known = new Map<string, ItemRef | null>();
  return async (item, doc, signal) => {
    const reader = site.tool === item.tool ? site.sharedIdentity : undefined;
    if (!reader) return item;
    if (known.has(item.key)) return known.get(item.key) ?? item;
    const url = reader.url(doc, item, pageUrl());
    if (!url || new URL(url).origin !== pageUrl().origin) return item;
    try {
      const response = await fetchPage(url, {
        credentials: 'include',
        // A signed-out session redirects to the sign-in page: that is no answer.
        redirect: 'error',
        signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
      });
      const identified = response.ok ? reader.read(item, await readPrefix(response, READ_MAX)) : null;
      known.set(item.key, identified);
      return identified ?? item;
    } catch {
      // Aborted by a navigation: asked again next time. Failed otherwise: the item keeps its own key.
      if (!signal.aborted) known.set(item.key, null);
      return item;
    }
  };
}

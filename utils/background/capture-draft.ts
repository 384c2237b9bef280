/**
 * The prefill of the "Log decision" form opened from the context menu. The background builds it from the click and
 * keeps it in `storage.session` under a random id; only the id travels in the form's URL, so the quote and the page
 * address never land in the window's URL or the browser history.
 */
import { type Browser, browser } from 'wxt/browser';
import { type ItemContext, type ItemRef, sanitizeText } from '../contract.ts';
import { detectItem, itemKeysOf } from '../detect/index.ts';
import { displayText } from '../search/normalize.ts';

/** The contract's bound on a decision's quote. */
export const QUOTE_MAX = 20_000;

export type QuoteState =
  | { kind: 'quote' }
  /** Invoked on the page, or the selection held only whitespace: the form says so, without a quote. */
  | { kind: 'none'; reason: 'page' | 'blank' }
  /** The selection was longer than a quote may be: the first QUOTE_MAX characters are kept, and the form says so. */
  | { kind: 'truncated'; originalLength: number };

export interface CaptureDraft {
  quote: string | null;
  quoteState: QuoteState;
  /** The document the click was in: a selection inside an embedded frame keeps the frame's address. */
  sourceUrl: string | null;
  item: { ref: ItemRef; title: string; context: ItemContext } | null;
  teamId: string | null;
  goalId: string | null;
}

export interface ContextClick {
  selectionText?: string;
  pageUrl?: string;
  frameUrl?: string;
}

/** What the background knows of the tab the click was in: its reported item (see tab-items.ts) and title. */
export interface ClickedTab {
  item: { ref: ItemRef; title: string; context: ItemContext } | null;
  title: string;
}

/** Cuts at a code point boundary: half a surrogate pair at the end would be an invalid string. */
function truncate(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export function quoteOf(selectionText: string | undefined): { quote: string | null; quoteState: QuoteState } {
  if (selectionText === undefined) return { quote: null, quoteState: { kind: 'none', reason: 'page' } };
  // What the contract would drop anyway (NUL, lone surrogates…) goes first, so the form shows what will be stored.
  const quote = sanitizeText(selectionText).trim();
  if (!quote) return { quote: null, quoteState: { kind: 'none', reason: 'blank' } };
  if (quote.length <= QUOTE_MAX) return { quote, quoteState: { kind: 'quote' } };
  return { quote: truncate(quote, QUOTE_MAX), quoteState: { kind: 'truncated', originalLength: quote.length } };
}

const httpUrl = (url: string | undefined) => (url && /^https?:\/\//i.test(url) && URL.canParse(url) ? url : null);

/**
 * The draft for a click, before resolving team and goal. The item is detected from the clicked document's URL;
 * when it is the item the tab's content script reported, that report's title and container facts come along, and
 * its ref: a Gmail thread whose Message-ID the page yielded is logged under the key every mailbox shares.
 */
export function draftOf(click: ContextClick, tab: ClickedTab, jiraHosts: readonly string[]): CaptureDraft {
  const sourceUrl = httpUrl(click.frameUrl ?? click.pageUrl);
  const ref = sourceUrl ? detectItem(sourceUrl, { jiraHosts: [...jiraHosts] }) : null;
  const reported = ref && tab.item && itemKeysOf(tab.item.ref).includes(ref.key) ? tab.item : null;
  const title = displayText(sanitizeText(reported?.title || (click.frameUrl ? '' : tab.title)), 1000);
  return {
    ...quoteOf(click.selectionText),
    sourceUrl,
    item: ref ? { ref: reported?.ref ?? ref, title, context: reported?.context ?? {} } : null,
    teamId: null,
    goalId: null,
  };
}

const DRAFT_PREFIX = 'capture:';
export const draftKey = (id: string) => `${DRAFT_PREFIX}${id}`;

export function createDraftStore(storage: Browser.storage.StorageArea = browser.storage.session) {
  return {
    async save(id: string, draft: CaptureDraft): Promise<void> {
      await storage.set({ [draftKey(id)]: draft });
    },
    async read(id: string): Promise<CaptureDraft | null> {
      return ((await storage.get(draftKey(id)))[draftKey(id)] as CaptureDraft | undefined) ?? null;
    },
    async forget(id: string): Promise<void> {
      await storage.remove(draftKey(id));
    },
  };
}

import type { ItemContext, ItemRef, Tool } from '../contract.ts';

export interface DetectOptions {
  /** Self-hosted Jira hosts (`host[:port]`, lowercase) the user enabled in the options page. */
  jiraHosts?: readonly string[];
}

/** What the page shows about its item beyond the URL: the title and the container facts ownership rules match on. */
export interface PageContext {
  title: string;
  context: ItemContext;
}

/** Everything Hallway knows about one tool's pages. Pure: URLs and Documents in, plain data out. */
export interface SiteAdapter {
  tool: Tool;
  /** The item a URL shows, or null; must reject every URL that is not on one of this tool's hosts. */
  detect(url: URL, options: DetectOptions): ItemRef | null;
  /** Title and container facts as the page renders them; empty strings and absent fields when not rendered. */
  extractContext(doc: Document): PageContext;
  /**
   * The id of the item the DOM currently renders, in the form `item.id` has (`item` is the one the URL shows now), or
   * null when none is rendered yet. Lets the navigation watcher tell a freshly rendered item from the previous item's
   * leftover DOM without comparing titles (two items may share one). Absent, or undefined for a given item, where the
   * page does not expose an id comparable to the URL's (Asana's task pane).
   */
  renderedId?(doc: Document, item: ItemRef): string | null | undefined;
  /**
   * The element showing the item's own state (its status, its completion), which the content script observes while
   * the item is shown: a change made on the page without navigating (an issue moved to Done) is reported again. Null
   * while not rendered; absent where the tool shows no state (Gmail).
   */
  stateScope?(doc: Document): Element | null;
  /**
   * Where the tool itself states an identity of the item that every account shares, when the URL's is private to one
   * account (a Gmail thread's URL token is one mailbox's): `url` is a page on the tool's own origin (null when the
   * page does not show what it takes), `read` gives the item with its shared key from that page's text, or null.
   * Only the content script fetches it, on the page's origin; nothing of it goes anywhere until the user links or
   * logs something about the item.
   */
  sharedIdentity?: {
    url(doc: Document, item: ItemRef, pageUrl: URL): string | null;
    read(item: ItemRef, text: string): ItemRef | null;
  };
}

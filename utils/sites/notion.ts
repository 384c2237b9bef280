import type { Container, ItemContext, ItemRef, ItemState } from '../contract.ts';
import { firstText, textOf } from './dom.ts';
import type { PageContext, SiteAdapter } from './types.ts';

const PAGE_ID = /^[0-9a-f]{32}$/;
/** A 32-hex id at the end of the last path segment, after an optional `Title-Slug-`. */
const SLUGGED_ID = /(?:^|-)([0-9a-f]{32})$/;
const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isNotionHost(hostname: string): boolean {
  return (
    hostname === 'notion.so' ||
    hostname === 'www.notion.so' ||
    hostname === 'app.notion.com' ||
    hostname === 'notion.site' ||
    hostname.endsWith('.notion.site')
  );
}

function pageIdOf(url: URL): string | null {
  // A `?p=` peek shows a database row over the page; the row is what the user looks at (notion-enhancer getPageID).
  const peeked = url.searchParams.get('p');
  if (peeked && PAGE_ID.test(peeked)) return peeked;
  const segments = url.pathname.split('/').filter(Boolean);
  // The internal API carries ids in request bodies; an id-like path segment there is not a page in front of the user.
  if (segments[0] === 'api') return null;
  const last = segments.at(-1);
  if (!last) return null;
  if (DASHED_UUID.test(last)) return last.replaceAll('-', '');
  return SLUGGED_ID.exec(last)?.[1] ?? null;
}

function detect(url: URL): ItemRef | null {
  if (url.protocol !== 'https:' || !isNotionHost(url.hostname)) return null;
  const id = pageIdOf(url);
  if (!id) return null;
  return { tool: 'notion', kind: 'page', id, key: `notion:${id}`, url: `https://www.notion.so/${id}` };
}

const TITLE_SELECTORS = [
  'h1[aria-roledescription="page title"]',
  '.notion-page-block h1[contenteditable]',
  '.notion-page-block [data-content-editable-leaf="true"]',
  '.notion-page-block [placeholder="Untitled"]',
];
const PEEK = '.notion-peek-renderer';
const FRAME = '.notion-frame';
/**
 * The top bar's breadcrumb, from the workspace root down to the page in the main frame. Each ancestor is a link to
 * its page (`/<workspace>/<Title>-<32hex>`, in a `[data-block-id]` wrapper); the current page is a button; `/`
 * separators are spans.
 */
const BREADCRUMB = '.notion-topbar .shadow-cursor-breadcrumb';
const RECORD_ICON = '.notion-record-icon';
/** Notion folds the middle of a deep breadcrumb into one `...` button that names no page. */
const FOLDED = /^(?:\.\.\.|…)$/;

/** The peek when one is open (it covers the main frame), else the main frame. */
function visibleScope(doc: Document): ParentNode {
  return doc.querySelector(PEEK) ?? doc.querySelector(FRAME) ?? doc;
}

const compactId = (value: string | null | undefined) => {
  const id = value?.replaceAll('-', '').toLowerCase();
  return id && PAGE_ID.test(id) ? id : undefined;
};

/** A crumb's page: the id its link or wrapper names, and its title without the page icon (an emoji is text). */
function crumbOf(crumb: Element): Container | null {
  const link = crumb.matches('a[href]') ? crumb : crumb.querySelector('a[href]');
  const href = link ? URL.parse(link.getAttribute('href') ?? '', 'https://www.notion.so/') : null;
  const id =
    (href && isNotionHost(href.hostname) ? (pageIdOf(href) ?? undefined) : undefined) ??
    compactId(
      (crumb.matches('[data-block-id]') ? crumb : crumb.querySelector('[data-block-id]'))?.getAttribute(
        'data-block-id',
      ),
    );
  const icon = textOf(crumb.querySelector(RECORD_ICON));
  const text = textOf(crumb);
  const name = (icon && text.startsWith(icon) ? text.slice(icon.length) : text).trim();
  if (!id && (!name || FOLDED.test(name))) return null;
  return { ...(id ? { id } : {}), ...(name ? { name } : {}) };
}

function breadcrumbOf(doc: Document): Container[] {
  const bar = doc.querySelector(BREADCRUMB);
  if (!bar) return [];
  return [...bar.children]
    .filter((child) => child.tagName !== 'SPAN')
    .map(crumbOf)
    .filter((crumb) => crumb !== null);
}

/** The last crumb is the main frame's page, a button rather than a link: its id is the frame's page block. */
function withFramePageId(doc: Document, crumbs: Container[]): Container[] {
  const last = crumbs.at(-1);
  if (!last || last.id) return crumbs;
  const frame = doc.querySelector(FRAME)?.querySelector('.notion-page-block[data-block-id]');
  const id = compactId(frame?.getAttribute('data-block-id'));
  return id ? [...crumbs.slice(0, -1), { ...last, id }] : crumbs;
}

/**
 * A database page's properties sit in one table above its content (`[role="table"][aria-label="Page properties"]`,
 * which userscripts that hide it select), a row per property: its name, then its value. The label is in the
 * language of the reader's Notion (`페이지 속성` in Korean, seen in the same userscripts), so the table is found by
 * its place and shape instead: a table whose rows have a row header, outside the page's content (where a table is
 * the page's own text or an inline database). A Status property's groups
 * (To-do, In progress, Complete) are not in the page, only the option's name: the names Notion gives a new Status
 * property (Not started, In progress, Done) and their usual synonyms tell the state; any other name leaves it unknown
 * and is kept as the item's status. The Status property is the one of Notion's Status type, whatever the workspace
 * named it and in whichever language: its name comes after the type's icon (`<svg class="typesStatus">`, what the
 * API calls type `status`). Where no row carries that icon, a property named Status is taken (a Select so named, or
 * markup without the type icons). A page outside a database, or with neither, has no state.
 */
const PROPERTIES = '[role="table"]';
const PAGE_CONTENT = '.notion-page-content';

function propertiesOf(scope: ParentNode): Element | null {
  for (const table of scope.querySelectorAll(PROPERTIES)) {
    if (!table.closest(PAGE_CONTENT) && table.querySelector(':scope > [role="row"] > [role="rowheader"]')) return table;
  }
  return null;
}
const STATUS_PROPERTY = 'status';
/** The icon Notion draws before the name of a property of the Status type (typesSelect, typesDate… for the others). */
const STATUS_TYPE_ICON = 'svg[class~="typesStatus"]';
const STATE_BY_NAME: Readonly<Record<string, ItemState>> = {
  'not started': 'open',
  'in progress': 'open',
  'to do': 'open',
  'to-do': 'open',
  todo: 'open',
  done: 'closed',
  complete: 'closed',
  completed: 'closed',
  closed: 'closed',
  cancelled: 'closed',
  canceled: 'closed',
};

function statusOf(scope: ParentNode): Pick<ItemContext, 'itemState' | 'itemStatus'> {
  const rows = [...(propertiesOf(scope)?.querySelectorAll('[role="row"]') ?? [])];
  const row =
    rows.find((each) => each.children[0]?.querySelector(STATUS_TYPE_ICON)) ??
    rows.find((each) => textOf(each.children[0]).toLowerCase() === STATUS_PROPERTY);
  if (!row) return {};
  const status = [...row.children]
    .slice(1)
    .map((cell) => textOf(cell))
    .join(' ')
    .trim();
  if (!status) return {};
  const state = STATE_BY_NAME[status.toLowerCase()];
  return { ...(state ? { itemState: state } : {}), itemStatus: status };
}

function extractContext(doc: Document): PageContext {
  const peek = doc.querySelector(PEEK);
  const crumbs = breadcrumbOf(doc);
  // The top bar names the main frame's page: with a peek open that page is the peeked row's parent (its database),
  // otherwise the last crumb is the page itself.
  const parents = peek ? withFramePageId(doc, crumbs) : crumbs.slice(0, -1);
  const scope = visibleScope(doc);
  const title = firstText(scope, TITLE_SELECTORS) || doc.title.replace(/\s*\|\s*Notion$/, '').trim();
  return {
    title,
    context: { ...(parents.length > 0 ? { notionParents: parents.slice(0, 50) } : {}), ...statusOf(scope) },
  };
}

function renderedId(doc: Document): string | null {
  const block = visibleScope(doc).querySelector('.notion-page-block[data-block-id]');
  return compactId(block?.getAttribute('data-block-id')) ?? null;
}

export const notion: SiteAdapter = {
  tool: 'notion',
  detect,
  extractContext,
  renderedId,
  stateScope: (doc) => propertiesOf(visibleScope(doc)),
};

/**
 * The `hw` omnibox keyword: suggestions as the user types, and what Enter opens. The handlers are pure over their
 * dependencies (search, opening a URL, building hub links), so unit tests drive them directly and the background
 * only binds them to `browser.omnibox`.
 */
import { browser } from 'wxt/browser';
import { sanitizeText } from '../contract.ts';
import type { HubRoute } from '../hub-links.ts';
import { safeHttpUrl } from '../safe-url.ts';
import type { SearchKind, SearchRecord } from '../search/records.ts';
import type { SearchHit } from '../search/search-index.ts';
import { DECISION_STATUS_LABELS, GOAL_STATUS_LABELS } from '../statuses.ts';
import { shortDate } from '../time.ts';
import { TOOL_NAMES } from '../tools.ts';

export type Disposition = 'currentTab' | 'newForegroundTab' | 'newBackgroundTab';

export interface OmniboxSuggestion {
  /** What Enter hands back when this suggestion is chosen: the URL it opens. */
  content: string;
  /** Omnibox markup (Chrome) or plain text (Firefox, which shows markup literally). */
  description: string;
}

export interface OmniboxDeps {
  search: (text: string) => Promise<SearchHit[]>;
  /** A team's name by id, for the context of goals and decisions. */
  teamName: (id: string) => string | undefined;
  openUrl: (url: string, disposition: Disposition) => Promise<void>;
  hubUrl: (route: HubRoute) => string;
  /** Whether descriptions may carry `<match>`/`<dim>` markup. */
  markup: boolean;
}

/**
 * Text for a description, markup or not: what no text field keeps dropped (the contract's `sanitizeText`: NUL and
 * the other C0 controls, U+FFFE, U+FFFF, lone surrogates, which XML 1.0 cannot hold, so Chrome rejects the
 * description and every suggestion offered with it), the C1 controls too, and tabs and newlines as spaces.
 */
export function descriptionText(text: string): string {
  return sanitizeText(text)
    .replace(/[\t\n\r]/g, ' ')
    .replace(/\p{Cc}/gu, '');
}

/**
 * Text for a description that is parsed as XML: `descriptionText`, then the five XML entities escaped (titles come
 * from pages and other people).
 */
export function escapeXml(text: string): string {
  return descriptionText(text).replace(
    /[&<>'"]/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', "'": 'apos', '"': 'quot' }[char]};`,
  );
}

const KIND_LABEL: Record<SearchKind, string> = {
  team: 'Team',
  goal: 'Goal',
  decision: 'Decision',
  item: 'Item',
  person: 'Person',
};

/** The context after the title: a goal's owner and status, a decision's team, date and status, an item's tool. */
export function contextOf(record: SearchRecord, teamName: OmniboxDeps['teamName']): string[] {
  switch (record.kind) {
    case 'team':
      return [record.aka];
    case 'goal':
      return [record.ownerTeamId ? teamName(record.ownerTeamId) : undefined, GOAL_STATUS_LABELS[record.status]].filter(
        (part): part is string => Boolean(part),
      );
    case 'decision':
      return [
        record.teamId ? teamName(record.teamId) : undefined,
        shortDate(record.decidedAt),
        DECISION_STATUS_LABELS[record.status],
      ].filter((part): part is string => Boolean(part));
    case 'item':
      return [TOOL_NAMES[record.tool], record.aka === record.title ? undefined : record.aka].filter(
        (part): part is string => Boolean(part),
      );
    case 'person':
      return [record.teamName, record.aka].filter(Boolean);
  }
}

/** The title with its matched ranges wrapped in `<match>`, every piece escaped; only our own tags are markup. */
export function highlightTitle(title: string, ranges: readonly (readonly [number, number])[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += `${escapeXml(title.slice(at, start))}<match>${escapeXml(title.slice(start, end + 1))}</match>`;
    at = end + 1;
  }
  return out + escapeXml(title.slice(at));
}

export function describeHit(hit: SearchHit, deps: Pick<OmniboxDeps, 'teamName' | 'markup'>): string {
  const { record } = hit;
  const context = contextOf(record, deps.teamName).join(' · ');
  const kind = KIND_LABEL[record.kind];
  if (!deps.markup) return descriptionText(`${kind}: ${record.title}${context ? ` — ${context}` : ''}`);
  const title = highlightTitle(record.title, hit.titleMatches);
  return `<dim>${kind}</dim> ${title}${context ? ` <dim>· ${escapeXml(context)}</dim>` : ''}`;
}

/** Where a record opens: an item in its own tool, everything else in the hub. */
export function targetOf(record: SearchRecord, hubUrl: OmniboxDeps['hubUrl']): string | undefined {
  if (record.kind === 'item') return safeHttpUrl(record.url);
  if (record.kind === 'person') return hubUrl({ view: 'team', id: record.teamId });
  return hubUrl({ view: record.kind, id: record.id });
}

/** Chrome shows at most this many suggestions under the default one. */
const SUGGESTION_MAX = 6;

export function createOmnibox(deps: OmniboxDeps) {
  // What the last suggestions open, so Enter on a chosen suggestion is told apart from free text.
  let offered = new Set<string>();
  let latestInput = 0;
  return {
    /** Null when the user typed on while this search ran: its answer would replace newer suggestions. */
    async suggest(text: string): Promise<{ defaultDescription: string; suggestions: OmniboxSuggestion[] } | null> {
      const input = ++latestInput;
      const trimmed = text.trim();
      const defaultDescription = deps.markup
        ? `Search Hallway for <match>${escapeXml(trimmed)}</match>`
        : descriptionText(`Search Hallway for ${trimmed}`);
      const suggestions: OmniboxSuggestion[] = [];
      const seen = new Set<string>();
      const hits = trimmed ? await deps.search(trimmed) : [];
      if (input !== latestInput) return null;
      for (const hit of hits) {
        const content = targetOf(hit.record, deps.hubUrl);
        // Chrome drops suggestions whose content repeats; two items can share a URL.
        if (!content || seen.has(content)) continue;
        seen.add(content);
        suggestions.push({ content, description: describeHit(hit, deps) });
        if (suggestions.length === SUGGESTION_MAX) break;
      }
      offered = seen;
      return { defaultDescription, suggestions };
    },
    /** Enter: a suggestion opens its target; anything else the user typed opens the hub's search for it. */
    async enter(text: string, disposition: Disposition): Promise<void> {
      const trimmed = text.trim();
      const url = offered.has(trimmed) ? trimmed : deps.hubUrl({ view: 'search', query: trimmed });
      await deps.openUrl(url, disposition);
    },
  };
}
export type Omnibox = ReturnType<typeof createOmnibox>;

/** Opens a URL where the browser's disposition says: this tab, or a new one in front or behind. */
export async function openUrlAs(url: string, disposition: Disposition): Promise<void> {
  if (disposition === 'currentTab') {
    await browser.tabs.update({ url });
    return;
  }
  await browser.tabs.create({ url, active: disposition === 'newForegroundTab' });
}

/** Binds the handlers to the omnibox. Listeners are added synchronously, as MV3 requires. */
export function registerOmnibox(omnibox: Omnibox): void {
  browser.omnibox.setDefaultSuggestion({ description: 'Search Hallway: teams, goals, decisions and linked items' });
  browser.omnibox.onInputChanged.addListener((text, suggest) => {
    void omnibox.suggest(text).then((answer) => {
      if (!answer) return;
      browser.omnibox.setDefaultSuggestion({ description: answer.defaultDescription });
      suggest(answer.suggestions);
    });
  });
  browser.omnibox.onInputEntered.addListener((text, disposition) => {
    void omnibox.enter(text, disposition);
  });
}

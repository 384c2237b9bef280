/**
 * The sizes the background accepts in a page report (the contract's `zItemContext` and the protocol's title), kept
 * here without zod because the content script must not bundle it; a unit test holds them to the contract. A page
 * controls these texts (any sender controls a Gmail subject), so they are cut to size here, never refused there:
 * one over-long title must not take Hallway off the page.
 */
import type { Container, ItemContext } from '../contract.ts';
import type { PageContext } from '../sites/types.ts';

export const TITLE_MAX = 1000;

/** Every text fact of the context has its bound (a new one fails to type-check here); other facts pass as they are. */
type ContextBounds = {
  [K in keyof Required<ItemContext>]: Required<ItemContext>[K] extends readonly (string | Container)[]
    ? { each: number; count: number }
    : Required<ItemContext>[K] extends string
      ? string extends Required<ItemContext>[K]
        ? { each: number }
        : null // one of a few words the adapter itself chose (`itemState`): nothing to cut
      : null;
};

export const CONTEXT_BOUNDS: ContextBounds = {
  jiraProject: { each: 255 },
  jiraIssueType: { each: 120 },
  asanaProjects: { each: 255, count: 50 },
  notionParents: { each: 255, count: 50 },
  gmailLabels: { each: 255, count: 100 },
  gmailParticipants: { each: 320, count: 200 },
  gmailAccount: { each: 320 },
  jiraTeam: { each: 255 },
  asanaTeam: { each: 255 },
  itemState: null,
  itemStatus: { each: 120 },
};

/** `text` cut to at most `max` UTF-16 units, ending in `…` when cut, and never between the halves of a pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A container's id and name each cut to `max` (an id that long is no real id, but must not lose the report). */
function clipContainer(entry: unknown, max: number): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const { id, name } = entry as Container;
  return {
    ...(typeof id === 'string' ? { id: clip(id, max) } : {}),
    ...(typeof name === 'string' ? { name: clip(name, max) } : {}),
  };
}

/** The page's title and context within the bounds the background accepts. */
export function boundPage(page: PageContext): PageContext {
  const context: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(page.context) as [keyof ItemContext, unknown][]) {
    const bound: { each: number; count?: number } | null = CONTEXT_BOUNDS[field] ?? null;
    if (bound && typeof value === 'string') context[field] = clip(value, bound.each);
    else if (bound && Array.isArray(value)) {
      context[field] = value
        .slice(0, bound.count)
        .map((entry) => (typeof entry === 'string' ? clip(entry, bound.each) : clipContainer(entry, bound.each)));
    } else context[field] = value;
  }
  return { title: clip(page.title, TITLE_MAX), context: context as ItemContext };
}

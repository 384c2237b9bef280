/**
 * Notion through its official client (@notionhq/client 5, API 2025-09-03; it waits out 429 with Retry-After
 * itself): search lists the pages and data sources shared with the integration, and each one's `parent` chain is
 * walked up (through pages and blocks not shared in the search, when the integration may read them). Notion's public
 * API has no teamspace endpoint, so the titles of that chain, from the top, are the owner hints. Pages inside a
 * database are rows (work items), not containers: they are skipped.
 */
import { APIErrorCode, Client, isNotionClientError, type RetryOptions } from '@notionhq/client';
import { z } from 'zod';
import type { ImportProblem, ImportSubject } from '../../utils/contract.ts';
import type { ContainerPage, ContainerSource, ImportedContainer } from './source.ts';
import { problemOf, SourceError } from './source.ts';

export const NOTION_PAGE_SIZE = 100;
/** Parents looked up outside the search results, at most, per import (each is one request). */
const PARENT_LOOKUPS = 500;
const MAX_DEPTH = 32;

const zId = z.string().min(1);
const zParent = z
  .object({
    type: z.string(),
    page_id: zId.optional(),
    database_id: zId.optional(),
    data_source_id: zId.optional(),
    block_id: zId.optional(),
    workspace: z.boolean().optional(),
  })
  .passthrough();
const zRichText = z.array(z.object({ plain_text: z.string() }).passthrough());
const zResult = z.discriminatedUnion('object', [
  z
    .object({
      object: z.literal('page'),
      id: zId,
      parent: zParent.optional(),
      in_trash: z.boolean().optional(),
      properties: z
        .record(z.string(), z.object({ type: z.string(), title: zRichText.optional() }).passthrough())
        .optional(),
    })
    .passthrough(),
  z
    .object({
      object: z.literal('data_source'),
      id: zId,
      title: zRichText.optional(),
      parent: zParent.optional(),
      database_parent: zParent.optional(),
      in_trash: z.boolean().optional(),
    })
    .passthrough(),
]);
const zSearch = z
  .object({ results: z.array(zResult), next_cursor: z.string().nullable(), has_more: z.boolean() })
  .passthrough();
const zBlock = z.object({ object: z.literal('block'), id: zId, parent: zParent }).passthrough();

/** Notion ids as items carry them (utils/sites/notion): 32 lowercase hex. */
export const compactId = (id: string) => id.replaceAll('-', '').toLowerCase();

interface Node {
  kind: 'page' | 'database' | 'block';
  title: string;
  /** Compact id of the parent, null at the top (workspace) or where the chain cannot be read further. */
  parent: string | null;
  parentKind: 'page' | 'database' | 'block' | null;
}

function parentOf(parent: z.infer<typeof zParent> | undefined): { id: string | null; kind: Node['parentKind'] } {
  if (!parent) return { id: null, kind: null };
  if (parent.type === 'page_id' && parent.page_id) return { id: compactId(parent.page_id), kind: 'page' };
  if (parent.type === 'database_id' && parent.database_id)
    return { id: compactId(parent.database_id), kind: 'database' };
  if (parent.type === 'data_source_id' && parent.database_id)
    return { id: compactId(parent.database_id), kind: 'database' };
  if (parent.type === 'block_id' && parent.block_id) return { id: compactId(parent.block_id), kind: 'block' };
  return { id: null, kind: null };
}

const plain = (text: z.infer<typeof zRichText> | undefined) =>
  (text ?? [])
    .map((part) => part.plain_text)
    .join('')
    .trim();

/** The HTTP status of a Notion client error, where it has one. */
const statusOf = (error: unknown) =>
  isNotionClientError(error) && 'status' in error && typeof error.status === 'number' ? error.status : undefined;

function sourceErrorOf(what: ImportSubject, error: unknown): SourceError {
  const status = statusOf(error);
  if (isNotionClientError(error)) {
    if (error.code === APIErrorCode.Unauthorized || error.code === APIErrorCode.RestrictedResource) {
      return new SourceError(problemOf('notion', 'auth', what, { ...(status ? { status } : {}), detail: error.code }));
    }
    if (error.code === APIErrorCode.RateLimited)
      return new SourceError(problemOf('notion', 'rate_limited', what, { status: 429 }));
    if (error.code === 'notionhq_client_response_error') {
      return new SourceError(problemOf('notion', 'garbage', what, { detail: error.message }));
    }
    return new SourceError(
      problemOf('notion', 'http_error', what, {
        ...(status ? { status } : {}),
        detail: `${error.code}: ${error.message}`,
      }),
    );
  }
  if (error instanceof SyntaxError)
    return new SourceError(problemOf('notion', 'garbage', what, { detail: error.message }));
  return new SourceError(problemOf('notion', 'unreachable', what, { detail: (error as Error).message }));
}

/**
 * How the client tries a request again: 429 and 529 after Retry-After, and for GETs (the parent lookups) 500 and 503
 * with exponential back-off from the SDK's default 1 s. Five tries again: a parent page still failing after them is
 * a problem of the run (partial), never a chain quietly ended.
 */
export const NOTION_RETRY: RetryOptions = { maxRetries: 5, maxRetryDelayMs: 60_000 };

export interface NotionOptions {
  /** Over NOTION_RETRY (tests: a short back-off instead of the SDK's 1 s, 2 s, 4 s…). */
  retry?: RetryOptions;
}

export function notionSource(
  credentials: { baseUrl?: string | null; token: string },
  options: NotionOptions = {},
): ContainerSource {
  const notion = new Client({
    auth: credentials.token,
    ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl.replace(/\/$/, '') } : {}),
    retry: { ...NOTION_RETRY, ...options.retry },
    logLevel: 'error' as never,
    logger: () => {},
  });

  const parse = <T>(what: ImportSubject, schema: z.ZodType<T>, answer: unknown): T => {
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new SourceError(problemOf('notion', 'garbage', what, { detail: parsed.error.issues[0]?.message }));
    }
    return parsed.data;
  };

  return {
    async *pages(signal) {
      const nodes = new Map<string, Node>();
      const shared: string[] = [];
      let cursor: string | undefined;
      let problems: ImportProblem[] = [];
      // 1. Everything shared with the integration (only ids, titles and parents are kept).
      for (let page = 0; ; page += 1) {
        signal?.throwIfAborted();
        const what: ImportSubject = { code: 'search_page', n: page + 1 };
        const answer = await notion
          .search({ page_size: NOTION_PAGE_SIZE, ...(cursor ? { start_cursor: cursor } : {}) })
          .catch((error: unknown) => {
            throw sourceErrorOf(what, error);
          });
        const result = parse(what, zSearch, answer);
        for (const found of result.results) {
          if (found.in_trash) continue;
          if (found.object === 'page') {
            const parent = parentOf(found.parent);
            if (parent.kind === 'database') continue; // a database row: an item, not a container
            const title = plain(
              Object.values(found.properties ?? {}).find((property) => property.type === 'title')?.title,
            );
            const id = compactId(found.id);
            nodes.set(id, { kind: 'page', title, parent: parent.id, parentKind: parent.kind });
            shared.push(id);
          } else {
            // A data source belongs to a database, whose id is what Notion's URLs (and items' parents) show.
            const database = parentOf(found.parent);
            const id = database.kind === 'database' && database.id ? database.id : compactId(found.id);
            if (nodes.has(id)) continue;
            const parent = parentOf(found.database_parent);
            nodes.set(id, { kind: 'database', title: plain(found.title), parent: parent.id, parentKind: parent.kind });
            shared.push(id);
          }
        }
        // An empty page: the containers come once the chains are known, but progress shows the pages read.
        yield { containers: [], problems: [] };
        if (!result.has_more || !result.next_cursor) break;
        cursor = result.next_cursor;
      }

      // 2. Parents outside the search (not shared, or blocks): looked up, where the integration may read them.
      let lookups = 0;
      /** The title of a container whose chain runs through `id` (to say which one a failed lookup leaves short). */
      const titleBelow = (id: string) => {
        for (const node of nodes.values()) {
          if (node.kind === 'block' || !node.title) continue;
          let parent = node.parent;
          for (let depth = 0; parent && depth < MAX_DEPTH; depth += 1) {
            if (parent === id) return node.title;
            parent = nodes.get(parent)?.parent ?? null;
          }
        }
        return null;
      };
      const lookUp = async (id: string, kind: 'page' | 'database' | 'block') => {
        if (nodes.has(id) || lookups >= PARENT_LOOKUPS) return;
        lookups += 1;
        const what: ImportSubject = { code: 'parent', kind, name: id };
        try {
          if (kind === 'block') {
            const block = parse(what, zBlock, await notion.blocks.retrieve({ block_id: id }));
            const parent = parentOf(block.parent);
            nodes.set(id, { kind: 'block', title: '', parent: parent.id, parentKind: parent.kind });
          } else if (kind === 'page') {
            const page = parse(what, zResult, await notion.pages.retrieve({ page_id: id }));
            const parent = parentOf(page.parent);
            const title =
              page.object === 'page'
                ? plain(Object.values(page.properties ?? {}).find((p) => p.type === 'title')?.title)
                : '';
            nodes.set(id, { kind: 'page', title, parent: parent.id, parentKind: parent.kind });
          } else {
            // A database not shared: its title is not readable without access; the chain stops here.
            nodes.set(id, { kind: 'database', title: '', parent: null, parentKind: null });
          }
        } catch (error) {
          if (error instanceof SourceError) throw error;
          const known = sourceErrorOf(what, error);
          // 401: the token itself is refused (revoked mid-import), not this one page: the run fails.
          if (isNotionClientError(error) && error.code === APIErrorCode.Unauthorized) throw known;
          // Its chain ends here either way; the titles above it are unknown.
          nodes.set(id, { kind, title: '', parent: null, parentKind: null });
          // 404: not shared with the integration (Notion answers so for what it may not read), which is no failure.
          if (isNotionClientError(error) && error.code === APIErrorCode.ObjectNotFound) return;
          // Anything else (500 or 503 after the client's retries, 403 restricted) is a page that could not be read:
          // the run is partial (so nothing is removed) and says which one, and above which container.
          if (known.kind === 'other' || known.kind === 'auth') {
            const below = titleBelow(id);
            const status = statusOf(error);
            problems.push(
              problemOf('notion', 'parent_unreadable', below ? { ...what, below } : what, {
                ...(status ? { status } : {}),
                detail: `${isNotionClientError(error) ? `${error.code}: ` : ''}${(error as Error).message}`,
              }),
            );
            return;
          }
          throw known;
        }
      };
      for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
        const missing = [...nodes.values()]
          .filter((node) => node.parent && node.parentKind && !nodes.has(node.parent))
          .map((node) => [node.parent as string, node.parentKind as 'page' | 'database' | 'block'] as const);
        if (missing.length === 0 || lookups >= PARENT_LOOKUPS) break;
        for (const [id, kind] of new Map(missing)) await lookUp(id, kind);
      }
      if (lookups >= PARENT_LOOKUPS) problems.push({ code: 'parents_limit', tool: 'notion', count: PARENT_LOOKUPS });

      // 3. The containers, each with the titles above it (blocks carry none), top first.
      const chainOf = (id: string) => {
        const titles: string[] = [];
        let parentId: string | null = nodes.get(id)?.parent ?? null;
        let containerParent: string | null = null;
        for (let depth = 0; parentId && depth < MAX_DEPTH; depth += 1) {
          const parent = nodes.get(parentId);
          if (!parent) break;
          if (parent.kind !== 'block') {
            containerParent ??= parentId;
            if (parent.title) titles.unshift(parent.title);
          }
          parentId = parent.parent;
        }
        return { titles, containerParent };
      };
      for (let start = 0; start < shared.length; start += NOTION_PAGE_SIZE) {
        const containers: ImportedContainer[] = shared.slice(start, start + NOTION_PAGE_SIZE).map((id) => {
          const node = nodes.get(id) as Node;
          const { titles, containerParent } = chainOf(id);
          return {
            tool: 'notion',
            kind: node.kind === 'database' ? 'database' : 'page',
            externalId: id,
            // Untitled: no name (the hub says so in the reader's language).
            name: node.title,
            parentExternalId: containerParent,
            hints: titles.length ? { ancestry: titles.slice(-32) } : {},
          };
        });
        yield { containers, problems } satisfies ContainerPage;
        problems = [];
      }
    },
  };
}

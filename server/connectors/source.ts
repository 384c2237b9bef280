import type { ContainerKind, ImportRun, OwnerHints, Tool } from '../../utils/contract.ts';

/** One container as a tool describes it, before it is stored. */
export interface ImportedContainer {
  tool: Exclude<Tool, 'gmail'>;
  kind: ContainerKind;
  externalId: string;
  key?: string | null;
  name: string;
  parentExternalId?: string | null;
  hints: OwnerHints;
}

/**
 * One page of a tool's answers. `problems` names what could not be read (a project whose components failed):
 * the run is then partial and removes nothing, since a container missing from it may only have been unreadable.
 */
export interface ContainerPage {
  containers: ImportedContainer[];
  problems: string[];
}

/** Reads a tool's structure page by page, so 10,000 projects never sit in memory at once. */
export interface ContainerSource {
  pages(signal?: AbortSignal): AsyncGenerator<ContainerPage>;
}

export type SourceErrorKind = NonNullable<ImportRun['errorKind']>;

/** Why a tool could not be read, in words for the hub. */
export class SourceError extends Error {
  readonly kind: SourceErrorKind;
  constructor(kind: SourceErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Retry-After in seconds or as an HTTP date, to milliseconds; bounded so a tool cannot park an import for hours. */
export function retryAfterMs(header: string | null | undefined, fallbackMs = 1000, maxMs = 60_000): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(maxMs, Math.max(0, Number.isFinite(ms) ? ms : fallbackMs));
}

/** How often one request is tried again after a 429 before the run gives up as rate limited. */
export const RATE_LIMIT_RETRIES = 5;

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Runs `fn` over `items` with at most `limit` at a time, answers in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

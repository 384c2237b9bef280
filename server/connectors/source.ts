import type { ContainerKind, ImportProblem, ImportRun, ImportSubject, OwnerHints, Tool } from '../../utils/contract.ts';

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
  problems: ImportProblem[];
}

/** Reads a tool's structure page by page, so 10,000 projects never sit in memory at once. */
export interface ContainerSource {
  pages(signal?: AbortSignal): AsyncGenerator<ContainerPage>;
}

export type SourceErrorKind = NonNullable<ImportRun['errorKind']>;

/** The run's kind of failure for each problem's code (what ends a run, and what the hub groups by). */
const KIND_OF: Record<ImportProblem['code'], SourceErrorKind> = {
  auth: 'auth',
  rate_limited: 'rate_limited',
  unreachable: 'unreachable',
  garbage: 'garbage',
  http_error: 'other',
  parent_unreadable: 'other',
  parents_limit: 'other',
  failed: 'other',
};

/**
 * Why a tool could not be read: a problem with its code and values, which the hub says in the reader's language (the
 * tool's own words go along as its detail). The message is for the server's log only.
 */
export class SourceError extends Error {
  readonly kind: SourceErrorKind;
  readonly problem: ImportProblem;
  constructor(problem: ImportProblem) {
    super(
      [problem.tool, problem.code, problem.subject && subjectLog(problem.subject), problem.status, problem.detail]
        .filter((part) => part !== undefined && part !== '')
        .join(' '),
    );
    this.kind = KIND_OF[problem.code];
    this.problem = problem;
  }
}

const subjectLog = (subject: ImportSubject) =>
  [subject.code, subject.kind, subject.name, subject.n, subject.below].filter((part) => part !== undefined).join(':');

/**
 * A problem of `tool` reading `subject`; `detail` is the tool's (or the network's) own words. Cut to the contract's
 * bounds here, where the tool's texts come in: a run's problems are stored as they are and read back through it.
 */
export function problemOf(
  tool: ImportedContainer['tool'],
  code: ImportProblem['code'],
  subject: ImportSubject,
  extra: { status?: number; detail?: string } = {},
): ImportProblem {
  return {
    code,
    tool,
    subject: {
      ...subject,
      ...(subject.name !== undefined ? { name: subject.name.slice(0, 1000) } : {}),
      ...(subject.below !== undefined ? { below: subject.below.slice(0, 1000) } : {}),
    },
    ...(extra.status !== undefined && extra.status >= 100 && extra.status <= 599 ? { status: extra.status } : {}),
    ...(extra.detail ? { detail: extra.detail.slice(0, 500) } : {}),
  };
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

/**
 * The requests of one import to one tool: at most `limit` at a time, and when the tool answers 429 with
 * Retry-After, every request waits that long, not only the one that was refused (the others would only be refused
 * too, and a tool that keeps being hammered through its limit may lock the token out).
 */
export class RequestGate {
  readonly limit: number;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private pausedUntil = 0;
  constructor(limit: number) {
    this.limit = limit;
  }

  /** Every request of this gate waits at least `ms` from now before it is sent. */
  pause(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /**
   * Sends one request when a slot is free (and no 429 pause is on). `first`: ahead of those waiting, for a request
   * the others depend on (the next page of a list, whose items are the next requests).
   */
  async run<T>(send: () => Promise<T>, signal?: AbortSignal, first = false): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          this.queue.splice(this.queue.indexOf(wake), 1);
          reject(signal?.reason);
        };
        if (first) this.queue.unshift(wake);
        else this.queue.push(wake);
        signal?.addEventListener('abort', abort, { once: true });
      });
    } else {
      this.active += 1;
    }
    try {
      for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now())
        await sleep(wait, signal);
      signal?.throwIfAborted();
      return await send();
    } finally {
      // The slot passes straight to the next in line (so `active` counts it still).
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * Turns a generator of pages of work into their results in order, `ahead` of them under way at once: the pages
 * after the one being stored are read meanwhile, and at most `ahead` pages are held in memory. When `source`
 * fails, the pages already under way are still handed over (what was read is kept) before its error.
 */
export async function* readAhead<T, R>(
  source: AsyncIterable<T>,
  ahead: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  const start = (item: T) => {
    const result = work(item);
    // Awaited in its turn; until then a failure must not count as unhandled.
    result.catch(() => {});
    pending.push(result);
  };
  const items = source[Symbol.asyncIterator]();
  let failure: { error: unknown } | null = null;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await items.next();
      } catch (error) {
        failure = { error };
        break;
      }
      if (next.done) break;
      start(next.value);
      // A page's own failure ends the run here, in its turn.
      if (pending.length >= ahead) yield await (pending.shift() as Promise<R>);
    }
    while (pending.length) yield await (pending.shift() as Promise<R>);
  } finally {
    if (!failure) await items.return?.();
  }
  if (failure) throw failure.error;
}

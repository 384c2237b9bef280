/**
 * The one message protocol between extension contexts. Each message names who may send it and the zod schema of
 * its data; the background validates every message against this table before a handler sees it.
 *
 * Content scripts import only the types of this module (through `client.ts`), so zod never enters their bundle.
 */
import { z } from 'zod';
import { zItemContext, zItemRef } from '../contract.ts';
import type { SyncStateRow } from '../db/schema.ts';

/** `content`: a content script in a supported page's top frame. `extension`: a page of the extension's own origin. */
export type SenderKind = 'content' | 'extension';

export const messageSchemas = {
  /** Content -> background: the work item in front of the user changed (null: this page shows no item). */
  'page.itemChanged': {
    from: 'content',
    data: z.object({
      item: zItemRef.nullable(),
      title: z.string().max(1000).default(''),
      context: zItemContext.default({}),
    }),
  },
  /** Extension page -> background: run a sync pass now (also right after connecting); answers the state after it. */
  'sync.now': { from: 'extension', data: z.object({}) },
} as const satisfies Record<string, { from: SenderKind; data: z.ZodType }>;

/** What each handler returns; kept apart from the schemas because results come from trusted code. */
export interface MessageResults {
  'page.itemChanged': { tabId: number };
  'sync.now': SyncStateRow;
}

export type MessageType = keyof typeof messageSchemas;
export type MessageData<T extends MessageType> = z.input<(typeof messageSchemas)[T]['data']>;
export type ParsedMessageData<T extends MessageType> = z.output<(typeof messageSchemas)[T]['data']>;
export type MessageResult<T extends MessageType> = MessageResults[T];

export interface ErrorInfo {
  code: string;
  message: string;
}
/** Errors cross contexts as plain data: `Error` objects do not survive structured cloning in every browser. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

import { z } from 'zod';
import { describeIssues } from '../contract.ts';
import type { ErrorParams } from '../errors.ts';
import { say, sayError } from '../i18n.ts';
import { messageOf, message as text } from '../message.ts';
import {
  type MessageResult,
  type MessageType,
  messageSchemas,
  type ParsedMessageData,
  type Result,
  type SenderKind,
} from './protocol.ts';

/** The parts of `runtime.MessageSender` the router trusts: the browser sets them, not the sender. */
export interface MessageSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; windowId?: number; url?: string };
}

export interface HandlerContext {
  sender: MessageSender;
  /** Present for content-script messages: the tab the message came from. */
  tabId: number | undefined;
}

export type MessageHandlers = {
  [T in MessageType]: (data: ParsedMessageData<T>, context: HandlerContext) => Promise<MessageResult<T>>;
};

const zEnvelope = z.object({ type: z.string().max(100), data: z.unknown() });

/**
 * Classifies a sender. Only our own extension may talk to us (no `externally_connectable`, no external listener);
 * a content script counts only in a tab's top frame, where Hallway's content script runs.
 */
export function classifySender(sender: MessageSender, extensionId: string, extensionOrigin: string): SenderKind | null {
  if (sender.id !== extensionId) return null;
  if (sender.url?.startsWith(extensionOrigin)) return 'extension';
  if (sender.tab?.id !== undefined && sender.frameId === 0) return 'content';
  return null;
}

/**
 * Builds the background's single `onMessage` handler: it checks the sender against the message's allowed origin,
 * validates the data with zod, runs the handler and always answers `{ ok: true, value } | { ok: false, error }`.
 */
export function createMessageRouter(
  handlers: MessageHandlers,
  identity: { extensionId: string; extensionOrigin: string },
): (message: unknown, sender: MessageSender) => Promise<Result<unknown>> {
  return async (message, sender) => {
    const envelope = zEnvelope.safeParse(message);
    if (!envelope.success || !Object.hasOwn(messageSchemas, envelope.data.type)) {
      return { ok: false, error: { code: 'unknown_message', message: say(text('error.unknownMessage')) } };
    }
    const type = envelope.data.type as MessageType;
    const spec: { from: SenderKind; data: (typeof messageSchemas)[MessageType]['data'] } = messageSchemas[type];
    const from = classifySender(sender, identity.extensionId, identity.extensionOrigin);
    if (from === null || (spec.from === 'extension' && from !== 'extension')) {
      return { ok: false, error: { code: 'forbidden', message: say(text('error.forbiddenMessage', { type })) } };
    }
    const parsed = spec.data.safeParse(envelope.data.data);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_message', message: describeIssues(parsed.error.issues) } };
    }
    try {
      const handler = handlers[type] as (data: unknown, context: HandlerContext) => Promise<unknown>;
      const value = await handler(parsed.data, { sender, tabId: from === 'content' ? sender.tab?.id : undefined });
      return { ok: true, value };
    } catch (error) {
      // Said here, in the browser's language (the page's language too): an error carrying a message key, or one with
      // a code the extension knows (the server's refusals, the HTTP client's failures); other words as they are.
      const carried = messageOf(error);
      const code = errorCodeOf(error);
      const params = paramsOf(error);
      const words = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: {
          code,
          message: carried ? say(carried) : sayError({ code, message: words, params }),
          ...(params ? { params } : {}),
        },
      };
    }
  };
}

/** The params of an error that names its data (the server's, a `SyncHttpError`'s), kept for the caller. */
function paramsOf(error: unknown): ErrorParams | undefined {
  const params = error instanceof Error ? (error as { params?: unknown }).params : undefined;
  return params && typeof params === 'object' ? (params as ErrorParams) : undefined;
}

/** A handler's domain error (one with a string `code`, like a refused local write) keeps its code for the caller. */
function errorCodeOf(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.length > 0 && code.length <= 64 ? code : 'handler_failed';
}

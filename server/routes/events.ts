import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { zCursor } from '../../utils/contract.ts';
import { ApiError } from '../domain/errors.ts';
import { lastSeqOf } from '../domain/sync.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { takeOverResponse } from '../live/socket.ts';

/**
 * GET /v1/events: Server-Sent Events, one stream per signed-in device, authenticated like every /v1 route (the
 * Authorization header: the extension reads the stream with fetch, since EventSource cannot send headers). It
 * sends `retry:` once, a poke `{ "seq": "<the workspace's newest seq>" }` with `id: <seq>` at once unless the
 * client's Last-Event-ID says it has seen it, then one after each committed write (coalesced), and heartbeat
 * comments. Nothing else: the client pulls the feed when the seq is ahead of its cursor.
 *
 * Once its head is out the stream is its socket alone (live/socket.ts): the same encoded poke is written to every
 * socket, the socket's own back-pressure (`write` returning false, then 'drain') is what bounds a slow reader, and a
 * stream costs a few KB, so one process holds 10,000 of them.
 */
export const eventRoutes = (deps: Deps) =>
  new Hono<AppEnv & { Bindings: Partial<HttpBindings> }>().get('/events', async (c) => {
    const outgoing = c.env?.outgoing;
    if (!outgoing) throw new ApiError('internal', 'the event stream needs the Node.js server');
    const lastEventId = c.req.header('last-event-id');
    let seen = -1n;
    if (lastEventId !== undefined && lastEventId !== '') {
      const parsed = zCursor.safeParse(lastEventId.trim());
      if (!parsed.success) {
        throw new ApiError(
          'invalid_request',
          'Last-Event-ID must be a seq this server sent (decimal digits); reconnect without it to start afresh',
        );
      }
      seen = BigInt(parsed.data);
    }
    const { workspaceId, tokenId } = c.var.actor;
    const refusal = deps.live.refusal(tokenId);
    if (refusal === 'closing') throw new ApiError('unavailable', 'the server is shutting down; reconnect');
    if (refusal === 'too_many_streams') {
      c.header('Retry-After', '30');
      throw new ApiError(
        'rate_limited',
        `this token holds ${deps.live.maxStreamsPerToken} event streams on this server already, the most it may; close one first`,
      );
    }
    // The headers set so far (CORS), read from the response Hono prepared. That response is then replaced by
    // RESPONSE_ALREADY_SENT (unset first, or Hono would merge the two into a new one, and @hono/node-server would
    // write a second head).
    const headers: Record<string, string> = {};
    c.res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    c.res = undefined;
    c.res = RESPONSE_ALREADY_SENT;
    const sink = takeOverResponse(outgoing, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      // nginx: do not buffer this response (the README's proxy settings do the same per location).
      'x-accel-buffering': 'no',
    });
    if (!sink) return RESPONSE_ALREADY_SENT;
    sink.write(retryHint(deps.live.retryMs));
    // Nothing was awaited since `refusal`: the hub takes the stream.
    const opened = deps.live.open(workspaceId, tokenId, sink, seen);
    if (!opened.ok) {
      sink.destroy();
      return RESPONSE_ALREADY_SENT;
    }
    try {
      opened.current(BigInt(await lastSeqOf(deps.db, workspaceId)));
    } catch {
      // The database is away: the stream stays, and the next commit or poll pokes it.
    }
    return RESPONSE_ALREADY_SENT;
  });

const retryHint = (ms: number) => new TextEncoder().encode(`retry: ${ms}\n\n`);

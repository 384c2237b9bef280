import type { ItemRef } from '../contract.ts';
import { allTexts, firstText } from './dom.ts';
import type { PageContext, SiteAdapter } from './types.ts';

/** `/mail/`, `/mail/u/<n>/`, delegated `/mail/b/<n>/u/<m>/`, each optionally followed by the standalone `popout`. */
const MAIL_PATH = /^\/mail((?:\/b\/\d+)?(?:\/u\/\d+)?)\/?(popout\/?)?$/;
/** List views whose route has one segment before a thread token (InboxSDK NATIVE_ROUTE_IDS, gmail.js current_page). */
const ONE_PART_VIEWS = new Set([
  'inbox',
  'starred',
  'sent',
  'all',
  'imp',
  'drafts',
  'snoozed',
  'spam',
  'trash',
  'chats',
  'scheduled',
]);
/** Views whose second segment is a parameter (query, label, category), not a thread (gmail.js `isTwopart`). */
const TWO_PART_VIEWS = new Set(['search', 'label', 'category', 'advanced-search']);
/** Legacy 16-hex ids and the newer tokens (`FMfcg…`); page markers such as `p2` are shorter. */
const HASH_THREAD_TOKEN = /^[A-Za-z0-9]{16,}$/;
/** Ids in popout and print URLs: a sync id (`thread-f:<decimal>`, `thread-a:r-<decimal>`) or a legacy hex id. */
const QUERY_THREAD_ID = /^(?:thread-[a-z]:r?-?\d+|[0-9a-f]{16})$/;

/** The thread token in the hash route `#<view>[/<param>]/<token>[?<hash query>]`, or null for lists and settings. */
function threadFromHash(hash: string): string | null {
  const [route = ''] = hash.replace(/^#/, '').split('?');
  const parts = route.split('/');
  const view = parts[0] ?? '';
  const listSegments = TWO_PART_VIEWS.has(view) ? 2 : ONE_PART_VIEWS.has(view) ? 1 : 0;
  if (listSegments === 0 || parts.length !== listSegments + 1) return null;
  const token = parts[listSegments] ?? '';
  return HASH_THREAD_TOKEN.test(token) ? token : null;
}

/** A popout's `th` or a print view's `permthid`/`th`, decoded with its leading `#` stripped. */
function threadFromQuery(value: string | null): string | null {
  const id = value?.replace(/^#/, '') ?? '';
  return QUERY_THREAD_ID.test(id) ? id : null;
}

function threadOf(url: URL, isPopout: boolean): string | null {
  if (isPopout) return threadFromQuery(url.searchParams.get('th'));
  const view = url.searchParams.get('view');
  // `view=pt` is the print view of one thread; other views (`att`: an attachment download) show no thread.
  if (view === 'pt') return threadFromQuery(url.searchParams.get('permthid') ?? url.searchParams.get('th'));
  if (view !== null) return null;
  return threadFromHash(url.hash);
}

function detect(url: URL): ItemRef | null {
  if (url.protocol !== 'https:' || url.hostname !== 'mail.google.com') return null;
  const path = MAIL_PATH.exec(url.pathname);
  if (!path) return null;
  const id = threadOf(url, path[2] !== undefined);
  if (!id) return null;
  const mailbox = `https://mail.google.com/mail${path[1] || '/u/0'}/`;
  // A sync id has no hash route; the standalone popout opens it.
  const canonical = id.startsWith('thread-')
    ? `${mailbox}popout?th=${encodeURIComponent(`#${id}`)}`
    : `${mailbox}#all/${id}`;
  return { tool: 'gmail', kind: 'thread', id, key: threadKey(id), url: canonical };
}

// ---------------------------------------------------------------------------------------------------------------
// The identity a thread has in every mailbox: the RFC 822 Message-ID of its first message

/** The mailbox-local key of a thread: its URL token (or popout/print id), which no other mailbox shares. */
export const threadKey = (id: string) => `gmail:${id}`;
/** The key two mailboxes share for one thread: `gmail:mid:<Message-ID>` (RFC 2392's `mid:`, no angle brackets). */
export const sharedThreadKey = (messageId: string) => `gmail:mid:${messageId}`;

/**
 * A Message-ID without its angle brackets, as RFC 5322 §3.6.4 spells it: a dot-atom (or a domain literal) on either
 * side of one `@`. Its sender chooses it, so nothing else passes: no spaces, quotes or angle brackets (no markup), and
 * at most MESSAGE_ID_MAX characters. The contract's `zMessageId` holds the same pattern (a unit test keeps them one).
 */
export const MESSAGE_ID_PATTERN =
  "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\\[[!-Z^-~]*\\])$";
export const MESSAGE_ID_MAX = 250;
const MESSAGE_ID = new RegExp(MESSAGE_ID_PATTERN);
export const isMessageId = (value: string) => value.length <= MESSAGE_ID_MAX && MESSAGE_ID.test(value);

/** The thread `item` with its shared identity: `messageId` kept, `key` the shared key; its URL key is `threadKey(id)`. */
export function withMessageId(item: ItemRef, messageId: string): ItemRef {
  return { ...item, messageId, key: sharedThreadKey(messageId) };
}

/** Gmail's own ids of a message (`#msg-f:<decimal>`, `msg-a:r…`) and its legacy hex id, as its element carries them. */
const SYNC_MESSAGE_ID = /^msg-f:\d{1,20}$/;
const LEGACY_MESSAGE_ID = /^[0-9a-f]{16}$/;
/** `ik`, Gmail's per-account key its own requests carry, as inline scripts set it (`GM_ID_KEY`, `["ik","…"]`). */
const IK_PATTERNS = [/\bGM_ID_KEY\s*=\s*["']([0-9a-f]{6,32})["']/, /\["ik","([0-9a-f]{6,32})"\]/];

/** The `ik` of the page's account, from its inline scripts (an email's body is never one), or null. */
function ikOf(doc: Document): string | null {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    for (const pattern of IK_PATTERNS) {
      const ik = pattern.exec(text)?.[1];
      if (ik) return ik;
    }
  }
  return null;
}

/**
 * The address of Gmail's "Show original" view of the thread's first message, on the page's own origin, or null when
 * the page does not show what it needs (the message's id, the account's `ik`). Messages render oldest first, so the
 * first `[data-message-id]` is the first message this mailbox has of the thread. Its `data-message-id` (`msg-f:…`)
 * goes as `permmsgid`, as Gmail's own menu does; a self-sent message's `msg-a:r…` is unknown to that view, and its
 * legacy hex id goes as `th` instead.
 */
export function originalMessageUrl(doc: Document, pageUrl: URL): string | null {
  const path = MAIL_PATH.exec(pageUrl.pathname);
  const message = doc.querySelector('[data-message-id]');
  const ik = ikOf(doc);
  if (!path || !message || !ik) return null;
  const syncId = message.getAttribute('data-message-id')?.replace(/^#/, '') ?? '';
  const legacyId = message.getAttribute('data-legacy-message-id')?.toLowerCase() ?? '';
  const which = SYNC_MESSAGE_ID.test(syncId)
    ? `permmsgid=${encodeURIComponent(syncId)}`
    : LEGACY_MESSAGE_ID.test(legacyId)
      ? `th=${legacyId}`
      : null;
  return which ? `https://mail.google.com/mail${path[1] || '/u/0'}/?ik=${ik}&view=om&${which}` : null;
}

/** How much of the original-message view is read: its header block comes first, an attachment may follow for MBs. */
export const ORIGINAL_HEADER_MAX = 128 * 1024;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", apos: "'" };

/** The raw header block of the "Show original" page (`<pre id="raw_message_text">`), unescaped, or null. */
function rawHeaders(html: string): string | null {
  const start = /<pre\b[^>]*\bid="raw_message_text"[^>]*>/i.exec(html);
  if (!start) return null;
  const from = start.index + start[0].length;
  const raw = html.slice(from, from + ORIGINAL_HEADER_MAX).replace(/^\s+/, '');
  const end = raw.search(/<\/pre>|\r?\n\r?\n/i);
  return (end === -1 ? raw : raw.slice(0, end)).replace(
    /&(lt|gt|amp|quot|#39|apos);/g,
    (_, name: string) => ENTITIES[name] ?? '',
  );
}

/** The unfolded value of the first header `name` (case-insensitive) in a raw header block, or null. */
function headerValue(headers: string, name: string): string | null {
  const lines = headers.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const match = /^([!-9;-~]+):(.*)$/.exec(lines[index] ?? '');
    if (!match || match[1]?.toLowerCase() !== name) continue;
    let value = match[2] ?? '';
    while (/^[ \t]/.test(lines[index + 1] ?? '')) value += ` ${lines[++index]?.trim()}`;
    return value.trim();
  }
  return null;
}

/** The msg-ids of a header value (`<a@b> <c@d>`), in order, without angle brackets. */
const msgIdsOf = (value: string | null) => [...(value ?? '').matchAll(/<([^<>\s]*)>/g)].map((match) => match[1] ?? '');

/**
 * The Message-ID of the thread's first message, from the original-message view of that message. Null when the page
 * holds no such header, or the id is not one (too long, markup): the thread then keeps its mailbox-local key.
 * Not the first entry of `References`, though RFC 5322 makes it the conversation's first message: a reply whose
 * subject changed starts a thread of its own in Gmail, and it would take the older thread's identity.
 */
export function threadMessageId(html: string): string | null {
  const headers = rawHeaders(html);
  const [own] = msgIdsOf(headers === null ? null : headerValue(headers, 'message-id'));
  return own !== undefined && isMessageId(own) ? own : null;
}

const SUBJECT_SELECTORS = ['h2.hP', '.ha h2'];
/** Label chips beside the subject in the thread header. */
const LABELS = '.ha .hN';
/** Senders (`h3.iw span.gD`) and recipients (`span.g2`) carry the address in `email` (stable from 2016 to 2025). */
const PARTICIPANTS = 'span.gD[email], span.g2[email]';
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** `Subject - me@example.com - Gmail`: the account is the part before the suffix. */
function accountFromTitle(title: string): string {
  const parts = title.split(' - ');
  const account = parts.length >= 3 && parts.at(-1)?.trim() === 'Gmail' ? (parts.at(-2)?.trim() ?? '') : '';
  return EMAIL.test(account) ? account.toLowerCase() : '';
}

function accountFromAccountButton(doc: Document): string {
  const label = doc.querySelector('[aria-label^="Google Account:"]')?.getAttribute('aria-label') ?? '';
  const email = /\(([^()\s]+@[^()\s]+)\)/.exec(label)?.[1] ?? '';
  return email.toLowerCase();
}

function subjectFromTitle(title: string): string {
  const parts = title.split(' - ');
  return parts.length >= 3 && parts.at(-1)?.trim() === 'Gmail' ? parts.slice(0, -2).join(' - ').trim() : '';
}

function extractContext(doc: Document): PageContext {
  const title = firstText(doc, SUBJECT_SELECTORS) || subjectFromTitle(doc.title);
  const gmailLabels = allTexts(doc, LABELS).slice(0, 100);
  const addresses = [...doc.querySelectorAll(PARTICIPANTS)]
    .map((element) => element.getAttribute('email')?.trim().toLowerCase() ?? '')
    .filter((email) => EMAIL.test(email));
  const gmailParticipants = [...new Set(addresses)].slice(0, 200);
  const gmailAccount = accountFromTitle(doc.title) || accountFromAccountButton(doc);
  return {
    title,
    context: {
      ...(gmailLabels.length > 0 ? { gmailLabels } : {}),
      ...(gmailParticipants.length > 0 ? { gmailParticipants } : {}),
      ...(gmailAccount ? { gmailAccount } : {}),
    },
  };
}

/** URL tokens (`FMfcg…`) spell a base64 text in these 40 consonants (InboxSDK `encodeDraftUrlId`). */
const TOKEN_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The sync id a URL token stands for: the token is the base64 of the sync id without `thread-` (`f:1817…`),
 * rewritten from base 64 to base 40 as one number. Null when the token is not of that kind.
 */
export function syncIdOfToken(token: string): string | null {
  let value = 0n;
  for (const char of token) {
    const digit = TOKEN_ALPHABET.indexOf(char);
    if (digit === -1) return null;
    value = value * 40n + BigInt(digit);
  }
  let base64 = '';
  for (; value > 0n; value /= 64n) base64 = BASE64_ALPHABET[Number(value % 64n)] + base64;
  try {
    const text = atob(base64);
    return /^[a-z]:r?-?\d+$/.test(text) ? `thread-${text}` : null;
  } catch {
    return null;
  }
}

/**
 * The thread the subject heading belongs to, in the form of `item.id`: its `data-legacy-thread-id` for a legacy
 * hex URL, else its `data-thread-perm-id` (`thread-f:…`), which a URL token encodes. For a thread-f id the legacy id
 * is the same number in hex, so either attribute identifies it.
 */
function renderedId(doc: Document, item: ItemRef): string | null | undefined {
  const heading = doc.querySelector('h2.hP');
  const legacy = heading?.getAttribute('data-legacy-thread-id')?.toLowerCase() || null;
  const rawPermId = heading?.getAttribute('data-thread-perm-id');
  // InboxSDK saw the literal string 'undefined' there.
  const permId = rawPermId && rawPermId !== 'undefined' ? rawPermId : null;
  const hexOf = (syncId: string | null) => {
    const decimal = /^thread-f:(\d+)$/.exec(syncId ?? '')?.[1];
    return decimal ? BigInt(decimal).toString(16) : null;
  };
  if (!heading) return null;
  // A heading without ids (older Gmail): nothing to compare.
  if (!legacy && !permId) return undefined;
  if (/^[0-9a-f]{16}$/i.test(item.id)) return legacy ?? hexOf(permId);
  const wanted = item.id.startsWith('thread-') ? item.id : syncIdOfToken(item.id);
  if (!wanted) return undefined;
  if (permId) return permId === wanted ? item.id : permId;
  // Only the legacy id: comparable for thread-f ids alone.
  const wantedHex = hexOf(wanted);
  if (!wantedHex) return undefined;
  return legacy === wantedHex ? item.id : legacy;
}

export const gmail: SiteAdapter = {
  tool: 'gmail',
  detect,
  extractContext,
  renderedId,
  sharedIdentity: {
    url: (doc, _item, pageUrl) => originalMessageUrl(doc, pageUrl),
    read: (item, text) => {
      const messageId = threadMessageId(text);
      return messageId ? withMessageId(item, messageId) : null;
    },
  },
};

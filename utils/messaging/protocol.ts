/**
 * The one message protocol between extension contexts. Each message names who may send it and the zod schema of
 * its data; the background validates every message against this table before a handler sees it.
 *
 * Content scripts import only the types of this module (through `client.ts`), so zod never enters their bundle.
 */
import { z } from 'zod';
import {
  type AuthConfig,
  type Connector,
  type ContainerRecord,
  type CreatedInvite,
  type Device,
  type DigestAnswer,
  type ImportRun,
  type Invite,
  type ItemContext,
  type ItemRef,
  type Me,
  type Person,
  type RuleSuggestion,
  type SuggestionDecisionResult,
  sanitizeText,
  zConnectorInput,
  zDigestQuery,
  zEntityId,
  zInviteCreate,
  zItemContext,
  zItemRef,
  zPersonPatch,
  zSuggestionDecisions,
  zTool,
} from '../contract.ts';
import { type LocalWriteResult, zLocalWrite } from '../db/commands.ts';
import type { SyncStateRow } from '../db/schema.ts';
import type { ErrorParams } from '../errors.ts';
import type { ResolvedContext } from '../resolve/index.ts';
import { SEARCH_KINDS } from '../search/records.ts';
import type { SearchHit } from '../search/search-index.ts';
import { type Settings, zSettingsPatch } from '../settings.ts';
import type { Exposure } from './channels.ts';

/** `content`: a content script in a supported page's top frame. `extension`: a page of the extension's own origin. */
export type SenderKind = 'content' | 'extension';

/** Text from a page: what no text field keeps (NUL, lone surrogates…) removed, as the contract's own strings do. */
const pageText = (max: number) => z.string().overwrite(sanitizeText).max(max);

export const messageSchemas = {
  /** Content -> background: the work item in front of the user changed (null: this page shows no item). */
  'page.itemChanged': {
    from: 'content',
    data: z.object({
      item: zItemRef.nullable(),
      title: pageText(1000).default(''),
      context: zItemContext.default({}),
    }),
  },
  /**
   * Sidebar iframe -> background: which tab am I in, and what item does it show? The browser's side panel is in no
   * tab: it names the one it follows (its window's active tab); a sidebar inside a tab cannot ask about another.
   */
  'sidebar.context': { from: 'extension', data: z.object({ tabId: z.number().int().nonnegative().optional() }) },
  /** Sidebar iframe -> background: close the sidebar of my tab (Escape, the close button). */
  'sidebar.close': { from: 'extension', data: z.object({}) },
  /**
   * Content -> background: the launcher was clicked where the user chose the browser's side panel: open it in the
   * tab's window (`opened` false: this browser refused, e.g. Firefox, which opens it only from its own UI and commands).
   */
  'sidebar.openPanel': { from: 'content', data: z.object({}) },
  /**
   * Content -> background: the sidebar is about to open in the page: run the panel's script in my tab's content
   * script world (`entrypoints/sidebar-panel.ts`; not web-accessible, so only the background can load it).
   */
  'sidebar.loadPanel': { from: 'content', data: z.object({}) },
  /** Content -> background: whether the page leaves the open sidebar visible and uncovered (clickjacking guard). */
  'sidebar.exposure': {
    from: 'content',
    data: z.object({ clear: z.boolean(), reason: pageText(120) }),
  },
  /** Extension page -> background: one local write (mirror + outbox in one transaction), synced later. */
  'mirror.write': { from: 'extension', data: zLocalWrite },
  /** Popup -> background: the tab the user is looking at (not the popup's own, when it is open as a tab). */
  'popup.currentTab': { from: 'extension', data: z.object({}) },
  /**
   * Extension page -> background: the one search engine (the omnibox's), over every cached record, for the hub's
   * search and the pickers. `kinds` narrows it (the related-item picker wants items only).
   */
  'search.query': {
    from: 'extension',
    data: z.object({
      query: z.string().max(1000),
      limit: z.number().int().min(1).max(200).default(8),
      kinds: z.array(z.enum(SEARCH_KINDS)).min(1).optional(),
    }),
  },
  /** Extension page -> background: rename the workspace (admins) or oneself, on the server; answers the new identity. */
  'account.rename': {
    from: 'extension',
    data: z.object({ target: z.enum(['workspace', 'me']), name: z.string().trim().min(1).max(200) }),
  },
  /**
   * Extension page -> background: save a change of the settings (the policy laid over it, as `saveSettings` does);
   * answers the settings stored. Through the background, so its memory of them (the side panel's choice, decided
   * within a gesture without a storage read) holds them before any context can read them.
   */
  'settings.save': { from: 'extension', data: z.object({ patch: zSettingsPatch }) },
  /**
   * Hub -> background: how many rows each table holds, from the background's search index (which follows every
   * write to the mirror) without counting 100,000 rows in IndexedDB again.
   */
  'mirror.counts': { from: 'extension', data: z.object({}) },
  /** Extension page -> background: run a sync pass now (also right after connecting); answers the state after it. */
  'sync.now': { from: 'extension', data: z.object({}) },
  /** Extension page -> background: what sign-in the server offers (`GET /v1/auth/config`); the saved server by default. */
  'auth.config': { from: 'extension', data: z.object({ serverUrl: z.string().max(2048).optional() }) },
  /**
   * Options page or popup -> background: sign in through the server in the browser's web-auth window, with the
   * company's provider or with an invite link (which names its server). Answers who signed in.
   */
  'auth.signIn': {
    from: 'extension',
    data: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('provider'), serverUrl: z.string().max(2048).optional() }),
      z.object({ kind: z.literal('invite'), link: z.string().max(4096) }),
    ]),
  },
  /**
   * Extension page -> background: revoke this device's token on the server and forget it here, keeping the server
   * URL. Unsent writes are dropped only with `discardUnsent`; otherwise the answer counts them and nothing changes.
   */
  'auth.signOut': { from: 'extension', data: z.object({ discardUnsent: z.boolean() }) },
  /** Hub (admins) -> background: the People view's calls, each checked by the server's roles. */
  'people.list': { from: 'extension', data: z.object({}) },
  'people.update': { from: 'extension', data: z.object({ id: z.uuid(), patch: zPersonPatch }) },
  'devices.list': { from: 'extension', data: z.object({ userId: z.uuid() }) },
  'devices.revoke': { from: 'extension', data: z.object({ id: z.uuid() }) },
  'invites.create': { from: 'extension', data: zInviteCreate },
  'invites.delete': { from: 'extension', data: z.object({ id: z.uuid() }) },
  /** Hub -> background -> server (admins): the connected tools, each with its last import. */
  'connectors.list': { from: 'extension', data: z.object({}) },
  /** Hub -> background -> server (admins): connect a tool. The secret passes through once, to the server. */
  'connectors.create': { from: 'extension', data: zConnectorInput },
  /** Hub -> background -> server (admins): start an import of one connector (a job on the server's queue). */
  'connectors.import': { from: 'extension', data: z.object({ connectorId: zEntityId }) },
  /** Hub -> background -> server (admins): one page of containers. */
  'containers.list': {
    from: 'extension',
    data: z.object({
      tool: zTool.optional(),
      q: z.string().max(200).optional(),
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200).default(100),
    }),
  },
  /** Hub -> background -> server (admins): every rule suggestion. */
  'suggestions.list': { from: 'extension', data: z.object({}) },
  /** Hub -> background -> server (admins): accept (optionally with another team) or reject suggestions in bulk. */
  'suggestions.decide': { from: 'extension', data: zSuggestionDecisions },
  /** Hub -> background: the weekly digest of some teams (or `mine`) and a week, from the server. */
  'digest.get': { from: 'extension', data: zDigestQuery },
} as const satisfies Record<string, { from: SenderKind; data: z.ZodType }>;

export type SignOutResult = { signedOut: true; revoked: boolean } | { signedOut: false; unsent: number };

/** How many rows each table of the mirror holds: the hub's overview. */
export interface MirrorCounts {
  teams: number;
  goals: number;
  decisions: number;
  rules: number;
  items: number;
}

/** The People view in one answer: the workspace's people and the invites. */
export interface PeopleOverview {
  people: Person[];
  invites: Invite[];
}

/** A sidebar's view of its tab: the item, what the mirror says about it (the one resolution) and the guard's verdict. */
export interface SidebarContextAnswer {
  tabId: number;
  item: ItemRef | null;
  title: string;
  context: ItemContext;
  exposure: Exposure;
  /** The item resolved from the mirror, so the sidebar's first render needs no query of its own. */
  resolved: ResolvedContext | null;
}

/** What each handler returns; kept apart from the schemas because results come from trusted code. */
export interface MessageResults {
  'page.itemChanged': { tabId: number };
  'sync.now': SyncStateRow;
  'settings.save': Settings;
  'search.query': SearchHit[];
  'mirror.counts': MirrorCounts;
  'account.rename': Me;
  'auth.config': AuthConfig;
  'auth.signIn': Me;
  'auth.signOut': SignOutResult;
  'people.list': PeopleOverview;
  'people.update': Person;
  'devices.list': Device[];
  'devices.revoke': { revoked: true };
  'invites.create': CreatedInvite;
  'invites.delete': { deleted: true };
  'digest.get': DigestAnswer;
  'sidebar.context': SidebarContextAnswer;
  'sidebar.close': { closed: boolean };
  'sidebar.openPanel': { opened: boolean };
  'sidebar.loadPanel': { loaded: true };
  'sidebar.exposure': { tabId: number };
  /**
   * `context`: for a write from a sidebar (an extension frame inside a tab), that tab's context resolved over the
   * written mirror, so the write's pending mark and its effect (a new owner or goal) show together.
   */
  'mirror.write': LocalWriteResult & { context?: SidebarContextAnswer };
  'popup.currentTab': { tabId: number; item: ItemRef | null; title: string; context: ItemContext } | null;
  'connectors.list': Connector[];
  'connectors.create': Connector;
  'connectors.import': ImportRun;
  'containers.list': { data: ContainerRecord[]; nextCursor: string | null };
  'suggestions.list': RuleSuggestion[];
  'suggestions.decide': SuggestionDecisionResult[];
}

/** The launcher's line for the item in a tab, resolved by the background from the mirror (no network). */
// The pushes to content scripts, the sidebar's watch port and the guard's verdict: `channels.ts` (no zod).
export type {
  ContentPush,
  Exposure,
  LauncherSummary,
  SidebarWatchMessage,
} from './channels.ts';

export type MessageType = keyof typeof messageSchemas;
export type MessageData<T extends MessageType> = z.input<(typeof messageSchemas)[T]['data']>;
export type ParsedMessageData<T extends MessageType> = z.output<(typeof messageSchemas)[T]['data']>;
export type MessageResult<T extends MessageType> = MessageResults[T];

/**
 * A failed request's answer: its code (the server's, the HTTP client's or a handler's own), the words the user
 * reads, already in the browser's language (utils/errors.ts), and the params they were said from.
 */
export interface ErrorInfo {
  code: string;
  message: string;
  params?: ErrorParams;
}
/** Errors cross contexts as plain data: `Error` objects do not survive structured cloning in every browser. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

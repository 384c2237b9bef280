/**
 * The "Log decision" context menu: on a selection (or anywhere on the page) in the supported tools and the user's
 * self-hosted Jira hosts, it opens a small capture window prefilled from the click.
 */

import { liveQuery } from 'dexie';
import { type Browser, browser } from 'wxt/browser';
import { type ItemContext, type ItemRef, may } from '../contract.ts';
import { readLocalUser } from '../db/local-user.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { t } from '../i18n.ts';
import { JIRA_HOSTS_KEY, listJiraHosts } from '../jira-hosts.ts';
import { SUPPORTED_HOST_PATTERNS } from '../sites/host-patterns.ts';
import {
  type CaptureDraft,
  type ClickedTab,
  type ContextClick,
  type createDraftStore,
  draftOf,
} from './capture-draft.ts';

export const LOG_DECISION_MENU = 'hallway.logDecision';

/** Where the menu shows: the hosted tools, plus each enabled Jira host (match patterns carry no port). */
export function menuPatterns(jiraHosts: readonly string[]): string[] {
  const hostnames = new Set(jiraHosts.map((host) => host.replace(/:\d+$/, '')));
  return [...SUPPORTED_HOST_PATTERNS, ...[...hostnames].map((hostname) => `*://${hostname}/*`)];
}

export interface LogDecisionDeps {
  jiraHosts: () => Promise<string[]>;
  clickedTab: (tabId: number | undefined) => Promise<ClickedTab>;
  /** The title and container facts the mirror knows for an item key, for a click whose tab reported none for it. */
  knownItem: (key: string) => Promise<{ title: string; context: ItemContext } | null>;
  /** The owning team and goal of an item, from the mirror. */
  resolve: (ref: ItemRef, context: ItemContext) => Promise<{ teamId: string | null; goalId: string | null }>;
  drafts: ReturnType<typeof createDraftStore>;
  openCapture: (draftId: string) => Promise<void>;
  newId: () => string;
}

/** The click handler, over its dependencies so tests run it with a real selection's click data. */
export function createLogDecisionHandler(deps: LogDecisionDeps) {
  return async (click: ContextClick, tabId: number | undefined): Promise<{ draftId: string; draft: CaptureDraft }> => {
    const draft = draftOf(click, await deps.clickedTab(tabId), await deps.jiraHosts());
    // An embedded frame's item was not reported by the tab: what the mirror knows of it beats a bare id, which the
    // form would otherwise write over the item's title and facts.
    if (draft.item && !draft.item.title) {
      const known = await deps.knownItem(draft.item.ref.key);
      if (known) draft.item = { ...draft.item, title: known.title, context: known.context };
    }
    if (draft.item) Object.assign(draft, await deps.resolve(draft.item.ref, draft.item.context));
    const draftId = deps.newId();
    await deps.drafts.save(draftId, draft);
    await deps.openCapture(draftId);
    return { draftId, draft };
  };
}

/**
 * Recreates the menu with the current patterns (ids must be unique, so it is removed first). It is shown only to a
 * role that may log decisions: a viewer is not offered a capture the server would refuse.
 */
export async function syncContextMenu(canLog: () => Promise<boolean> = async () => true): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: LOG_DECISION_MENU,
    title: t('decision.log'),
    contexts: ['selection', 'page', 'frame'],
    documentUrlPatterns: menuPatterns(await listJiraHosts()),
    visible: await canLog(),
  });
}

export async function openCaptureWindow(draftId: string): Promise<void> {
  const url = browser.runtime.getURL(`/capture.html?draft=${encodeURIComponent(draftId)}`);
  await browser.windows.create({ url, type: 'popup', width: 480, height: 680, focused: true });
}

export function registerContextMenu(
  onLogDecision: ReturnType<typeof createLogDecisionHandler>,
  db: HallwayDexie,
): void {
  const canLog = async () => may((await readLocalUser(db)).role, 'decision.write');
  // One at a time: two overlapping recreations would create the same id twice.
  let queue = Promise.resolve();
  const sync = () => {
    queue = queue.then(() => syncContextMenu(canLog)).catch(() => undefined);
  };
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && JIRA_HOSTS_KEY in changes) sync();
  });
  // A sync pass learns the role anew: show or hide the menu when it changes (the first answer included).
  let shown: boolean | undefined;
  liveQuery(canLog).subscribe((visible) => {
    if (visible === shown) return;
    shown = visible;
    sync();
  });
  browser.contextMenus.onClicked.addListener((info: Browser.contextMenus.OnClickData, tab) => {
    if (info.menuItemId === LOG_DECISION_MENU) void onLogDecision(info, tab?.id);
  });
}

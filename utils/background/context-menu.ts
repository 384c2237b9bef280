/**
 * The "Log decision" context menu: on a selection (or anywhere on the page) in the supported tools and the user's
 * self-hosted Jira hosts, it opens a small capture window prefilled from the click.
 */
import { type Browser, browser } from 'wxt/browser';
import type { ItemContext, ItemRef } from '../contract.ts';
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
    if (draft.item) Object.assign(draft, await deps.resolve(draft.item.ref, draft.item.context));
    const draftId = deps.newId();
    await deps.drafts.save(draftId, draft);
    await deps.openCapture(draftId);
    return { draftId, draft };
  };
}

/** Recreates the menu with the current patterns (ids must be unique, so it is removed first). */
export async function syncContextMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: LOG_DECISION_MENU,
    title: 'Log decision',
    contexts: ['selection', 'page', 'frame'],
    documentUrlPatterns: menuPatterns(await listJiraHosts()),
  });
}

export async function openCaptureWindow(draftId: string): Promise<void> {
  const url = browser.runtime.getURL(`/capture.html?draft=${encodeURIComponent(draftId)}`);
  await browser.windows.create({ url, type: 'popup', width: 480, height: 680, focused: true });
}

export function registerContextMenu(onLogDecision: ReturnType<typeof createLogDecisionHandler>): void {
  browser.runtime.onInstalled.addListener(() => void syncContextMenu());
  browser.runtime.onStartup.addListener(() => void syncContextMenu());
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && JIRA_HOSTS_KEY in changes) void syncContextMenu();
  });
  browser.contextMenus.onClicked.addListener((info: Browser.contextMenus.OnClickData, tab) => {
    if (info.menuItemId === LOG_DECISION_MENU) void onLogDecision(info, tab?.id);
  });
}

/** Wires the omnibox and the "Log decision" context menu to the background's search, mirror and tab records. */
import { browser } from 'wxt/browser';
import type { HallwayDexie } from '../db/schema.ts';
import { hubUrl } from '../hub-links.ts';
import { listJiraHosts } from '../jira-hosts.ts';
import { dexieSource, resolveContext } from '../resolve/index.ts';
import { createDraftStore } from './capture-draft.ts';
import { createLogDecisionHandler, openCaptureWindow, registerContextMenu } from './context-menu.ts';
import { createOmnibox, openUrlAs, registerOmnibox } from './omnibox.ts';
import type { SearchService } from './search-service.ts';
import type { TabItems } from './tab-items.ts';

export function registerQuickCapture({
  db,
  search,
  tabItems,
}: {
  db: HallwayDexie;
  search: SearchService;
  tabItems: TabItems;
}): void {
  registerOmnibox(
    createOmnibox({
      search: (text) => search.search(text),
      teamName: search.teamName,
      openUrl: openUrlAs,
      hubUrl: (route) => hubUrl(browser.runtime.getURL('/hub.html'), route),
      // Firefox shows omnibox markup literally.
      markup: !import.meta.env.FIREFOX,
    }),
  );
  registerContextMenu(
    createLogDecisionHandler({
      jiraHosts: () => listJiraHosts(),
      clickedTab: async (tabId) => {
        if (tabId === undefined) return { item: null, title: '' };
        const [known, tab] = await Promise.all([tabItems.get(tabId), browser.tabs.get(tabId)]);
        const item = known?.item ? { ref: known.item, title: known.title, context: known.context } : null;
        return { item, title: tab.title ?? '' };
      },
      knownItem: async (key) => {
        const item = await dexieSource(db).itemByKey(key);
        return item ? { title: item.title, context: item.context } : null;
      },
      resolve: async (ref, context) => {
        const resolved = await resolveContext(dexieSource(db), ref, context);
        return { teamId: resolved.team?.id ?? null, goalId: resolved.goal?.goal.id ?? null };
      },
      drafts: createDraftStore(),
      openCapture: openCaptureWindow,
      newId: () => crypto.randomUUID(),
    }),
    db,
  );
}

import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { createMirrorWriteHandler } from '../../utils/background/mirror-writes.ts';
import { createSidebarService, type WatchPort } from '../../utils/background/sidebar.ts';
import { createTabItems } from '../../utils/background/tab-items.ts';
import { openDb } from '../../utils/db/index.ts';
import { defaultWriteEnv, performWrite } from '../../utils/db/writes.ts';
import type { ContentPush } from '../../utils/messaging/protocol.ts';
import { resolveContext } from '../../utils/resolve/index.ts';
import { goal, goalLink, item, jiraRef, ownerLink, team, uuid } from '../support/sync-fixtures.ts';

// Counts the resolutions: the one resolution of a navigation is shared by the launcher and the sidebar.
vi.mock('../../utils/resolve/index.ts', async (original) => {
  const actual = await original<typeof import('../../utils/resolve/index.ts')>();
  return { ...actual, resolveContext: vi.fn(actual.resolveContext) };
});

/** `storage.session` in memory: get, set and remove are all the service uses. `reads` counts the gets. */
function memoryStorage(values = new Map<string, unknown>()): Browser.storage.StorageArea & { reads: number } {
  const storage = {
    reads: 0,
    get: async (key: string) => {
      storage.reads += 1;
      return values.has(key) ? { [key]: values.get(key) } : {};
    },
    set: async (items: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(items)) values.set(key, value);
    },
    remove: async (key: string) => {
      values.delete(key);
    },
  };
  return storage as unknown as Browser.storage.StorageArea & { reads: number };
}

/** A sidebar's watch port as the background sees it; `disconnect` plays the sidebar going away. */
function port() {
  const heard: string[] = [];
  const onDisconnect: (() => void)[] = [];
  const watchPort: WatchPort = {
    postMessage: (message) => heard.push(message.type),
    onDisconnect: { addListener: (callback) => onDisconnect.push(callback) },
  };
  const disconnect = () => {
    for (const callback of onDisconnect) callback();
  };
  return { watchPort, heard, disconnect };
}

function service(options: { openTabIds?: number[]; pushes?: [number, ContentPush][] } = {}) {
  const session = memoryStorage();
  const db = openDb(`watch-${uuid()}`, { indexedDB, IDBKeyRange });
  return Object.assign(
    createSidebarService({
      db,
      tabItems: createTabItems(session),
      session,
      sendToTab: async (tabId, push) => options.pushes?.push([tabId, push]),
      openTabIds: async () => options.openTabIds ?? [],
    }),
    { db },
  );
}

/** Resolves once `check` holds, polling (the service works behind debounces and promises it does not expose). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries += 1) {
    if (tries > 200) throw new Error('never happened');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const report = (key: string) => ({ item: jiraRef(key), title: key, context: {}, reportedAt: Date.now() });

describe("the sidebar's watch port (where the sidebar cannot watch storage.session)", () => {
  it("tells a tab's sidebars of each new item and verdict, only that tab's, and only while connected", async () => {
    const sidebar = service();
    const seven = port();
    const eight = port();
    sidebar.watch(7, seven.watchPort);
    sidebar.watch(8, eight.watchPort);

    await sidebar.onTabItem(7, report('PAY-1'));
    await sidebar.handlers['sidebar.exposure']({ clear: true, reason: 'visible' }, { sender: {}, tabId: 7 });
    expect(seven.heard).toEqual(['sidebar.changed', 'sidebar.changed']);
    expect(eight.heard).toEqual([]);

    seven.disconnect();
    await sidebar.onTabItem(7, report('PAY-2'));
    expect(seven.heard).toHaveLength(2);

    await sidebar.forgetTab(8);
    await sidebar.onTabItem(8, report('PAY-3'));
    expect(eight.heard).toEqual([]);
  });
});

describe("one channel for the sidebar's state, one resolution per navigation", () => {
  it("posts to a tab's sidebar after a mirror change about its item, never for another tab's item", async () => {
    const sidebar = service({ openTabIds: [7, 8] });
    const stop = sidebar.watchMirror(0);
    const seven = port();
    const eight = port();
    sidebar.watch(7, seven.watchPort);
    sidebar.watch(8, eight.watchPort);
    await sidebar.onTabItem(7, report('PAY-1'));
    await sidebar.onTabItem(8, report('PAY-2'));
    // Each sidebar asks, as it does when told.
    const ask = (tabId: number) => sidebar.handlers['sidebar.context']({}, { sender: { tab: { id: tabId } } } as never);
    expect((await ask(7)).resolved?.team).toBeNull();
    await ask(8);
    seven.heard.length = 0;
    eight.heard.length = 0;

    const growth = team('Growth');
    await sidebar.db.teams.put(growth);
    await sidebar.db.links.put(ownerLink(jiraRef('PAY-1').key, growth.id));
    await until(() => seven.heard.length > 0);
    expect((await ask(7)).resolved?.team?.name).toBe('Growth');
    // A burst of changes later, the other tab's sidebar has heard nothing: nothing about its item changed.
    await sidebar.db.teams.put({ ...growth, name: 'Growth and retention' });
    await until(async () => (await ask(7)).resolved?.team?.name === 'Growth and retention');
    expect(eight.heard).toEqual([]);
    stop();
  });

  it('resolves a navigation once for the launcher and the sidebar, and again only after the mirror changed', async () => {
    const pushes: [number, ContentPush][] = [];
    const sidebar = service({ pushes, openTabIds: [7] });
    // Opening the mirror writes its first rows: that change is over before the navigation.
    await sidebar.db.open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stop = sidebar.watchMirror(0);
    const resolutions = vi.mocked(resolveContext);
    resolutions.mockClear();

    await sidebar.onTabItem(7, report('PAY-1'));
    const answer = await sidebar.handlers['sidebar.context']({}, { sender: { tab: { id: 7 } } } as never);
    await until(() => pushes.length === 1);
    expect(answer.item?.key).toBe(jiraRef('PAY-1').key);
    expect(pushes[0]?.[1]).toMatchObject({ type: 'launcher.summary', summary: { itemKey: jiraRef('PAY-1').key } });
    expect(resolutions).toHaveBeenCalledTimes(1);

    await sidebar.db.teams.put(team('Growth'));
    await until(() => resolutions.mock.calls.length === 2);
    await sidebar.handlers['sidebar.context']({}, { sender: { tab: { id: 7 } } } as never);
    expect(resolutions).toHaveBeenCalledTimes(2);
    stop();
  });
});

describe("a change of the item's goal, as the sidebar's picker makes it (links e2e: the old goal shown again)", () => {
  const sepa = goal('SEPA Direct Debit generally available');
  const availability = goal('99.95% API availability');
  const pay1 = jiraRef('PAY-1');
  const changeGoal = {
    kind: 'link.create' as const,
    data: { kind: 'goal' as const, itemKey: pay1.key, goalId: availability.id },
  };
  const ask = (sidebar: ReturnType<typeof service>) =>
    sidebar.handlers['sidebar.context']({}, { sender: { tab: { id: 7 } } } as never);

  async function pay1WithItsGoal() {
    const sidebar = service({ openTabIds: [7] });
    await sidebar.db.goals.bulkPut([sepa, availability]);
    await sidebar.db.items.put(item(pay1, 'PAY-1'));
    await sidebar.db.links.put(goalLink(pay1.key, sepa.id));
    await sidebar.onTabItem(7, report('PAY-1'));
    return sidebar;
  }

  it('answers the changed mirror between the change and the debounced refresh, not the resolution cached before', async () => {
    const sidebar = await pay1WithItsGoal();
    // The refresh's debounce never ends within this test: the order of the steps is the test's own.
    const stop = sidebar.watchMirror(60_000);
    expect((await ask(sidebar)).resolved?.goal?.goal.title).toBe(sepa.title);
    await performWrite(sidebar.db, changeGoal, defaultWriteEnv('Ana', 'member'));
    // The sidebar asks now (its tab re-reported, a verdict came in): the goal it is told is the new one.
    expect((await ask(sidebar)).resolved?.goal?.goal.title).toBe(availability.title);
    stop();
  });

  it("answers the write with the tab's new resolution, so the new goal shows with its pending mark", async () => {
    const sidebar = await pay1WithItsGoal();
    const stop = sidebar.watchMirror(60_000);
    expect((await ask(sidebar)).resolved?.goal?.goal.title).toBe(sepa.title);
    const handler = createMirrorWriteHandler({ db: sidebar.db, contextOf: sidebar.contextAfterWrite });
    // From the sidebar iframe in tab 7 (an extension page in a frame of the tab).
    const sender = { tab: { id: 7 }, frameId: 3 } as never;
    const answer = await handler['mirror.write'](changeGoal, { sender, tabId: undefined });
    expect(answer.context?.resolved?.goal?.goal.title).toBe(availability.title);
    expect(answer.context?.item?.key).toBe(pay1.key);
    expect(await sidebar.db.outbox.count()).toBe(1);
    // A page outside any tab's frames (the popup, the hub's own tab) gets no tab context.
    const hub = await handler['mirror.write'](
      { kind: 'link.create', data: { kind: 'goal', itemKey: pay1.key, goalId: sepa.id } },
      { sender: { tab: { id: 9 }, frameId: 0 } as never, tabId: undefined },
    );
    expect(hub.context).toBeUndefined();
    stop();
  });
});

describe("each tab's item, in one write-through cache", () => {
  it('answers from memory at once and from storage.session after a restart of the worker', async () => {
    const values = new Map<string, unknown>();
    const session = memoryStorage(values);
    const tabItems = createTabItems(session);
    const entry = report('PAY-1');
    const stored = tabItems.set(7, entry);
    // Before storage.session has it, readers get this very entry.
    expect(await tabItems.get(7)).toBe(entry);
    await stored;
    expect(session.reads).toBe(0);

    const restarted = createTabItems(memoryStorage(values));
    expect(await restarted.get(7)).toEqual(entry);
    await restarted.forget(7);
    expect(await restarted.get(7)).toBeNull();
    expect(values.size).toBe(0);
  });
});

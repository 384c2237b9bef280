import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { currentTab } from '../../utils/background/current-tab.ts';

interface FakeTab extends Browser.tabs.Tab {
  windowType: 'normal' | 'popup';
  focusedWindow: boolean;
}

const tab = (id: number, fields: Partial<FakeTab>): FakeTab =>
  ({
    id,
    index: 0,
    windowId: 1,
    active: false,
    lastAccessed: id,
    windowType: 'normal',
    focusedWindow: false,
    ...fields,
  }) as FakeTab;

/** `tabs.query` over `tabs`, with the filters `currentTab` uses; any other filter is a failure of the test. */
const queryOver = (tabs: FakeTab[]) => async (info: Browser.tabs.QueryInfo) => {
  const { active, lastFocusedWindow, windowType, ...rest } = info;
  expect(rest).toEqual({});
  return tabs.filter(
    (candidate) =>
      (active === undefined || candidate.active === active) &&
      (lastFocusedWindow === undefined || candidate.focusedWindow === lastFocusedWindow) &&
      (windowType === undefined || candidate.windowType === windowType),
  );
};

describe('the tab the popup acts on', () => {
  it('is the active tab of the last focused normal window', async () => {
    const tabs = [
      tab(1, { active: true, focusedWindow: true, url: 'https://acme.atlassian.net/browse/PAY-1' }),
      tab(2, { active: true, windowId: 2, lastAccessed: 99 }),
    ];
    expect((await currentTab(undefined, queryOver(tabs)))?.id).toBe(1);
  });

  it('is the most recently used other tab when the popup is a tab itself or in a window of its own', async () => {
    const asTab = [
      tab(7, { active: true, focusedWindow: true }),
      tab(3, { lastAccessed: 50 }),
      tab(4, { lastAccessed: 40 }),
    ];
    expect((await currentTab(7, queryOver(asTab)))?.id).toBe(3);
    const inPopupWindow = [
      tab(8, { active: true, focusedWindow: true, windowType: 'popup', windowId: 5 }),
      tab(3, { lastAccessed: 50 }),
      tab(4, { lastAccessed: 60 }),
    ];
    expect((await currentTab(8, queryOver(inPopupWindow)))?.id).toBe(4);
  });

  it('is none when no normal window has a tab', async () => {
    expect(await currentTab(1, queryOver([tab(1, { windowType: 'popup', active: true, focusedWindow: true })]))).toBe(
      undefined,
    );
  });
});

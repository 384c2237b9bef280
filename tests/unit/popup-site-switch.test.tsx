// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SiteSwitch } from '../../components/popup/SiteSwitch.tsx';
import { defaultSettings, loadSettings, SETTINGS_KEY, type Settings, saveSettings } from '../../utils/settings.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;
const checked = () => container.querySelector('input')?.checked;

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: defaultSettings() });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(<SiteSwitch tool="jira" />));
  await vi.waitFor(() => expect(checked()).toBe(true));
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container.remove();
});

describe("the popup's site switch", () => {
  it('follows the stored setting when another page changes it while the popup is open', async () => {
    const off = { ...defaultSettings(), enabledSites: { ...defaultSettings().enabledSites, jira: false } };
    await act(async () => fakeBrowser.storage.local.set({ [SETTINGS_KEY]: off }));
    await vi.waitFor(() => expect(checked()).toBe(false));
    await act(async () => fakeBrowser.storage.local.set({ [SETTINGS_KEY]: defaultSettings() }));
    await vi.waitFor(() => expect(checked()).toBe(true));
  });

  it("saves through the background, the settings' one writer, and shows what it stored", async () => {
    const saves: unknown[] = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: {
      type?: string;
      data?: { patch: Partial<Settings> };
    }) => {
      saves.push(message);
      if (message.type !== 'settings.save' || !message.data) throw new Error(`unexpected ${message.type}`);
      return { ok: true, value: await saveSettings(message.data.patch) };
    }) as never);
    await act(async () => container.querySelector('input')?.click());
    await vi.waitFor(() => expect(checked()).toBe(false));
    expect(saves).toEqual([
      {
        type: 'settings.save',
        data: { patch: { enabledSites: { notion: true, asana: true, jira: false, gmail: true } } },
      },
    ]);
    expect((await loadSettings()).enabledSites.jira).toBe(false);
  });

  it('shows the stored value when the background refuses the save', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => ({
      ok: false,
      error: { code: 'storage_failed', message: 'The browser refused to store the settings.' },
    })) as never);
    await act(async () => container.querySelector('input')?.click());
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(checked()).toBe(true);
    expect((await loadSettings()).enabledSites.jira).toBe(true);
  });
});

// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SiteSwitch } from '../../components/popup/SiteSwitch.tsx';
import { defaultSettings, SETTINGS_KEY } from '../../utils/settings.ts';

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
});

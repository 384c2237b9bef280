// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useSettings } from '../../components/options/use-settings.ts';
import type { Result } from '../../utils/messaging/protocol.ts';
import { defaultSettings, SETTINGS_KEY, type Settings } from '../../utils/settings.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;
let update: (patch: Partial<Settings>) => Promise<void> = async () => undefined;

function Probe() {
  const state = useSettings();
  update = state.update;
  return <span data-notion={state.settings ? String(state.settings.enabledSites.notion) : 'loading'} />;
}
const shown = () => container.querySelector('span')?.getAttribute('data-notion');

/** The background's answer to `settings.save`, held until the test gives it. */
function holdSaves() {
  const answers: ((result: Result<Settings>) => void)[] = [];
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: { type?: string }) => {
    if (message.type !== 'settings.save') return Promise.reject(new Error(`unexpected ${message.type}`));
    return new Promise((resolve) => answers.push(resolve));
  }) as never);
  return answers;
}

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: defaultSettings() });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(<Probe />));
  await vi.waitFor(() => expect(shown()).toBe('true'));
});
afterEach(() => {
  vi.restoreAllMocks();
  act(() => root?.unmount());
  root = null;
  container.remove();
});

describe("the options page's settings", () => {
  it('show a switch where the user put it at once, then as the background stored it', async () => {
    const answers = holdSaves();
    const off = { ...defaultSettings().enabledSites, notion: false };
    let saved: Promise<void> = Promise.resolve();
    await act(async () => {
      saved = update({ enabledSites: off });
    });
    // The background has not answered yet: the switch does not snap back meanwhile.
    expect(shown()).toBe('false');
    await act(async () => answers[0]?.({ ok: true, value: { ...defaultSettings(), enabledSites: off } }));
    await saved;
    expect(shown()).toBe('false');
  });

  it('go back to what is stored when the save fails, and say why', async () => {
    const answers = holdSaves();
    let saved: Promise<void> = Promise.resolve();
    await act(async () => {
      saved = update({ enabledSites: { ...defaultSettings().enabledSites, notion: false } });
      saved.catch(() => undefined);
    });
    expect(shown()).toBe('false');
    await act(async () => answers[0]?.({ ok: false, error: { code: 'internal', message: 'QUOTA_BYTES exceeded' } }));
    await expect(saved).rejects.toThrow('QUOTA_BYTES exceeded');
    await vi.waitFor(() => expect(shown()).toBe('true'));
  });
});

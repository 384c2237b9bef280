// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createSidebarHost } from '../../utils/sidebar-host/host.ts';
import { createPanel } from '../../utils/sidebar-host/panel.ts';
import type { SidebarSettings, SitePrefs } from '../../utils/sidebar-host/settings.ts';

/** Reads of the stored settings that the test answers one by one, in the order it chooses. */
function storage(initial: SitePrefs) {
  const reads: ((prefs: SitePrefs) => void)[] = [];
  const writes: SitePrefs[] = [];
  return {
    reads,
    writes,
    readSettings: () =>
      new Promise<SidebarSettings>((resolve) => {
        reads.push((prefs) => resolve({ enabled: true, theme: 'light', place: 'page', prefs }));
      }),
    answer: async (index: number, prefs: SitePrefs) => {
      reads[index]?.(prefs);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    initial,
  };
}

let abort: AbortController;
afterEach(() => abort.abort());

/**
 * A host on an Asana task with its sidebar open (the panel's code loaded; happy-dom loads no frames); the closed shadow
 * root is caught as it is attached.
 */
async function openHost(prefs: SitePrefs) {
  abort = new AbortController();
  let shadow: ShadowRoot | null = null;
  const attach = HTMLElement.prototype.attachShadow;
  HTMLElement.prototype.attachShadow = function (init) {
    shadow = attach.call(this, init);
    return shadow;
  };
  const store = storage(prefs);
  const host = createSidebarHost({
    window: window as unknown as Window & typeof globalThis,
    signal: abort.signal,
    sidebarUrl: 'about:blank',
    readSettings: store.readSettings,
    writePrefs: async (_tool, next) => {
      store.writes.push(next);
    },
    reportExposure: () => undefined,
    loadPanel: async () => createPanel,
    exposureIntervalMs: 60_000,
  });
  HTMLElement.prototype.attachShadow = attach;
  host.receive({
    type: 'launcher.summary',
    summary: { itemKey: 'asana:task/1', team: 'Growth', goal: null, decisions: 0, pending: 0 },
  });
  await store.answer(0, prefs);
  const root = shadow as unknown as ShadowRoot;
  const panel = root.querySelector('.panel') as HTMLElement;
  const handle = root.querySelector('.handle') as HTMLElement;
  const press = (key: string) => handle.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  return { host, store, panel, press };
}

describe('sidebar host prefs', () => {
  it('does not let a settings read older than a resize put the old width back', async () => {
    const { host, store, panel, press } = await openHost({ open: true, mode: 'overlay', width: 360 });
    expect(panel.style.width).toBe('360px');
    // A storage change (another tab, the sidebar's own layout switch) starts a read; the user resizes meanwhile.
    host.reloadSettings();
    press('ArrowLeft');
    expect(panel.style.width).toBe('376px');
    await store.answer(1, { open: true, mode: 'overlay', width: 360 });
    expect(panel.style.width).toBe('376px');
    expect(store.writes.at(-1)).toMatchObject({ width: 376 });
    // The echo of the user's own write, read after it, agrees.
    host.reloadSettings();
    await store.answer(2, { open: true, mode: 'overlay', width: 376 });
    expect(panel.style.width).toBe('376px');
  });

  it('applies only the latest read when reads finish out of order, and takes prefs changed elsewhere', async () => {
    const { host, store, panel } = await openHost({ open: true, mode: 'overlay', width: 360 });
    host.reloadSettings();
    host.reloadSettings();
    await store.answer(2, { open: true, mode: 'overlay', width: 500 });
    await store.answer(1, { open: true, mode: 'overlay', width: 400 });
    expect(panel.style.width).toBe('500px');
  });
});

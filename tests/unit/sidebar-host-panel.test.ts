// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createSidebarHost } from '../../utils/sidebar-host/host.ts';
import { createPanel } from '../../utils/sidebar-host/panel.ts';
import type { SitePrefs } from '../../utils/sidebar-host/settings.ts';

let abort: AbortController;
afterEach(() => abort.abort());

/** A host on an Asana task where the browser's side panel is chosen; `opens` answers each launcher click's ask. */
async function panelHost(prefs: SitePrefs, opens: boolean[]) {
  abort = new AbortController();
  let shadow: ShadowRoot | null = null;
  const attach = HTMLElement.prototype.attachShadow;
  HTMLElement.prototype.attachShadow = function (init) {
    shadow = attach.call(this, init);
    return shadow;
  };
  const asked: number[] = [];
  const host = createSidebarHost({
    window: window as unknown as Window & typeof globalThis,
    signal: abort.signal,
    sidebarUrl: 'about:blank',
    readSettings: async () => ({ enabled: true, theme: 'light', place: 'panel', prefs }),
    writePrefs: async () => undefined,
    reportExposure: () => undefined,
    loadPanel: async () => createPanel,
    exposureIntervalMs: 60_000,
    openPanel: async () => {
      asked.push(Date.now());
      return opens.shift() ?? false;
    },
  });
  HTMLElement.prototype.attachShadow = attach;
  host.receive({
    type: 'launcher.summary',
    summary: { itemKey: 'asana:task/1', team: 'Growth', goal: null, decisions: 0, pending: 0 },
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const root = shadow as unknown as ShadowRoot;
  // The panel's code loads on the first open: until then there is no panel, and nothing is shown.
  const panel = {
    get hidden() {
      return (root.querySelector('.panel') as HTMLElement | null)?.hidden ?? true;
    },
  };
  const launcher = root.querySelector('.launcher') as HTMLButtonElement;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { host, panel, launcher, asked, settle };
}

describe('the host where the browser side panel is chosen', () => {
  it("asks for the browser's panel on the launcher's click and keeps the page's sidebar closed", async () => {
    // Open remembered from when the page was chosen: it does not come back while the panel is.
    const { panel, launcher, asked, settle } = await panelHost({ open: true, mode: 'overlay', width: 380 }, [true]);
    expect(panel.hidden).toBe(true);
    expect(launcher.hidden).toBe(false);
    launcher.click();
    expect(asked).toHaveLength(1);
    await settle();
    expect(panel.hidden).toBe(true);
    expect(launcher.hidden).toBe(false);
  });

  it("opens the page's sidebar where the browser refuses its panel, and on the background's toggle", async () => {
    const { host, panel, launcher, asked, settle } = await panelHost({ open: false, mode: 'overlay', width: 380 }, [
      false,
    ]);
    launcher.click();
    await settle();
    expect(asked).toHaveLength(1);
    expect(panel.hidden).toBe(false);
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    expect(panel.hidden).toBe(true);
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    expect(panel.hidden).toBe(false);
  });

  it('shows a remembered open sidebar once the toggle brings it to the page', async () => {
    const { host, panel, settle } = await panelHost({ open: true, mode: 'overlay', width: 380 }, []);
    expect(panel.hidden).toBe(true);
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    expect(panel.hidden).toBe(false);
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    expect(panel.hidden).toBe(true);
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createSidebarHost } from '../../utils/sidebar-host/host.ts';
import { type CreatePanel, createPanel } from '../../utils/sidebar-host/panel.ts';
import { registeredPanel, registerPanel } from '../../utils/sidebar-host/panel-global.ts';
import type { SitePrefs } from '../../utils/sidebar-host/settings.ts';

let abort: AbortController;
afterEach(() => abort.abort());

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A host on an Asana task whose panel code comes from `loadPanel`; the closed shadow root is caught as attached. */
async function hostWith(prefs: SitePrefs, loadPanel: () => Promise<CreatePanel>) {
  abort = new AbortController();
  let shadow: ShadowRoot | null = null;
  const attach = HTMLElement.prototype.attachShadow;
  HTMLElement.prototype.attachShadow = function (init) {
    shadow = attach.call(this, init);
    return shadow;
  };
  const writes: SitePrefs[] = [];
  const host = createSidebarHost({
    window: window as unknown as Window & typeof globalThis,
    signal: abort.signal,
    sidebarUrl: 'about:blank',
    readSettings: async () => ({ enabled: true, theme: 'light', place: 'page', prefs }),
    writePrefs: async (_tool, next) => void writes.push(next),
    reportExposure: () => undefined,
    exposureIntervalMs: 60_000,
    loadPanel,
  });
  HTMLElement.prototype.attachShadow = attach;
  host.receive({
    type: 'launcher.summary',
    summary: { itemKey: 'asana:task/1', team: 'Growth', goal: null, decisions: 0, pending: 0 },
  });
  await settle();
  const root = shadow as unknown as ShadowRoot;
  return {
    host,
    writes,
    panel: () => root.querySelector<HTMLElement>('.panel'),
    frame: () => root.querySelector('iframe'),
    launcher: root.querySelector('.launcher') as HTMLButtonElement,
  };
}

describe("the sidebar panel's code, loaded on demand", () => {
  it('is not asked for while the sidebar stays closed, and once for every open after', async () => {
    let asked = 0;
    const { host, panel, frame, launcher } = await hostWith({ open: false, mode: 'overlay', width: 380 }, async () => {
      asked++;
      return createPanel;
    });
    expect(asked).toBe(0);
    expect(panel()).toBeNull();
    expect(launcher.hidden).toBe(false);
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    expect(asked).toBe(1);
    expect(panel()?.hidden).toBe(false);
    expect(frame()?.getAttribute('src')).toBe('about:blank');
    host.receive({ type: 'sidebar.toggle' });
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    expect(asked).toBe(1);
    expect(panel()?.hidden).toBe(false);
    expect(root(panel()).querySelectorAll('.panel')).toHaveLength(1);
  });

  it('loads at once for a sidebar remembered open', async () => {
    let asked = 0;
    const { panel, launcher } = await hostWith({ open: true, mode: 'overlay', width: 400 }, async () => {
      asked++;
      return createPanel;
    });
    await settle();
    expect(asked).toBe(1);
    expect(panel()?.hidden).toBe(false);
    expect(panel()?.style.width).toBe('400px');
    expect(launcher.hidden).toBe(true);
  });

  it("starts the frame's load at the open, while the panel's code is still on its way, and keeps that frame", async () => {
    let arrive: (create: CreatePanel) => void = () => undefined;
    const { host, panel, frame } = await hostWith(
      { open: false, mode: 'overlay', width: 380 },
      () => new Promise((resolve) => (arrive = resolve)),
    );
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    const loading = frame();
    expect(loading?.getAttribute('src')).toBe('about:blank');
    // Not shown before its code is there: no separator, no layout, no exposure guard yet.
    expect(panel()?.hidden).toBe(true);
    arrive(createPanel);
    await settle();
    expect(panel()?.hidden).toBe(false);
    expect(frame()).toBe(loading);
    expect(panel()?.querySelectorAll('iframe')).toHaveLength(1);
    expect(panel()?.querySelector('[role="separator"]')).not.toBeNull();
  });

  it('gives the launcher back when the code cannot be loaded, and asks again on the next open', async () => {
    const answers = [Promise.reject(new Error('Extension context invalidated.')), Promise.resolve(createPanel)];
    answers[0]?.catch(() => undefined);
    const { host, panel, frame, launcher, writes } = await hostWith(
      { open: false, mode: 'overlay', width: 380 },
      () => answers.shift() ?? Promise.reject(new Error('asked too often')),
    );
    host.receive({ type: 'sidebar.toggle' });
    await settle();
    // The frame started for the open is gone with it.
    expect(panel()).toBeNull();
    expect(frame()).toBeNull();
    expect(launcher.hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    launcher.click();
    await settle();
    expect(panel()?.hidden).toBe(false);
    expect(answers).toHaveLength(0);
    expect(writes.at(-1)).toMatchObject({ open: true });
  });
});

describe("the panel script's hand-over", () => {
  it('leaves the code under a symbol of the world it runs in: a string-named property (an element id) is no stand-in', () => {
    const scope: Record<string | symbol, unknown> = { 'hallway.sidebar-panel': () => undefined };
    expect(registeredPanel(scope)).toBeNull();
    registerPanel(createPanel, scope);
    expect(registeredPanel(scope)).toBe(createPanel);
    expect(registeredPanel({})).toBeNull();
  });
});

function root(node: Node | null): ParentNode {
  return (node?.getRootNode() ?? document) as ParentNode;
}

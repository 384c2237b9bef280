// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { geometryProblem, type PanelGeometry } from '../../utils/sidebar-host/exposure.ts';
import { createSidebarHost } from '../../utils/sidebar-host/host.ts';
import { createPanel } from '../../utils/sidebar-host/panel.ts';

const viewport = { width: 1280, height: 800 };
/** The panel as the host lays it out: 380 px wide at the right edge, the viewport's height, unzoomed. */
const laidOut: PanelGeometry = { left: 900, top: 0, right: 1280, width: 380, height: 800, zoom: 1 };

describe("the exposure guard's size and scale check", () => {
  it('accepts the panel where the host put it, scrollbars or not, with or without currentCSSZoom', () => {
    expect(geometryProblem(laidOut, 380, viewport)).toBeNull();
    const withScrollbars = { left: 885, top: 0, right: 1265, width: 380, height: 785 };
    expect(geometryProblem(withScrollbars, 380, viewport)).toBeNull();
  });

  it('catches html { zoom: .1 } body { zoom: 10 }: a 38 px sliver, by its zoom or, without one, by its size', () => {
    const sliver = { left: 1242, top: 0, right: 1280, width: 38, height: 80 };
    expect(geometryProblem({ ...sliver, zoom: 0.1 }, 380, viewport)).toBe('zoomed by the page');
    expect(geometryProblem(sliver, 380, viewport)).toBe('resized by the page');
    expect(geometryProblem({ ...laidOut, zoom: 2 }, 380, viewport)).toBe('zoomed by the page');
  });

  it('catches a scaled, moved or re-anchored root', () => {
    // transform: scale(.5) on the root, anchored top right.
    expect(geometryProblem({ left: 1090, top: 0, right: 1280, width: 190, height: 400 }, 380, viewport)).toBe(
      'resized by the page',
    );
    // A transformed root becomes the panel's containing block: the panel spans the whole document.
    expect(geometryProblem({ ...laidOut, height: 5000 }, 380, viewport)).toBe('resized by the page');
    expect(geometryProblem({ ...laidOut, left: 500, right: 880 }, 380, viewport)).toBe('moved by the page');
    expect(geometryProblem({ ...laidOut, left: 1000, right: 1380 }, 380, viewport)).toBe('moved off screen');
    expect(geometryProblem({ ...laidOut, top: 300 }, 380, viewport)).toBe('moved off screen');
  });
});

describe('the launcher: workspace text out of the page', () => {
  let abort: AbortController;
  afterEach(() => abort.abort());

  it('puts no team, goal or count in the page as text: it draws them and names the button for screen readers', () => {
    abort = new AbortController();
    let shadow: ShadowRoot | null = null;
    const attach = HTMLElement.prototype.attachShadow;
    HTMLElement.prototype.attachShadow = function (init) {
      shadow = attach.call(this, init);
      return shadow;
    };
    const host = createSidebarHost({
      window: window as unknown as Window & typeof globalThis,
      signal: abort.signal,
      sidebarUrl: 'about:blank',
      readSettings: async () => ({
        enabled: true,
        theme: 'light',
        place: 'page',
        prefs: { open: false, mode: 'overlay', width: 380 },
      }),
      writePrefs: async () => undefined,
      reportExposure: () => undefined,
      loadPanel: async () => createPanel,
    });
    HTMLElement.prototype.attachShadow = attach;
    host.receive({
      type: 'launcher.summary',
      summary: { itemKey: 'asana:task/1', team: 'Growth', goal: 'Grow revenue', decisions: 3, pending: 1 },
    });
    const root = shadow as unknown as ShadowRoot;
    const launcher = root.querySelector('.launcher');
    expect(launcher?.getAttribute('aria-label')).toBe(
      'Open Hallway sidebar. Owned by Growth, goal Grow revenue, 3 decisions, 1 pending.',
    );
    const texts: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.textContent ?? '');
    const rendered = texts.join(' ');
    for (const secret of ['Growth', 'Grow revenue', '3 decisions', 'pending']) expect(rendered).not.toContain(secret);
    expect(root.querySelector('canvas.lines')?.getAttribute('aria-hidden')).toBe('true');
  });
});

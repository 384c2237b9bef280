/**
 * Where the injected panel script (`entrypoints/sidebar-panel.ts`) leaves the panel's code for the content script:
 * a symbol-keyed property of the content script world's global, which the page's own world never sees (it has its
 * own global object) and cannot shadow either (a page's element ids name window properties by string only).
 */
import type { CreatePanel } from './panel.ts';

const PANEL_GLOBAL = Symbol.for('hallway.sidebar-panel');

type Scope = { [PANEL_GLOBAL]?: unknown };

export function registerPanel(create: CreatePanel, scope: object = globalThis): void {
  (scope as Scope)[PANEL_GLOBAL] = create;
}

/** The panel's code once the panel script ran in this world, else null. */
export function registeredPanel(scope: object = globalThis): CreatePanel | null {
  const create = (scope as Scope)[PANEL_GLOBAL];
  return typeof create === 'function' ? (create as CreatePanel) : null;
}

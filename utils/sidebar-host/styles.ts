/**
 * The shadow root's styles (the open panel adds its own: `panel.ts`). `:host` declarations are `!important`: inside a
 * shadow tree those beat the page's own `!important` rules and inline styles on the host, so page CSS cannot hide,
 * fade or move Hallway's UI.
 */
export const HOST_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  inset: 0 0 auto auto !important;
  width: 0 !important;
  height: 0 !important;
  z-index: 2147483647 !important;
  opacity: 1 !important;
  visibility: visible !important;
  transform: none !important;
  filter: none !important;
  clip-path: none !important;
  mask: none !important;
  contain: none !important;
  pointer-events: auto !important;
}
.root {
  --bg: #ffffff; --fg: #18181b; --muted: #52525b; --border: #e4e4e7; --accent: oklch(0.52 0.22 275);
  --accent-soft: oklch(0.97 0.02 270); --amber: #b45309; --shadow: 0 8px 24px rgb(0 0 0 / 0.12), 0 1px 3px rgb(0 0 0 / 0.08);
  font: 500 12px/16px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg);
  -webkit-font-smoothing: antialiased;
}
@media (prefers-color-scheme: dark) {
  .root.system { --bg: #18181b; --fg: #f4f4f5; --muted: #a1a1aa; --border: #3f3f46; --accent-soft: rgb(99 102 241 / 0.18); --amber: #fbbf24; }
}
.root.dark { --bg: #18181b; --fg: #f4f4f5; --muted: #a1a1aa; --border: #3f3f46; --accent-soft: rgb(99 102 241 / 0.18); --amber: #fbbf24; }
.launcher {
  position: fixed; right: 0; bottom: 96px; display: flex; align-items: center; gap: 8px;
  max-width: 280px; padding: 7px 12px 7px 8px; border: 1px solid var(--border); border-right: 0;
  border-radius: 10px 0 0 10px; background: var(--bg); color: var(--fg); box-shadow: var(--shadow);
  cursor: pointer; text-align: left; font: inherit; transition: transform 120ms ease-out;
}
.launcher:hover { transform: translateX(-2px); }
.launcher:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.launcher[hidden] { display: none; }
.mark {
  flex: none; display: grid; place-items: center; width: 22px; height: 22px; border-radius: 6px;
  background: var(--accent); color: #fff; font-weight: 700; font-size: 12px;
}
.lines { display: block; flex: none; }
`;

/**
 * What the content script needs of the settings, read without zod (it would bloat the content bundle):
 * - from the shared user settings (`utils/settings.ts`, owned by the options page): whether the tool is enabled, the
 *   theme and where the sidebar opens; a missing or malformed value means the default there, enabled, 'system' and
 *   in the page;
 * - the sidebar's own layout memory, per tool: open or closed, overlay or push, width.
 * storage.local is writable by every extension context, so each value is checked on read.
 */
import type { Browser } from 'wxt/browser';
import type { Tool } from '../contract.ts';
import type { SidebarPlace, Theme } from '../settings.ts';
import { clampWidth, DEFAULT_WIDTH, type LayoutMode } from './layout.ts';

/** The key of `utils/settings.ts` (importing it would pull zod in; a unit test keeps the two equal). */
export const SHARED_SETTINGS_KEY = 'settings';
export const sitePrefsKey = (tool: Tool) => `sidebar.site.${tool}`;

export interface SitePrefs {
  open: boolean;
  mode: LayoutMode;
  width: number;
}

export const DEFAULT_SITE_PREFS: SitePrefs = { open: false, mode: 'overlay', width: DEFAULT_WIDTH };

type Storage = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;

export function parseSitePrefs(value: unknown): SitePrefs {
  const open = fieldOf(value, 'open');
  const mode = fieldOf(value, 'mode');
  const width = fieldOf(value, 'width');
  return {
    open: typeof open === 'boolean' ? open : DEFAULT_SITE_PREFS.open,
    mode: mode === 'push' || mode === 'overlay' ? mode : DEFAULT_SITE_PREFS.mode,
    width:
      typeof width === 'number' && Number.isFinite(width)
        ? clampWidth(width, Number.POSITIVE_INFINITY)
        : DEFAULT_SITE_PREFS.width,
  };
}

const isPlace = (value: unknown): value is SidebarPlace => value === 'page' || value === 'panel';

/**
 * The place chosen for a tool (its own choice, else the global one) from the shared settings as stored; `null`:
 * a tab without a work item, which follows the global choice.
 */
export function sidebarPlaceOf(shared: unknown, tool: Tool | null): SidebarPlace {
  const own = tool ? fieldOf(fieldOf(shared, 'sitePlaces'), tool) : undefined;
  if (isPlace(own)) return own;
  const global = fieldOf(shared, 'sidebarPlace');
  return isPlace(global) ? global : 'page';
}

export interface SidebarSettings {
  enabled: boolean;
  theme: Theme;
  place: SidebarPlace;
  prefs: SitePrefs;
}

/** The theme of the shared settings; anything unexpected is the default, 'system'. */
export function parseThemeSetting(value: unknown): Theme {
  const theme = fieldOf(value, 'theme');
  return theme === 'light' || theme === 'dark' ? theme : 'system';
}

/** Reads the shared settings the way `utils/settings.ts` validates them: anything unexpected is the default. */
export function parseSharedSettings(value: unknown, tool: Tool): Omit<SidebarSettings, 'prefs'> {
  const enabled = fieldOf(fieldOf(value, 'enabledSites'), tool);
  return { enabled: enabled !== false, theme: parseThemeSetting(value), place: sidebarPlaceOf(value, tool) };
}

export async function readSidebarSettings(storage: Storage, tool: Tool): Promise<SidebarSettings> {
  const stored = await storage.get([SHARED_SETTINGS_KEY, sitePrefsKey(tool)]);
  return {
    ...parseSharedSettings(stored[SHARED_SETTINGS_KEY], tool),
    prefs: parseSitePrefs(stored[sitePrefsKey(tool)]),
  };
}

export async function writeSitePrefs(storage: Storage, tool: Tool, prefs: SitePrefs): Promise<void> {
  await storage.set({ [sitePrefsKey(tool)]: prefs });
}

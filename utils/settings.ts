/**
 * User settings in `storage.local`: the server URL, enabled sites, theme and where the sidebar opens. None of them is a secret (content
 * scripts can read storage.local); the API token lives in the extension's IndexedDB instead (`credentials`).
 * Every read is validated: a value from an older release or a broken write falls back to the defaults.
 */
import { type Browser, browser } from 'wxt/browser';
import { z } from 'zod';
import { zHttpUrl, zTool } from './contract.ts';
import { loadPolicy, type Policy, serverUrlLocked } from './policy.ts';

export const SETTINGS_KEY = 'settings';

export const zTheme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof zTheme>;

/**
 * Where the sidebar opens: `page`, the panel inside the tool's page (`utils/sidebar-host/`); `panel`, the browser's
 * own side panel (Chrome's `sidePanel`, Firefox's `sidebar_action`), showing the same sidebar page for the window's
 * active tab. The content script reads it without zod (`sidebarPlaceOf`).
 */
export const zSidebarPlace = z.enum(['page', 'panel']);
export type SidebarPlace = z.infer<typeof zSidebarPlace>;

const zEnabledSites = z.object({
  notion: z.boolean().default(true),
  asana: z.boolean().default(true),
  jira: z.boolean().default(true),
  gmail: z.boolean().default(true),
});

export const zSettings = z.object({
  serverUrl: zHttpUrl.nullable().default(null),
  enabledSites: zEnabledSites.default({ notion: true, asana: true, jira: true, gmail: true }),
  theme: zTheme.default('system'),
  /** Where the sidebar opens: in the tool's page, or in the browser's own side panel (Firefox: its sidebar). */
  sidebarPlace: zSidebarPlace.default('page'),
  /** A tool's own choice of place; a tool missing here follows `sidebarPlace`. */
  sitePlaces: z.partialRecord(zTool, zSidebarPlace).default({}),
});
export type Settings = z.output<typeof zSettings>;

/**
 * A change of the settings as an extension page sends it to the background (`settings.save`): only the fields named,
 * none filled in with a default (a default would write over the stored value of a field the page did not touch).
 */
export const zSettingsPatch = z.object({
  serverUrl: zHttpUrl.nullable().optional(),
  enabledSites: zEnabledSites.optional(),
  theme: zTheme.optional(),
  sidebarPlace: zSidebarPlace.optional(),
  sitePlaces: z.partialRecord(zTool, zSidebarPlace).optional(),
});

/**
 * `npm start` builds the development extension with the local server and its admin token, so it is connected out
 * of the box. Only development builds read the token: Vite replaces `import.meta.env.DEV` with `false` in a
 * production build, which drops the token expression from the bundle.
 */
export function developmentConnection(): { serverUrl: string | null; token: string | null } {
  // Spelled out as `import.meta.env.X` so Vite replaces each one statically: reading `import.meta.env` as an
  // object would inline the whole env object, token included, into every build.
  if (!import.meta.env.DEV) return { serverUrl: null, token: null };
  const serverUrl = zHttpUrl.safeParse(import.meta.env.WXT_HALLWAY_SERVER_URL);
  const token: unknown = import.meta.env.WXT_HALLWAY_DEV_TOKEN;
  return {
    serverUrl: serverUrl.success ? serverUrl.data : null,
    token: typeof token === 'string' && token ? token : null,
  };
}

export function defaultSettings(): Settings {
  return zSettings.parse({ serverUrl: developmentConnection().serverUrl });
}

export async function loadSettings(storage: Browser.storage.StorageArea = browser.storage.local): Promise<Settings> {
  const stored = (await storage.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (stored === undefined) return defaultSettings();
  const parsed = zSettings.safeParse(stored);
  return parsed.success ? parsed.data : defaultSettings();
}

/**
 * The settings with the admin's policy laid over them: a locked server URL replaces the user's, an unlocked one fills
 * in for none (the first run), and the tools the policy turns off stay off.
 */
export function withPolicy(settings: Settings, policy: Policy): Settings {
  const serverUrl = serverUrlLocked(policy)
    ? (policy.serverUrl ?? null)
    : (settings.serverUrl ?? policy.serverUrl ?? null);
  const enabledSites = { ...settings.enabledSites };
  for (const tool of policy.disabledTools ?? []) enabledSites[tool] = false;
  return { ...settings, serverUrl, enabledSites };
}

/** The read-then-write of the settings in progress in this context; the next one starts after it. */
let writing: Promise<unknown> = Promise.resolve();

/**
 * Saves a change of the settings; what the admin's policy locks keeps the policy's value. `beforeWrite` hears the
 * settings about to be written, before any other context can read them (the background's memory of them, see
 * `utils/background/side-panel.ts`); it is not called when nothing changes.
 *
 * Only the background calls this: the extension pages save through it (`settings.save`), so that every save reads
 * the settings the one before it wrote. Two saves read at the same moment would each write back the other's field as
 * it was (a sign-in's server address against a site switched off in the popup: one of them lost).
 */
export async function saveSettings(
  patch: Partial<Settings>,
  storage: Browser.storage.StorageArea = browser.storage.local,
  policy: () => Promise<Policy> = () => loadPolicy(),
  beforeWrite: (next: Settings) => void = () => undefined,
): Promise<Settings> {
  // The policy first, outside the queue (managed storage can be slow to answer, and other saves need not wait for
  // it): the settings it is laid over are read just before the write, never a copy read before another save.
  const policyNow = await policy();
  const save = writing.then(async () => {
    const current = await loadSettings(storage);
    const next = withPolicy(zSettings.parse({ ...current, ...patch }), policyNow);
    // Nothing to change (the policy applied at start, with no policy or one already applied): no write at all, so it
    // cannot race a page storing new settings at the same moment.
    if (JSON.stringify(next) === JSON.stringify(current)) return next;
    beforeWrite(next);
    await storage.set({ [SETTINGS_KEY]: next });
    return next;
  });
  writing = save.catch(() => undefined);
  return save;
}

import { type Browser, browser } from 'wxt/browser';

/** `storage.local` key of the self-hosted Jira hosts (`host[:port]`) the user enabled. Hosts are not secrets. */
export const JIRA_HOSTS_KEY = 'jiraHosts';
/** The built content script that detects items; the same file the manifest declares for the hosted tools. */
const WORK_ITEM_SCRIPT = 'content-scripts/work-item.js';
/** Firefox without the Navigation API needs the MAIN-world history hook beside it (see utils/page/history-event.ts). */
const HISTORY_HOOK_SCRIPT = 'content-scripts/history-hook.js';
const SCRIPT_ID_PREFIX = 'jira-host:';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_PORT = new RegExp(`^(${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?$`);

export type JiraHostResult = { ok: true; host: string } | { ok: false; error: string };

/**
 * Validates what the user typed: `host[:port]`, or a pasted Jira URL whose host is taken. Lowercases the host and
 * drops ports 80 and 443, because a page's `location.host` omits its scheme's default port.
 */
export function parseJiraHost(input: string): JiraHostResult {
  const trimmed = input.trim().toLowerCase();
  if (!trimmed) return { ok: false, error: 'Enter the host of your Jira, e.g. jira.example.com or 10.1.4.22:8080.' };
  const candidate = /^https?:\/\//.test(trimmed) ? (URL.parse(trimmed)?.host ?? '') : trimmed.replace(/\/+$/, '');
  const match = HOST_PORT.exec(candidate);
  const hostname = match?.[1];
  if (!hostname || candidate.length > 260) {
    return { ok: false, error: `"${input.trim()}" is not a host. Use host or host:port, without a path.` };
  }
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) {
    return { ok: false, error: `Port ${match[2]} is out of range (1-65535).` };
  }
  if (hostname === 'atlassian.net' || hostname.endsWith('.atlassian.net')) {
    return { ok: false, error: 'Jira Cloud sites (*.atlassian.net) work without being added.' };
  }
  const keepPort = port !== undefined && port !== 80 && port !== 443;
  return { ok: true, host: keepPort ? `${hostname}:${port}` : hostname };
}

const hostnameOf = (host: string) => host.replace(/:\d+$/, '');
/** Match patterns carry no port, so one pattern covers every port and both schemes of a hostname. */
const originPatternOf = (host: string) => `*://${hostnameOf(host)}/*`;

export async function listJiraHosts(storage: Browser.storage.StorageArea = browser.storage.local): Promise<string[]> {
  const stored = (await storage.get(JIRA_HOSTS_KEY))[JIRA_HOSTS_KEY];
  return Array.isArray(stored) ? stored.filter((host): host is string => typeof host === 'string') : [];
}

/**
 * Enables a self-hosted Jira. Must be called from a user gesture in an extension page: the permission prompt is the
 * first thing it does, before any await, or the browser refuses to show it.
 */
export async function addJiraHost(input: string): Promise<JiraHostResult> {
  const parsed = parseJiraHost(input);
  if (!parsed.ok) return parsed;
  const granted = await browser.permissions.request({ origins: [originPatternOf(parsed.host)] });
  if (!granted) return { ok: false, error: `Hallway needs access to ${parsed.host} to recognise its issues.` };
  const hosts = await listJiraHosts();
  if (!hosts.includes(parsed.host)) await browser.storage.local.set({ [JIRA_HOSTS_KEY]: [...hosts, parsed.host] });
  await syncJiraContentScripts();
  return parsed;
}

/** Disables a host: forgets it, and gives back the permission once no other enabled port of its hostname needs it. */
export async function removeJiraHost(host: string): Promise<void> {
  const remaining = (await listJiraHosts()).filter((candidate) => candidate !== host);
  await browser.storage.local.set({ [JIRA_HOSTS_KEY]: remaining });
  await syncJiraContentScripts();
  if (!remaining.some((candidate) => hostnameOf(candidate) === hostnameOf(host))) {
    await browser.permissions.remove({ origins: [originPatternOf(host)] });
  }
}

/**
 * Makes the registered content scripts match the enabled hosts whose permission is granted: one registration per
 * hostname. Registrations persist across sessions; the background calls this on install and startup as well, so an
 * update or a permission revoked in the browser's settings cannot leave them out of step.
 */
export async function syncJiraContentScripts(): Promise<void> {
  const wanted = new Map<string, Browser.scripting.RegisteredContentScript>();
  for (const hostname of new Set((await listJiraHosts()).map(hostnameOf))) {
    if (!(await browser.permissions.contains({ origins: [originPatternOf(hostname)] }))) continue;
    for (const script of contentScriptsFor(hostname)) wanted.set(script.id, script);
  }
  const registered = (await browser.scripting.getRegisteredContentScripts())
    .map((script) => script.id)
    .filter((id) => id.startsWith(SCRIPT_ID_PREFIX));
  const stale = registered.filter((id) => !wanted.has(id));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const missing = [...wanted.values()].filter((script) => !registered.includes(script.id));
  if (missing.length > 0) await browser.scripting.registerContentScripts(missing);
}

function contentScriptsFor(hostname: string): Browser.scripting.RegisteredContentScript[] {
  const detector = {
    id: `${SCRIPT_ID_PREFIX}${hostname}`,
    matches: [originPatternOf(hostname)],
    js: [WORK_ITEM_SCRIPT],
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  if (import.meta.env.BROWSER !== 'firefox') return [detector];
  return [
    detector,
    { ...detector, id: `${detector.id}#history`, js: [HISTORY_HOOK_SCRIPT], runAt: 'document_start', world: 'MAIN' },
  ];
}

import type { ItemRef } from '../contract.ts';

const JIRA_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

/** Which work item a URL shows, or null. Pure: no browser API, so it is tested over URL tables in Node. */
export function detectItem(url: string): ItemRef | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol !== 'https:' || !host.endsWith('.atlassian.net')) return null;
  const match = /^\/browse\/([^/]+)\/?$/.exec(parsed.pathname);
  const key = match?.[1];
  if (!key || !JIRA_KEY.test(key)) return null;
  const id = key.toUpperCase();
  const workspace = parsed.host.toLowerCase();
  return {
    tool: 'jira',
    kind: 'issue',
    id,
    workspace,
    project: id.slice(0, id.lastIndexOf('-')),
    key: `jira:${workspace}/${id}`,
    url: `https://${workspace}/browse/${id}`,
  };
}

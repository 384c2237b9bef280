import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addJiraHost, JIRA_HOSTS_KEY, listJiraHosts, parseJiraHost, removeJiraHost } from '../../utils/jira-hosts.ts';

describe('parseJiraHost', () => {
  it.each([
    ['jira.example.com', 'jira.example.com'],
    ['  JIRA.Example.com  ', 'jira.example.com'],
    ['10.1.4.22:8080', '10.1.4.22:8080'],
    ['jira.example.com:443', 'jira.example.com'],
    ['jira.example.com:80', 'jira.example.com'],
    ['https://issues.apache.org/jira/browse/SPARK-1', 'issues.apache.org'],
    ['http://10.1.4.22:8080/secure/Dashboard.jspa', '10.1.4.22:8080'],
    ['jira.example.com/', 'jira.example.com'],
  ])('accepts %j as %s', (input, host) => {
    expect(parseJiraHost(input)).toEqual({ ok: true, host });
  });

  it.each([
    ['', 'Enter the host'],
    ['jira.example.com/jira', 'not a host'],
    ['jira example.com', 'not a host'],
    ['-jira.example.com', 'not a host'],
    ['jira.example.com:0', 'out of range'],
    ['jira.example.com:70000', 'out of range'],
    ['acme.atlassian.net', 'work without being added'],
    ['ftp://jira.example.com', 'not a host'],
  ])('refuses %j with a clear error', (input, message) => {
    const result = parseJiraHost(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('enabling and disabling a self-hosted Jira', () => {
  const granted = new Set<string>();
  let registered: { id: string; matches?: string[]; js?: string[] }[] = [];
  const request = vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
    for (const origin of origins) granted.add(origin);
    return true;
  });

  beforeEach(() => {
    fakeBrowser.reset();
    granted.clear();
    registered = [];
    request.mockClear();
    // The fake browser has no permissions or scripting namespaces: these stand in for the browser's bookkeeping.
    Object.assign(fakeBrowser, {
      permissions: {
        request,
        contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((origin) => granted.has(origin)),
        remove: async ({ origins = [] }: { origins?: string[] }) => {
          for (const origin of origins) granted.delete(origin);
          return true;
        },
      },
      scripting: {
        getRegisteredContentScripts: async () => registered,
        registerContentScripts: async (scripts: typeof registered) => {
          registered = [...registered, ...scripts];
        },
        unregisterContentScripts: async ({ ids = [] }: { ids?: string[] }) => {
          registered = registered.filter((script) => !ids.includes(script.id));
        },
      },
    });
  });

  it('asks for the host at once, stores it and registers the content script for it', async () => {
    expect(await addJiraHost('jira.example.com:8443')).toEqual({ ok: true, host: 'jira.example.com:8443' });
    expect(request).toHaveBeenCalledWith({ origins: ['*://jira.example.com/*'] });
    expect(await listJiraHosts()).toEqual(['jira.example.com:8443']);
    expect(registered).toEqual([
      expect.objectContaining({ matches: ['*://jira.example.com/*'], js: ['content-scripts/work-item.js'] }),
    ]);
  });

  it('changes nothing when the user refuses the permission', async () => {
    request.mockResolvedValueOnce(false);
    const result = await addJiraHost('jira.example.com');
    expect(result).toMatchObject({ ok: false });
    expect(await fakeBrowser.storage.local.get(JIRA_HOSTS_KEY)).toEqual({});
    expect(registered).toEqual([]);
  });

  it('keeps the permission and script while another port of the same hostname is enabled', async () => {
    await addJiraHost('jira.example.com');
    await addJiraHost('jira.example.com:8443');
    expect(registered).toHaveLength(1);
    await removeJiraHost('jira.example.com');
    expect(registered).toHaveLength(1);
    expect(granted.has('*://jira.example.com/*')).toBe(true);
    await removeJiraHost('jira.example.com:8443');
    expect(registered).toEqual([]);
    expect(granted.size).toBe(0);
    expect(await listJiraHosts()).toEqual([]);
  });
});

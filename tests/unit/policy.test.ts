/**
 * The admin's policy (issue 14 point 7): read from managed storage key by key (one wrong value loses that value, not
 * the policy), laid over the settings wherever they are saved, and matching the schema Chrome checks it against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadPolicy, serverUrlLocked, signInModeOf, zPolicy } from '../../utils/policy.ts';
import { loadSettings, saveSettings } from '../../utils/settings.ts';

beforeEach(() => fakeBrowser.reset());

describe('the admin policy', () => {
  it('writes nothing when applying the policy changes nothing, so it cannot race another page’s save', async () => {
    await saveSettings({ serverUrl: 'https://kept.example' }, fakeBrowser.storage.local, async () => ({}));
    const writes: unknown[] = [];
    const watched = {
      get: (keys: string) => fakeBrowser.storage.local.get(keys),
      set: (items: Record<string, unknown>) => {
        writes.push(items);
        return fakeBrowser.storage.local.set(items);
      },
    } as unknown as typeof fakeBrowser.storage.local;
    expect((await saveSettings({}, watched, async () => ({}))).serverUrl).toBe('https://kept.example');
    expect(writes).toEqual([]);
    await saveSettings({}, watched, async () => ({ disabledTools: ['gmail'] }));
    expect(writes).toHaveLength(1);
  });

  it('applies a slow policy over the settings as they are when written, never over a copy read before it', async () => {
    await saveSettings({ serverUrl: 'https://old.example' }, fakeBrowser.storage.local, async () => ({}));
    let answerPolicy: (policy: { disabledTools: ['gmail'] }) => void = () => undefined;
    const slowPolicy = () => new Promise<{ disabledTools: ['gmail'] }>((resolve) => (answerPolicy = resolve));
    // The background applies the policy at start while another page stores the user's new server meanwhile.
    const applying = saveSettings({}, fakeBrowser.storage.local, slowPolicy);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await saveSettings({ serverUrl: 'https://new.example' }, fakeBrowser.storage.local, async () => ({}));
    answerPolicy({ disabledTools: ['gmail'] });
    const applied = await applying;
    expect(applied.serverUrl).toBe('https://new.example');
    expect(applied.enabledSites.gmail).toBe(false);
    expect((await loadSettings()).serverUrl).toBe('https://new.example');
  });

  it('reads each key on its own and drops only what is wrong', async () => {
    await fakeBrowser.storage.managed.set({
      serverUrl: 'https://hallway.acme.example',
      serverUrlLocked: 'yes',
      signInMode: 'sso',
      disabledTools: ['gmail', 'myspace'],
    });
    expect(await loadPolicy()).toEqual({
      serverUrl: 'https://hallway.acme.example',
      signInMode: 'sso',
      disabledTools: ['gmail'],
    });
    const failing = { get: async () => Promise.reject(new Error('Managed storage manifest not found')) };
    expect(await loadPolicy(failing as never)).toEqual({});
  });

  it('fills in the server on the first run, keeps a locked one, and keeps turned-off tools off', async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: 'https://hallway.acme.example', disabledTools: ['jira'] });
    // Unlocked: the first run starts at the company's server; the user may choose another.
    expect((await saveSettings({})).serverUrl).toBe('https://hallway.acme.example');
    expect((await saveSettings({ serverUrl: 'https://other.example' })).serverUrl).toBe('https://other.example');
    const off = await saveSettings({ enabledSites: { notion: true, asana: true, jira: true, gmail: true } });
    expect(off.enabledSites).toEqual({ notion: true, asana: true, jira: false, gmail: true });

    await fakeBrowser.storage.managed.set({ serverUrlLocked: true });
    expect((await saveSettings({ serverUrl: 'https://other.example' })).serverUrl).toBe('https://hallway.acme.example');
    expect((await loadSettings()).serverUrl).toBe('https://hallway.acme.example');
    expect(serverUrlLocked(await loadPolicy())).toBe(true);
    expect(signInModeOf(await loadPolicy())).toBe('auto');
  });

  it('matches public/managed_schema.json, the schema Chrome checks the policy against', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/managed_schema.json'), 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(zPolicy.shape).sort());
    expect(schema.properties.signInMode.enum).toEqual(['auto', 'sso', 'token']);
    expect(schema.properties.disabledTools.items.enum).toEqual(['notion', 'asana', 'jira', 'gmail']);
  });
});

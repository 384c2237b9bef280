import { describe, expect, it } from 'vitest';
import config from '../../wxt.config.ts';

type Hook = (wxt: unknown, entrypoints: { name: string; skipped: boolean; options: object }[]) => void;

describe('the WXT config', () => {
  it("leaves another browser's entrypoints out of a build without WXT's skipped-entrypoints warning", () => {
    const hook = (config.hooks as Record<string, Hook> | undefined)?.['entrypoints:resolved'];
    if (!hook) throw new Error('no entrypoints:resolved hook');
    const resolved = (browser: string) => [
      { name: 'history-hook', skipped: browser !== 'firefox', options: { include: ['firefox'] } },
      { name: 'chrome-only', skipped: browser === 'firefox', options: { exclude: ['firefox'] } },
      // Skipped for another reason (`--filter-entrypoint`): WXT still says so.
      { name: 'filtered-out', skipped: true, options: {} },
      { name: 'popup', skipped: false, options: {} },
    ];
    const names = (browser: string) => {
      const entrypoints = resolved(browser);
      hook({ config: { browser } }, entrypoints);
      return entrypoints.map((entry) => entry.name);
    };
    expect(names('chrome')).toEqual(['chrome-only', 'filtered-out', 'popup']);
    expect(names('firefox')).toEqual(['history-hook', 'filtered-out', 'popup']);
  });

  it('builds content scripts without webextension-polyfill, and extension pages with it', () => {
    type ExtendHook = (entrypoints: { type: string }[], config: { resolve?: { alias?: unknown } }) => void;
    const hook = (config.hooks as Record<string, ExtendHook> | undefined)?.['vite:build:extendConfig'];
    if (!hook) throw new Error('no vite:build:extendConfig hook');
    const polyfill = { 'wxt/browser': '@wxt-dev/webextension-polyfill/browser' };
    const content = { resolve: { alias: { ...polyfill } } };
    hook([{ type: 'content-script' }], content);
    const aliases = content.resolve.alias as unknown as { find: string | RegExp; replacement: string }[];
    const first = aliases.find(({ find }) =>
      typeof find === 'string' ? find === 'wxt/browser' : find.test('wxt/browser'),
    );
    expect(first?.replacement).toBe('@wxt-dev/browser');
    const page = { resolve: { alias: { ...polyfill } } };
    hook([{ type: 'popup' }], page);
    expect(page.resolve.alias).toEqual(polyfill);
  });
});

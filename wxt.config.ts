import { join } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import { firstRenderChunks, noDynamicImportPreloads } from './scripts/vite-first-render-chunks.ts';
import { zodWithoutEval } from './scripts/vite-zod-without-eval.ts';
import { SUPPORTED_HOST_PATTERNS } from './utils/sites/host-patterns.ts';

export default defineConfig({
  // `@wxt-dev/i18n`: locales/*.yml become _locales/*/messages.json, read through `t()` (utils/i18n.ts).
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // Explicit imports keep every module importable from Node (tests, server) without WXT's globals.
  imports: false,
  hooks: {
    // WXT 0.21 still runs unimport's transform with `imports: false` (wxt-dev/wxt#2206): a local named `storage` or
    // `browser` gets an injected import, and `wxt/utils/storage` (16 kB, side effects) lands in the content script.
    // `autoImport: false` keeps only the `#imports` rewrite.
    'config:resolved': (wxt) => {
      Object.assign(wxt.config.imports, { autoImport: false });
    },
    // An entrypoint meant for other browsers only (`include`/`exclude`, e.g. the Firefox-only history hook) is left
    // out of this browser's build on purpose: drop it from the list instead of WXT warning "entrypoints skipped" on
    // every build. Entrypoints skipped for other reasons (`--filter-entrypoint`) still get the warning.
    // Content scripts without webextension-polyfill (10 kB, a third of a content script): their few calls
    // (runtime.sendMessage/connect/getURL, storage.local, onMessage without answers) are promise-based natively in
    // Chromium's MV3 and in Firefox, so `wxt/browser` is the browser's own object there. Extension pages keep it;
    // the sidebar frame's early script (entrypoints/sidebar-early.ts: runtime.connect and sendMessage) goes without.
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      // The pages' build: what the popup and the sidebar load first goes into a few chunks.
      firstRenderChunks(
        viteConfig,
        entrypoints.map((entry) => entry.name),
      );
      noDynamicImportPreloads(viteConfig);
      if (!entrypoints.every((entry) => entry.type === 'content-script' || entry.name === 'sidebar-early')) return;
      viteConfig.resolve ??= {};
      const { alias } = viteConfig.resolve;
      const listed = Array.isArray(alias)
        ? alias
        : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }));
      viteConfig.resolve.alias = [
        { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' },
        // WXT's context without its timers, location watcher and logger, and without announcing the extension's id
        // to the page (utils/page/script-context.ts).
        {
          find: /^wxt\/utils\/content-script-context$/,
          replacement: join(import.meta.dirname, 'utils/page/script-context.ts'),
        },
        ...listed,
      ];
    },
    'entrypoints:resolved': (wxt, entrypoints) => {
      const { browser } = wxt.config;
      const forOtherBrowsers = ({ options }: (typeof entrypoints)[number]) =>
        options.include?.includes(browser) === false || options.exclude?.includes(browser) === true;
      for (let index = entrypoints.length - 1; index >= 0; index -= 1) {
        const entry = entrypoints[index];
        if (entry?.skipped && forOtherBrowsers(entry)) entrypoints.splice(index, 1);
      }
    },
  },
  vite: () => ({ plugins: [tailwindcss(), zodWithoutEval()] }),
  // `npm start` opens the development build in Chromium/Chrome, unless the machine has no display.
  webExt: {
    disabled: process.env.HALLWAY_NO_BROWSER === '1',
    binaries: process.env.CHROME_PATH ? { chrome: process.env.CHROME_PATH } : undefined,
    chromiumArgs: ['--no-first-run', '--no-default-browser-check'],
  },
  manifest: ({ browser }) => ({
    // Name and description in the browser's language (locales/*.yml, `manifest.*` keys).
    default_locale: 'en',
    name: '__MSG_manifest_name__',
    description: '__MSG_manifest_description__',
    // `identity`: "Sign in with <provider>" opens the company's sign-in page in a browser-owned window
    // (`identity.launchWebAuthFlow`) and reads the one-time code the server redirects back with.
    // `activeTab`: clicking the toolbar button on an invite link's page lets the popup read that one tab's address,
    // so "Join with this invite" needs no copying; it shows no install warning and reads no other tab.
    // `sidePanel` (Chrome): the sidebar in Chrome's own side panel, where the user chooses it (Firefox's
    // `sidebar_action`, from entrypoints/sidepanel/ as well, needs no permission).
    permissions: [
      'storage',
      'unlimitedStorage',
      'scripting',
      'alarms',
      'contextMenus',
      'identity',
      'activeTab',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    omnibox: { keyword: 'hw' },
    host_permissions: SUPPORTED_HOST_PATTERNS,
    // Self-hosted Jira: the options page asks for one host at a time, when the user adds it.
    optional_host_permissions: ['*://*/*'],
    // Notifications are opt-in (options page): asked for when the user turns them on, never at install.
    optional_permissions: ['notifications'],
    // The sidebar page is framed by the host page. A per-session dynamic URL keeps pages from fingerprinting
    // Hallway through it; `<all_urls>` because self-hosted Jira hosts are only known at runtime.
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    commands: {
      // Opens the popup (quick capture).
      _execute_action: { suggested_key: { default: 'Alt+Shift+L', mac: 'MacCtrl+Shift+L' } },
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+H', mac: 'MacCtrl+Shift+H' },
        description: '__MSG_manifest_toggleSidebar__',
      },
    },
    // An admin's policy (server URL, sign-in mode, tools turned off) reaches `storage.managed` checked against this
    // schema. Firefox reads the same values from policies.json's `3rdparty` section and has no such key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox'
      ? {
          // Firefox's default policy for MV3 extension pages adds `upgrade-insecure-requests`, which turns a team
          // server at http://hallway.internal:8787 into https:// (localhost is spared) and the connection fails for
          // no reason the user can see. Hallway talks to the server the user typed, as Chrome does: its default
          // policy without the upgrade. The options page says when an address sends the token unencrypted.
          content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
          browser_specific_settings: {
            gecko: {
              id: 'hallway@hallway.dev',
              strict_min_version: '142.0',
              // What Hallway sends to the server the user configured, when they link, log or capture: docs/privacy.md
              // says which of their data each type is, and tests/unit/privacy-policy.test.ts keeps the two equal.
              data_collection_permissions: {
                required: ['browsingActivity', 'websiteContent', 'personalCommunications', 'personallyIdentifyingInfo'],
              },
            },
          },
        }
      : {}),
  }),
});

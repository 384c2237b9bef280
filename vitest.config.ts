import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        // WxtVitest swaps `wxt/browser` for an in-memory fake browser, so background logic runs in Node.
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
          environment: 'node',
          // `browser.i18n` answering in English from locales/en.yml.
          setupFiles: ['tests/support/i18n-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Takes the PostgreSQL server down, so it runs alone (`npm run test:crash`), never beside other suites.
        test: { name: 'crash', include: ['tests/crash/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machines have two cores.
          fileParallelism: false,
          // A browser test that fails once is run once more, so a timing race in a shared browser does not fail the
          // whole run; the races seen are listed in the session notes and each one is still a bug to fix (a test that
          // fails twice fails the run).
          retry: 1,
        },
      },
    ],
  },
});

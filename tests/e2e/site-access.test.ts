/**
 * Withdrawn site access in Chromium: with the tools' site access withheld by the user (the profile says so; Chromium
 * lets no extension drop its own required permissions), the options page and the popup say that Hallway can no
 * longer see them, with a button that asks the browser for exactly those sites again.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SUPPORTED_HOST_PATTERNS } from '../../utils/sites/host-patterns.ts';
import { type ExtensionSession, launchWithExtension } from '../support/harness.ts';

let session: ExtensionSession;
beforeAll(async () => {
  session = await launchWithExtension({ withheldOrigins: SUPPORTED_HOST_PATTERNS });
});
afterAll(async () => {
  await session?.close();
});

const notice = (page: Page) =>
  page
    .waitForSelector('[data-site-access="withdrawn"]', { timeout: 15_000 })
    .then((node) =>
      node?.evaluate((element) => ({ tools: element.getAttribute('data-tools'), text: element.textContent ?? '' })),
    );

it('names the tools whose site access was withdrawn on the options page and in the popup, with the button that asks for them again', async () => {
  const options = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
  await options.waitForSelector('input[name="site-gmail"]');
  expect(await options.evaluate((origins) => chrome.permissions.contains({ origins }), SUPPORTED_HOST_PATTERNS)).toBe(
    false,
  );
  expect(await notice(options)).toMatchObject({
    tools: 'jira asana notion gmail',
    text: expect.stringContaining(
      'Hallway can no longer see Jira, Asana, Notion and Gmail: their site access was withdrawn',
    ),
  });

  const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
  expect((await notice(popup))?.tools).toBe('jira asana notion gmail');

  // The button asks for exactly these sites (tests/unit/site-access.test.ts): Chromium prompts for withheld site
  // access, and a headless browser can neither show nor answer that prompt, so the click is not made here.
  const allow = await options.$$('xpath/.//button[normalize-space()="Allow them again"]');
  expect(allow).toHaveLength(1);
});

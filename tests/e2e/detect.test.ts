import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExtensionSession,
  fixture,
  htmlForHost,
  launchWithExtension,
  navigateInApp,
  recordedTabItems,
  recordTabItems,
  type TabItemChange,
  tabIdOf,
  waitFor,
} from '../support/harness.ts';

let session: ExtensionSession;
beforeAll(async () => {
  session = await launchWithExtension();
  await recordTabItems(await session.serviceWorker());
});
afterAll(async () => {
  await session?.close();
});

/** Gmail routes on the hash alone. */
async function changeHashInApp(page: Page, hash: string, html: string) {
  await page.evaluate(
    (to, markup) => {
      location.hash = to;
      const next = new DOMParser().parseFromString(markup, 'text/html');
      document.body.replaceWith(document.adoptNode(next.body));
    },
    hash,
    html,
  );
}

const EMPTY_LIST = '<!doctype html><html><head><title>List</title></head><body><main>List view</main></body></html>';
const summary = (changes: TabItemChange[]) => changes.map(({ item, title }) => ({ key: item?.key ?? null, title }));

/** Opens the fixture at its real URL, then waits for each report in turn while `steps` navigate in the app. */
async function visit(url: string, host: string, html: string, tabPattern: string) {
  const worker = await session.serviceWorker();
  const page = await session.openPage(url, [htmlForHost(host, html)]);
  const tabId = await tabIdOf(worker, tabPattern);
  const changesAfter = (count: number) =>
    waitFor(
      () => recordedTabItems(worker, tabId),
      (changes) => changes.length >= count,
    );
  await changesAfter(1);
  return { page, changesAfter };
}

describe('detection in Chromium', () => {
  it('Jira: an issue, a board modal opened after the URL changed, then the board', async () => {
    const { page, changesAfter } = await visit(
      'https://acme.atlassian.net/browse/PAY-1',
      'acme.atlassian.net',
      fixture('jira/2026-11-01-cloud-issue.html'),
      'https://acme.atlassian.net/*',
    );
    await navigateInApp(
      page,
      '/jira/software/c/projects/PAY/boards/2?modal=detail&selectedIssue=PAY-9',
      fixture('jira/2026-11-01-cloud-board-modal.html'),
      150,
    );
    await changesAfter(2);
    await navigateInApp(page, '/jira/software/c/projects/PAY/boards/2', EMPTY_LIST);
    const changes = await changesAfter(3);
    expect(summary(changes)).toEqual([
      { key: 'jira:acme.atlassian.net/PAY-1', title: 'Retry failed card payments' },
      { key: 'jira:acme.atlassian.net/PAY-9', title: 'Show card brand on receipts' },
      { key: null, title: '' },
    ]);
    await page.close();
  });

  it('Notion: a page, a database row opened in a side peek, then the workspace root', async () => {
    const { page, changesAfter } = await visit(
      'https://www.notion.so/acme/Mantle-Specification-21c261aa09df810c8820fab1d78b53d9',
      'www.notion.so',
      fixture('notion/2026-11-01-full-page.html'),
      'https://www.notion.so/*',
    );
    await navigateInApp(
      page,
      '/acme/1b6db7c679148072a708e985fbfb2294?v=631d2c91ec834d35b3ad85a42e3eb7fd&p=1b6db7c6791481f0bd5cd9f4dfa98aa4&pm=s',
      fixture('notion/2026-11-01-peek.html'),
    );
    await changesAfter(2);
    await navigateInApp(page, '/', EMPTY_LIST);
    const changes = await changesAfter(3);
    expect(summary(changes)).toEqual([
      { key: 'notion:21c261aa09df810c8820fab1d78b53d9', title: 'Mantle Specification' },
      { key: 'notion:1b6db7c6791481f0bd5cd9f4dfa98aa4', title: 'Ship offline sync' },
      { key: null, title: '' },
    ]);
    await page.close();
  });

  it('Asana: a task in a project, a subtask in focus mode, then the project list', async () => {
    const { page, changesAfter } = await visit(
      'https://app.asana.com/1/315335535171535/project/1211341031891215/task/1213265079197092',
      'app.asana.com',
      fixture('asana/2026-11-01-task-pane.html'),
      'https://app.asana.com/*',
    );
    await navigateInApp(page, '/0/0/1213265079197111/f', fixture('asana/2026-11-01-focus-mode.html'));
    await changesAfter(2);
    await navigateInApp(page, '/0/1211341031891215/list', EMPTY_LIST);
    const changes = await changesAfter(3);
    expect(summary(changes)).toEqual([
      { key: 'asana:1213265079197092', title: 'Draft the Q3 pricing page' },
      { key: 'asana:1213265079197111', title: 'Collect competitor prices' },
      { key: null, title: '' },
    ]);
    await page.close();
  });

  it('Gmail: a thread, another thread, a draft opened over it, then the inbox', async () => {
    const first = 'FMfcgzQXJkcLPCXjzvlvtbTRQpGQkFsr';
    const second = 'FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz';
    const thread = fixture('gmail/2026-11-01-thread.html');
    const { page, changesAfter } = await visit(
      `https://mail.google.com/mail/u/0/#inbox/${first}`,
      'mail.google.com',
      thread,
      'https://mail.google.com/*',
    );
    await changeHashInApp(page, `#inbox/${second}`, fixture('gmail/2026-12-01-re-invoice-vendor.html'));
    await changesAfter(2);
    // A draft opened over the thread changes the hash's query only: still the same thread, no report.
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#inbox/${second}?compose=new`);
    await changeHashInApp(page, '#inbox', EMPTY_LIST);
    const changes = await changesAfter(3);
    expect(summary(changes)).toEqual([
      { key: `gmail:${first}`, title: 'Vendor contract renewal' },
      { key: `gmail:${second}`, title: 'Re: invoice' },
      { key: null, title: '' },
    ]);
    await page.close();
  });

  // Two items with one title: the new item's view is told from the old one's by the id it shows, so it is reported
  // with its own title and context (which ownership rules match on), not an empty one after a timeout.
  it('same-title navigation: Gmail threads "Re: invoice" and Jira issues "Weekly report" keep their context', async () => {
    const gmail = await visit(
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN',
      'mail.google.com',
      fixture('gmail/2026-12-01-re-invoice-stripe.html'),
      'https://mail.google.com/*',
    );
    await changeHashInApp(
      gmail.page,
      '#inbox/FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz',
      fixture('gmail/2026-12-01-re-invoice-vendor.html'),
    );
    const threads = await gmail.changesAfter(2);
    expect(threads.map(({ item, title, context }) => ({ id: item?.id, title, labels: context.gmailLabels }))).toEqual([
      { id: 'FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN', title: 'Re: invoice', labels: ['Inbox', 'Billing'] },
      { id: 'FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz', title: 'Re: invoice', labels: ['Inbox', 'Vendors'] },
    ]);
    await gmail.page.close();

    const jira = await visit(
      'https://acme.atlassian.net/browse/OPS-31',
      'acme.atlassian.net',
      fixture('jira/2026-12-01-cloud-weekly-report-ops.html'),
      'https://acme.atlassian.net/*',
    );
    // The new issue renders after the URL changed; until then the page still shows OPS-31, same summary.
    await navigateInApp(jira.page, '/browse/PAY-44', fixture('jira/2026-12-01-cloud-weekly-report-pay.html'), 150);
    const issues = await jira.changesAfter(2);
    expect(issues.map(({ item, title, context }) => ({ id: item?.id, title, context }))).toEqual([
      { id: 'OPS-31', title: 'Weekly report', context: { jiraProject: 'Operations', jiraIssueType: 'Task' } },
      { id: 'PAY-44', title: 'Weekly report', context: { jiraProject: 'Payments', jiraIssueType: 'Story' } },
    ]);
    await jira.page.close();
  });
});

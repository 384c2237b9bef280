import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { zItemContext } from '../../utils/contract.ts';
import { messageSchemas } from '../../utils/messaging/protocol.ts';
import { boundPage, CONTEXT_BOUNDS, clip, TITLE_MAX } from '../../utils/page/bounds.ts';
import { HISTORY_CHANGED_EVENT } from '../../utils/page/history-event.ts';
import { type ItemReport, type PageWindow, watchItem } from '../../utils/page/watch-item.ts';
import { siteAdapters } from '../../utils/sites/index.ts';

const ISSUE = 'issue.views.issue-base.foundation';
const jiraIssueHtml = (key: string, summary: string) => `
  <a data-testid="${ISSUE}.breadcrumbs.current-issue.item" href="/browse/${key}"><span>${key}</span></a>
  <h1 data-testid="${ISSUE}.summary.heading">${summary}</h1>`;

const sessions: { window: Window; controller: AbortController }[] = [];
afterEach(async () => {
  for (const { window, controller } of sessions.splice(0)) {
    controller.abort();
    await window.happyDOM.close();
  }
});

/** A page at `url` with `body`, watched; `navigate` does what an SPA router does: pushState, then its event. */
function watchedPage(url: string, body: string, renderTimeoutMs = 2000) {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  window.document.body.innerHTML = body;
  const controller = new AbortController();
  sessions.push({ window, controller });
  const reports: ItemReport[] = [];
  watchItem({
    // happy-dom implements the Window members the watcher uses; its types are its own, not lib.dom's.
    window: window as unknown as PageWindow,
    signal: controller.signal,
    sites: Object.values(siteAdapters),
    jiraHosts: [],
    report: (report) => reports.push(report),
    renderTimeoutMs,
  });
  const navigate = (to: string) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new window.Event(HISTORY_CHANGED_EVENT));
  };
  const keys = () => reports.map((report) => report.item?.key ?? null);
  return { window, controller, reports, navigate, keys };
}

/** A dated fixture's title and body in place of the page's, as an SPA renders the next view. */
function renderFixture(window: Window, path: string): void {
  const html = readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
  const next = new window.DOMParser().parseFromString(html, 'text/html');
  window.document.title = next.title;
  window.document.body.replaceWith(window.document.adoptNode(next.body));
}

/** One element of a dated fixture (the state's element as the app renders it there), for the page of `window`. */
function fixtureElement(window: Window, path: string, selector: string) {
  const html = readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
  const element = new window.DOMParser().parseFromString(html, 'text/html').querySelector(selector);
  if (!element) throw new Error(`${path} has no ${selector}`);
  return element;
}

describe('watchItem', () => {
  it('reports the item at load, then each item change once the app has rendered it, then "no item"', async () => {
    const page = watchedPage('https://acme.atlassian.net/browse/PAY-1', jiraIssueHtml('PAY-1', 'Retry payments'));
    expect(page.reports).toEqual([
      {
        item: expect.objectContaining({ key: 'jira:acme.atlassian.net/PAY-1' }),
        title: 'Retry payments',
        context: {},
      },
    ]);

    page.navigate('/jira/software/projects/PAY/boards/1?selectedIssue=PAY-2');
    // The router renders the new issue a little after the URL changed: the old DOM must not be reported as PAY-2.
    setTimeout(() => {
      page.window.document.body.innerHTML = jiraIssueHtml('PAY-2', 'Refund twice');
    }, 30);
    await vi.waitFor(() => expect(page.reports).toHaveLength(2));
    expect(page.reports[1]).toMatchObject({ item: { id: 'PAY-2' }, title: 'Refund twice' });

    page.navigate('/jira/software/projects/PAY/boards/1');
    await vi.waitFor(() => expect(page.reports).toHaveLength(3));
    expect(page.reports[2]).toEqual({ item: null, title: '', context: {} });
  });

  it('stays quiet when only the query or hash changes within one item', async () => {
    const token = 'FMfcgzQXJkcLPCXjzvlvtbTRQpGQkFsr';
    const page = watchedPage(`https://mail.google.com/mail/u/0/#inbox/${token}`, '<h2 class="hP">Renewal</h2>');
    page.window.location.hash = `#inbox/${token}?compose=new`;
    page.window.dispatchEvent(new page.window.Event('hashchange'));
    page.window.location.hash = `#inbox/${token}`;
    page.window.dispatchEvent(new page.window.Event('hashchange'));
    page.window.location.hash = '#inbox';
    page.window.dispatchEvent(new page.window.Event('hashchange'));
    await vi.waitFor(() => expect(page.reports).toHaveLength(2));
    expect(page.keys()).toEqual([`gmail:${token}`, null]);
  });

  it('reports only where the user settled when navigations come faster than the app renders', async () => {
    const page = watchedPage('https://acme.atlassian.net/browse/PAY-1', jiraIssueHtml('PAY-1', 'Retry payments'));
    page.navigate('/browse/PAY-2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    page.navigate('/browse/PAY-3');
    page.window.document.body.innerHTML = jiraIssueHtml('PAY-3', 'Receipts');
    await vi.waitFor(() => expect(page.reports).toHaveLength(2));
    expect(page.keys()).toEqual(['jira:acme.atlassian.net/PAY-1', 'jira:acme.atlassian.net/PAY-3']);
  });

  it('reports the item without the previous item’s title when the app never renders it', async () => {
    const page = watchedPage('https://acme.atlassian.net/browse/PAY-1', jiraIssueHtml('PAY-1', 'Retry payments'), 50);
    page.navigate('/browse/PAY-9');
    await vi.waitFor(() => expect(page.reports).toHaveLength(2));
    expect(page.reports[1]).toEqual({ item: expect.objectContaining({ id: 'PAY-9' }), title: '', context: {} });
  });

  it('stops listening once its context is invalidated', async () => {
    const page = watchedPage('https://acme.atlassian.net/browse/PAY-1', jiraIssueHtml('PAY-1', 'Retry payments'));
    page.controller.abort();
    page.navigate('/jira/your-work');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(page.keys()).toEqual(['jira:acme.atlassian.net/PAY-1']);
  });

  // Two items with the same title ("Re: invoice", "Weekly report", "Meeting notes"): only the id the DOM shows tells
  // the new item's view from the old one's. The new view renders 30 ms after the URL changed.
  it.each([
    {
      tool: 'gmail',
      from: [
        'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN',
        'gmail/2026-12-01-re-invoice-stripe.html',
      ],
      to: ['/mail/u/0/#inbox/FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz', 'gmail/2026-12-01-re-invoice-vendor.html'],
      expected: {
        item: { id: 'FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz' },
        title: 'Re: invoice',
        context: {
          gmailLabels: ['Inbox', 'Vendors'],
          gmailParticipants: ['priya@vendor.example', 'dana@acme.example', 'legal@acme.example'],
          gmailAccount: 'dana@acme.example',
        },
      },
    },
    {
      tool: 'gmail, legacy hex ids',
      from: ['https://mail.google.com/mail/u/0/#inbox/1938c9270d1794a2', 'gmail/2026-12-01-re-invoice-stripe.html'],
      to: ['/mail/u/0/#inbox/1938ca7e478a024d', 'gmail/2026-12-01-re-invoice-vendor.html'],
      expected: {
        item: { id: '1938ca7e478a024d' },
        title: 'Re: invoice',
        context: { gmailLabels: ['Inbox', 'Vendors'] },
      },
    },
    {
      tool: 'jira',
      from: ['https://acme.atlassian.net/browse/OPS-31', 'jira/2026-12-01-cloud-weekly-report-ops.html'],
      to: ['/browse/PAY-44', 'jira/2026-12-01-cloud-weekly-report-pay.html'],
      expected: {
        item: { id: 'PAY-44' },
        title: 'Weekly report',
        context: { jiraProject: 'Payments', jiraIssueType: 'Story' },
      },
    },
    {
      tool: 'notion',
      from: [
        'https://www.notion.so/acme/Meeting-notes-2b7f1e0a9c3d80e1b4a5c6d7e8f90123',
        'notion/2026-12-01-meeting-notes-platform.html',
      ],
      to: ['/acme/Meeting-notes-2b7f1e0a9c3d81f2a3b4c5d6e7f80912', 'notion/2026-12-01-meeting-notes-research.html'],
      expected: {
        item: { id: '2b7f1e0a9c3d81f2a3b4c5d6e7f80912' },
        title: 'Meeting notes',
        context: {
          notionParents: [
            { id: '6e5d4c3b2a1940f8e7d6c5b4a3928170', name: 'Design' },
            { id: '8f7e6d5c4b3a49281706f5e4d3c2b1a0', name: 'Research' },
          ],
        },
      },
    },
  ])(
    '$tool: moving to an item with the same title reports it with its own context once it renders',
    async ({ from, to, expected }) => {
      const [fromUrl, fromFixture] = from as [string, string];
      const [toPath, toFixture] = to as [string, string];
      // A timeout far beyond the test's wait: the report must come from the render, not from giving up.
      const page = watchedPage(fromUrl, '', 60_000);
      renderFixture(page.window, fromFixture);
      page.navigate(fromUrl);
      await vi.waitFor(() => expect(page.reports.at(-1)?.title).toBe(expected.title));
      const before = page.reports.length;

      page.navigate(toPath);
      await new Promise((resolve) => setTimeout(resolve, 30));
      // The previous item's view, same title and all, is not the new item's.
      expect(page.reports).toHaveLength(before);
      renderFixture(page.window, toFixture);
      await vi.waitFor(() => expect(page.reports).toHaveLength(before + 1));
      expect(page.reports.at(-1)).toMatchObject(expected);
      expect(page.reports.at(-1)?.context).toEqual(expect.objectContaining(expected.context));
    },
  );

  // The item's own state changes on the page without a navigation (an issue moved to Done, a task completed): the
  // app re-renders the state's element as the other dated fixture shows it, in place or as a new node.
  it.each([
    {
      tool: 'jira',
      url: 'https://acme.atlassian.net/browse/PAY-1',
      from: 'jira/2026-12-01-cloud-issue-in-progress.html',
      to: 'jira/2026-12-01-cloud-issue-done.html',
      element: '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"]',
      before: { itemState: 'open', itemStatus: 'In Progress' },
      after: { itemState: 'closed', itemStatus: 'Done' },
    },
    {
      tool: 'asana',
      url: 'https://app.asana.com/1/315335535171535/project/1211341031891215/task/1213265079197092',
      from: 'asana/2026-12-01-task-pane-open.html',
      to: 'asana/2026-12-01-task-pane-completed.html',
      element: '.TaskCompletionToggleButton',
      before: { itemState: 'open', itemStatus: 'Not completed' },
      after: { itemState: 'closed', itemStatus: 'Completed' },
    },
    {
      tool: 'notion',
      url: 'https://www.notion.so/acme/Mantle-Specification-21c261aa09df810c8820fab1d78b53d9',
      from: 'notion/2026-12-01-database-page-in-progress.html',
      to: 'notion/2026-12-01-database-page-done.html',
      element: '[role="table"][aria-label="Page properties"]',
      before: { itemState: 'open', itemStatus: 'In progress' },
      after: { itemState: 'closed', itemStatus: 'Done' },
    },
  ])(
    "$tool: reports the item again when its own state changes on the page, and not for the page's other changes",
    async ({ url, from, to, element, before, after }) => {
      const page = watchedPage(url, '', 60_000);
      renderFixture(page.window, from);
      page.navigate(url);
      await vi.waitFor(() => expect(page.reports.at(-1)?.context).toMatchObject(before));
      const reported = page.reports.length;
      const doc = page.window.document;
      const next = fixtureElement(page.window, to, element);

      // Typing elsewhere (a comment) and a re-render of the state's element that changes nothing: no report.
      doc.querySelector('textarea, h1')?.append(doc.createTextNode(' draft'));
      const same = doc.querySelector(element);
      same?.setAttribute('class', same.getAttribute('class') ?? '');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(page.reports).toHaveLength(reported);

      // In place, as a re-render updates the element: its attributes and its children.
      const shown = doc.querySelector(element);
      if (!shown) throw new Error(`the page has no ${element}`);
      for (const { name, value } of [...next.attributes]) shown.setAttribute(name, value ?? '');
      shown.innerHTML = next.innerHTML;
      await vi.waitFor(() => expect(page.reports).toHaveLength(reported + 1));
      expect(page.reports.at(-1)).toMatchObject({ item: { key: page.reports[0]?.item?.key }, context: after });

      // Back, as a new node in place of the old one.
      const previous = fixtureElement(page.window, from, element);
      doc.querySelector(element)?.replaceWith(doc.adoptNode(previous));
      await vi.waitFor(() => expect(page.reports).toHaveLength(reported + 2));
      expect(page.reports.at(-1)?.context).toMatchObject(before);

      // After a navigation away, the old item's state is no longer watched.
      page.navigate('/no-item-here');
      await vi.waitFor(() => expect(page.reports.at(-1)?.item).toBeNull());
      const left = page.reports.length;
      doc.querySelector(element)?.replaceWith(doc.adoptNode(fixtureElement(page.window, to, element)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(page.reports).toHaveLength(left);
    },
  );

  it('where the DOM shows no id (Asana), a same-title item is reported as the page shows it, never emptied', async () => {
    const page = watchedPage('https://app.asana.com/0/1211341031891215/1213265079197092', '', 50);
    renderFixture(page.window, 'asana/2026-11-01-task-pane.html');
    await vi.waitFor(() => expect(page.reports).toHaveLength(1));
    page.navigate('/0/1211341031891215/1213265079197093');
    renderFixture(page.window, 'asana/2026-11-01-task-pane.html');
    await vi.waitFor(() => expect(page.reports).toHaveLength(2));
    expect(page.reports[1]).toEqual({ ...page.reports[0], item: expect.objectContaining({ id: '1213265079197093' }) });
    expect(page.reports[1]?.title).toBe('Draft the Q3 pricing page');
    expect(page.reports[1]?.context.asanaProjects).toHaveLength(2);
  });

  it('cuts an over-long Gmail subject or Jira summary to what the background accepts instead of losing the report', async () => {
    const subject = `Re: ${'invoice '.repeat(700)}`;
    const gmail = watchedPage('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN', '');
    const html = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'gmail/2026-12-01-re-invoice-stripe.html'),
      'utf8',
    );
    const next = new gmail.window.DOMParser().parseFromString(html.replaceAll('Re: invoice', subject), 'text/html');
    gmail.window.document.title = next.title;
    gmail.window.document.body.replaceWith(gmail.window.document.adoptNode(next.body));
    await vi.waitFor(() => expect(gmail.reports).toHaveLength(1));

    const jira = watchedPage(
      'https://acme.atlassian.net/browse/PAY-1',
      jiraIssueHtml('PAY-1', `Fix ${'😀'.repeat(800)}`),
    );
    for (const report of [gmail.reports[0], jira.reports[0]]) {
      expect(report?.title.length).toBeLessThanOrEqual(TITLE_MAX);
      expect(report?.title.endsWith('…')).toBe(true);
      // What the background's router checks the message against.
      expect(messageSchemas['page.itemChanged'].data.safeParse(report).success).toBe(true);
    }
    expect(gmail.reports[0]?.title.startsWith('Re: invoice invoice')).toBe(true);
    expect(gmail.reports[0]?.context.gmailLabels).toEqual(['Inbox', 'Billing']);
  });
});

describe('page report bounds', () => {
  it('cut at the last whole character and mark the cut', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('abcdefghij', 5)).toBe('abcd…');
    // Never half of a surrogate pair: 😀 is two UTF-16 units.
    expect(clip('ab😀cd', 4)).toBe('ab…');
  });

  it('are the contract’s: every context fact has one, the bounded value is accepted and one unit more is not', () => {
    expect(Object.keys(CONTEXT_BOUNDS).sort()).toEqual(Object.keys(zItemContext.shape).sort());
    const schema = messageSchemas['page.itemChanged'].data;
    const item = null;
    for (const [field, bound] of Object.entries(CONTEXT_BOUNDS)) {
      if (!bound) continue;
      const count = 'count' in bound ? bound.count : undefined;
      const long = 'x'.repeat(bound.each * 2);
      const value = count === undefined ? long : Array.from({ length: count * 2 }, (_, index) => `${index}${long}`);
      const bounded = boundPage({ title: 'y'.repeat(TITLE_MAX * 3), context: { [field]: value } });
      expect(schema.safeParse({ item, ...bounded }).success, field).toBe(true);
      const over = count === undefined ? 'x'.repeat(bound.each + 1) : ['x'.repeat(bound.each + 1)];
      expect(schema.safeParse({ item, title: '', context: { [field]: over } }).success, field).toBe(false);
      if (count !== undefined) {
        const tooMany = Array.from({ length: count + 1 }, () => 'x');
        expect(schema.safeParse({ item, title: '', context: { [field]: tooMany } }).success, field).toBe(false);
      }
    }
    expect(schema.safeParse({ item, title: 'y'.repeat(TITLE_MAX + 1), context: {} }).success).toBe(false);
  });

  it('cut the id and the name of each container (an Asana project, a Notion ancestor) to the same bounds', () => {
    const schema = messageSchemas['page.itemChanged'].data;
    const long = 'x'.repeat(600);
    const containers = Array.from({ length: 80 }, (_, index) => ({ id: `${index}${long}`, name: `${index}${long}` }));
    for (const field of ['asanaProjects', 'notionParents'] as const) {
      const bounded = boundPage({ title: '', context: { [field]: containers } });
      expect(schema.safeParse({ item: null, ...bounded }).success, field).toBe(true);
      expect(bounded.context[field]?.[0]).toEqual({ id: clip(`0${long}`, 255), name: clip(`0${long}`, 255) });
    }
  });
});

import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { type Tool, zItemContext } from '../../utils/contract.ts';
import { detectItem, extractContext } from '../../utils/detect/index.ts';
import { siteAdapters } from '../../utils/sites/index.ts';
import { EXAMPLE_URLS } from '../support/example-urls.ts';
import { fixtureDocument } from './fixture-document.ts';

interface FixtureCase {
  tool: Tool;
  fixture: string;
  /** The URL the page was captured at: the rendered id must be the one this URL detects. */
  url: string;
  expected: ReturnType<typeof extractContext>;
}

const cases: FixtureCase[] = [
  {
    tool: 'jira',
    fixture: 'jira/2026-11-01-cloud-issue.html',
    url: 'https://acme.atlassian.net/browse/PAY-1',
    expected: {
      title: 'Retry failed card payments',
      context: { jiraProject: 'Payments', jiraIssueType: 'Bug' },
    },
  },
  {
    tool: 'jira',
    fixture: 'jira/2026-11-01-cloud-board-modal.html',
    url: 'https://acme.atlassian.net/jira/software/c/projects/PAY/boards/2?modal=detail&selectedIssue=PAY-9',
    expected: { title: 'Show card brand on receipts', context: { jiraProject: 'Payments', jiraIssueType: 'Task' } },
  },
  {
    tool: 'jira',
    fixture: 'jira/2026-11-01-server-issue.html',
    url: 'https://issues.apache.org/jira/browse/SPARK-14220',
    expected: {
      title: 'Build and test Spark against Scala 2.12',
      context: { jiraProject: 'Spark', jiraIssueType: 'Umbrella', itemStatus: 'Resolved' },
    },
  },
  {
    tool: 'notion',
    fixture: 'notion/2026-11-01-full-page.html',
    url: 'https://www.notion.so/acme/Mantle-Specification-21c261aa09df810c8820fab1d78b53d9',
    expected: {
      title: 'Mantle Specification',
      context: {
        notionParents: [
          { id: '5d1e0c2b7a9f4e3d8c6b1a0f9e8d7c6b', name: 'Engineering' },
          { id: '7a2b3c4d5e6f40718293a4b5c6d7e8f9', name: 'Platform' },
        ],
      },
    },
  },
  {
    tool: 'notion',
    fixture: 'notion/2026-11-01-peek.html',
    url: 'https://www.notion.so/acme/1b6db7c679148072a708e985fbfb2294?v=631d2c91ec834d35b3ad85a42e3eb7fd&p=1b6db7c6791481f0bd5cd9f4dfa98aa4&pm=s',
    expected: {
      title: 'Ship offline sync',
      context: {
        notionParents: [
          { id: '3c4d5e6f708192a3b4c5d6e7f8091a2b', name: 'Product' },
          { id: '1b6db7c679148072a708e985fbfb2294', name: 'Roadmap' },
        ],
      },
    },
  },
  {
    tool: 'asana',
    fixture: 'asana/2026-11-01-task-pane.html',
    url: 'https://app.asana.com/1/315335535171535/project/1211341031891215/task/1213265079197092',
    expected: {
      title: 'Draft the Q3 pricing page',
      context: {
        asanaProjects: [
          { id: '1211341031891215', name: 'Website Relaunch' },
          { id: '1211341031891299', name: 'Marketing Q3' },
        ],
      },
    },
  },
  {
    tool: 'asana',
    fixture: 'asana/2026-11-01-focus-mode.html',
    url: 'https://app.asana.com/0/0/1213265079197111/f',
    expected: {
      title: 'Collect competitor prices',
      context: { asanaProjects: [{ id: '1211341031891215', name: 'Website Relaunch' }] },
    },
  },
  {
    tool: 'gmail',
    fixture: 'gmail/2026-11-01-thread.html',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJkcLPCXjzvlvtbTRQpGQkFsr',
    expected: {
      title: 'Vendor contract renewal',
      context: {
        gmailLabels: ['Inbox', 'Vendors', 'Legal/Contracts'],
        gmailParticipants: ['priya@vendor.example', 'dana@acme.example', 'legal@acme.example'],
        gmailAccount: 'dana@acme.example',
      },
    },
  },
  {
    tool: 'gmail',
    fixture: 'gmail/2026-11-01-popout.html',
    url: 'https://mail.google.com/mail/u/0/popout?ver=13u&search=inbox&th=%23thread-a%3Ar-77797987352109418',
    expected: {
      title: 'Vendor contract renewal',
      context: {
        gmailLabels: ['Vendors'],
        gmailParticipants: ['priya@vendor.example', 'dana@acme.example'],
        gmailAccount: 'dana@acme.example',
      },
    },
  },
  {
    tool: 'gmail',
    fixture: 'gmail/2026-12-01-re-invoice-stripe.html',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN',
    expected: {
      title: 'Re: invoice',
      context: {
        gmailLabels: ['Inbox', 'Billing'],
        gmailParticipants: ['billing@stripe.example', 'dana@acme.example'],
        gmailAccount: 'dana@acme.example',
      },
    },
  },
  {
    tool: 'gmail',
    fixture: 'gmail/2026-12-01-re-invoice-vendor.html',
    url: 'https://mail.google.com/mail/u/0/#label/Vendors/1938ca7e478a024d',
    expected: {
      title: 'Re: invoice',
      context: {
        gmailLabels: ['Inbox', 'Vendors'],
        gmailParticipants: ['priya@vendor.example', 'dana@acme.example', 'legal@acme.example'],
        gmailAccount: 'dana@acme.example',
      },
    },
  },
  {
    tool: 'jira',
    fixture: 'jira/2026-12-01-cloud-weekly-report-ops.html',
    url: 'https://acme.atlassian.net/browse/OPS-31',
    expected: { title: 'Weekly report', context: { jiraProject: 'Operations', jiraIssueType: 'Task' } },
  },
  {
    tool: 'notion',
    fixture: 'notion/2026-12-01-meeting-notes-research.html',
    url: 'https://www.notion.so/acme/Meeting-notes-2b7f1e0a9c3d81f2a3b4c5d6e7f80912',
    expected: {
      title: 'Meeting notes',
      context: {
        notionParents: [
          { id: '6e5d4c3b2a1940f8e7d6c5b4a3928170', name: 'Design' },
          { id: '8f7e6d5c4b3a49281706f5e4d3c2b1a0', name: 'Research' },
        ],
      },
    },
  },
];

describe('extractContext over dated fixtures', () => {
  it.each(cases.map((testCase) => [testCase.fixture, testCase]))('%s', (_, { tool, fixture, url, expected }) => {
    const doc = fixtureDocument(fixture);
    const page = extractContext(tool, doc);
    expect(page).toEqual(expected);
    expect(zItemContext.parse(page.context)).toEqual(page.context);

    const item = detectItem(url, { jiraHosts: ['issues.apache.org'] });
    expect(item?.tool).toBe(tool);
    if (!item) return;
    const rendered = siteAdapters[tool].renderedId?.(doc, item);
    if (tool !== 'asana') expect(rendered).toBe(item.id);
  });

  it('falls back to the document title when the app has not rendered its heading yet', () => {
    const doc = fixtureDocument('jira/2026-11-01-cloud-issue.html');
    doc.querySelector('h1')?.remove();
    expect(extractContext('jira', doc).title).toBe('Retry failed card payments');

    const asanaDoc = fixtureDocument('asana/2026-11-01-task-pane.html');
    asanaDoc.querySelector('.TaskPane')?.remove();
    expect(extractContext('asana', asanaDoc)).toEqual({ title: 'Draft the Q3 pricing page', context: {} });

    const gmailDoc = fixtureDocument('gmail/2026-11-01-popout.html');
    gmailDoc.querySelector('h2')?.remove();
    expect(extractContext('gmail', gmailDoc).title).toBe('Vendor contract renewal');
  });

  it('tells a Gmail thread from another by the ids its subject heading carries, whatever form the URL id has', () => {
    const doc = fixtureDocument('gmail/2026-12-01-re-invoice-stripe.html');
    const shown = (url: string) => {
      const item = detectItem(url);
      return item && siteAdapters.gmail.renderedId?.(doc, item);
    };
    const mailbox = 'https://mail.google.com/mail/u/0/';
    expect(shown(`${mailbox}#inbox/FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN`)).toBe('FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN');
    expect(shown(`${mailbox}#inbox/1938c9270d1794a2`)).toBe('1938c9270d1794a2');
    expect(shown(`${mailbox}popout?th=%23thread-f%3A1817423619204551842`)).toBe('thread-f:1817423619204551842');
    // Another thread's URL: the heading names a different thread.
    expect(shown(`${mailbox}#inbox/FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz`)).toBe('thread-f:1817423619204551842');
    expect(shown(`${mailbox}#inbox/1938ca7e478a024d`)).toBe('1938c9270d1794a2');
    // With only the legacy id left, a thread-f token is still comparable: the same number in hex.
    doc.querySelector('h2.hP')?.removeAttribute('data-thread-perm-id');
    expect(shown(`${mailbox}#inbox/FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN`)).toBe('FMfcgzQXKWhVftPrLJdJvXDcTTWQwrhN');
    expect(shown(`${mailbox}#inbox/FMfcgzQXKWhVfwdzclgCMNvXXqFkDFDz`)).toBe('1938c9270d1794a2');
  });

  it('reads no Jira title off a page that renders no issue (a Server dashboard whose site name follows "JIRA")', () => {
    const doc = fixtureDocument('jira/2026-12-01-server-dashboard.html');
    expect(doc.title).toBe('System Dashboard - JIRA T-Mobile');
    expect(extractContext('jira', doc)).toEqual({ title: '', context: {} });
    const item = detectItem('https://jira.t-mobile.example/browse/NET-4411', { jiraHosts: ['jira.t-mobile.example'] });
    expect(item && siteAdapters.jira.renderedId?.(doc, item)).toBeNull();
  });

  it("strips a Server site's own name from a Jira issue's document title (meta ajs-app-title)", () => {
    const doc = fixtureDocument('jira/2026-12-01-server-dashboard.html');
    doc.title = '[NET-4411] Rotate edge certificates - phase 2 - JIRA T-Mobile';
    expect(extractContext('jira', doc).title).toBe('Rotate edge certificates - phase 2');
    const apache = fixtureDocument('jira/2026-11-01-server-issue.html');
    apache.querySelector('#summary-val')?.remove();
    expect(extractContext('jira', apache).title).toBe('Build and test Spark against Scala 2.12');
  });

  it('reads a Notion breadcrumb folded in the middle, and one whose crumbs are not links, by what it shows', () => {
    const doc = fixtureDocument('notion/2026-11-01-full-page.html');
    const bar = doc.querySelector('.shadow-cursor-breadcrumb');
    const folded = doc.createElement('div');
    folded.setAttribute('role', 'button');
    folded.textContent = '...';
    bar?.insertBefore(folded, bar.children[1] ?? null);
    expect(extractContext('notion', doc).context.notionParents).toEqual([
      { id: '5d1e0c2b7a9f4e3d8c6b1a0f9e8d7c6b', name: 'Engineering' },
      { id: '7a2b3c4d5e6f40718293a4b5c6d7e8f9', name: 'Platform' },
    ]);
    for (const link of doc.querySelectorAll('.shadow-cursor-breadcrumb a')) link.removeAttribute('href');
    for (const block of doc.querySelectorAll('.shadow-cursor-breadcrumb [data-block-id]')) {
      block.removeAttribute('data-block-id');
    }
    expect(extractContext('notion', doc).context.notionParents).toEqual([
      { name: 'Engineering' },
      { name: 'Platform' },
    ]);
  });

  it('reports nothing rendered on an empty document', () => {
    const empty = new Window().document as unknown as Document;
    for (const tool of Object.keys(siteAdapters) as Tool[]) {
      const item = detectItem(EXAMPLE_URLS[tool][0] as string);
      expect(item && (siteAdapters[tool].renderedId?.(empty, item) ?? null)).toBeNull();
    }
  });
});

describe("the item's own state, as each tool shows it", () => {
  const stateOf = (tool: Tool, fixture: string) => {
    const { context } = extractContext(tool, fixtureDocument(fixture));
    expect(zItemContext.parse(context)).toEqual(context);
    return { itemState: context.itemState, itemStatus: context.itemStatus };
  };

  it("reads a Jira Cloud issue's status category from its status field, not a linked issue's", () => {
    expect(stateOf('jira', 'jira/2026-12-01-cloud-issue-in-progress.html')).toEqual({
      itemState: 'open',
      itemStatus: 'In Progress',
    });
    expect(stateOf('jira', 'jira/2026-12-01-cloud-issue-done.html')).toEqual({
      itemState: 'closed',
      itemStatus: 'Done',
    });
    // The rest of the issue's context is read as before.
    expect(extractContext('jira', fixtureDocument('jira/2026-12-01-cloud-issue-done.html'))).toMatchObject({
      title: 'Retry failed card payments',
      context: { jiraProject: 'Payments', jiraIssueType: 'Bug' },
    });
  });

  it('leaves a Jira status with no category (or none rendered) unknown, keeping its name', () => {
    const doc = fixtureDocument('jira/2026-12-01-cloud-issue-done.html');
    const wrapper = doc.querySelector('[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"]');
    for (const element of wrapper?.querySelectorAll('[data-testid]') ?? []) {
      const id = element.getAttribute('data-testid') ?? '';
      element.setAttribute('data-testid', id.replace('status-lozenge.3', 'status-lozenge.1'));
    }
    expect(extractContext('jira', doc).context).toMatchObject({ itemStatus: 'Done' });
    expect(extractContext('jira', doc).context.itemState).toBeUndefined();
    wrapper?.remove();
    // The linked issue's lozenge stays out of it.
    expect(extractContext('jira', doc).context.itemState).toBeUndefined();
    expect(extractContext('jira', doc).context.itemStatus).toBeUndefined();
  });

  it("reads a Jira Server issue's status category from #status-val's lozenge classes", () => {
    expect(stateOf('jira', 'jira/2026-12-01-server-issue-in-progress.html')).toEqual({
      itemState: 'open',
      itemStatus: 'In Progress',
    });
    // A lozenge without the category's class (the older capture) tells only the name.
    expect(stateOf('jira', 'jira/2026-11-01-server-issue.html')).toEqual({
      itemState: undefined,
      itemStatus: 'Resolved',
    });
  });

  it("reads an Asana task's completion from the pane's toggle, not a subtask's indicator", () => {
    expect(stateOf('asana', 'asana/2026-12-01-task-pane-completed.html')).toEqual({
      itemState: 'closed',
      itemStatus: 'Completed',
    });
    expect(stateOf('asana', 'asana/2026-12-01-task-pane-open.html')).toEqual({
      itemState: 'open',
      itemStatus: 'Not completed',
    });
    expect(stateOf('asana', 'asana/2026-11-01-task-pane.html')).toEqual({
      itemState: undefined,
      itemStatus: undefined,
    });
  });

  it("reads a Notion page's Status property, leaving a status of its own naming unknown", () => {
    expect(stateOf('notion', 'notion/2026-12-01-database-page-in-progress.html')).toEqual({
      itemState: 'open',
      itemStatus: 'In progress',
    });
    expect(stateOf('notion', 'notion/2026-12-01-database-page-done.html')).toEqual({
      itemState: 'closed',
      itemStatus: 'Done',
    });
    // A page outside a database has no properties.
    expect(stateOf('notion', 'notion/2026-11-01-full-page.html')).toEqual({
      itemState: undefined,
      itemStatus: undefined,
    });
    const custom = fixtureDocument('notion/2026-12-01-database-page-done.html');
    const pill = [...custom.querySelectorAll('[role="row"] span')].find((span) => span.textContent === 'Done');
    if (pill) pill.textContent = 'Shipped';
    expect(extractContext('notion', custom).context).toMatchObject({ itemStatus: 'Shipped' });
    expect(extractContext('notion', custom).context.itemState).toBeUndefined();
  });

  it('reads the Notion property of the Status type, whatever the workspace named it, before one named Status', () => {
    // "Phase" is the Status-typed property (its icon says so); "Status" is a Select of the team's own.
    const typed = fixtureDocument('notion/2026-12-02-database-page-done-status-by-type.html');
    expect(extractContext('notion', typed).context).toMatchObject({ itemState: 'closed', itemStatus: 'Done' });
    // Named in another language ("Bearbeitungsstand"): still the Status-typed one.
    const renamed = [...typed.querySelectorAll('[role="rowheader"]')].find((header) =>
      header.querySelector('svg[class~="typesStatus"]'),
    );
    const label = [...(renamed?.querySelectorAll('div') ?? [])].find(
      (div) => div.children.length === 0 && div.textContent === 'Phase',
    );
    expect(label).toBeDefined();
    if (label) label.textContent = 'Bearbeitungsstand';
    expect(extractContext('notion', typed).context).toMatchObject({ itemState: 'closed', itemStatus: 'Done' });
    // Without the type icons (as the older fixtures are), the property named Status is read, as before.
    for (const icon of typed.querySelectorAll('svg[class~="typesStatus"]')) icon.removeAttribute('class');
    expect(extractContext('notion', typed).context).toMatchObject({ itemStatus: 'Q4 review' });
    expect(extractContext('notion', typed).context.itemState).toBeUndefined();
  });

  it("finds a Notion page's properties in any language of Notion's UI, never a table of the page's content", () => {
    // The reader's Notion in Korean: the table's label is `페이지 속성`; the workspace's names stay its own.
    const korean = fixtureDocument('notion/2026-12-02-database-page-done-korean-ui.html');
    expect(korean.querySelector('[aria-label="Page properties"]')).toBeNull();
    expect(extractContext('notion', korean).context).toMatchObject({ itemState: 'closed', itemStatus: 'Done' });
    expect(siteAdapters.notion.stateScope?.(korean)?.getAttribute('aria-label')).toBe('페이지 속성');
    // A table of the same shape inside the page's content (its text, an inline database) is not the page's.
    const content = fixtureDocument('notion/2026-11-01-full-page.html');
    const borrowed = korean.querySelector('[role="table"]')?.cloneNode(true) as Element;
    content.querySelector('.notion-page-content')?.append(borrowed);
    expect(content.querySelector('.notion-page-content [role="table"]')).not.toBeNull();
    expect(extractContext('notion', content).context.itemState).toBeUndefined();
    expect(extractContext('notion', content).context.itemStatus).toBeUndefined();
  });

  it('reads no state off a Gmail thread (it has none)', () => {
    const { context } = extractContext('gmail', fixtureDocument('gmail/2026-11-01-thread.html'));
    expect(context.itemState).toBeUndefined();
    expect(context.itemStatus).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ItemRef, zItemRef } from '../../utils/contract.ts';
import { detectItem } from '../../utils/detect/index.ts';

interface ReferenceCase {
  url: string;
  expect: Partial<ItemRef> | null;
  note: string;
}
const referenceCases: ReferenceCase[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'detect-cases.json'), 'utf8'),
);

/** The Server/Data Center hosts of the reference cases: a user would have enabled each in the options page. */
const SELF_HOSTED = [
  'issues.redhat.com',
  'issues.scala-lang.org',
  'issues.apache.org',
  'bugreports.qt-project.org',
  'tracker.example.com',
  'jira.example.com',
  'jira.corp.example:8443',
];

/** Only the fields a case states are compared: a case leaves out what its URL does not determine. */
function pickStated(item: ItemRef | null, expected: Partial<ItemRef>) {
  if (!item) return item;
  return Object.fromEntries(Object.keys(expected).map((field) => [field, item[field as keyof ItemRef]]));
}

describe('detectItem over the reference cases', () => {
  it.each(referenceCases.map((testCase) => [testCase.url, testCase]))('%s', (url, testCase) => {
    const item = detectItem(url, { jiraHosts: SELF_HOSTED });
    if (testCase.expect === null) {
      expect(item).toBeNull();
      return;
    }
    expect(pickStated(item, testCase.expect)).toEqual(testCase.expect);
    expect(zItemRef.safeParse(item).success).toBe(true);
  });
});

const notion = (id: string): ItemRef => ({
  tool: 'notion',
  kind: 'page',
  id,
  key: `notion:${id}`,
  url: `https://www.notion.so/${id}`,
});
const asana = (id: string, workspace?: string, project?: string): ItemRef => ({
  tool: 'asana',
  kind: 'task',
  id,
  ...(workspace ? { workspace } : {}),
  ...(project ? { project } : {}),
  key: `asana:${id}`,
  url: `https://app.asana.com/0/0/${id}`,
});
const jira = (workspace: string, id: string, url = `https://${workspace}/browse/${id}`): ItemRef => ({
  tool: 'jira',
  kind: 'issue',
  id,
  workspace,
  project: id.slice(0, id.lastIndexOf('-')),
  key: `jira:${workspace}/${id}`,
  url,
});
const gmail = (id: string, url = `https://mail.google.com/mail/u/0/#all/${id}`): ItemRef => ({
  tool: 'gmail',
  kind: 'thread',
  id,
  key: `gmail:${id}`,
  url,
});

const PAGE = '21c261aa09df810c8820fab1d78b53d9';
const ROW = '1b6db7c6791481f0bd5cd9f4dfa98aa4';
const TOKEN = 'FMfcgzQXJkcLPCXjzvlvtbTRQpGQkFsr';

describe('detectItem: every URL form of the issue, with canonical key and url', () => {
  const cases: [string, ItemRef | null][] = [
    // Notion: every host, slugs, peeks, dashed ids; fragments are blocks, not pages.
    [`https://www.notion.so/Mantle-Specification-${PAGE}`, notion(PAGE)],
    [`https://notion.so/acme/Mantle-Specification-${PAGE}`, notion(PAGE)],
    [`https://WWW.NOTION.SO/${PAGE}`, notion(PAGE)],
    [`https://app.notion.com/p/Mantle-${PAGE}?source=copy_link`, notion(PAGE)],
    [`https://app.notion.com/p/acme/${PAGE}`, notion(PAGE)],
    [`https://acme.notion.site/Mantle-${PAGE}?pvs=4`, notion(PAGE)],
    [`https://acme.notion.site/r?p=${ROW}&pm=c`, notion(ROW)],
    [`https://www.notion.so/${PAGE}?v=631d2c91ec834d35b3ad85a42e3eb7fd&p=${ROW}&pm=s`, notion(ROW)],
    [`https://www.notion.so/${PAGE}?p=${ROW}&pm=f`, notion(ROW)],
    [`https://www.notion.so/${PAGE}?p=not-an-id&pm=s`, notion(PAGE)],
    [`https://www.notion.so/21c261aa-09df-810c-8820-fab1d78b53d9`, notion(PAGE)],
    [`https://www.notion.so/Mantle-${PAGE}#${ROW}`, notion(PAGE)],
    [`https://www.notion.so/Mantle-${PAGE}/`, notion(PAGE)],
    [`http://www.notion.so/Mantle-${PAGE}`, null],
    [`https://www.notion.com/Mantle-${PAGE}`, null],
    [`https://www.notion.so/api/v3/getRecord-${PAGE}`, null],
    [`https://www.notion.so/Mantle-${PAGE.toUpperCase()}`, null],
    [`https://www.notion.so/#${PAGE}`, null],
    // Asana: V0, V1, focus mode, inbox and search.
    ['https://app.asana.com/0/1206043162733419/12058909747493732', asana('12058909747493732')],
    ['https://app.asana.com/0/0/1202702259694393/f', asana('1202702259694393')],
    ['https://app.asana.com/0/1202500774821704/1207634633537039/f/', asana('1207634633537039')],
    ['https://app.asana.com/0/inbox/463186034180509/765912307342230', asana('765912307342230')],
    ['https://app.asana.com/0/search/1208000000000001/1207634633537039', asana('1207634633537039')],
    ['https://app.asana.com/1/315335535171535/task/1213265079197092', asana('1213265079197092', '315335535171535')],
    [
      'https://app.asana.com/1/44212/project/1211341031891215/task/1211341863851843?focus=true',
      asana('1211341863851843', '44212', '1211341031891215'),
    ],
    [
      'https://app.asana.com/1/44212/task/1213265079197092/comment/1213265079197999',
      asana('1213265079197092', '44212'),
    ],
    [
      'https://app.asana.com/1/44212/inbox/1200000000000001/item/1213265079197092/story/12',
      asana('1213265079197092', '44212'),
    ],
    ['https://app.asana.com/0/1206043162733419/list', null],
    ['https://app.asana.com/0/1206043162733419/board', null],
    ['https://app.asana.com/0/search/1208000000000001', null],
    ['https://app.asana.com/0/1/2/3', null],
    ['https://app.asana.com/1/44212/project/1211341031891215/list', null],
    ['https://app.asana.com/1/44212/project/1211341031891215/timeline', null],
    ['https://app.asana.com/1/home/task/1213265079197092', null],
    ['https://app.asana.com/api/1.0/tasks/1213265079197092', null],
    ['https://app.asana.com/admin/315335535171535/', null],
    ['http://app.asana.com/0/0/1202702259694393', null],
    ['https://asana.com/0/0/1202702259694393', null],
    // Jira Cloud: browse, boards and backlogs, navigators, service desk, portal, legacy RapidBoard, discovery.
    ['https://acme.atlassian.net/browse/PAY-1', jira('acme.atlassian.net', 'PAY-1')],
    [
      'https://acme.atlassian.net/jira/software/projects/PAY/boards/1?selectedIssue=PAY-7',
      jira('acme.atlassian.net', 'PAY-7'),
    ],
    [
      'https://acme.atlassian.net/jira/software/c/projects/PAY/boards/2/backlog?modal=detail&selectedIssue=pay-9',
      jira('acme.atlassian.net', 'PAY-9'),
    ],
    ['https://acme.atlassian.net/jira/software/c/projects/PAY/issues/PAY-3', jira('acme.atlassian.net', 'PAY-3')],
    ['https://acme.atlassian.net/issues/PAY-4?filter=-4&jql=order%20by%20created', jira('acme.atlassian.net', 'PAY-4')],
    ['https://acme.atlassian.net/jira/core/projects/AUT/list?selectedIssue=AUT-2', jira('acme.atlassian.net', 'AUT-2')],
    ['https://acme.atlassian.net/jira/servicedesk/projects/SD/queues/issue/SD-5', jira('acme.atlassian.net', 'SD-5')],
    [
      'https://acme.atlassian.net/jira/servicedesk/projects/SD/queues/custom/7/SD-6',
      jira('acme.atlassian.net', 'SD-6'),
    ],
    ['https://acme.atlassian.net/servicedesk/customer/portal/3/SD-8', jira('acme.atlassian.net', 'SD-8')],
    [
      'https://acme.atlassian.net/secure/RapidBoard.jspa?rapidView=3&view=detail&selectedIssue=RLL-5',
      jira('acme.atlassian.net', 'RLL-5'),
    ],
    [
      'https://acme.atlassian.net/jira/discovery/share/views/6b1a0f4e?selectedIssue=SO-2&issueViewLayout=sidebar',
      jira('acme.atlassian.net', 'SO-2'),
    ],
    ['https://acme.atlassian.net/jira/software/projects/PAY/boards/1?selectedEpic=PAY-1', null],
    ['https://acme.atlassian.net/jira/dashboards/10001', null],
    ['https://acme.atlassian.net/jira/plans/1/scenarios/1/timeline', null],
    ['https://acme.atlassian.net/browse/PAY-1/comments', null],
    ['https://acme.atlassian.net/browse/PAY', null],
    ['https://acme.atlassian.net/browse/1PAY-1', null],
    ['https://acme.atlassian.net/wiki/browse/PAY-1', null],
    ['http://acme.atlassian.net/browse/PAY-1', null],
    ['https://atlassian.net/browse/PAY-1', null],
    // Jira Server/Data Center: only enabled hosts, any scheme, a port, and a context path kept in the url only.
    ['https://jira.example.com/browse/PAY-1', jira('jira.example.com', 'PAY-1')],
    ['http://10.1.4.22:8080/browse/OPS-12', jira('10.1.4.22:8080', 'OPS-12', 'http://10.1.4.22:8080/browse/OPS-12')],
    [
      'https://issues.apache.org/jira/projects/SPARK/issues/SPARK-1?filter=allopenissues',
      jira('issues.apache.org', 'SPARK-1', 'https://issues.apache.org/jira/browse/SPARK-1'),
    ],
    [
      'https://apps.nrs.gov.bc.ca/int/jira/browse/ONE-2',
      jira('apps.nrs.gov.bc.ca', 'ONE-2', 'https://apps.nrs.gov.bc.ca/int/jira/browse/ONE-2'),
    ],
    [
      'https://apps.nrs.gov.bc.ca/int/jira/secure/RapidBoard.jspa?rapidView=4&selectedIssue=ONE-3',
      jira('apps.nrs.gov.bc.ca', 'ONE-3', 'https://apps.nrs.gov.bc.ca/int/jira/browse/ONE-3'),
    ],
    ['https://jira.example.com/projects/HR/queues/custom/3/HR-9', jira('jira.example.com', 'HR-9')],
    ['https://jira.example.com/issues/?jql=project%20%3D%20PAY', null],
    ['https://jira.example.com/jira/projects/PAY/issues/', null],
    ['https://not-enabled.example.com/browse/PAY-1', null],
    ['https://jira.example.com:8443/browse/PAY-1', null],
    // Gmail: every list view, two-segment routes, accounts, popout and print views.
    ...['inbox', 'starred', 'sent', 'all', 'imp', 'drafts', 'snoozed', 'spam', 'trash', 'chats', 'scheduled'].map(
      (view): [string, ItemRef] => [`https://mail.google.com/mail/u/0/#${view}/${TOKEN}`, gmail(TOKEN)],
    ),
    ...['search/budget+2026', 'label/Receipts%2F2026', 'category/social', 'advanced-search/from=a'].map(
      (route): [string, ItemRef] => [`https://mail.google.com/mail/u/0/#${route}/${TOKEN}`, gmail(TOKEN)],
    ),
    [
      `https://mail.google.com/mail/u/2/?zx=abc#inbox/${TOKEN}`,
      gmail(TOKEN, `https://mail.google.com/mail/u/2/#all/${TOKEN}`),
    ],
    [`https://mail.google.com/mail/#inbox/${TOKEN}`, gmail(TOKEN)],
    [
      `https://mail.google.com/mail/b/143/u/0/#inbox/${TOKEN}`,
      gmail(TOKEN, `https://mail.google.com/mail/b/143/u/0/#all/${TOKEN}`),
    ],
    [`https://mail.google.com/mail/u/0/#inbox/${TOKEN}?projector=1&messagePartId=0.1`, gmail(TOKEN)],
    [
      'https://mail.google.com/mail/u/1/popout?ver=13u&search=inbox&th=%23thread-f%3A1763115053482060564',
      gmail(
        'thread-f:1763115053482060564',
        'https://mail.google.com/mail/u/1/popout?th=%23thread-f%3A1763115053482060564',
      ),
    ],
    [
      'https://mail.google.com/mail/u/0/popout?th=%23thread-a%3Ar-77797987352109418',
      gmail(
        'thread-a:r-77797987352109418',
        'https://mail.google.com/mail/u/0/popout?th=%23thread-a%3Ar-77797987352109418',
      ),
    ],
    ['https://mail.google.com/mail/u/0/?ui=2&view=pt&search=all&th=14d0c75c6145c8d4', gmail('14d0c75c6145c8d4')],
    ['https://mail.google.com/mail/u/0/#inbox/p2', null],
    ['https://mail.google.com/mail/u/0/#label/bank/p2', null],
    [`https://mail.google.com/mail/u/0/#inbox/${TOKEN}/extra`, null],
    [`https://mail.google.com/mail/u/0/#contacts/${TOKEN}`, null],
    [`https://mail.google.com/mail/u/0/#settings/${TOKEN}`, null],
    ['https://mail.google.com/mail/u/0/#inbox?compose=new', null],
    [`https://mail.google.com/mail/u/0/?view=cm#inbox/${TOKEN}`, null],
    [`https://mail.google.com/chat/u/0/#inbox/${TOKEN}`, null],
    [`http://mail.google.com/mail/u/0/#inbox/${TOKEN}`, null],
    [`https://inbox.google.com/mail/u/0/#inbox/${TOKEN}`, null],
    // Not URLs at all.
    ['', null],
    ['not a url', null],
  ];

  it.each(cases)('%s', (url, expected) => {
    const item = detectItem(url, {
      jiraHosts: ['jira.example.com', '10.1.4.22:8080', 'issues.apache.org', 'apps.nrs.gov.bc.ca'],
    });
    expect(item).toEqual(expected);
    if (item) expect(zItemRef.parse(item)).toEqual(item);
  });

  it('ignores self-hosted Jira hosts nobody enabled', () => {
    expect(detectItem('https://jira.example.com/browse/PAY-1')).toBeNull();
    expect(detectItem('https://jira.example.com/browse/PAY-1', { jiraHosts: ['jira.example.com'] })?.key).toBe(
      'jira:jira.example.com/PAY-1',
    );
  });
});

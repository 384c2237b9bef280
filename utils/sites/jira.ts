import type { ItemContext, ItemRef, ItemState } from '../contract.ts';
import { firstText, textOf } from './dom.ts';
import type { DetectOptions, PageContext, SiteAdapter } from './types.ts';

/** Atlassian's project-key rules: a letter, then letters, digits or underscores; matched case-insensitively. */
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;
const isKey = (segment: string | undefined): segment is string => segment !== undefined && ISSUE_KEY.test(segment);
const CLOUD_PRODUCTS = new Set(['software', 'core', 'servicedesk', 'discovery']);

/** How a recognised Jira route names its issue: in the path, through `?selectedIssue=`, or not at all. */
interface Route {
  pathKey?: string;
  readsSelectedIssue: boolean;
}
const NO_ISSUE: Route = { readsSelectedIssue: false };

/** Routes under a project: `issues/KEY`, `queues/issue/KEY`, `queues/custom/<n>/KEY`. */
function projectRoute(rest: readonly string[], readsSelectedIssue: boolean): Route {
  const [view, second, third, fourth] = rest;
  if (view === 'issues' && rest.length === 2 && isKey(second)) return { pathKey: second, readsSelectedIssue };
  if (view === 'queues' && second === 'issue' && rest.length === 3 && isKey(third)) {
    return { pathKey: third, readsSelectedIssue };
  }
  if (view === 'queues' && second === 'custom' && rest.length === 4 && isKey(fourth)) {
    return { pathKey: fourth, readsSelectedIssue };
  }
  return { readsSelectedIssue };
}

/**
 * The Jira route the segments start with, or null when they start with none (a context path, Confluence's `/wiki`).
 * Off Cloud, `jira` is more often a context path than the Cloud apps' prefix, so only `jira/<product>` is a route.
 */
function routeAt(segments: readonly string[], cloud: boolean): Route | null {
  const [head, second, third, , fifth] = segments;
  switch (head) {
    case 'browse':
      return segments.length === 2 && isKey(second) ? { pathKey: second, readsSelectedIssue: false } : NO_ISSUE;
    case 'issues':
      return segments.length === 2 && isKey(second) ? { pathKey: second, readsSelectedIssue: false } : NO_ISSUE;
    case 'projects':
      return projectRoute(segments.slice(2), false);
    case 'servicedesk':
      return second === 'customer' && third === 'portal' && segments.length === 5 && isKey(fifth)
        ? { pathKey: fifth, readsSelectedIssue: false }
        : NO_ISSUE;
    case 'secure':
      return second === 'RapidBoard.jspa' ? { readsSelectedIssue: true } : NO_ISSUE;
    case 'jira': {
      // Cloud apps (`/jira/software/[c/]projects/P/...`) open issues in a sidebar or modal named by `selectedIssue`.
      if (!second || !CLOUD_PRODUCTS.has(second)) return cloud && second ? { readsSelectedIssue: true } : null;
      const projectAt = third === 'c' ? 3 : 2;
      if (segments[projectAt] !== 'projects') return { readsSelectedIssue: true };
      return projectRoute(segments.slice(projectAt + 2), true);
    }
    default:
      return null;
  }
}

function issueOf(route: Route, url: URL): string | null {
  if (route.pathKey) return route.pathKey;
  const selected = route.readsSelectedIssue ? url.searchParams.get('selectedIssue') : null;
  return isKey(selected ?? undefined) ? selected : null;
}

function isCloudHost(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname.endsWith('.atlassian.net');
}

function isEnabledSelfHosted(url: URL, jiraHosts: readonly string[]): boolean {
  return (url.protocol === 'https:' || url.protocol === 'http:') && jiraHosts.includes(url.host);
}

function detect(url: URL, { jiraHosts = [] }: DetectOptions): ItemRef | null {
  const cloud = isCloudHost(url);
  if (!cloud && !isEnabledSelfHosted(url, jiraHosts)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  // Server/DC may live under a context path (`/jira`, `/int/jira`); Cloud never does.
  const lastStart = cloud ? 0 : segments.length - 1;
  for (let start = 0; start <= lastStart; start++) {
    const route = routeAt(segments.slice(start), cloud);
    if (!route) continue;
    const issue = issueOf(route, url);
    if (!issue) return null;
    const id = issue.toUpperCase();
    const workspace = url.host;
    const contextPath = segments
      .slice(0, start)
      .map((segment) => `/${segment}`)
      .join('');
    return {
      tool: 'jira',
      kind: 'issue',
      id,
      workspace,
      project: id.slice(0, id.lastIndexOf('-')),
      key: `jira:${workspace}/${id}`,
      url: `${url.protocol}//${workspace}${contextPath}/browse/${id}`,
    };
  }
  return null;
}

const CLOUD = 'issue.views.issue-base.foundation';
const CLOUD_SUMMARY = `h1[data-testid="${CLOUD}.summary.heading"]`;
const CLOUD_KEY = `[data-testid="${CLOUD}.breadcrumbs.current-issue.item"]`;
const CLOUD_PROJECT = `[data-testid="${CLOUD}.breadcrumbs.project.item"]`;
const CLOUD_CURRENT_ISSUE = `[data-testid="${CLOUD}.breadcrumbs.breadcrumb-current-issue-container"]`;
/** The Team field (an Atlassian team) of the issue view's details, as userscripts and Selenium suites read it. */
const CLOUD_TEAM = '[data-testid="issue-field-team.ui.view-team-name"]';

/**
 * The issue's status in the Cloud issue view: the status button beside the summary holds a lozenge whose test id ends
 * in the status category's id (Jira's `/rest/api/3/statuscategory`: 2 To Do, 4 In Progress, 3 Done, 1 none), its
 * text the status's own name. Linked and child issues show lozenges too, so only the one in the status field counts.
 */
const CLOUD_STATUS = `[data-testid="${CLOUD}.status.status-field-wrapper"]`;
const CLOUD_STATUS_LOZENGE = '[data-testid^="issue.fields.status.common.ui.status-lozenge."]';
const CATEGORY_BY_ID: Readonly<Record<string, ItemState>> = { '2': 'open', '4': 'open', '3': 'closed' };
/** Server/DC and the classic view: `#status-val`'s lozenge carries the category's key as a class. */
const CATEGORY_BY_CLASS: Readonly<Record<string, ItemState>> = {
  'jira-issue-status-lozenge-new': 'open',
  'jira-issue-status-lozenge-indeterminate': 'open',
  'jira-issue-status-lozenge-done': 'closed',
};

function issueState(scope: ParentNode, doc: Document): Pick<ItemContext, 'itemState' | 'itemStatus'> {
  let state: ItemState | undefined;
  let status = '';
  const lozenge = scope.querySelector(CLOUD_STATUS)?.querySelector(CLOUD_STATUS_LOZENGE);
  if (lozenge) {
    const id = /status-lozenge\.(\d+)(?:--[\w-]+)?$/.exec(lozenge.getAttribute('data-testid') ?? '')?.[1] ?? '';
    state = CATEGORY_BY_ID[id];
    status = textOf(lozenge);
  } else {
    const classic = doc.querySelector('#status-val .jira-issue-status-lozenge');
    for (const name of classic?.classList ?? []) state ??= CATEGORY_BY_CLASS[name];
    status = textOf(classic);
  }
  return { ...(state ? { itemState: state } : {}), ...(status ? { itemStatus: status } : {}) };
}

/** A modal issue (board `modal=detail`, a linked issue opened over another) covers the page: read it first. */
function visibleIssueScope(doc: Document): ParentNode {
  const modals = [...doc.querySelectorAll('[role="dialog"]')].filter((dialog) => dialog.querySelector(CLOUD_SUMMARY));
  return modals.at(-1) ?? doc;
}

/** The issue-type icon sits beside the key; its alt text is the type ("Bug", "Story"). */
function cloudIssueType(scope: ParentNode): string {
  const container = scope.querySelector(CLOUD_CURRENT_ISSUE);
  const alt = container?.querySelector('img[alt]')?.getAttribute('alt')?.trim();
  return alt || container?.querySelector('button[aria-label]')?.getAttribute('aria-label')?.trim() || '';
}

/** An issue page's document title: `[KEY-1] Summary - <app title>`. Dashboards, boards and searches have no key. */
const ISSUE_DOCUMENT_TITLE = /^\[[A-Za-z][A-Za-z0-9_]*-\d+\]\s*([\s\S]*)$/;

/**
 * `[KEY-1] Summary - Jira` -> `Summary`; '' when the title names no issue. The suffix is the app's title, which a
 * Server site sets itself (`JIRA T-Mobile`, `ASF JIRA`) and states in `meta[name="ajs-app-title"]`; without that
 * meta, a last ` - … Jira` part is taken for it.
 */
function titleFromDocumentTitle(doc: Document): string {
  const rest = ISSUE_DOCUMENT_TITLE.exec(doc.title.trim())?.[1] ?? '';
  const appTitle = doc.querySelector('meta[name="ajs-app-title"]')?.getAttribute('content')?.trim();
  if (appTitle && rest.endsWith(` - ${appTitle}`)) return rest.slice(0, -` - ${appTitle}`.length).trim();
  return rest.replace(/\s+-\s+[^-]*jira$/i, '').trim();
}

function extractContext(doc: Document): PageContext {
  const scope = visibleIssueScope(doc);
  // Server/DC and the classic Cloud view share these ids (captured pages from Jira 7.0 to 8.20).
  const title = firstText(scope, [CLOUD_SUMMARY, 'h1#summary-val']) || titleFromDocumentTitle(doc);
  const jiraProject = firstText(scope, [CLOUD_PROJECT, '#project-name-val']);
  const jiraIssueType = cloudIssueType(scope) || textOf(doc.querySelector('#type-val'));
  const jiraTeam = textOf(scope.querySelector(CLOUD_TEAM));
  return {
    title,
    context: {
      ...(jiraProject ? { jiraProject } : {}),
      ...(jiraIssueType ? { jiraIssueType } : {}),
      ...(jiraTeam ? { jiraTeam } : {}),
      ...issueState(scope, doc),
    },
  };
}

function renderedId(doc: Document): string | null {
  const scope = visibleIssueScope(doc);
  const key =
    textOf(scope.querySelector(CLOUD_KEY)) ||
    doc.querySelector('#key-val')?.getAttribute('data-issue-key') ||
    doc.querySelector('meta[name="ajs-issue-key"]')?.getAttribute('content') ||
    '';
  return isKey(key) ? key.toUpperCase() : null;
}

export const jira: SiteAdapter = {
  tool: 'jira',
  detect,
  extractContext,
  renderedId,
  // Server's details list holds `#status-val`, which a transition's refresh may replace.
  stateScope: (doc) =>
    visibleIssueScope(doc).querySelector(CLOUD_STATUS) ?? doc.querySelector('#issuedetails, #status-val'),
};

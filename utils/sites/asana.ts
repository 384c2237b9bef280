import type { Container, ItemContext, ItemRef } from '../contract.ts';
import { firstText, textOf } from './dom.ts';
import type { PageContext, SiteAdapter } from './types.ts';

const GID = /^\d+$/;
const isGid = (segment: string | undefined): segment is string => segment !== undefined && GID.test(segment);

/**
 * Task gid and, for V1 URLs, workspace gid and the gid of the project the task was opened in; grammar from Asana's
 * "New V1 Asana URL format" forum announcement.
 */
function taskOf(segments: readonly string[]): { id: string; workspace?: string; project?: string } | null {
  const [version, first, second, third] = segments;
  if (version === '1') {
    if (!isGid(first)) return null;
    // Every V1 id follows its type segment; the task is the one after the first `task` (or inbox `item`) segment.
    const at = segments.findIndex((segment, index) => index >= 2 && (segment === 'task' || segment === 'item'));
    const id = at === -1 ? undefined : segments[at + 1];
    if (!isGid(id)) return null;
    // `/1/<ws>/project/<project>/task/<task>`: the project is the segment pair right before the task.
    const project = second === 'project' && at === 4 && isGid(third) ? third : undefined;
    return { id, workspace: first, ...(project ? { project } : {}) };
  }
  if (version !== '0') return null;
  // /0/inbox/<user>/<task>[/<story>] and /0/search/<search>/<task>
  if (first === 'inbox' || first === 'search') return isGid(third) && isGid(second) ? { id: third } : null;
  // /0/<project|0>/<task>[/f]: the same number twice is a project permalink, not a task.
  const rest = segments.slice(3);
  const focusOnly = rest.length === 0 || (rest.length === 1 && rest[0] === 'f');
  return isGid(first) && isGid(second) && first !== second && focusOnly ? { id: second } : null;
}

function detect(url: URL): ItemRef | null {
  if (url.protocol !== 'https:' || url.hostname !== 'app.asana.com') return null;
  const task = taskOf(url.pathname.split('/').filter(Boolean));
  if (!task) return null;
  return {
    tool: 'asana',
    kind: 'task',
    id: task.id,
    ...(task.workspace ? { workspace: task.workspace } : {}),
    ...(task.project ? { project: task.project } : {}),
    key: `asana:${task.id}`,
    url: `https://app.asana.com/0/0/${task.id}`,
  };
}

/** The task pane in a list or board, and the same pane full-screen in focus mode. */
const TASK_PANE = '.TaskPane';
const TITLE_SELECTORS = [
  '.TaskPaneTitle textarea',
  '[role="heading"] textarea',
  '.TaskPane-titleRow textarea',
  'textarea[aria-label="Task Name"]',
];
/** A task's project pills: each links to its project (`/1/<ws>/project/<gid>`) around the project's name. */
const PROJECT_NAMES = '.TaskProjects .TaskProjectTokenPill-name';
/** A subtask names the projects of its ancestors instead of its own, linked the V0 way (`/0/<gid>/list`). */
const ANCESTOR_PROJECTS = '.TaskAncestry-ancestorProject';

/** `"● Task - Project - Asana"` -> `Task`: the unread dot and the suffixes are Asana's, not the task's. */
function titleFromDocumentTitle(title: string): string {
  const parts = title.replace(/^●\s*/, '').split(' - ');
  return parts.length >= 2 && parts.at(-1) === 'Asana' ? (parts[0] ?? '').trim() : '';
}

/** The project gid of a project link: V1 `/1/<ws>/project/<gid>[/<view>]`, V0 `/0/<gid>[/<view>]`. */
export function projectGidOf(href: string): string | undefined {
  const url = URL.parse(href, 'https://app.asana.com/');
  if (url?.hostname !== 'app.asana.com') return undefined;
  const [version, first, second, third] = url.pathname.split('/').filter(Boolean);
  if (version === '1' && isGid(first) && second === 'project' && isGid(third)) return third;
  if (version === '0' && isGid(first) && first !== '0') return first;
  return undefined;
}

/** Each named element as a project: its name, and the gid of the link around or inside it. */
function projectsOf(root: ParentNode, selector: string): Container[] {
  const projects: Container[] = [];
  for (const element of root.querySelectorAll(selector)) {
    const link = element.closest('a[href]') ?? element.querySelector('a[href]');
    const id = projectGidOf(link?.getAttribute('href') ?? '');
    const name = textOf(element);
    if (!id && !name) continue;
    if (projects.some((project) => (id ? project.id === id : !project.id && project.name === name))) continue;
    projects.push({ ...(id ? { id } : {}), ...(name ? { name } : {}) });
  }
  return projects;
}

/** Where a task's project names its team: the project page's header above the task (its breadcrumb) and the pane. */
const TEAM_SCOPES = '.TaskPane, [class*="TopbarPageHeader"]';

/** Whether a link opens a team's page: V1 `/1/<ws>/team/<gid>[/<view>]` (every V1 id follows its type segment). */
function isTeamLink(href: string): boolean {
  const url = URL.parse(href, 'https://app.asana.com/');
  const [version, workspace, type, gid] = url?.pathname.split('/').filter(Boolean) ?? [];
  return url?.hostname === 'app.asana.com' && version === '1' && isGid(workspace) && type === 'team' && isGid(gid);
}

/**
 * The team of the task's project as the page names it: the one team linked from the task pane or the project's
 * header, '' when none is or several are (the sidebar lists every team; it is outside these scopes).
 */
function teamOf(doc: Document): string {
  const names = new Set<string>();
  for (const scope of doc.querySelectorAll(TEAM_SCOPES)) {
    for (const link of scope.querySelectorAll('a[href]')) {
      if (isTeamLink(link.getAttribute('href') ?? '')) names.add(textOf(link));
    }
  }
  names.delete('');
  return names.size === 1 ? ([...names][0] ?? '') : '';
}

/**
 * The task's completion as the pane's toolbar shows it: its "Mark complete" toggle is pressed once the task is done
 * (`TaskCompletionToggleButton--isPressed`, as extensions that celebrate completion read it). Subtask rows show their
 * own completion with other elements (`TaskCompletionStatusIndicator`), so only the toolbar's toggle counts.
 */
const COMPLETION_TOGGLE = '.TaskCompletionToggleButton';

function completion(pane: ParentNode): Pick<ItemContext, 'itemState' | 'itemStatus'> {
  const toggle = pane.querySelector(COMPLETION_TOGGLE);
  if (!toggle) return {};
  const pressed = toggle.classList.contains('TaskCompletionToggleButton--isPressed')
    ? true
    : toggle.classList.contains('TaskCompletionToggleButton--isNotPressed')
      ? false
      : toggle.getAttribute('aria-pressed') === 'true'
        ? true
        : toggle.getAttribute('aria-pressed') === 'false'
          ? false
          : null;
  if (pressed === null) return {};
  return pressed
    ? { itemState: 'closed', itemStatus: 'Completed' }
    : { itemState: 'open', itemStatus: 'Not completed' };
}

function extractContext(doc: Document): PageContext {
  const pane = doc.querySelector(TASK_PANE) ?? doc;
  const title = firstText(pane, TITLE_SELECTORS) || titleFromDocumentTitle(doc.title);
  const pills = projectsOf(pane, PROJECT_NAMES);
  const asanaProjects = pills.length > 0 ? pills : projectsOf(pane, ANCESTOR_PROJECTS);
  const asanaTeam = teamOf(doc);
  return {
    title,
    context: {
      ...(asanaProjects.length > 0 ? { asanaProjects: asanaProjects.slice(0, 50) } : {}),
      ...(asanaTeam ? { asanaTeam } : {}),
      ...completion(pane),
    },
  };
}

export const asana: SiteAdapter = {
  tool: 'asana',
  detect,
  extractContext,
  stateScope: (doc) => (doc.querySelector(TASK_PANE) ?? doc).querySelector(COMPLETION_TOGGLE),
};

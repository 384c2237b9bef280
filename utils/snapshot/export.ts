/** The work snapshot as Markdown (for a weekly update) and CSV (for a spreadsheet). */
import type { Item } from '../contract.ts';
import { type HubRoute, hubUrl } from '../hub-links.ts';
import { markdownDestination as destination, markdownLink, markdownText, markdownUrl } from '../markdown.ts';
import { GOAL_STATUS_LABELS } from '../statuses.ts';
import { itemName, TOOL_NAMES, TOOLS } from '../tools.ts';
import { GOAL_STATUSES, type WorkSnapshot } from './model.ts';

export { markdownText, markdownUrl } from '../markdown.ts';

export interface SnapshotExportOptions {
  /** `browser.runtime.getURL('/hub.html')`: goals and decisions link back into the hub when given. */
  hubPageUrl?: string;
}

export function snapshotToMarkdown(snapshot: WorkSnapshot, options: SnapshotExportOptions = {}): string {
  const cell = markdownText;
  const link = (label: string, route: HubRoute) =>
    // The hub is the extension's own page (`chrome-extension:`), so its links are not held to http(s).
    options.hubPageUrl ? markdownLink(label, destination(new URL(hubUrl(options.hubPageUrl, route)))) : cell(label);
  /** An item as the UI names it (`itemName`), linking to the item in its tool. */
  const itemLink = (item: Item) => markdownLink(itemName(item), markdownUrl(item.ref.url));
  const lines = [`# Work snapshot: ${cell(snapshot.scopeLabel)}`, '', `Week of ${snapshot.week.start}.`, ''];
  const table = (headers: string[], rows: string[][]) => {
    lines.push(`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`);
    for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
    lines.push('');
  };
  const section = (title: string, empty: string, rows: string[][], headers: string[]) => {
    lines.push(`## ${title}`, '');
    if (rows.length === 0) lines.push(`_${empty}_`, '');
    else table(headers, rows);
  };

  section(
    'Linked items by tool',
    'No linked items.',
    TOOLS.map((tool) => [
      TOOL_NAMES[tool],
      String(snapshot.itemsByTool[tool].items.length),
      String(snapshot.itemsByTool[tool].newThisWeek),
    ]),
    ['Tool', 'Linked', 'New this week'],
  );
  section(
    'Goals by status',
    'No goals.',
    GOAL_STATUSES.map((status) => [GOAL_STATUS_LABELS[status], String(snapshot.goalsByStatus[status].length)]),
    ['Status', 'Goals'],
  );
  section(
    'Decisions made',
    'No decisions this week.',
    snapshot.decisionsMade.map((decision) => [
      decision.decidedAt.slice(0, 10),
      link(decision.title, { view: 'decision', id: decision.id }),
      cell(decision.decidedBy),
      decision.status,
    ]),
    ['Date', 'Decision', 'By', 'Status'],
  );
  section(
    'Goals with no linked work',
    'Every open goal has linked work.',
    snapshot.goalsWithoutWork.map((goal) => [
      link(goal.title, { view: 'goal', id: goal.id }),
      GOAL_STATUS_LABELS[goal.status],
      goal.targetDate ?? '',
    ]),
    ['Goal', 'Status', 'Target date'],
  );
  section(
    'Unowned items seen',
    'No unowned items this week.',
    snapshot.unownedItemsSeen.map((item) => [TOOL_NAMES[item.ref.tool], itemLink(item)]),
    ['Tool', 'Item'],
  );
  section(
    'Still linked to a superseded decision',
    'None: every item follows the decision in force.',
    snapshot.supersededStillLinked.map(({ decision, item, current }) => [
      itemLink(item),
      TOOL_NAMES[item.ref.tool],
      link(decision.title, { view: 'decision', id: decision.id }),
      link(current.title, { view: 'decision', id: current.id }),
    ]),
    ['Item', 'Tool', 'Linked decision', 'Superseded by'],
  );
  return lines.join('\n');
}

/**
 * One row per fact: `section,name,detail,date,url`. A cell that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`) is prefixed with `'`: titles come from other people's pages.
 */
export function snapshotToCsv(snapshot: WorkSnapshot, options: SnapshotExportOptions = {}): string {
  const hub = (route: HubRoute) => (options.hubPageUrl ? hubUrl(options.hubPageUrl, route) : '');
  const rows: string[][] = [['section', 'name', 'detail', 'date', 'url']];
  for (const tool of TOOLS) {
    for (const item of snapshot.itemsByTool[tool].items) {
      rows.push(['linked item', itemName(item), TOOL_NAMES[tool], item.createdAt.slice(0, 10), item.ref.url]);
    }
  }
  for (const decision of snapshot.decisionsMade) {
    rows.push([
      'decision made',
      decision.title,
      decision.status,
      decision.decidedAt.slice(0, 10),
      hub({ view: 'decision', id: decision.id }),
    ]);
  }
  for (const status of GOAL_STATUSES) {
    for (const goal of snapshot.goalsByStatus[status]) {
      rows.push([
        'goal',
        goal.title,
        GOAL_STATUS_LABELS[status],
        goal.targetDate ?? '',
        hub({ view: 'goal', id: goal.id }),
      ]);
    }
  }
  for (const goal of snapshot.goalsWithoutWork) {
    rows.push([
      'goal without work',
      goal.title,
      GOAL_STATUS_LABELS[goal.status],
      goal.targetDate ?? '',
      hub({ view: 'goal', id: goal.id }),
    ]);
  }
  for (const item of snapshot.unownedItemsSeen) {
    rows.push(['unowned item', itemName(item), TOOL_NAMES[item.ref.tool], item.updatedAt.slice(0, 10), item.ref.url]);
  }
  for (const { decision, item, current } of snapshot.supersededStillLinked) {
    rows.push([
      'superseded still linked',
      itemName(item),
      `${decision.title} (superseded by ${current.title})`,
      decision.decidedAt.slice(0, 10),
      item.ref.url,
    ]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The work snapshot as Markdown (for a weekly update) and CSV (for a spreadsheet), made in the hub when the user
 * exports it: headings and labels in the browser's language (t), Markdown's dates through Intl; the CSV keeps its
 * dates as YYYY-MM-DD, which every spreadsheet reads as a date.
 */
import type { Item } from '../contract.ts';
import { type HubRoute, hubUrl } from '../hub-links.ts';
import { formatNumber, t } from '../i18n.ts';
import { markdownDestination as destination, markdownLink, markdownText, markdownUrl } from '../markdown.ts';
import { DECISION_STATUS_LABELS, GOAL_STATUS_LABELS } from '../statuses.ts';
import { calendarDate } from '../time.ts';
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
  const lines = [
    `# ${t('hub.snapshot.export.title', { scope: cell(snapshot.scopeLabel) })}`,
    '',
    t('hub.snapshot.export.weekOf', { date: calendarDate(snapshot.week.start) }),
    '',
  ];
  const count = (value: number) => formatNumber(value);
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

  const column = {
    tool: t('hub.snapshot.export.column.tool'),
    status: t('hub.snapshot.export.column.status'),
    goal: t('hub.snapshot.export.column.goal'),
    item: t('hub.snapshot.export.column.item'),
  };
  section(
    t('hub.snapshot.export.byTool'),
    t('hub.snapshot.export.noLinked'),
    TOOLS.map((tool) => [
      TOOL_NAMES[tool],
      count(snapshot.itemsByTool[tool].items.length),
      count(snapshot.itemsByTool[tool].newThisWeek),
    ]),
    [column.tool, t('hub.snapshot.linked'), t('hub.snapshot.newThisWeek')],
  );
  section(
    t('hub.snapshot.export.byStatus'),
    t('hub.snapshot.export.noGoals'),
    GOAL_STATUSES.map((status) => [GOAL_STATUS_LABELS[status], count(snapshot.goalsByStatus[status].length)]),
    [column.status, t('hub.snapshot.export.column.goals')],
  );
  section(
    t('hub.snapshot.export.decisionsMade'),
    t('hub.snapshot.noDecision'),
    snapshot.decisionsMade.map((decision) => [
      calendarDate(decision.decidedAt),
      link(decision.title, { view: 'decision', id: decision.id }),
      cell(decision.decidedBy),
      DECISION_STATUS_LABELS[decision.status],
    ]),
    [
      t('hub.snapshot.export.column.date'),
      t('hub.snapshot.export.column.decision'),
      t('hub.snapshot.export.column.by'),
      column.status,
    ],
  );
  section(
    t('hub.snapshot.goalsWithoutWork'),
    t('hub.snapshot.everyGoal'),
    snapshot.goalsWithoutWork.map((goal) => [
      link(goal.title, { view: 'goal', id: goal.id }),
      GOAL_STATUS_LABELS[goal.status],
      goal.targetDate ? calendarDate(goal.targetDate) : '',
    ]),
    [column.goal, column.status, t('hub.snapshot.export.column.targetDate')],
  );
  section(
    t('hub.snapshot.export.unowned'),
    t('hub.snapshot.export.noUnowned'),
    snapshot.unownedItemsSeen.map((item) => [TOOL_NAMES[item.ref.tool], itemLink(item)]),
    [column.tool, column.item],
  );
  section(
    t('hub.snapshot.export.superseded'),
    t('hub.snapshot.allFollow'),
    snapshot.supersededStillLinked.map(({ decision, item, current }) => [
      itemLink(item),
      TOOL_NAMES[item.ref.tool],
      link(decision.title, { view: 'decision', id: decision.id }),
      link(current.title, { view: 'decision', id: current.id }),
    ]),
    [
      column.item,
      column.tool,
      t('hub.snapshot.export.column.linkedDecision'),
      t('hub.snapshot.export.column.supersededBy'),
    ],
  );
  return lines.join('\n');
}

/**
 * One row per fact: section, name, detail, date, url (the header and the sections in the user's language). A cell that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`) is prefixed with `'`: titles come from other people's pages.
 */
export function snapshotToCsv(snapshot: WorkSnapshot, options: SnapshotExportOptions = {}): string {
  const hub = (route: HubRoute) => (options.hubPageUrl ? hubUrl(options.hubPageUrl, route) : '');
  const rows: string[][] = [
    (['section', 'name', 'detail', 'date', 'url'] as const).map((name) => t(`hub.snapshot.csv.column.${name}`)),
  ];
  const section = {
    linkedItem: t('hub.snapshot.csv.linkedItem'),
    decisionMade: t('hub.snapshot.csv.decisionMade'),
    goal: t('hub.snapshot.csv.goal'),
    goalWithoutWork: t('hub.snapshot.csv.goalWithoutWork'),
    unownedItem: t('hub.snapshot.csv.unownedItem'),
    supersededStillLinked: t('hub.snapshot.csv.supersededStillLinked'),
  };
  for (const tool of TOOLS) {
    for (const item of snapshot.itemsByTool[tool].items) {
      rows.push([section.linkedItem, itemName(item), TOOL_NAMES[tool], item.createdAt.slice(0, 10), item.ref.url]);
    }
  }
  for (const decision of snapshot.decisionsMade) {
    rows.push([
      section.decisionMade,
      decision.title,
      DECISION_STATUS_LABELS[decision.status],
      decision.decidedAt.slice(0, 10),
      hub({ view: 'decision', id: decision.id }),
    ]);
  }
  for (const status of GOAL_STATUSES) {
    for (const goal of snapshot.goalsByStatus[status]) {
      rows.push([
        section.goal,
        goal.title,
        GOAL_STATUS_LABELS[status],
        goal.targetDate ?? '',
        hub({ view: 'goal', id: goal.id }),
      ]);
    }
  }
  for (const goal of snapshot.goalsWithoutWork) {
    rows.push([
      section.goalWithoutWork,
      goal.title,
      GOAL_STATUS_LABELS[goal.status],
      goal.targetDate ?? '',
      hub({ view: 'goal', id: goal.id }),
    ]);
  }
  for (const item of snapshot.unownedItemsSeen) {
    rows.push([
      section.unownedItem,
      itemName(item),
      TOOL_NAMES[item.ref.tool],
      item.updatedAt.slice(0, 10),
      item.ref.url,
    ]);
  }
  for (const { decision, item, current } of snapshot.supersededStillLinked) {
    rows.push([
      section.supersededStillLinked,
      itemName(item),
      t('hub.snapshot.csv.supersededBy', { old: decision.title, current: current.title }),
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

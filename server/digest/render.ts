/**
 * A digest as Markdown (the hub's copy, a weekly update), as e-mail (HTML and plain text) and as a Slack-compatible
 * webhook message. Titles come from other people's pages: Markdown escapes them (utils/markdown.ts, shared with the
 * snapshot export), HTML escapes the five HTML characters and links only http(s), Slack's mrkdwn escapes `&`, `<`
 * and `>` (its link syntax `<url|text>` cannot be closed by a title).
 */
import type { Digest, GoalStatus, Tool } from '../../utils/contract.ts';
import { markdownDestination, markdownLink, markdownText, markdownUrl } from '../../utils/markdown.ts';

type Bounded<T> = { total: number; shown: T[] };

export interface RenderOptions {
  /** The hub page (`chrome-extension://<id>/hub.html`); truncated lists link to the full list there when given. */
  hubUrl?: string;
}

const STATUS: Record<GoalStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
  cancelled: 'Cancelled',
};
const TOOL: Record<Tool, string> = { jira: 'Jira', asana: 'Asana', notion: 'Notion', gmail: 'Gmail' };
const WEEKDAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const number = (n: number) => n.toLocaleString('en-US');
const day = (iso: string) => iso.slice(0, 10);

/** Where the full list of a truncated section is: the hub's digest of the team and week. */
function moreUrl(digest: Digest, options: RenderOptions): string | undefined {
  if (!options.hubUrl || !URL.canParse(options.hubUrl)) return undefined;
  const url = new URL(options.hubUrl);
  url.hash = `#/digest?teams=${digest.teams.map((team) => team.id).join(',')}&week=${digest.week.start}`;
  return url.href;
}

interface Section<T> {
  title: string;
  empty: string;
  list: Bounded<T>;
  /** One entry as plain parts: text, or a link. */
  row(entry: T): Part[];
}
type Part = string | { text: string; href?: string | undefined };

function sections(digest: Digest): Section<never>[] {
  const list = [
    {
      title: 'Decisions made',
      empty: 'No decisions this week.',
      list: digest.decisionsMade,
      row: (d: Digest['decisionsMade']['shown'][number]) => [
        day(d.decidedAt),
        ' ',
        { text: d.title },
        ` (${d.decidedBy}, ${d.status})`,
      ],
    },
    {
      title: 'Decisions superseded',
      empty: 'No decision was superseded.',
      list: digest.decisionsSuperseded,
      row: (s: Digest['decisionsSuperseded']['shown'][number]) => [
        { text: s.replaced.title },
        ' → ',
        { text: s.by.title },
        ` (${s.by.decidedBy})`,
      ],
    },
    {
      title: 'Goal status changes',
      empty: 'No goal changed status.',
      list: digest.goalStatusChanges,
      row: (g: Digest['goalStatusChanges']['shown'][number]) => [
        { text: g.title },
        `: ${g.from ? STATUS[g.from] : 'new'} → ${STATUS[g.to]} (${g.by}, ${day(g.at)})`,
      ],
    },
    {
      title: 'Items newly linked',
      empty: 'No item was linked.',
      list: digest.itemsNewlyLinked,
      row: (i: Digest['itemsNewlyLinked']['shown'][number]) => [
        `${TOOL[i.tool]}: `,
        { text: i.title, href: i.url },
        ` (${i.kind === 'owner' ? 'owner' : 'goal'}, by ${i.by})`,
      ],
    },
    {
      title: 'Unowned items seen',
      empty: 'No unowned items.',
      list: digest.unownedItemsSeen,
      row: (i: Digest['unownedItemsSeen']['shown'][number]) => [`${TOOL[i.tool]}: `, { text: i.title, href: i.url }],
    },
    {
      title: 'Reviews due',
      empty: 'No review is due.',
      list: digest.reviewsDue,
      row: (r: Digest['reviewsDue']['shown'][number]) => [
        `${r.entity} `,
        { text: r.title },
        `: due ${r.dueOn}${r.verifiedBy ? `, last verified by ${r.verifiedBy}` : ', never verified'}`,
      ],
    },
  ];
  return list as unknown as Section<never>[];
}

const subjectOf = (digest: Digest) => `Hallway weekly digest: ${digest.label}, week of ${digest.week.start}`;
const bar = (count: number, max: number) => '█'.repeat(max === 0 ? 0 : Math.round((count / max) * 20));

export function digestToMarkdown(digest: Digest, options: RenderOptions = {}): string {
  const more = moreUrl(digest, options);
  const part = (p: Part) =>
    typeof p === 'string' ? markdownText(p) : markdownLink(p.text, p.href ? markdownUrl(p.href) : undefined);
  const lines = [
    `# Weekly digest: ${markdownText(digest.label)}`,
    '',
    `Week of ${digest.week.start} to ${digest.week.end} (${markdownText(digest.week.timeZone)}).`,
    '',
  ];
  for (const section of sections(digest)) {
    lines.push(`## ${section.title} (${number(section.list.total)})`, '');
    if (section.list.total === 0) lines.push(`_${section.empty}_`);
    for (const entry of section.list.shown) lines.push(`- ${section.row(entry).map(part).join('')}`);
    const rest = section.list.total - section.list.shown.length;
    if (rest > 0) {
      const link = more ? `: [the full list in the hub](${markdownDestination(new URL(more))})` : ' in the hub';
      lines.push(`- …and ${number(rest)} more${link}`);
    }
    lines.push('');
  }
  const max = Math.max(...digest.charts.decisionsByDay.map((d) => d.count));
  lines.push('## Charts', '', '```text', 'Decisions per day');
  digest.charts.decisionsByDay.forEach((d, n) => {
    lines.push(`${WEEKDAY[n]} ${bar(d.count, max)} ${d.count}`);
  });
  lines.push('', 'Goals by status');
  for (const [status, count] of Object.entries(digest.charts.goalsByStatus)) {
    lines.push(`${STATUS[status as GoalStatus].padEnd(10)} ${count}`);
  }
  lines.push('', 'Linked items by tool');
  for (const [tool, count] of Object.entries(digest.charts.linkedByTool))
    lines.push(`${TOOL[tool as Tool].padEnd(10)} ${count}`);
  lines.push('```', '');
  return lines.join('\n');
}

/** The five characters HTML reads as markup, as entities: text stays text, in content and in attributes. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

const httpUrl = (value: string | undefined) => {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
};

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

export function digestToEmail(digest: Digest, options: RenderOptions = {}): DigestEmail {
  const more = moreUrl(digest, options);
  const part = (p: Part) => {
    if (typeof p === 'string') return escapeHtml(p);
    const href = httpUrl(p.href);
    return href ? `<a href="${escapeHtml(href)}">${escapeHtml(p.text)}</a>` : `<strong>${escapeHtml(p.text)}</strong>`;
  };
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#18181b">',
    `<h1 style="font-size:20px">Weekly digest: ${escapeHtml(digest.label)}</h1>`,
    `<p>Week of ${digest.week.start} to ${digest.week.end} (${escapeHtml(digest.week.timeZone)}).</p>`,
  ];
  for (const section of sections(digest)) {
    html.push(`<h2 style="font-size:16px">${section.title} (${number(section.list.total)})</h2>`);
    if (section.list.total === 0) html.push(`<p><em>${section.empty}</em></p>`);
    else
      html.push(
        `<ul>${section.list.shown.map((entry) => `<li>${section.row(entry).map(part).join('')}</li>`).join('')}</ul>`,
      );
    const rest = section.list.total - section.list.shown.length;
    const moreHref = httpUrl(more);
    if (rest > 0) {
      html.push(
        `<p>…and ${number(rest)} more${moreHref ? `: <a href="${escapeHtml(moreHref)}">the full list in the hub</a>` : ' in the hub'}.</p>`,
      );
    }
  }
  const max = Math.max(1, ...digest.charts.decisionsByDay.map((d) => d.count));
  html.push('<h2 style="font-size:16px">Decisions per day</h2><table role="presentation">');
  digest.charts.decisionsByDay.forEach((d, n) => {
    const width = Math.round((d.count / max) * 200);
    html.push(
      `<tr><td>${WEEKDAY[n]}</td><td><div style="background:#4f46e5;height:10px;width:${width}px"></div></td><td>${d.count}</td></tr>`,
    );
  });
  html.push('</table><h2 style="font-size:16px">Goals by status</h2><table role="presentation">');
  for (const [status, count] of Object.entries(digest.charts.goalsByStatus)) {
    html.push(`<tr><td>${STATUS[status as GoalStatus]}</td><td>${count}</td></tr>`);
  }
  html.push('</table></body></html>');
  return { subject: subjectOf(digest), text: digestToMarkdown(digest, options), html: html.join('\n') };
}

/** Slack's mrkdwn: `&`, `<` and `>` are the only characters it reads as control; escaped, a title stays text. */
const slackText = (text: string) =>
  text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char] as string);

/** A Slack-compatible incoming-webhook body: `{ text }` in mrkdwn (Mattermost and others read the same). */
export function digestToWebhook(digest: Digest, options: RenderOptions = {}): { text: string } {
  const more = httpUrl(moreUrl(digest, options));
  const part = (p: Part) => {
    if (typeof p === 'string') return slackText(p);
    const href = httpUrl(p.href);
    // `|` ends the URL part of a link; the text after it may hold anything escaped.
    return href ? `<${slackText(href).replaceAll('|', '%7C')}|${slackText(p.text)}>` : `*${slackText(p.text)}*`;
  };
  const lines = [`*${slackText(subjectOf(digest))}*`];
  for (const section of sections(digest)) {
    lines.push('', `*${section.title}* (${number(section.list.total)})`);
    for (const entry of section.list.shown.slice(0, 10)) lines.push(`• ${section.row(entry).map(part).join('')}`);
    const rest = section.list.total - Math.min(10, section.list.shown.length);
    if (rest > 0)
      lines.push(
        more
          ? `…and ${number(rest)} more: <${slackText(more).replaceAll('|', '%7C')}|the full list in the hub>`
          : `…and ${number(rest)} more in the hub`,
      );
  }
  return { text: lines.join('\n') };
}

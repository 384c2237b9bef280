/** Ownership rules in the hub: the order they win in, reordering by priority, and "who would own this page?". */
import type { Container, ItemContext, ItemRef, OwnershipRule, RuleField, Tool } from '../../../utils/contract.ts';
import type { LocalWrite } from '../../../utils/db/commands.ts';
import { detectItem } from '../../../utils/detect/index.ts';
import { t } from '../../../utils/i18n.ts';
import { bestRule, containerFacts, type RuleMatch } from '../../../utils/resolve/rules.ts';
import { projectGidOf } from '../../../utils/sites/asana.ts';

/** Which container field each tool's rules can match. */
export const FIELDS_OF_TOOL: Record<Tool, RuleField[]> = {
  jira: ['jiraProject'],
  asana: ['asanaProject'],
  notion: ['notionAncestor'],
  gmail: ['gmailLabel', 'gmailSenderDomain'],
};

export { FIELD_LABEL } from './rule-fields.ts';

/** What a rule's pattern may name for each field, as the rule form says it. */
export const PATTERN_HINT: Record<RuleField, string> = {
  jiraProject: t('hub.rules.hint.jiraProject'),
  asanaProject: t('hub.rules.hint.asanaProject'),
  notionAncestor: t('hub.rules.hint.notionAncestor'),
  gmailLabel: t('hub.rules.hint.gmailLabel'),
  gmailSenderDomain: t('hub.rules.hint.gmailSenderDomain'),
};

/** What the tester asks for beside the URL: the facts a page shows that its URL does not carry. */
export const TESTER_LABEL: Record<RuleField, string> = {
  jiraProject: t('hub.rules.tester.jiraProject'),
  asanaProject: t('hub.rules.tester.asanaProject'),
  notionAncestor: t('hub.rules.tester.notionAncestor'),
  gmailLabel: t('hub.rules.tester.gmailLabel'),
  gmailSenderDomain: t('hub.rules.tester.gmailSenderDomain'),
};

/** The id a typed container link or id names: an Asana project's gid, a Notion page's 32-hex id. */
function typedId(field: RuleField, text: string): string | null {
  if (field === 'asanaProject') return /^\d+$/.test(text) ? text : (projectGidOf(text) ?? null);
  if (field !== 'notionAncestor') return null;
  const compact = text.replaceAll('-', '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(compact)) return compact;
  const ref = /^https?:\/\//i.test(text) ? detectItem(text) : null;
  return ref?.tool === 'notion' ? ref.id : null;
}

/** A container as a person types it (a name, an id, or a link to it) in the shape a page yields it. */
export function typedContainer(field: 'asanaProject' | 'notionAncestor', text: string): Container | null {
  const value = text.trim();
  if (!value) return null;
  const id = typedId(field, value);
  return id ? { id } : { name: value };
}

/** A rule's pattern as saved: a pasted link to an Asana project or a Notion page becomes the id it names. */
export function patternOf(field: RuleField, text: string): string {
  const value = text.trim();
  return /^https?:\/\//i.test(value) ? (typedId(field, value) ?? value) : value;
}

/** The tester's typed facts (comma-separated) as the item context a page of that tool yields. */
export function typedContext(typed: Partial<Record<RuleField, string>>): ItemContext {
  const list = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
  const containers = (field: 'asanaProject' | 'notionAncestor') =>
    list(typed[field])
      .map((text) => typedContainer(field, text))
      .filter((container) => container !== null);
  const context: ItemContext = {};
  const jiraProject = typed.jiraProject?.trim();
  if (jiraProject) context.jiraProject = jiraProject;
  const asanaProjects = containers('asanaProject');
  if (asanaProjects.length) context.asanaProjects = asanaProjects;
  const notionParents = containers('notionAncestor');
  if (notionParents.length) context.notionParents = notionParents;
  const gmailLabels = list(typed.gmailLabel);
  if (gmailLabels.length) context.gmailLabels = gmailLabels;
  // A page yields participants' addresses; a typed domain stands for an address at it.
  const participants = list(typed.gmailSenderDomain).map((entry) => (entry.includes('@') ? entry : `someone@${entry}`));
  if (participants.length) context.gmailParticipants = participants;
  return context;
}

const MAX_PRIORITY = 1000;
const MIN_PRIORITY = -1000;

/**
 * Moves a rule one place up or down in the ranked list by giving it a priority just past its neighbour's: one
 * write for the moved rule only, so a reorder never rewrites (and conflicts on) rules the user did not touch.
 * Null when it is already at the end or the priority range is exhausted.
 */
export function moveRule(
  ranked: readonly OwnershipRule[],
  ruleId: string,
  direction: 'up' | 'down',
): Extract<LocalWrite, { kind: 'rule.update' }> | null {
  const index = ranked.findIndex((rule) => rule.id === ruleId);
  const neighbour = ranked[direction === 'up' ? index - 1 : index + 1];
  if (index < 0 || !neighbour) return null;
  const priority = direction === 'up' ? neighbour.priority + 1 : neighbour.priority - 1;
  if (priority > MAX_PRIORITY || priority < MIN_PRIORITY) return null;
  return { kind: 'rule.update', id: ruleId, data: { priority } };
}

export type RuleTestResult =
  | { kind: 'not-an-item' }
  | { kind: 'no-facts'; ref: ItemRef }
  | { kind: 'unowned'; ref: ItemRef; facts: ReturnType<typeof containerFacts> }
  | { kind: 'owned'; ref: ItemRef; match: RuleMatch; byDraft: boolean };

/**
 * Which rule would own the page at `url` with the container facts the user typed, in the shape a page yields them
 * (a URL alone carries only Jira's project key and an Asana V1 URL's project). `draft`, the rule being edited, takes
 * part as if saved and replaces its saved version.
 */
export function testRules(
  url: string,
  context: ItemContext,
  rules: readonly OwnershipRule[],
  draft: OwnershipRule | null,
  options: Parameters<typeof detectItem>[1] = {},
): RuleTestResult {
  const ref = detectItem(url, options);
  if (!ref) return { kind: 'not-an-item' };
  const facts = containerFacts(ref, context);
  if (facts.length === 0) return { kind: 'no-facts', ref };
  const candidates = draft ? [...rules.filter((rule) => rule.id !== draft.id), draft] : [...rules];
  const match = bestRule(ref.tool, candidates, facts);
  if (!match) return { kind: 'unowned', ref, facts };
  return { kind: 'owned', ref, match, byDraft: match.rule === draft };
}

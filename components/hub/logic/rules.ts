/** Ownership rules in the hub: the order they win in, reordering by priority, and "who would own this page?". */
import type { ItemContext, ItemRef, OwnershipRule, RuleField, Tool } from '../../../utils/contract.ts';
import type { LocalWrite } from '../../../utils/db/commands.ts';
import { detectItem } from '../../../utils/detect/index.ts';
import { bestRule, containerFacts, type RuleMatch } from '../../../utils/resolve/rules.ts';

/** Which container field each tool's rules can match. */
export const FIELDS_OF_TOOL: Record<Tool, RuleField[]> = {
  jira: ['jiraProject'],
  asana: ['asanaProject'],
  notion: ['notionAncestor'],
  gmail: ['gmailLabel', 'gmailSenderDomain'],
};

export const FIELD_LABEL: Record<RuleField, string> = {
  jiraProject: 'Jira project key',
  asanaProject: 'Asana project',
  notionAncestor: 'Notion ancestor page',
  gmailLabel: 'Gmail label',
  gmailSenderDomain: 'Gmail sender domain',
};

/** Highest priority first, then the tie-breaks `bestRule` applies, so the list reads in the order rules win. */
export function rankRules(rules: readonly OwnershipRule[]): OwnershipRule[] {
  const wildcards = (pattern: string) => pattern.split('*').length - 1;
  return [...rules].sort(
    (a, b) =>
      b.priority - a.priority ||
      wildcards(a.pattern) - wildcards(b.pattern) ||
      b.pattern.length - a.pattern.length ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
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
): Extract<LocalWrite, { kind: 'editRule' }> | null {
  const index = ranked.findIndex((rule) => rule.id === ruleId);
  const neighbour = ranked[direction === 'up' ? index - 1 : index + 1];
  if (index < 0 || !neighbour) return null;
  const priority = direction === 'up' ? neighbour.priority + 1 : neighbour.priority - 1;
  if (priority > MAX_PRIORITY || priority < MIN_PRIORITY) return null;
  return { kind: 'editRule', ruleId, patch: { priority } };
}

export type RuleTestResult =
  | { kind: 'not-an-item' }
  | { kind: 'no-facts'; ref: ItemRef }
  | { kind: 'unowned'; ref: ItemRef; facts: ReturnType<typeof containerFacts> }
  | { kind: 'owned'; ref: ItemRef; match: RuleMatch; byDraft: boolean };

/**
 * Which rule would own the page at `url` with the container facts the user typed (a URL alone carries only Jira's
 * project key). `draft`, the rule being edited, takes part as if saved and replaces its saved version.
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

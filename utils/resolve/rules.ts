/** Ownership rules: which container facts of an item each rule field matches, and how patterns match. */
import type { ItemContext, ItemRef, OwnershipRule, RuleField, Tool } from '../contract.ts';

export interface ContainerFact {
  field: RuleField;
  value: string;
}

/** The facts of an item that rules of its tool can match. A Jira rule may name the project's key or its name. */
export function containerFacts(ref: ItemRef, context: ItemContext): ContainerFact[] {
  const facts = (field: RuleField, values: readonly string[] | undefined) =>
    (values ?? []).filter((value) => value.length > 0).map((value) => ({ field, value }));
  switch (ref.tool) {
    case 'jira':
      return facts('jiraProject', [...new Set([ref.project ?? '', context.jiraProject ?? ''])]);
    case 'asana':
      return facts('asanaProject', context.asanaProjects);
    case 'notion':
      return facts('notionAncestor', context.notionParents);
    case 'gmail':
      return [
        ...facts('gmailLabel', context.gmailLabels),
        ...facts('gmailSenderDomain', [...new Set((context.gmailParticipants ?? []).map(domainOf).filter(isDefined))]),
      ];
  }
}

const isDefined = <T>(value: T | null): value is T => value !== null;

/** `Ana <ana@Acme.com>` or `ana@acme.com` -> `acme.com`. */
export function domainOf(participant: string): string | null {
  const address = /<([^>]+)>/.exec(participant)?.[1] ?? participant;
  const at = address.lastIndexOf('@');
  return at > 0
    ? address
        .slice(at + 1)
        .trim()
        .toLowerCase() || null
    : null;
}

const compiled = new Map<string, RegExp>();
/** Case-insensitive and whole-value; `*` matches any run of characters (including none). */
export function matchesPattern(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`, 'is');
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

export interface RuleMatch {
  rule: OwnershipRule;
  fact: ContainerFact;
}

/**
 * The winning rule: highest priority; on a tie the more specific pattern (fewer wildcards, then longer), then the
 * older rule, so the answer never depends on the order rows happen to come in.
 */
export function bestRule(
  tool: Tool,
  rules: readonly OwnershipRule[],
  facts: readonly ContainerFact[],
): RuleMatch | null {
  let best: RuleMatch | null = null;
  for (const rule of rules) {
    if (rule.tool !== tool) continue;
    const fact = facts.find(
      (candidate) => candidate.field === rule.field && matchesPattern(rule.pattern, candidate.value),
    );
    if (fact && (!best || ranksAbove(rule, best.rule))) best = { rule, fact };
  }
  return best;
}

const wildcards = (pattern: string) => pattern.split('*').length - 1;

function ranksAbove(a: OwnershipRule, b: OwnershipRule): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (wildcards(a.pattern) !== wildcards(b.pattern)) return wildcards(a.pattern) < wildcards(b.pattern);
  if (a.pattern.length !== b.pattern.length) return a.pattern.length > b.pattern.length;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}

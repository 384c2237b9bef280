/** Ownership rules: which container facts of an item each rule field matches, and how patterns match. */
import {
  type Container,
  type ContainerRecord,
  type ItemContext,
  type ItemRef,
  type OwnershipRule,
  type RuleField,
  ruleFieldForContainer,
  type Tool,
} from '../contract.ts';
import type { ContainerFact } from './fact.ts';

export { type ContainerFact, factLabel } from './fact.ts';

/**
 * A stored container: an object as pages yield them, or a bare string from before containers carried ids (an id or
 * a name, unknown which, so it stands for both).
 */
function containerFact(field: RuleField, container: Container | string): ContainerFact | null {
  if (typeof container === 'string') return container ? { field, id: container, name: container } : null;
  const fact: ContainerFact = { field };
  if (container.id) fact.id = container.id;
  if (container.name) fact.name = container.name;
  return fact.id || fact.name ? fact : null;
}

const isDefined = <T>(value: T | null): value is T => value !== null;

/**
 * The facts of an item that rules of its tool can match: what the page shows (`context`) and what the URL carries
 * (`ref`: Jira's project key, the project of an Asana V1 URL).
 */
export function containerFacts(ref: ItemRef, context: ItemContext): ContainerFact[] {
  const names = (field: RuleField, values: readonly string[] | undefined) =>
    [...new Set(values ?? [])].filter((value) => value.length > 0).map((name) => ({ field, name }));
  switch (ref.tool) {
    case 'jira': {
      const fact = containerFact('jiraProject', { id: ref.project, name: context.jiraProject });
      return fact ? [fact] : [];
    }
    case 'asana': {
      const facts = (context.asanaProjects ?? []).map((project) => containerFact('asanaProject', project));
      // The URL's project is one of the pills when the pane shows them; add it only when no fact has its id.
      if (ref.project && !facts.some((fact) => fact?.id === ref.project)) {
        facts.push({ field: 'asanaProject', id: ref.project });
      }
      return facts.filter(isDefined);
    }
    case 'notion':
      return (context.notionParents ?? []).map((parent) => containerFact('notionAncestor', parent)).filter(isDefined);
    case 'gmail':
      return [
        ...names('gmailLabel', context.gmailLabels),
        ...names('gmailSenderDomain', (context.gmailParticipants ?? []).map(domainOf).filter(isDefined)),
      ];
  }
}

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

/** `*.acme.com` names a domain with its subdomains: `acme.com` itself as well as `eu.acme.com`. */
export function matchesDomain(pattern: string, domain: string): boolean {
  return matchesPattern(pattern, domain) || (pattern.startsWith('*.') && matchesPattern(pattern.slice(2), domain));
}

/** A Notion id as rules may spell it (dashed, upper-case) in the form pages yield: 32 lowercase hex. */
function notionIdOf(pattern: string): string {
  const compact = pattern.trim().replaceAll('-', '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(compact) ? compact : pattern.trim();
}

/**
 * Whether a rule's pattern names this fact: opaque ids (Asana gids, Notion page ids) only exactly, so `*1` never
 * matches every project whose gid ends in 1; Jira project keys, like names, case-insensitively and with wildcards.
 */
export function matchesFact(pattern: string, fact: ContainerFact): boolean {
  switch (fact.field) {
    case 'asanaProject':
      return (fact.id !== undefined && pattern.trim() === fact.id) || matchesName(pattern, fact.name);
    case 'notionAncestor':
      return (fact.id !== undefined && notionIdOf(pattern) === fact.id) || matchesName(pattern, fact.name);
    case 'jiraProject':
      return matchesName(pattern, fact.id) || matchesName(pattern, fact.name);
    case 'gmailLabel':
      return matchesName(pattern, fact.name);
    case 'gmailSenderDomain':
      return fact.name !== undefined && matchesDomain(pattern, fact.name);
  }
}

const matchesName = (pattern: string, name: string | undefined) => name !== undefined && matchesPattern(pattern, name);

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
    const fact = facts.find((candidate) => candidate.field === rule.field && matchesFact(rule.pattern, candidate));
    if (fact && (!best || ranksAbove(rule, best.rule))) best = { rule, fact };
  }
  return best;
}

const wildcards = (pattern: string) => pattern.split('*').length - 1;

/**
 * The one order of rules: negative when `a` wins over `b`. Highest priority; on a tie the more specific pattern
 * (fewer wildcards, then longer), then the older rule, then the id, so no two rules ever tie.
 */
export function compareRules(a: OwnershipRule, b: OwnershipRule): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (wildcards(a.pattern) !== wildcards(b.pattern)) return wildcards(a.pattern) - wildcards(b.pattern);
  if (a.pattern.length !== b.pattern.length) return b.pattern.length - a.pattern.length;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const ranksAbove = (a: OwnershipRule, b: OwnershipRule) => compareRules(a, b) < 0;

/** Every rule in the order they win, as the hub lists them: the order `bestRule` decides by. */
export function rankRules(rules: readonly OwnershipRule[]): OwnershipRule[] {
  return [...rules].sort(compareRules);
}

/** A container a connector read, as far as rules see it (server/connectors, and the hub's coverage). */
export type RuleContainer = Pick<ContainerRecord, 'tool' | 'kind' | 'externalId' | 'key' | 'name' | 'parentExternalId'>;

/**
 * The facts an item in this container would carry: a Jira issue its project key and name, an Asana task its
 * project's gid and name, a Notion page every ancestor (the container and the containers above it).
 */
export function factsOfContainer(
  container: RuleContainer,
  byExternalId: ReadonlyMap<string, RuleContainer>,
): ContainerFact[] {
  const field = ruleFieldForContainer(container.tool, container.kind);
  if (!field) return [];
  if (field === 'jiraProject')
    return [{ field, ...(container.key ? { id: container.key } : {}), name: container.name }];
  if (field === 'asanaProject') return [{ field, id: container.externalId, name: container.name }];
  const facts: ContainerFact[] = [];
  const seen = new Set<string>();
  for (let node: RuleContainer | undefined = container; node && !seen.has(node.externalId); ) {
    seen.add(node.externalId);
    facts.push({ field, id: node.externalId, name: node.name });
    node = node.parentExternalId ? byExternalId.get(node.parentExternalId) : undefined;
  }
  return facts;
}

/**
 * The containers some rule already owns (`tool:externalId`): their own rule, or for a Notion page a rule on a page
 * above it. Only whether a rule matches, not which wins, so the rules are looked up by the values their patterns
 * name rather than tried one by one (a workspace with 10,000 accepted rules and 25,000 containers).
 */
export function ownedContainers(containers: readonly RuleContainer[], rules: readonly OwnershipRule[]): Set<string> {
  const exact = new Map<string, OwnershipRule[]>();
  const wildcard = new Map<string, OwnershipRule[]>();
  const add = (index: Map<string, OwnershipRule[]>, key: string, rule: OwnershipRule) => {
    const found = index.get(key);
    if (found) {
      if (!found.includes(rule)) found.push(rule);
    } else index.set(key, [rule]);
  };
  for (const rule of rules) {
    const scope = `${rule.tool}:${rule.field}:`;
    if (rule.pattern.includes('*')) add(wildcard, scope, rule);
    else {
      // Every spelling matchesFact accepts for a pattern without wildcards; it has the last word below.
      const pattern = rule.pattern.toLowerCase();
      for (const value of [pattern, pattern.trim(), pattern.trim().replaceAll('-', '')])
        add(exact, scope + value, rule);
    }
  }
  const byExternalId = new Map(containers.filter((c) => c.tool === 'notion').map((c) => [c.externalId, c]));
  const owned = new Set<string>();
  for (const container of containers) {
    const facts = factsOfContainer(container, byExternalId);
    const matched = facts.some((fact) => {
      const scope = `${container.tool}:${fact.field}:`;
      const candidates = [
        ...(fact.id !== undefined ? (exact.get(scope + fact.id.toLowerCase()) ?? []) : []),
        ...(fact.name !== undefined ? (exact.get(scope + fact.name.toLowerCase()) ?? []) : []),
        ...(wildcard.get(scope) ?? []),
      ];
      return candidates.some((rule) => matchesFact(rule.pattern, fact));
    });
    if (matched) owned.add(`${container.tool}:${container.externalId}`);
  }
  return owned;
}

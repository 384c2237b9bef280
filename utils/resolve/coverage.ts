/**
 * Coverage: the share of containers, and of the workspace's items, that resolve to an owner, with the rules there
 * are and with suggestions added as if accepted. Answered with the one resolution (`attributeItem`, `bestRule`), so
 * the figure is what the sidebar would show.
 */
import {
  type ContainerRecord,
  type Item,
  type Link,
  type OwnershipRule,
  type RuleSuggestion,
  ruleFieldForContainer,
} from '../contract.ts';
import { attributeItem } from './index.ts';
import { bestRule, type ContainerFact } from './rules.ts';

export type CoverageContainer = Pick<
  ContainerRecord,
  'tool' | 'kind' | 'externalId' | 'key' | 'name' | 'parentExternalId'
>;

export interface Coverage {
  covered: number;
  total: number;
  /** covered / total, 0 when there is nothing to cover. */
  share: number;
}
const coverage = (covered: number, total: number): Coverage => ({ covered, total, share: total ? covered / total : 0 });

/**
 * The facts an item in this container would carry: a Jira issue its project key and name, an Asana task its
 * project's gid and name, a Notion page every ancestor (the container and the containers above it).
 */
export function factsOfContainer(
  container: CoverageContainer,
  byExternalId: ReadonlyMap<string, CoverageContainer>,
): ContainerFact[] {
  const field = ruleFieldForContainer(container.tool, container.kind);
  if (!field) return [];
  if (field === 'jiraProject')
    return [{ field, ...(container.key ? { id: container.key } : {}), name: container.name }];
  if (field === 'asanaProject') return [{ field, id: container.externalId, name: container.name }];
  const facts: ContainerFact[] = [];
  const seen = new Set<string>();
  for (let node: CoverageContainer | undefined = container; node && !seen.has(node.externalId); ) {
    seen.add(node.externalId);
    facts.push({ field, id: node.externalId, name: node.name });
    node = node.parentExternalId ? byExternalId.get(node.parentExternalId) : undefined;
  }
  return facts;
}

/** The team each container a rule can name resolves to (null: none), keyed by `tool:externalId`. */
export function resolveContainers(
  containers: readonly CoverageContainer[],
  rules: readonly OwnershipRule[],
): Map<string, string | null> {
  const byExternalId = new Map(containers.filter((c) => c.tool === 'notion').map((c) => [c.externalId, c]));
  const resolved = new Map<string, string | null>();
  for (const container of containers) {
    if (!ruleFieldForContainer(container.tool, container.kind)) continue;
    const match = bestRule(container.tool, rules, factsOfContainer(container, byExternalId));
    resolved.set(`${container.tool}:${container.externalId}`, match?.rule.teamId ?? null);
  }
  return resolved;
}

export function containerCoverage(containers: readonly CoverageContainer[], rules: readonly OwnershipRule[]): Coverage {
  const resolved = [...resolveContainers(containers, rules).values()];
  return coverage(resolved.filter((team) => team !== null).length, resolved.length);
}

export function itemCoverage(
  items: readonly Pick<Item, 'ref' | 'context'>[],
  links: readonly Link[],
  rules: readonly OwnershipRule[],
  teamIds: ReadonlySet<string>,
): Coverage {
  const linksByItem = new Map<string, Link[]>();
  for (const link of links) linksByItem.set(link.itemKey, [...(linksByItem.get(link.itemKey) ?? []), link]);
  const has = { team: (id: string) => teamIds.has(id), goal: () => false };
  let covered = 0;
  for (const item of items) {
    if (attributeItem(item.ref, item.context, linksByItem.get(item.ref.key) ?? [], rules, has).teamId) covered += 1;
  }
  return coverage(covered, items.length);
}

/** Suggestions as the rules they would become if accepted as proposed (to show the "after" figure). */
export function rulesOfSuggestions(suggestions: readonly RuleSuggestion[], now: string): OwnershipRule[] {
  return suggestions
    .filter((suggestion) => suggestion.status === 'proposed')
    .map((suggestion) => ({
      id: suggestion.id,
      version: 1,
      createdAt: now,
      updatedAt: now,
      tool: suggestion.container.tool,
      field: suggestion.field,
      pattern: suggestion.pattern,
      teamId: suggestion.teamId,
      goalId: null,
      priority: 0,
    }));
}

/**
 * Coverage: the share of containers, and of the workspace's items, that resolve to an owner, with the rules there
 * are and with suggestions added as if accepted. Answered with the one resolution (`attributeItem`, `bestRule`), so
 * the figure is what the sidebar would show.
 */
import { type Item, type Link, type OwnershipRule, type RuleSuggestion, ruleFieldForContainer } from '../contract.ts';
import { attributeItem } from './index.ts';
import { bestRule, factsOfContainer, ownedContainers, type RuleContainer } from './rules.ts';

export type CoverageContainer = RuleContainer;
export { factsOfContainer, ownedContainers };

export interface Coverage {
  covered: number;
  total: number;
  /** covered / total, 0 when there is nothing to cover. */
  share: number;
}
const coverage = (covered: number, total: number): Coverage => ({ covered, total, share: total ? covered / total : 0 });

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

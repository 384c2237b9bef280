/**
 * What the page itself says about an item's owner (a Jira issue's Team field, the team of an Asana task's project),
 * set beside Hallway's answer. The page's claim never decides anything: `attributeItem` stays the one answer, and
 * this only says whether the page agrees with it.
 */
import type { ItemContext, Team, Tool } from '../contract.ts';

export interface PageOwnerClaim {
  /** Where the page says it, for the reader: "Jira's Team field". */
  source: string;
  /** The owner as the page names it. */
  name: string;
  /** `unowned`: Hallway has no owner to compare with. */
  verdict: 'agrees' | 'disagrees' | 'unowned';
}

const SOURCES: Partial<Record<Tool, { field: keyof ItemContext; source: string }>> = {
  jira: { field: 'jiraTeam', source: "Jira's Team field" },
  asana: { field: 'asanaTeam', source: "The Asana project's team" },
};

/** Names compared as people read them: case, width, spacing and hyphens or underscores between words aside. */
const comparable = (name: string) =>
  name
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[\s_-]+/g, ' ')
    .trim();

/** The page's claim about `tool`'s item with `context` (what the page shows), against Hallway's owning `team`. */
export function pageOwnerClaim(tool: Tool, context: ItemContext, team: Team | null): PageOwnerClaim | null {
  const spec = SOURCES[tool];
  const value = spec ? context[spec.field] : undefined;
  const name = typeof value === 'string' ? value.trim() : '';
  if (!spec || !name) return null;
  if (!team) return { source: spec.source, name, verdict: 'unowned' };
  const same = [team.name, team.slug].some((known) => comparable(known) === comparable(name));
  return { source: spec.source, name, verdict: same ? 'agrees' : 'disagrees' };
}

/**
 * What the search index holds for each searchable row of the mirror: teams, goals, decisions and captured items.
 * Records carry just enough to rank and describe a hit without another read of the database.
 */
import type { Decision, DecisionStatus, Goal, GoalStatus, Item, Team, TeamMember, Tool } from '../contract.ts';
import { itemName } from '../tools.ts';
import { displayText } from './normalize.ts';

export const SEARCH_KINDS = ['team', 'goal', 'person', 'decision', 'item'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

interface RecordBase {
  id: string;
  /** Cleaned for display (see `displayText`); fuse.js matches against it, so match ranges index into it. */
  title: string;
  /** Other short text that finds the record: a team's slug, an item's key such as PAY-12. */
  aka: string;
  /** Epoch milliseconds: when the row last changed (a decision: when it was decided). Newer ranks first on ties. */
  recency: number;
}

export type SearchRecord =
  | (RecordBase & { kind: 'team' })
  | (RecordBase & { kind: 'goal'; status: GoalStatus; ownerTeamId: string | null })
  | (RecordBase & {
      kind: 'decision';
      status: DecisionStatus;
      decidedAt: string;
      teamId: string | null;
      goalId: string | null;
    })
  | (RecordBase & { kind: 'item'; tool: Tool; url: string; itemKey: string })
  /** A member of a team, as the team lists them: found by name or email, opens the team. */
  | (RecordBase & { kind: 'person'; teamId: string; teamName: string });

/** A record's identity in the index: ids are unique per entity only. */
export const recordKey = (kind: SearchKind, id: string) => `${kind}:${id}`;

const time = (iso: string) => Date.parse(iso) || 0;

export function teamRecord(team: Team): SearchRecord {
  return { kind: 'team', id: team.id, title: displayText(team.name), aka: team.slug, recency: time(team.updatedAt) };
}

export function goalRecord(goal: Goal): SearchRecord {
  return {
    kind: 'goal',
    id: goal.id,
    title: displayText(goal.title),
    aka: '',
    recency: time(goal.updatedAt),
    status: goal.status,
    ownerTeamId: goal.ownerTeamId,
  };
}

export function decisionRecord(decision: Decision): SearchRecord {
  return {
    kind: 'decision',
    id: decision.id,
    title: displayText(decision.title),
    aka: '',
    recency: time(decision.decidedAt),
    status: decision.status,
    decidedAt: decision.decidedAt,
    teamId: decision.teamId,
    goalId: decision.goalId,
  };
}

export function itemRecord(item: Item): SearchRecord {
  return {
    kind: 'item',
    id: item.id,
    // An item captured without a title is still findable, by its id in its tool (PAY-12, a Notion page id).
    title: displayText(itemName(item)),
    aka: item.ref.id,
    recency: time(item.updatedAt),
    tool: item.ref.tool,
    url: item.ref.url,
    itemKey: item.ref.key,
  };
}

/** A team's members: one record per membership, so the same person in two teams is found with each of them. */
export function personRecords(team: Team): SearchRecord[] {
  return team.members.map((member: TeamMember, position) => ({
    kind: 'person',
    // Members have no id of their own; the email (or the name) within the team identifies one.
    id: `${team.id}/${member.email?.toLowerCase() ?? `${position}:${member.name}`}`,
    title: displayText(member.name),
    aka: member.email ?? '',
    recency: time(team.updatedAt),
    teamId: team.id,
    teamName: displayText(team.name),
  }));
}

/**
 * The mirror tables the index follows, and the records a row of each becomes: a team row is the team and its
 * members, so replacing or deleting the row replaces or removes all of them together.
 */
export const INDEXED_TABLES = {
  teams: { kind: 'team', toRecords: (row: unknown) => [teamRecord(row as Team), ...personRecords(row as Team)] },
  goals: { kind: 'goal', toRecords: (row: unknown) => [goalRecord(row as Goal)] },
  decisions: { kind: 'decision', toRecords: (row: unknown) => [decisionRecord(row as Decision)] },
  items: { kind: 'item', toRecords: (row: unknown) => [itemRecord(row as Item)] },
} as const satisfies Record<string, { kind: SearchKind; toRecords: (row: unknown) => SearchRecord[] }>;
export type IndexedTable = keyof typeof INDEXED_TABLES;

import type {
  Decision,
  DecisionStatusChange,
  Goal,
  GoalStatus,
  GoalStatusChange,
  Item,
  ItemContext,
  ItemRef,
  Link,
  Note,
  OwnershipRule,
  ReviewState,
  RuleField,
  Team,
  TeamMember,
  Tool,
} from '../../utils/contract.ts';
import { type EntitySpec, type MetaRow, metaOf } from './store.ts';

interface TeamRow extends MetaRow {
  name: string;
  slug: string;
  description: string;
  parent_team_id: string | null;
  members: TeamMember[];
  time_zone: string;
  renamed_from: string | null;
  renamed_at: Date | null;
}

export const teams: EntitySpec<TeamRow, Team> = {
  entity: 'team',
  label: 'team',
  table: 'teams',
  columns: ['name', 'slug', 'description', 'parent_team_id', 'members', 'time_zone', 'renamed_from', 'renamed_at'],
  toColumns: (t) => [
    t.name,
    t.slug,
    t.description,
    t.parentTeamId,
    JSON.stringify(t.members),
    t.timeZone ?? 'UTC',
    t.renamedFrom ?? null,
    t.renamedAt ?? null,
  ],
  fromRow: (row) => ({
    ...metaOf(row),
    name: row.name,
    slug: row.slug,
    description: row.description,
    parentTeamId: row.parent_team_id,
    members: row.members,
    timeZone: row.time_zone,
    ...(row.renamed_from ? { renamedFrom: row.renamed_from } : {}),
    ...(row.renamed_at ? { renamedAt: row.renamed_at.toISOString() } : {}),
  }),
};

interface GoalRow extends MetaRow {
  title: string;
  description: string;
  owner_team_id: string | null;
  parent_goal_id: string | null;
  status: GoalStatus;
  progress: number;
  target_date: string | null;
  status_history: GoalStatusChange[];
  review: ReviewState | null;
}

export const goals: EntitySpec<GoalRow, Goal> = {
  entity: 'goal',
  label: 'goal',
  table: 'goals',
  columns: [
    'title',
    'description',
    'owner_team_id',
    'parent_goal_id',
    'status',
    'progress',
    'target_date',
    'status_history',
    'review',
  ],
  toColumns: (g) => [
    g.title,
    g.description,
    g.ownerTeamId,
    g.parentGoalId,
    g.status,
    g.progress,
    g.targetDate,
    JSON.stringify(g.statusHistory),
    reviewColumn(g.review),
  ],
  fromRow: (row) => ({
    ...metaOf(row),
    title: row.title,
    description: row.description,
    ownerTeamId: row.owner_team_id,
    parentGoalId: row.parent_goal_id,
    status: row.status,
    progress: row.progress,
    targetDate: row.target_date,
    statusHistory: row.status_history,
    ...reviewField(row.review),
  }),
};

interface DecisionRow extends MetaRow {
  title: string;
  rationale: string;
  status: Decision['status'];
  decided_at: Date;
  decided_by: string;
  team_id: string | null;
  goal_id: string | null;
  item_keys: string[];
  quote: string | null;
  source_url: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  status_history: DecisionStatusChange[];
  review: ReviewState | null;
}

export const decisions: EntitySpec<DecisionRow, Decision> = {
  entity: 'decision',
  label: 'decision',
  table: 'decisions',
  columns: [
    'title',
    'rationale',
    'status',
    'decided_at',
    'decided_by',
    'team_id',
    'goal_id',
    'item_keys',
    'quote',
    'source_url',
    'supersedes',
    'superseded_by',
    'status_history',
    'review',
  ],
  toColumns: (d) => [
    d.title,
    d.rationale,
    d.status,
    d.decidedAt,
    d.decidedBy,
    d.teamId,
    d.goalId,
    d.itemKeys,
    d.quote,
    d.sourceUrl,
    d.supersedes,
    d.supersededBy,
    JSON.stringify(d.statusHistory),
    reviewColumn(d.review),
  ],
  fromRow: (row) => ({
    ...metaOf(row),
    title: row.title,
    rationale: row.rationale,
    status: row.status,
    decidedAt: row.decided_at.toISOString(),
    decidedBy: row.decided_by,
    teamId: row.team_id,
    goalId: row.goal_id,
    itemKeys: row.item_keys,
    quote: row.quote,
    sourceUrl: row.source_url,
    supersedes: row.supersedes,
    supersededBy: row.superseded_by,
    statusHistory: row.status_history,
    ...reviewField(row.review),
  }),
};

interface NoteRow extends MetaRow {
  title: string;
  body: string;
  team_id: string | null;
  goal_id: string | null;
  item_keys: string[];
  quote: string | null;
  source_url: string | null;
  created_by: string;
}

export const notes: EntitySpec<NoteRow, Note> = {
  entity: 'note',
  label: 'note',
  table: 'notes',
  columns: ['title', 'body', 'team_id', 'goal_id', 'item_keys', 'quote', 'source_url', 'created_by'],
  toColumns: (n) => [n.title, n.body, n.teamId, n.goalId, n.itemKeys, n.quote, n.sourceUrl, n.createdBy],
  fromRow: (row) => ({
    ...metaOf(row),
    title: row.title,
    body: row.body,
    teamId: row.team_id,
    goalId: row.goal_id,
    itemKeys: row.item_keys,
    quote: row.quote,
    sourceUrl: row.source_url,
    createdBy: row.created_by,
  }),
};

interface ItemRow extends MetaRow {
  key: string;
  tool: Tool;
  ref: ItemRef;
  title: string;
  context: ItemContext;
}

export const items: EntitySpec<ItemRow, Item> = {
  entity: 'item',
  label: 'item',
  table: 'items',
  columns: ['key', 'tool', 'ref', 'title', 'context'],
  toColumns: (i) => [i.ref.key, i.ref.tool, JSON.stringify(i.ref), i.title, JSON.stringify(i.context)],
  fromRow: (row) => ({ ...metaOf(row), ref: row.ref, title: row.title, context: row.context }),
};

interface LinkRow extends MetaRow {
  kind: Link['kind'];
  item_key: string;
  team_id: string | null;
  goal_id: string | null;
  related_item_key: string | null;
  created_by: string;
}

export const links: EntitySpec<LinkRow, Link> = {
  entity: 'link',
  label: 'link',
  table: 'links',
  columns: ['kind', 'item_key', 'team_id', 'goal_id', 'related_item_key', 'created_by'],
  toColumns: (l) => [
    l.kind,
    l.itemKey,
    l.kind === 'owner' ? l.teamId : null,
    l.kind === 'goal' ? l.goalId : null,
    l.kind === 'related' ? l.relatedItemKey : null,
    l.createdBy,
  ],
  fromRow: (row) => {
    const common = { ...metaOf(row), itemKey: row.item_key, createdBy: row.created_by };
    if (row.kind === 'owner') return { ...common, kind: 'owner', teamId: requireColumn(row.team_id) };
    if (row.kind === 'goal') return { ...common, kind: 'goal', goalId: requireColumn(row.goal_id) };
    return { ...common, kind: 'related', relatedItemKey: requireColumn(row.related_item_key) };
  },
};

function requireColumn(value: string | null): string {
  if (value === null) throw new Error('links: a link row lacks the column of its kind');
  return value;
}

interface RuleRow extends MetaRow {
  tool: Tool;
  field: RuleField;
  pattern: string;
  team_id: string;
  goal_id: string | null;
  priority: number;
  review: ReviewState | null;
}

export const rules: EntitySpec<RuleRow, OwnershipRule> = {
  entity: 'rule',
  label: 'ownership rule',
  table: 'ownership_rules',
  columns: ['tool', 'field', 'pattern', 'team_id', 'goal_id', 'priority', 'review'],
  toColumns: (r) => [r.tool, r.field, r.pattern, r.teamId, r.goalId, r.priority, reviewColumn(r.review)],
  fromRow: (row) => ({
    ...metaOf(row),
    tool: row.tool,
    field: row.field,
    pattern: row.pattern,
    teamId: row.team_id,
    goalId: row.goal_id,
    priority: row.priority,
    ...reviewField(row.review),
  }),
};

/** A review state as its jsonb column: NULL for none. */
function reviewColumn(review: ReviewState | undefined): string | null {
  return review ? JSON.stringify(review) : null;
}

/** The `review` field of a served entity: absent when it was never scheduled nor verified. */
function reviewField(review: ReviewState | null): { review?: ReviewState } {
  return review ? { review } : {};
}

/**
 * Whole-workspace export and import. The file is validated with the contract's entity schemas; an import is planned
 * first (the dry run the admin reviews), then applied as ordinary local writes, so it reaches the server through the
 * outbox as mutations, with the server's permission and validation checks, never as a side door.
 *
 * An import merges: it creates what the workspace lacks and updates what differs, and never deletes. Entities are
 * matched by id (a file exported from this workspace), else by a natural key (a file from another workspace):
 * team slug, goal title under the same parent, rule tool + field + pattern, item key, link target, decision title +
 * decision time, note title + items + text. Decisions and notes are append-only: one that exists is never changed.
 */
import { z } from 'zod';
import {
  type Decision,
  type Goal,
  type Item,
  type Link,
  type Note,
  type NoteInput,
  type OwnershipRule,
  type Team,
  zDecision,
  zDecisionInput,
  zEntityId,
  zGoal,
  zGoalInput,
  zItem,
  zLink,
  zNote,
  zNoteInput,
  zOwnershipRule,
  zOwnershipRuleInput,
  zTeam,
  zTeamInput,
  zTimestamp,
} from '../contract.ts';
import type { LocalWrite, LocalWriteResult } from '../db/commands.ts';
import { type Message, message } from '../message.ts';
import { newestLinkFirst } from '../resolve/index.ts';
import type { MirrorArrays } from '../resolve/source.ts';

export const WORKSPACE_EXPORT_FORMAT = 'hallway.workspace';

export const zWorkspaceExport = z.object({
  format: z.literal(WORKSPACE_EXPORT_FORMAT),
  formatVersion: z.literal(1),
  exportedAt: zTimestamp,
  workspace: z.object({ id: zEntityId, name: z.string().max(200) }).nullable(),
  teams: z.array(zTeam),
  goals: z.array(zGoal),
  decisions: z.array(zDecision),
  items: z.array(zItem),
  links: z.array(zLink),
  rules: z.array(zOwnershipRule),
  // A file exported before notes were kept apart from decisions has none.
  notes: z.array(zNote).default([]),
});
export type WorkspaceExport = z.infer<typeof zWorkspaceExport>;

/** What an export holds and an import is planned against: the mirror's tables, notes included. */
export interface WorkspaceRows extends MirrorArrays {
  notes: readonly Note[];
}

export function exportWorkspace(
  data: WorkspaceRows,
  context: { now: Date; workspace: { id: string; name: string } | null },
): WorkspaceExport {
  return {
    format: WORKSPACE_EXPORT_FORMAT,
    formatVersion: 1,
    exportedAt: context.now.toISOString(),
    workspace: context.workspace,
    teams: [...data.teams],
    goals: [...data.goals],
    decisions: [...data.decisions],
    items: [...data.items],
    links: [...data.links],
    rules: [...data.rules],
    notes: [...data.notes],
  };
}

export type ParseResult = { ok: true; value: WorkspaceExport } | { ok: false; errors: Message[] };

const MAX_REPORTED_ERRORS = 20;

/**
 * Reads a file's text; every problem is reported with its path in the file (`goals[3].status`), up to 20, as a
 * sentence of the catalogue (the parser's or the schema's own English words only as its detail).
 */
export function parseWorkspaceExport(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [message('hub.settings.notJson', { detail })] };
  }
  const parsed = zWorkspaceExport.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.slice(0, MAX_REPORTED_ERRORS).map((issue) => {
      const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
      const at = path.replace(/^\./, '');
      return at
        ? message('hub.settings.invalidAt', { path: at, detail: issue.message })
        : message('hub.settings.invalidFile', { detail: issue.message });
    }),
  };
}

/** Every entity of the contract (`zEntityName`), in the order an import creates them: each after what it refers to. */
export const IMPORT_ENTITIES = ['team', 'goal', 'rule', 'item', 'link', 'decision', 'note'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** Maps an id in the file to the id of the same entity in this workspace (known now, or created by an earlier step). */
export type IdMap = Map<string, string>;

export interface ImportStep {
  entity: ImportEntity;
  action: 'create' | 'update';
  /** The id in the file; a create's result id is recorded under it for the steps that refer to it. */
  fileId: string;
  label: string;
  /** For an update: the fields that differ. */
  fields: string[];
  /** The local write, with references translated through `ids` (filled by the steps before this one). */
  write: (ids: IdMap) => LocalWrite;
}

export interface ImportPlan {
  steps: ImportStep[];
  summary: Record<ImportEntity, { create: number; update: number; unchanged: number }>;
  /** Things the import will not do, said plainly in the dry run (in the reader's language, where it is shown). */
  notes: Message[];
  /** File id -> workspace id for entities that already exist. */
  known: IdMap;
}

const lower = (text: string) => text.trim().toLowerCase();

/** Resolves an id of the file to this workspace's (null stays null). */
type Resolve = (fileId: string | null) => string | null;

/** How an import treats the rows of one entity. */
interface EntityRules<Row extends { id: string }> {
  /** What it copies and compares: the fields of the contract's input schema for the entity. */
  fields: readonly (keyof Row & string)[];
  /** The fields that name another entity, and which: translated to this workspace's ids, never guessed by name. */
  references: Partial<Record<keyof Row & string, ImportEntity>>;
  /**
   * The natural key a row of another workspace is matched by when its id is unknown here; `resolve` gives a
   * reference of the row in this workspace's ids.
   */
  key(row: Row, resolve: Resolve): string;
  label(row: Row): string;
  /** For entities that nest: a row's parent, created first. */
  parent?(row: Row): string | null;
}

const fieldsOf = <Row>(schema: { keyof(): { options: readonly string[] } }) =>
  schema.keyof().options as readonly (keyof Row & string)[];

/** The one table of keys, fields and references the import plan reads, per entity it creates or updates. */
export const IMPORT_RULES: {
  team: EntityRules<Team>;
  goal: EntityRules<Goal>;
  rule: EntityRules<OwnershipRule>;
  decision: EntityRules<Decision>;
  note: EntityRules<Note>;
} = {
  team: {
    fields: fieldsOf<Team>(zTeamInput),
    references: { parentTeamId: 'team' },
    key: (team) => team.slug,
    label: (team) => team.name,
    parent: (team) => team.parentTeamId,
  },
  goal: {
    fields: fieldsOf<Goal>(zGoalInput),
    references: { ownerTeamId: 'team', parentGoalId: 'goal' },
    // The same title under the same parent.
    key: (goal, resolve) => `${lower(goal.title)}|${resolve(goal.parentGoalId)}`,
    label: (goal) => goal.title,
    parent: (goal) => goal.parentGoalId,
  },
  rule: {
    fields: fieldsOf<OwnershipRule>(zOwnershipRuleInput),
    references: { teamId: 'team', goalId: 'goal' },
    key: (rule) => `${rule.tool}|${rule.field}|${lower(rule.pattern)}`,
    label: (rule) => `${rule.tool} ${rule.field} ${rule.pattern}`,
  },
  decision: {
    fields: fieldsOf<Decision>(zDecisionInput),
    references: { teamId: 'team', goalId: 'goal', supersedes: 'decision' },
    key: (decision) => `${lower(decision.title)}|${Date.parse(decision.decidedAt)}`,
    label: (decision) => decision.title,
  },
  note: {
    fields: fieldsOf<Note>(zNoteInput),
    references: { teamId: 'team', goalId: 'goal' },
    // A note's only date is the one the server stamps on it: the same title, items and text are the same note.
    key: (note) => `${lower(note.title)}|${[...note.itemKeys].sort().join(' ')}|${note.body.trim()}`,
    label: (note) => note.title,
  },
};

/** A row's fields as the table names them, its references resolved through `resolve`. */
function copyOf<Row extends { id: string }>(rules: EntityRules<Row>, row: Row, resolve: Resolve) {
  return Object.fromEntries(
    rules.fields.map((field) => [
      field,
      rules.references[field] ? resolve(row[field] as string | null) : (row[field] as unknown),
    ]),
  ) as Record<string, unknown>;
}

/** Rows by natural key; the first of rows sharing one wins. */
function byKey<Row extends { id: string }>(rules: EntityRules<Row>, rows: readonly Row[]): Map<string, Row> {
  const keyed = new Map<string, Row>();
  for (const row of rows) {
    const key = rules.key(row, (id) => id);
    if (!keyed.has(key)) keyed.set(key, row);
  }
  return keyed;
}

/**
 * The row of this workspace a file's row is: the same id, else the same natural key, its references read through
 * what the plan has matched by the time it is asked.
 */
function matcher<Row extends { id: string }>(plan: Planning, rules: EntityRules<Row>, currentRows: readonly Row[]) {
  const currentById = new Map(currentRows.map((row) => [row.id, row]));
  const currentByKey = byKey(rules, currentRows);
  return (row: Row): Row | undefined =>
    currentById.get(row.id) ?? currentByKey.get(rules.key(row, through(plan.known)));
}

/** A plan as it is drawn up: the steps so far, their counts, what the dry run says, and the ids matched so far. */
interface Planning {
  steps: ImportStep[];
  summary: ImportPlan['summary'];
  notes: Message[];
  known: IdMap;
}

/** Resolves a file id through `ids` (null stays null; an id not in `ids` stays as it is). */
const through = (ids: IdMap) => (fileId: string | null) => (fileId === null ? null : (ids.get(fileId) ?? fileId));

function push(plan: Planning, step: ImportStep): void {
  plan.steps.push(step);
  plan.summary[step.entity][step.action] += 1;
}

/**
 * The dry run: what applying `file` to `current` would create and update, in an order where references resolve:
 * teams, goals and rules (parents first), items, links, then decisions and notes.
 */
export function planImport(current: WorkspaceRows, file: WorkspaceExport): ImportPlan {
  const plan: Planning = {
    steps: [],
    summary: Object.fromEntries(
      IMPORT_ENTITIES.map((entity) => [entity, { create: 0, update: 0, unchanged: 0 }]),
    ) as ImportPlan['summary'],
    notes: [],
    known: new Map(),
  };
  planEntities(plan, 'team', file.teams, current.teams, {
    create: (data) => ({ kind: 'team.create', data: data as Team }),
    update: (id, patch) => ({ kind: 'team.update', id, data: patch }),
  });
  planEntities(plan, 'goal', file.goals, current.goals, {
    create: (data) => ({ kind: 'goal.create', data: data as Goal }),
    update: (id, patch) => ({ kind: 'goal.update', id, data: patch }),
  });
  planEntities(plan, 'rule', file.rules, current.rules, {
    create: (data) => ({ kind: 'rule.create', data: data as OwnershipRule }),
    update: (id, patch) => ({ kind: 'rule.update', id, data: patch }),
  });
  planItems(plan, file.items, current.items);
  planLinks(plan, file.links, current.links);
  planDecisions(plan, file.decisions, current.decisions);
  planNotes(plan, file.notes, current.notes);
  noteWhatStays(plan, 'team', file.teams, current.teams);
  noteWhatStays(plan, 'goal', file.goals, current.goals);
  noteWhatStays(plan, 'rule', file.rules, current.rules);
  return plan;
}

/** Teams, goals and rules: parents first, matched by id, else by the table's natural key; changed fields updated. */
function planEntities(
  plan: Planning,
  entity: 'team' | 'goal' | 'rule',
  fileRows: readonly { id: string }[],
  currentRows: readonly { id: string }[],
  writes: {
    create: (data: Record<string, unknown>) => LocalWrite;
    update: (id: string, patch: Record<string, unknown>) => LocalWrite;
  },
): void {
  const rules = IMPORT_RULES[entity] as unknown as EntityRules<{ id: string }>;
  const references: Partial<Record<string, ImportEntity>> = rules.references;
  const currentById = new Map(currentRows.map((row) => [row.id, row]));
  const currentByKey = byKey(rules, currentRows);
  const { parent } = rules;
  for (const row of parent ? parentsFirst(fileRows, parent) : fileRows) {
    const existing = (currentById.get(row.id) ?? currentByKey.get(rules.key(row, through(plan.known)))) as
      | ({ id: string } & Record<string, unknown>)
      | undefined;
    const data = (ids: IdMap) => copyOf(rules, row, through(ids));
    const label = rules.label(row);
    if (!existing) {
      push(plan, {
        entity,
        action: 'create',
        fileId: row.id,
        label,
        fields: [],
        write: (ids) => writes.create(data(ids)),
      });
      continue;
    }
    plan.known.set(row.id, existing.id);
    const compare = data(plan.known);
    const fields = Object.keys(compare).filter((field) => !sameJson(existing[field], compare[field]));
    if (fields.length === 0) {
      plan.summary[entity].unchanged += 1;
      continue;
    }
    push(plan, {
      entity,
      action: 'update',
      fileId: row.id,
      label,
      fields,
      // References are translated again when applied: a parent created earlier in the same import has its id then.
      write: (ids) =>
        writes.update(
          existing.id,
          Object.fromEntries(
            fields.map((field) => {
              const value = compare[field];
              return [field, references[field] && typeof value === 'string' ? (ids.get(value) ?? value) : value];
            }),
          ),
        ),
    });
  }
}

/** Items are upserted by key: an update refreshes title and context. */
function planItems(plan: Planning, fileItems: readonly Item[], currentItems: readonly Item[]): void {
  const itemsByKey = new Map(currentItems.map((row) => [row.ref.key, row]));
  for (const row of fileItems) {
    const existing = itemsByKey.get(row.ref.key);
    const differs = existing
      ? [
          ...(existing.title !== row.title ? ['title'] : []),
          ...(!sameJson(existing.context, row.context) ? ['context'] : []),
        ]
      : [];
    if (existing && differs.length === 0) {
      plan.summary.item.unchanged += 1;
      continue;
    }
    push(plan, {
      entity: 'item',
      action: existing ? 'update' : 'create',
      fileId: row.id,
      label: row.title || row.ref.key,
      fields: differs,
      write: () => ({ kind: 'capture', item: { ref: row.ref, title: row.title, context: row.context } }),
    });
  }
}

/**
 * Links exist or not: the server keeps one per item and target, and a link has nothing to update. An item has one
 * owner and one goal, and a new one replaces the current one: of a file's owner (or goal) links of an item, only the
 * newest counts (files from older servers may hold several).
 */
function planLinks(plan: Planning, fileLinks: readonly Link[], currentLinks: readonly Link[]): void {
  const linkTarget = (link: Link, resolve: (id: string) => string) =>
    link.kind === 'owner'
      ? `owner|${link.itemKey}|${resolve(link.teamId)}`
      : link.kind === 'goal'
        ? `goal|${link.itemKey}|${resolve(link.goalId)}`
        : `related|${link.itemKey}|${link.relatedItemKey}`;
  const existing = new Set(currentLinks.map((link) => linkTarget(link, (id) => id)));
  const newestOwnerGoal = new Map<string, Link>();
  for (const link of [...fileLinks].sort(newestLinkFirst)) {
    const slot = `${link.kind}|${link.itemKey}`;
    if (link.kind !== 'related' && !newestOwnerGoal.has(slot)) newestOwnerGoal.set(slot, link);
  }
  const counted = fileLinks.filter(
    (link) => link.kind === 'related' || newestOwnerGoal.get(`${link.kind}|${link.itemKey}`) === link,
  );
  // The older ones have nothing to do: the newest replaces them.
  plan.summary.link.unchanged += fileLinks.length - counted.length;
  for (const link of counted) {
    if (existing.has(linkTarget(link, (id) => plan.known.get(id) ?? id))) {
      plan.summary.link.unchanged += 1;
      continue;
    }
    push(plan, {
      entity: 'link',
      action: 'create',
      fileId: link.id,
      label: linkTarget(link, (id) => id).replaceAll('|', ' '),
      fields: [],
      write: (ids) => ({ kind: 'link.create', data: translateLink(link, (id) => ids.get(id) ?? id) }),
    });
  }
}

/** Decisions oldest first, so a decision's `supersedes` was created before it; decisions are append-only. */
function planDecisions(plan: Planning, fileDecisions: readonly Decision[], currentDecisions: readonly Decision[]) {
  const rules = IMPORT_RULES.decision;
  const existingOf = matcher(plan, rules, currentDecisions);
  let changed = 0;
  for (const decision of [...fileDecisions].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt))) {
    const existing = existingOf(decision);
    if (existing) {
      plan.known.set(decision.id, existing.id);
      plan.summary.decision.unchanged += 1;
      if (existing.rationale !== decision.rationale || existing.status !== decision.status) changed += 1;
      continue;
    }
    push(plan, {
      entity: 'decision',
      action: 'create',
      fileId: decision.id,
      label: rules.label(decision),
      fields: [],
      write: (ids) => ({
        kind: 'decision.create',
        data: {
          ...(copyOf(rules, decision, through(ids)) as Decision),
          // The server sets `superseded` itself when the later decision in the file supersedes this one.
          status: decision.status === 'superseded' ? 'accepted' : decision.status,
        },
      }),
    });
  }
  if (changed > 0) {
    plan.notes.push(message('hub.settings.decisionsDiffer', { count: { number: changed } }));
  }
}

/** Notes are created where the workspace lacks them; one that exists stays as it is. */
function planNotes(plan: Planning, fileNotes: readonly Note[], currentNotes: readonly Note[]) {
  const rules = IMPORT_RULES.note;
  const existingOf = matcher(plan, rules, currentNotes);
  for (const note of fileNotes) {
    const existing = existingOf(note);
    if (existing) {
      plan.known.set(note.id, existing.id);
      plan.summary.note.unchanged += 1;
      continue;
    }
    push(plan, {
      entity: 'note',
      action: 'create',
      fileId: note.id,
      label: rules.label(note),
      fields: [],
      write: (ids) => ({ kind: 'note.create', data: copyOf(rules, note, through(ids)) as NoteInput }),
    });
  }
}

/** Rows of this workspace the file does not hold stay: the dry run says so. */
function noteWhatStays(
  plan: Planning,
  entity: 'team' | 'goal' | 'rule',
  fileRows: readonly { id: string }[],
  rows: readonly { id: string }[],
) {
  const inFile = new Set(fileRows.map((row) => plan.known.get(row.id) ?? row.id));
  const absent = rows.filter((row) => !inFile.has(row.id)).length;
  if (absent > 0) {
    plan.notes.push(
      message('hub.settings.stays', { count: { number: absent }, entity: message(`hub.settings.entity.${entity}`) }),
    );
  }
}

function translateLink(link: Link, resolve: (id: string) => string) {
  switch (link.kind) {
    case 'owner':
      return { kind: 'owner' as const, itemKey: link.itemKey, teamId: resolve(link.teamId) };
    case 'goal':
      return { kind: 'goal' as const, itemKey: link.itemKey, goalId: resolve(link.goalId) };
    case 'related':
      return { kind: 'related' as const, itemKey: link.itemKey, relatedItemKey: link.relatedItemKey };
  }
}

/** Parents before children; rows in a parent cycle (bad data) come last instead of never. */
function parentsFirst<Row extends { id: string }>(rows: readonly Row[], parentOf: (row: Row) => string | null): Row[] {
  const ids = new Set(rows.map((row) => row.id));
  const placed = new Set<string>();
  const ordered: Row[] = [];
  let pending = [...rows];
  while (pending.length) {
    const ready = pending.filter((row) => {
      const parent = parentOf(row);
      return parent === null || !ids.has(parent) || placed.has(parent);
    });
    if (ready.length === 0) {
      ordered.push(...pending);
      break;
    }
    for (const row of ready) {
      ordered.push(row);
      placed.add(row.id);
    }
    const readySet = new Set(ready);
    pending = pending.filter((row) => !readySet.has(row));
  }
  return ordered;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export interface ApplyProgress {
  done: number;
  total: number;
  /** The steps that failed and what they failed with, said where they are shown (`sayCaught`, utils/i18n.ts). */
  failed: { step: ImportStep; error: unknown }[];
}

/**
 * Runs the plan's steps in order through `write` (the background's local-write message). A failed step is reported
 * and the rest go on; a later step referring to an entity that failed to be created is then refused by the server.
 */
export async function applyImportPlan(
  plan: ImportPlan,
  write: (write: LocalWrite) => Promise<LocalWriteResult>,
  onProgress: (progress: ApplyProgress) => void = () => {},
): Promise<ApplyProgress> {
  const ids: IdMap = new Map(plan.known);
  const progress: ApplyProgress = { done: 0, total: plan.steps.length, failed: [] };
  for (const step of plan.steps) {
    try {
      const result = await write(step.write(ids));
      // A create's own id is the last one written (a linkItem or logDecision may capture an item first).
      const createdId = result.ids.at(-1);
      if (step.action === 'create' && createdId) ids.set(step.fileId, createdId);
    } catch (error) {
      progress.failed.push({ step, error });
    }
    progress.done += 1;
    onProgress(progress);
  }
  return progress;
}

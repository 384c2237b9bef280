/**
 * The sidebar's live layer over the mirror, loaded after its first render (the first render comes from the
 * background's answer): Dexie and the picker options stay off the cold-open path. The item's resolution is not
 * here: it is the background's (one per navigation, shared with the launcher), which comes with the tab's context.
 */
// zod off its code generation (the contract's parsers run from here on): the first zod of the sidebar's page.
import '../../utils/zod-jitless.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import {
  canTransition,
  DECISION_TRANSITIONS,
  type DecisionStatus,
  type DecisionTransition,
  may,
  type Note,
  PERMISSIONS,
  type Permission,
  type Role,
} from '../../utils/contract.ts';
import type { OutboxRow, Touch } from '../../utils/db/schema.ts';
import { itemKeysOf } from '../../utils/detect/index.ts';
import type { ResolvedContext } from '../../utils/resolve/index.ts';
import type { CurrentItem } from '../shared/item.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { usePickOptions } from '../shared/use-pick-options.ts';
import { useLocalUser } from '../shared/use-role.ts';
import { type WriteState, writeStateOf } from '../shared/write-state.ts';
import type { PickerOption } from '../ui/Picker.tsx';
import { type Refusal, refusalsOf } from './refusals.ts';

export interface WriteStates {
  /** By the entity a write touches, e.g. `decision:<id>`. */
  byTouch: ReadonlyMap<Touch, WriteState>;
  /**
   * The newest pending link of `kind` from `itemKey` (to `target` for related links), if any. A refused one is taken
   * back and shown as a refusal of its section instead.
   */
  link(itemKey: string, kind: 'owner' | 'goal' | 'related', target?: string): WriteState | undefined;
}

/** What the user's role may do, from the contract's table; `role` null: not connected to a server yet. */
export interface Permissions {
  role: Role | null;
  allowed: ReadonlySet<Permission>;
}

export interface LiveData {
  writeStates: WriteStates;
  teams: PickerOption[];
  goals: PickerOption[];
  permissions: Permissions | undefined;
  refusals: Refusal[];
  /** The item's notes, newest first: kept apart from its decisions. */
  notes: Note[];
  /** The lifecycle moves a decision in `status` can take (the contract's DECISION_TRANSITIONS). */
  movesOf(status: DecisionStatus): readonly DecisionTransition[];
  /** The signed-in user's name as the server last confirmed it (`utils/db/local-user.ts`). */
  me: string | undefined;
}

const movesOf = (status: DecisionStatus) =>
  (Object.keys(DECISION_TRANSITIONS) as DecisionTransition[]).filter((transition) => canTransition(status, transition));

function useNotes(item: CurrentItem | null): Note[] {
  // Every key of the item: a Gmail thread's notes kept under its URL's key before its Message-ID was read, too.
  const keys = item ? itemKeysOf(item.ref) : [];
  const rows = useLiveQuery(
    async () => (keys.length > 0 ? mirrorDb().notes.where('itemKeys').anyOf(keys).distinct().toArray() : []),
    [keys.join('\n')],
  );
  return useMemo(() => [...(rows ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [rows]);
}

/** Pending and refused writes by the entity they touch; a refused write wins over a pending one. */
function useWriteStates(): WriteStates {
  const db = mirrorDb();
  const rows = useLiveQuery(() => db.outbox.toArray(), []);
  // Stable while the outbox is unchanged, so the sidebar re-renders only on a real change.
  return useMemo(() => writeStatesOf(rows ?? []), [rows]);
}

function writeStatesOf(rows: readonly OutboxRow[]): WriteStates {
  const rowsByTouch = new Map<Touch, OutboxRow[]>();
  for (const row of rows) {
    for (const touch of row.touches) {
      const touching = rowsByTouch.get(touch);
      if (touching) touching.push(row);
      else rowsByTouch.set(touch, [row]);
    }
  }
  const byTouch = new Map<Touch, WriteState>();
  for (const [touch, touching] of rowsByTouch) {
    const state = writeStateOf(touching);
    if (state) byTouch.set(touch, state);
  }
  return {
    byTouch,
    link(itemKey, kind, target) {
      const row = rows.findLast(
        ({ mutation, status }) =>
          status === 'pending' &&
          mutation.type === 'link.create' &&
          mutation.data.itemKey === itemKey &&
          mutation.data.kind === kind &&
          (mutation.data.kind !== 'related' || mutation.data.relatedItemKey === target),
      );
      return writeStateOf(row ? [row] : []);
    },
  };
}

function usePermissions(role: Role | null | undefined): Permissions | undefined {
  return useMemo(
    () =>
      role === undefined
        ? undefined
        : { role, allowed: new Set((Object.keys(PERMISSIONS) as Permission[]).filter((p) => may(role, p))) },
    [role],
  );
}

function useRefusals(
  item: CurrentItem | null,
  names: { teams: PickerOption[]; goals: PickerOption[]; resolved: ResolvedContext | null | undefined },
): Refusal[] {
  const rows = useLiveQuery(() => mirrorDb().outbox.where('status').anyOf(['rejected', 'conflict']).toArray(), []);
  const key = item?.ref.key;
  const { teams, goals, resolved } = names;
  return useMemo(() => {
    if (!key || !rows) return [];
    const decisions = resolved?.decisions.map((entry) => entry.decision) ?? [];
    return refusalsOf(rows, key, { teams, goals, decisions });
  }, [rows, key, teams, goals, resolved]);
}

/**
 * Renders nothing: hands the live data to the sidebar on every change. `resolved` is the background's resolution
 * of `item`, which came with it.
 */
export function LiveFeed({
  item,
  resolved,
  onChange,
}: {
  item: CurrentItem | null;
  resolved: ResolvedContext | null | undefined;
  onChange(data: LiveData): void;
}) {
  const writeStates = useWriteStates();
  const { teams, goals } = usePickOptions();
  const user = useLocalUser();
  const permissions = usePermissions(user?.role);
  const me = user?.name;
  const refusals = useRefusals(item, { teams, goals, resolved });
  const notes = useNotes(item);
  useEffect(
    () => onChange({ writeStates, teams, goals, permissions, refusals, notes, movesOf, me }),
    [onChange, writeStates, teams, goals, permissions, refusals, notes, me],
  );
  return null;
}

/**
 * The hub's view of the mirror: one live query per table (Dexie re-runs a table's query only when that table
 * changes), indexes derived once per table state, and the one write path (the background's `mirror.write`).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Decision, Goal, Item, Link, Me, OwnershipRule, Role, Team } from '../../utils/contract.ts';
import { localUserOf } from '../../utils/db/local-user.ts';
import type { HallwayDexie, OutboxRow } from '../../utils/db/schema.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MirrorCounts } from '../../utils/messaging/protocol.ts';
import { type Attribution, type AttributionInput, attributeItems } from '../../utils/snapshot/ownership.ts';

export type { MirrorCounts } from '../../utils/messaging/protocol.ts';

export interface HubData {
  /** `undefined` until counted; ahead of the tables (100,000 rows take a second or two to load). */
  counts: MirrorCounts | undefined;
  /** `undefined` while a table is still loading. */
  teams: Team[] | undefined;
  goals: Goal[] | undefined;
  decisions: Decision[] | undefined;
  items: Item[] | undefined;
  links: Link[] | undefined;
  rules: OwnershipRule[] | undefined;
  outbox: OutboxRow[] | undefined;
  /** null: not connected. */
  me: Me | null | undefined;
  role: Role | null;
  teamsById: Map<string, Team>;
  goalsById: Map<string, Goal>;
  decisionsById: Map<string, Decision>;
  itemsByKey: Map<string, Item>;
}

const HubDataContext = createContext<HubData | null>(null);

const byId = <T extends { id: string }>(rows: readonly T[] | undefined) =>
  new Map((rows ?? []).map((row) => [row.id, row]));

export function HubDataProvider({ db, children }: { db: HallwayDexie; children: ReactNode }) {
  // Counted first, and the tables read only once the counts are in: at workspace scale the main thread spends
  // seconds taking in the tables' rows, and the overview's counts would otherwise wait behind them (the benchmark saw
  // them come with the last table).
  const counts = useLiveQuery(
    () =>
      db.transaction('r', [db.teams, db.goals, db.decisions, db.rules, db.items], async () => {
        const [teams, goals, decisions, rules, items] = await Promise.all([
          db.teams.count(),
          db.goals.count(),
          db.decisions.count(),
          db.rules.count(),
          db.items.count(),
        ]);
        return { teams, goals, decisions, rules, items };
      }),
    [db],
  );
  // IndexedDB counts by walking every row (seconds at workspace scale): the background's index, which follows every
  // write, answers first; the counts above take over once in and follow later changes.
  const known = useBackgroundCounts();
  const shownCounts = counts ?? known;
  const counted = shownCounts !== undefined;
  const teams = useLiveQuery<Team[] | undefined>(() => (counted ? db.teams.toArray() : undefined), [db, counted]);
  const goals = useLiveQuery<Goal[] | undefined>(() => (counted ? db.goals.toArray() : undefined), [db, counted]);
  const decisions = useLiveQuery<Decision[] | undefined>(
    () => (counted ? db.decisions.toArray() : undefined),
    [db, counted],
  );
  const items = useLiveQuery<Item[] | undefined>(() => (counted ? db.items.toArray() : undefined), [db, counted]);
  const links = useLiveQuery<Link[] | undefined>(() => (counted ? db.links.toArray() : undefined), [db, counted]);
  const rules = useLiveQuery<OwnershipRule[] | undefined>(
    () => (counted ? db.rules.toArray() : undefined),
    [db, counted],
  );
  const outbox = useLiveQuery(() => db.outbox.orderBy('seq').toArray(), [db]);
  // Only the identity: the token in the same row stays out of React state.
  const me = useLiveQuery(async () => (await db.credentials.get('main'))?.me ?? null, [db]);

  const mirrorLoaded = [teams, goals, decisions, items, links, rules].every((rows) => rows !== undefined);
  useEffect(() => {
    // The benchmark reads this mark: the whole mirror is in memory and every view can render from it.
    if (mirrorLoaded) performance.mark('hub:mirror-loaded');
  }, [mirrorLoaded]);
  useEffect(() => {
    if (!items || !links || !rules || !teams || !goals || !decisions) return;
    // Attribution is the one costly derivation (every item against the rules): do it while the user reads, so
    // opening a team, a goal or the snapshot does not wait for it.
    const idle = requestIdleCallback(() => attributionFor({ items, links, rules, teams, goals, decisions }));
    return () => cancelIdleCallback(idle);
  }, [items, links, rules, teams, goals, decisions]);

  const teamsById = useMemo(() => byId(teams), [teams]);
  const goalsById = useMemo(() => byId(goals), [goals]);
  const decisionsById = useMemo(() => byId(decisions), [decisions]);
  const itemsByKey = useMemo(() => new Map((items ?? []).map((item) => [item.ref.key, item])), [items]);
  const value = useMemo<HubData>(
    () => ({
      counts: shownCounts,
      teams,
      goals,
      decisions,
      items,
      links,
      rules,
      outbox,
      me,
      role: localUserOf(me).role,
      teamsById,
      goalsById,
      decisionsById,
      itemsByKey,
    }),
    [
      shownCounts,
      teams,
      goals,
      decisions,
      items,
      links,
      rules,
      outbox,
      me,
      teamsById,
      goalsById,
      decisionsById,
      itemsByKey,
    ],
  );
  return <HubDataContext.Provider value={value}>{children}</HubDataContext.Provider>;
}

/** The background's counts, asked once at mount; undefined until they come (or when the background cannot say). */
function useBackgroundCounts(): MirrorCounts | undefined {
  const [counts, setCounts] = useState<MirrorCounts>();
  useEffect(() => {
    let live = true;
    sendMessage('mirror.counts', {}).then(
      (answer) => live && answer.ok && setCounts(answer.value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return counts;
}

export function useHubData(): HubData {
  const data = useContext(HubDataContext);
  if (!data) throw new Error('useHubData outside HubDataProvider');
  return data;
}

const attributionCache = new WeakMap<readonly Item[], { inputs: AttributionInput; value: Attribution }>();

function attributionFor(inputs: AttributionInput): Attribution {
  const cached = attributionCache.get(inputs.items);
  const same =
    cached && (Object.keys(inputs) as (keyof AttributionInput)[]).every((k) => cached.inputs[k] === inputs[k]);
  if (cached && same) return cached.value;
  const value = attributeItems(inputs);
  attributionCache.set(inputs.items, { inputs, value });
  return value;
}

/** Owner, goal and decisions of every item, computed once per mirror state and shared by every view that needs it. */
export function useAttribution(): Attribution | undefined {
  const { items, links, rules, teams, goals, decisions } = useHubData();
  return useMemo(
    () =>
      items && links && rules && teams && goals && decisions
        ? attributionFor({ items, links, rules, teams, goals, decisions })
        : undefined,
    [items, links, rules, teams, goals, decisions],
  );
}

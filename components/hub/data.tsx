/**
 * The hub's view of the mirror: one live query per table (Dexie re-runs a table's query only when that table
 * changes), indexes derived once per table state, and the one write path (the background's `mirror.write`).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Decision, Goal, Item, Link, Me, Note, OwnershipRule, Role, Team } from '../../utils/contract.ts';
import { localUserOf } from '../../utils/db/local-user.ts';
import type { HallwayDexie, OutboxRow } from '../../utils/db/schema.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MirrorCounts } from '../../utils/messaging/protocol.ts';
import { overviewCounts } from './logic/counts.ts';

export type { MirrorCounts } from '../../utils/messaging/protocol.ts';

export interface HubData {
  /** `undefined` until counted; ahead of the tables (100,000 rows take a second or two to load), then theirs. */
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
/** The mirror itself, for the tables only one view reads (`useHubNotes`): the others are not loaded for them. */
const HubDbContext = createContext<HallwayDexie | null>(null);

const byId = <T extends { id: string }>(rows: readonly T[] | undefined) =>
  new Map((rows ?? []).map((row) => [row.id, row]));

export function HubDataProvider({ db, children }: { db: HallwayDexie; children: ReactNode }) {
  // The background answers the overview's counts first; the tables are read once it has answered (or could not):
  // at workspace scale IndexedDB and the main thread spend seconds taking in the tables' rows, and the counts would
  // otherwise wait behind them. Once in, the tables' own lengths are the counts (see logic/counts.ts).
  const fromBackground = useBackgroundCounts();
  const counted = fromBackground !== undefined;
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
  const shownCounts = useMemo(
    () => overviewCounts({ teams, goals, decisions, rules, items }, fromBackground),
    [teams, goals, decisions, rules, items, fromBackground],
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
    // opening a team, a goal or the snapshot does not wait for it. Its module (the resolution, with the contract
    // and zod) is loaded only now, after the first render and the counts (attribution.ts).
    let live = true;
    let idle: number | undefined;
    void import('./attribution.ts').then(({ attributionFor }) => {
      if (live) idle = requestIdleCallback(() => attributionFor({ items, links, rules, teams, goals, decisions }));
    });
    return () => {
      live = false;
      if (idle !== undefined) cancelIdleCallback(idle);
    };
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
  return (
    <HubDbContext.Provider value={db}>
      <HubDataContext.Provider value={value}>{children}</HubDataContext.Provider>
    </HubDbContext.Provider>
  );
}

/** The workspace's notes, read where a view asks for them (the export and import): undefined while loading. */
export function useHubNotes(): Note[] | undefined {
  const db = useContext(HubDbContext);
  return useLiveQuery<Note[] | undefined>(() => db?.notes.toArray(), [db]);
}

let earlyAnswer: Promise<MirrorCounts | null> | undefined;

/** Asks the background for the counts, to be read by the next mount: null when it cannot say. */
function askBackgroundCounts(): Promise<MirrorCounts | null> {
  return sendMessage('mirror.counts', {}).then(
    (answer) => (answer.ok ? answer.value : null),
    () => null,
  );
}

/**
 * Asks for the overview's counts as the page starts, before React's first render: the background answers while the
 * hub renders its shell. The hub's first mount takes this answer; any later mount asks again.
 */
export function askCountsEarly(): void {
  earlyAnswer ??= askBackgroundCounts();
}

/** The background's counts, asked once at mount: undefined until it answers, null when it cannot say. */
function useBackgroundCounts(): MirrorCounts | null | undefined {
  const [counts, setCounts] = useState<MirrorCounts | null>();
  useEffect(() => {
    let live = true;
    const answer = earlyAnswer ?? askBackgroundCounts();
    earlyAnswer = undefined;
    void answer.then((value) => live && setCounts(value));
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

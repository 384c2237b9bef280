/**
 * Every Dexie version ever shipped, oldest first. Never edit a shipped entry: add a new version with an `upgrade`.
 * Rolling the extension back is safe too: Dexie >= 4.0.1 opens a database at a higher installed version.
 */
import type { Dexie } from 'dexie';
import type { Decision, Goal } from '../contract.ts';
import { type BaseRow, type OutboxRow, touchesOf } from './schema.ts';

export interface DexieVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: Parameters<ReturnType<Dexie['version']>['upgrade']>[0];
}

export const DEXIE_VERSIONS: DexieVersion[] = [
  {
    // 0.1.0: the first mirror.
    version: 1,
    stores: {
      teams: 'id',
      goals: 'id, parentGoalId, ownerTeamId',
      decisions: 'id, *itemKeys',
      items: 'id, ref.key',
      links: 'id, itemKey',
      rules: 'id, tool',
      outbox: '++seq, &mutationId, status',
      syncState: 'id',
    },
  },
  {
    // Lookups for the hub and the sidebar, the base rows that let pending writes be replayed over pulled state,
    // and the credential store. Outbox rows learn which entities they touch and count their attempts.
    version: 2,
    stores: {
      decisions: 'id, *itemKeys, goalId, teamId, decidedAt, supersedes',
      links: 'id, itemKey, teamId, goalId, relatedItemKey',
      rules: 'id, [tool+field]',
      outbox: '++seq, &mutationId, status, *touches',
      bases: 'touch',
      credentials: 'id',
    },
    upgrade: (tx) =>
      tx
        .table<OutboxRow, number>('outbox')
        .toCollection()
        .modify((row) => {
          row.touches = touchesOf(row.mutation);
          row.attempts ??= 0;
        }),
  },
  {
    // Goals carry their status history. No index changes, but goals pulled before it lack the field, and the
    // server sends a goal again only when it changes: they start with an empty history (as the server's rows did).
    version: 3,
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table<Goal, string>('goals')
        .toCollection()
        .modify((goal) => {
          goal.statusHistory ??= [];
        });
      await tx
        .table<BaseRow, string>('bases')
        .where('touch')
        .startsWith('goal:')
        .modify((base) => {
          // Null is the base of a goal deleted on the server.
          if (base.row) (base.row as Goal).statusHistory ??= [];
        });
    },
  },
  {
    // Acknowledged writes the pull has not caught up with: an old cached page must not move them back.
    version: 4,
    stores: { acknowledged: 'touch' },
  },
  {
    // Notes are their own entity, and decisions carry their lifecycle history. Decisions pulled before it lack the
    // field, and the server sends one again only when it changes: they start with an empty history.
    version: 5,
    stores: { notes: 'id, *itemKeys' },
    upgrade: async (tx) => {
      await tx
        .table<Decision, string>('decisions')
        .toCollection()
        .modify((decision) => {
          decision.statusHistory ??= [];
        });
      await tx
        .table<BaseRow, string>('bases')
        .where('touch')
        .startsWith('decision:')
        .modify((base) => {
          if (base.row) (base.row as Decision).statusHistory ??= [];
        });
    },
  },
  {
    // Reviews (issue 17): decisions, goals and rules with a review date or an interval are found by index (a row
    // without either is not in it), so the popup lists the reviews due without reading every decision.
    // Version 6 is the Gmail identity's; the numbers were handed out per feature.
    version: 7,
    stores: {
      decisions: 'id, *itemKeys, goalId, teamId, decidedAt, supersedes, review.reviewBy, review.everyDays',
      goals: 'id, parentGoalId, ownerTeamId, review.reviewBy, review.everyDays',
      rules: 'id, [tool+field], review.reviewBy, review.everyDays',
    },
  },
  {
    // Tokens replaced before the server confirmed whose they are, kept until it names the author of the writes made
    // under them (utils/sync/identity.ts).
    version: 9,
    stores: { keptTokens: 'id' },
  },
];

/** Declares the versions up to `upTo` on `db` (tests open a database as an earlier release shipped it). */
export function declareVersions(db: Dexie, upTo = DEXIE_VERSIONS.length): void {
  for (const entry of DEXIE_VERSIONS.slice(0, upTo)) {
    const version = db.version(entry.version).stores(entry.stores);
    if (entry.upgrade) version.upgrade(entry.upgrade);
  }
}

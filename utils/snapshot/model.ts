/** The shapes of the work snapshot, apart from its computation so the exporters can import them without a cycle. */
import { type Decision, type Goal, type GoalStatus, type Item, type Tool, zGoalStatus } from '../contract.ts';

/** One team, several (the user's own teams), one goal and its subtree, or the whole workspace. */
export type SnapshotScope =
  | { kind: 'team'; teamId: string }
  | { kind: 'teams'; teamIds: readonly string[] }
  | { kind: 'goal'; goalId: string }
  | { kind: 'workspace' };

/** An item still linked to a superseded decision, but to none of the decisions that replaced it. */
export interface SupersededLink {
  decision: Decision;
  item: Item;
  /** The end of the supersession chain: the decision in force, which relinking links the item to. */
  current: Decision;
}

export interface Week {
  /** Monday, `YYYY-MM-DD` (UTC). */
  start: string;
  /** The next Monday: the week is [start, end). */
  end: string;
}

/** The goal statuses in the contract's order (its enum), as the snapshot and the forms list them. */
export const GOAL_STATUSES: readonly GoalStatus[] = zGoalStatus.options;

export interface WorkSnapshot {
  scopeLabel: string;
  week: Week;
  /** Every item linked to the scope, by tool; `newThisWeek` counts those captured during the week. */
  itemsByTool: Record<Tool, { items: Item[]; newThisWeek: number }>;
  /** Decisions about the scope decided during the week, oldest first. */
  decisionsMade: Decision[];
  goalsByStatus: Record<GoalStatus, Goal[]>;
  /** Open goals of the scope that no item is linked to (directly or by a rule). */
  goalsWithoutWork: Goal[];
  /** Items seen during the week (captured or refreshed) that serve the scope's goals but have no owning team. */
  unownedItemsSeen: Item[];
  /**
   * Items of the scope's open work linked to a superseded decision but to none of its successors (they may still
   * follow what was replaced), less the pairs the user dismissed. Oldest decision first.
   */
  supersededStillLinked: SupersededLink[];
}

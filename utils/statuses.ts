/** How each status of the contract's enums reads, for every page and the omnibox; how they look stays in the UI. */
import type { DecisionStatus, GoalStatus } from './contract.ts';

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  withdrawn: 'Withdrawn',
  superseded: 'Superseded',
  reverted: 'Reverted',
};

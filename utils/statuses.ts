/** How each status of the contract's enums reads, for every page and the omnibox; how they look stays in the UI. */
import type { DecisionStatus, GoalStatus } from './contract.ts';
import { t } from './i18n.ts';

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  on_track: t('status.goal.onTrack'),
  at_risk: t('status.goal.atRisk'),
  off_track: t('status.goal.offTrack'),
  done: t('status.goal.done'),
  cancelled: t('status.goal.cancelled'),
};

export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = {
  proposed: t('status.decision.proposed'),
  accepted: t('status.decision.accepted'),
  withdrawn: t('status.decision.withdrawn'),
  superseded: t('status.decision.superseded'),
  reverted: t('status.decision.reverted'),
};

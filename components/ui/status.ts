import type { DecisionStatus, GoalStatus } from '../../utils/contract.ts';
import { DECISION_STATUS_LABELS, GOAL_STATUS_LABELS } from '../../utils/statuses.ts';
import type { Tone } from './Badge.tsx';

const GOAL_TONES: Record<GoalStatus, Tone> = {
  on_track: 'green',
  at_risk: 'amber',
  off_track: 'red',
  done: 'blue',
  cancelled: 'neutral',
};

const DECISION_TONES: Record<DecisionStatus, Tone> = {
  proposed: 'amber',
  accepted: 'green',
  withdrawn: 'neutral',
  superseded: 'neutral',
  reverted: 'red',
};

const display = <S extends string>(labels: Record<S, string>, tones: Record<S, Tone>) =>
  Object.fromEntries(
    (Object.keys(labels) as S[]).map((status) => [status, { label: labels[status], tone: tones[status] }]),
  ) as Record<S, { label: string; tone: Tone }>;

/** How each status reads (from `utils/statuses.ts`) and looks, for the sidebar, popup and hub. */
export const goalStatusDisplay = display(GOAL_STATUS_LABELS, GOAL_TONES);
export const decisionStatusDisplay = display(DECISION_STATUS_LABELS, DECISION_TONES);

import type { DecisionStatus, GoalStatus } from '../../utils/contract.ts';
import type { Tone } from './Badge.tsx';

/** How each status reads and looks, in one place for the sidebar, popup, hub and omnibox. */
export const goalStatusDisplay: Record<GoalStatus, { label: string; tone: Tone }> = {
  on_track: { label: 'On track', tone: 'green' },
  at_risk: { label: 'At risk', tone: 'amber' },
  off_track: { label: 'Off track', tone: 'red' },
  done: { label: 'Done', tone: 'blue' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const decisionStatusDisplay: Record<DecisionStatus, { label: string; tone: Tone }> = {
  proposed: { label: 'Proposed', tone: 'amber' },
  accepted: { label: 'Accepted', tone: 'green' },
  superseded: { label: 'Superseded', tone: 'neutral' },
  reverted: { label: 'Reverted', tone: 'red' },
};

import type { DecisionStatus, GoalStatus } from '../../utils/contract.ts';
import { Badge } from './Badge.tsx';
import { decisionStatusDisplay, goalStatusDisplay } from './status.ts';

export function GoalStatusBadge({ status }: { status: GoalStatus }) {
  return <Badge tone={goalStatusDisplay[status].tone}>{goalStatusDisplay[status].label}</Badge>;
}

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return <Badge tone={decisionStatusDisplay[status].tone}>{decisionStatusDisplay[status].label}</Badge>;
}

import type { LauncherSummary } from '../messaging/channels.ts';

export interface LauncherText {
  /** First line: the owning team, or "Unowned". */
  team: string;
  /** Second line: the goal and the decision count. */
  detail: string;
  /** What a screen reader announces for the launcher button. */
  label: string;
  unowned: boolean;
  /** The item has stale warnings: the detail line starts with them, in the warning colour. */
  stale: boolean;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function launcherText(summary: LauncherSummary): LauncherText {
  const team = summary.team ?? 'Unowned';
  const decisions = plural(summary.decisions, 'decision', 'decisions');
  const pending = summary.pending > 0 ? ` · ${summary.pending} pending` : '';
  const stale = summary.stale ?? 0;
  const warning = stale > 0 ? `⚠ ${plural(stale, 'warning', 'warnings')} · ` : '';
  const detail = `${warning}${summary.goal ?? 'No goal'} · ${decisions}${pending}`;
  const owner = summary.team ? `Owned by ${summary.team}` : 'Unowned';
  const goal = summary.goal ? `goal ${summary.goal}` : 'no goal';
  const staleWords =
    stale > 0
      ? ` ${plural(stale, 'stale warning', 'stale warnings')}${summary.staleTitle ? `: ${summary.staleTitle}` : ''}.`
      : '';
  return {
    team,
    detail,
    label: `Open Hallway sidebar. ${owner}, ${goal}, ${decisions}${summary.pending > 0 ? `, ${summary.pending} pending` : ''}.${staleWords}`,
    unowned: summary.team === null,
    stale: stale > 0,
  };
}

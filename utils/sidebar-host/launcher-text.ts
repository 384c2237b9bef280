import { t } from '../i18n.ts';
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

export function launcherText(summary: LauncherSummary): LauncherText {
  const unowned = t('launcher.unowned');
  const team = summary.team ?? unowned;
  const decisions = t('launcher.decisions', summary.decisions);
  const pending = summary.pending > 0 ? t('sync.pending', summary.pending) : null;
  const stale = summary.stale ?? 0;
  const warning = stale > 0 ? `⚠ ${t('launcher.warnings', stale)} · ` : '';
  const detail = `${warning}${summary.goal ?? t('launcher.noGoal')} · ${decisions}${pending ? ` · ${pending}` : ''}`;
  const owner = summary.team ? t('popup.link.ownedBy', { name: summary.team }) : unowned;
  const goal = summary.goal ? t('launcher.goal', { name: summary.goal }) : t('launcher.noGoalLower');
  const staleWords =
    stale > 0 ? ` ${t('launcher.staleWarnings', stale)}${summary.staleTitle ? `: ${summary.staleTitle}` : ''}.` : '';
  return {
    team,
    detail,
    label: `${t('launcher.open')} ${[owner, goal, decisions, ...(pending ? [pending] : [])].join(', ')}.${staleWords}`,
    unowned: summary.team === null,
    stale: stale > 0,
  };
}

import { useMemo, useState } from 'react';
import { type Goal, type GoalStatus, type GoalStatusChange, may } from '../../../utils/contract.ts';
import type { OutboxRow } from '../../../utils/db/schema.ts';
import { formatNumber, sayErrorOf, t } from '../../../utils/i18n.ts';
import { calendarDate, relativeTime, shortDate } from '../../../utils/time.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt, orThrow } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { Section } from '../../ui/Section.tsx';
import { DecisionStatusBadge, GoalStatusBadge } from '../../ui/StatusBadge.tsx';
import { goalStatusDisplay } from '../../ui/status.ts';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { ancestorsOf } from '../logic/goal-tree.ts';
import { goalReferences } from '../logic/references.ts';
import { navigate } from '../routing.ts';
import { useAttribution } from '../use-attribution.ts';
import { DeleteAction } from './DeleteAction.tsx';
import { GoalForm } from './GoalForm.tsx';
import { LinkedWork } from './LinkedWork.tsx';
import { ReviewControl } from './ReviewControl.tsx';

const FIELD_NAMES: Record<string, string> = {
  parentGoalId: t('hub.goalPage.field.parent'),
  ownerTeamId: t('hub.goalPage.field.owner'),
  targetDate: t('hub.goalPage.field.target'),
  title: t('hub.goalPage.field.title'),
  description: t('hub.goalPage.field.description'),
  progress: t('hub.goalPage.field.progress'),
};

type HistoryEntry = { key: string; at: string } & (
  | { kind: 'recorded'; change: GoalStatusChange }
  | { kind: 'local'; text: string; tone: 'pending' | 'refused' }
);

/**
 * A goal's status history, newest first: the changes of status and progress the server recorded, and this user's
 * own edits of the goal still in the outbox (or refused), which the server has not recorded yet.
 */
function statusHistory(goal: Goal, outbox: readonly OutboxRow[]): HistoryEntry[] {
  // Changes saved in one batch share their time, so the position keeps keys apart.
  const entries: HistoryEntry[] = goal.statusHistory.map((change, position) => ({
    key: `${position}:${change.at}`,
    at: change.at,
    kind: 'recorded',
    change,
  }));
  for (const row of outbox) {
    if (row.mutation.type !== 'goal.update' || row.mutation.id !== goal.id) continue;
    const status = row.mutation.data.status as GoalStatus | undefined;
    const what = status
      ? t('hub.goalPage.statusSet', { status: goalStatusDisplay[status].label })
      : t('hub.goalPage.edited', {
          fields: Object.keys(row.mutation.data)
            .map((field) => FIELD_NAMES[field] ?? field)
            .join(', '),
        });
    entries.push({
      key: row.mutationId,
      kind: 'local',
      at: new Date(row.createdAt).toISOString(),
      text:
        row.status === 'pending'
          ? t('hub.goalPage.notSynced', { what })
          : t('hub.goalPage.refused', { what, reason: sayErrorOf(row.error) ?? '' }),
      tone: row.status === 'pending' ? 'pending' : 'refused',
    });
  }
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}

function HistoryLine({ entry }: { entry: HistoryEntry }) {
  const when = (
    <time dateTime={entry.at} title={relativeTime(entry.at)} className="text-xs text-zinc-500 tabular-nums">
      {shortDate(entry.at)}
    </time>
  );
  if (entry.kind === 'local') {
    return (
      <li
        className={`flex items-center gap-2 ${entry.tone === 'refused' ? 'text-red-600 dark:text-red-400' : 'text-zinc-500'}`}
      >
        {when}
        {entry.text}
      </li>
    );
  }
  const { status, progress, by } = entry.change;
  return (
    <li className="flex items-center gap-2">
      {when}
      <GoalStatusBadge status={status} />
      <span className="tabular-nums">{formatNumber(progress / 100, { style: 'percent' })}</span>
      <span className="text-xs text-zinc-500">{t('hub.decision.by', { name: by })}</span>
    </li>
  );
}

export function GoalPage({ goalId }: { goalId: string }) {
  const { goals, decisions, links, rules, outbox, role, goalsById, teamsById, itemsByKey } = useHubData();
  const attribution = useAttribution();
  const [mode, setMode] = useState<'view' | 'edit' | 'child'>('view');
  const [error, setError] = useState<string | null>(null);
  const goal = goalsById.get(goalId);
  const children = useMemo(() => (goals ?? []).filter((row) => row.parentGoalId === goalId), [goals, goalId]);
  const linkedKeys = attribution?.itemKeysByGoal.get(goalId) ?? [];
  const goalDecisions = useMemo(() => {
    const keys = new Set(linkedKeys);
    return (decisions ?? [])
      .filter((decision) => decision.goalId === goalId || decision.itemKeys.some((key) => keys.has(key)))
      .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  }, [decisions, goalId, linkedKeys]);

  if (!goals) return <Loading what={t('hub.goalPage.theGoal')} />;
  if (!goal) {
    return (
      <div data-view="goal" data-ready className="p-6">
        <EmptyState
          title={t('hub.goalPage.missing')}
          action={<HubLink to={{ view: 'goals' }}>{t('hub.decisions.allGoals')}</HubLink>}
        >
          {t('hub.missingHint')}
        </EmptyState>
      </div>
    );
  }
  const editable = may(role, 'goal.write');
  const setStatus = (status: GoalStatus) =>
    attempt(
      () =>
        writeLocal({
          kind: 'goal.update',
          id: goal.id,
          data: { status, ...(status === 'done' ? { progress: 100 } : {}) },
        }),
      setError,
    );
  const owner = goal.ownerTeamId ? teamsById.get(goal.ownerTeamId) : undefined;
  const trail = ancestorsOf(goals, goal.id).reverse();
  const closed = goal.status === 'done' || goal.status === 'cancelled';
  const history = statusHistory(goal, outbox ?? []);

  return (
    <div data-view="goal" data-ready className="flex flex-col">
      <PageHeader
        title={goal.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            {trail.length > 0 ? (
              <nav aria-label={t('sidebar.goal.parents')} className="flex flex-wrap items-center gap-1">
                {trail.map((ancestor, index) => (
                  <span key={ancestor.id}>
                    {index > 0 ? '/ ' : ''}
                    <HubLink to={{ view: 'goal', id: ancestor.id }}>{ancestor.title}</HubLink>
                  </span>
                ))}
              </nav>
            ) : null}
            <span>
              {owner ? (
                <>
                  {t('hub.goalPage.ownedBy')} <HubLink to={{ view: 'team', id: owner.id }}>{owner.name}</HubLink>
                </>
              ) : (
                t('hub.goalPage.noOwner')
              )}
            </span>
            <ReviewControl entity="goal" row={goal} />
          </span>
        }
        actions={
          editable && mode === 'view' ? (
            <>
              <Button onClick={() => setMode('child')}>{t('hub.goalPage.addSub')}</Button>
              <Button onClick={() => setMode('edit')}>{t('common.edit')}</Button>
              {closed ? (
                <Button onClick={() => setStatus('on_track')}>{t('hub.goalPage.reopen')}</Button>
              ) : (
                <>
                  <Button onClick={() => setStatus('done')}>{t('hub.goalPage.closeDone')}</Button>
                  <Button variant="ghost" onClick={() => setStatus('cancelled')}>
                    {t('hub.goalPage.cancel')}
                  </Button>
                </>
              )}
              <DeleteAction
                what={t('hub.goalPage.what')}
                references={goalReferences(goal.id, {
                  teams: [],
                  goals,
                  decisions: decisions ?? [],
                  links: links ?? [],
                  rules: rules ?? [],
                })}
                onDelete={async () => {
                  orThrow(await writeLocal({ kind: 'goal.delete', id: goal.id }));
                  navigate({ view: 'goals' });
                }}
              />
            </>
          ) : null
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        <ErrorText>{error}</ErrorText>
        {mode === 'edit' ? <GoalForm goal={goal} onDone={() => setMode('view')} /> : null}
        {mode === 'child' ? <GoalForm goal={null} parentId={goal.id} onDone={() => setMode('view')} /> : null}
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <div>
            <dt className="text-xs text-zinc-500">{t('hub.goals.status')}</dt>
            <dd>
              <GoalStatusBadge status={goal.status} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">{t('sidebar.goal.progress')}</dt>
            <dd>
              <ProgressBar value={goal.progress} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">{t('hub.goals.targetDate')}</dt>
            <dd className="tabular-nums">{goal.targetDate ? calendarDate(goal.targetDate) : t('common.none')}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">{t('hub.goalPage.subGoals')}</dt>
            <dd>{formatNumber(children.length)}</dd>
          </div>
        </dl>
        {goal.description ? <p className="max-w-prose whitespace-pre-wrap">{goal.description}</p> : null}
        {children.length > 0 ? (
          <Section title={t('hub.goalPage.subGoals')} count={children.length}>
            <ul className="flex flex-col gap-1">
              {children.map((child) => (
                <li key={child.id} className="flex items-center gap-2">
                  <HubLink to={{ view: 'goal', id: child.id }}>{child.title}</HubLink>
                  <GoalStatusBadge status={child.status} />
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        {attribution ? (
          <LinkedWork
            itemKeys={linkedKeys}
            itemsByKey={itemsByKey}
            empty={t('hub.goalPage.noWork')}
            removeLabel={t('hub.goalPage.unlink')}
            removableLink={
              may(role, 'link.write') ? (key) => attribution.byItemKey.get(key)?.goalLink ?? null : undefined
            }
          />
        ) : (
          <Loading what={t('hub.linked.loading')} />
        )}
        <Section title={t('hub.nav.decisions')} count={goalDecisions.length}>
          {goalDecisions.length === 0 ? (
            <p className="text-xs text-zinc-500">{t('hub.goalPage.noDecisions')}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {goalDecisions.slice(0, 100).map((decision) => (
                <li key={decision.id} className="flex items-center gap-2">
                  <span className="w-24 shrink-0 text-xs text-zinc-500 tabular-nums">
                    {shortDate(decision.decidedAt)}
                  </span>
                  <HubLink to={{ view: 'decision', id: decision.id }} className="truncate">
                    {decision.title}
                  </HubLink>
                  <DecisionStatusBadge status={decision.status} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('hub.decision.history')}>
          {history.length === 0 ? (
            <p className="text-xs text-zinc-500">{t('hub.goalPage.noHistory')}</p>
          ) : (
            <ol
              aria-label={t('hub.decision.history')}
              className="flex flex-col gap-1 border-l border-zinc-200 pl-3 dark:border-zinc-800"
            >
              {history.map((entry) => (
                <HistoryLine key={entry.key} entry={entry} />
              ))}
            </ol>
          )}
        </Section>
      </div>
    </div>
  );
}

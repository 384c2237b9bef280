import { useCallback, useMemo, useState } from 'react';
import { may } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { calendarDate } from '../../../utils/time.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { GoalStatusBadge } from '../../ui/StatusBadge.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { useListKeys } from '../keyboard.ts';
import { type GoalRow, goalRows } from '../logic/goal-tree.ts';
import { navigate } from '../routing.ts';
import { VirtualList } from '../VirtualList.tsx';
import { GoalForm } from './GoalForm.tsx';

/** A row is its goal: the list and its keyboard selection follow it by id. */
const goalRowKey = (row: GoalRow) => row.goal.id;

export function GoalsView() {
  const { goals, teamsById, role } = useHubData();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [showClosed, setShowClosed] = useState(true);
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => {
    const visible = showClosed
      ? (goals ?? [])
      : (goals ?? []).filter((g) => g.status !== 'done' && g.status !== 'cancelled');
    return goalRows(visible, collapsed);
  }, [goals, collapsed, showClosed]);
  const open = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row) navigate({ view: 'goal', id: row.goal.id });
    },
    [rows],
  );
  const [selected] = useListKeys(rows, goalRowKey, open);
  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (!goals) return <Loading what={t('hub.goals.loading')} />;
  return (
    <div data-view="goals" data-ready className="flex min-h-0 flex-1 flex-col">
      <PageHeader
        title={t('hub.nav.goals')}
        subtitle={t('hub.goals.subtitle', goals.length, [formatNumber(goals.length)])}
        actions={
          <>
            <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
              <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
              {t('hub.goals.showClosed')}
            </label>
            {may(role, 'goal.write') && !creating ? (
              <Button variant="primary" onClick={() => setCreating(true)}>
                {t('hub.goals.new')}
              </Button>
            ) : null}
          </>
        }
      />
      {creating ? (
        <div className="border-b border-zinc-200 px-6 py-4 dark:border-zinc-800">
          <GoalForm
            goal={null}
            onDone={(id) => {
              setCreating(false);
              if (id) navigate({ view: 'goal', id });
            }}
          />
        </div>
      ) : null}
      {goals.length === 0 ? (
        <div className="p-6">
          <EmptyState title={t('hub.goals.none')}>
            {may(role, 'goal.write') ? t('hub.goals.noneWrite') : t('hub.goals.noneRead')}
          </EmptyState>
        </div>
      ) : (
        <>
          <div className="grid grid-cols-[1fr_140px_100px_120px_100px] gap-3 border-b border-zinc-200 px-6 py-1.5 text-[11px] font-medium text-zinc-500 uppercase dark:border-zinc-800">
            <span>{t('common.goal')}</span>
            <span>{t('sidebar.owner.title')}</span>
            <span>{t('hub.goals.status')}</span>
            <span>{t('sidebar.goal.progress')}</span>
            <span>{t('hub.goals.target')}</span>
          </div>
          <VirtualList<GoalRow>
            label={t('hub.goals.tree')}
            rows={rows}
            rowHeight={38}
            rowKey={goalRowKey}
            selectedIndex={selected}
            renderRow={({ goal, depth, hasChildren }, _index, isSelected) => (
              <div
                className={`grid h-full grid-cols-[1fr_140px_100px_120px_100px] items-center gap-3 border-b border-zinc-100 px-6 dark:border-zinc-900 ${isSelected ? 'bg-brand-50 dark:bg-brand-500/10' : ''}`}
              >
                <span className="flex min-w-0 items-center gap-1" style={{ paddingLeft: depth * 18 }}>
                  {hasChildren ? (
                    <button
                      type="button"
                      aria-label={
                        collapsed.has(goal.id)
                          ? t('hub.goals.expand', { title: goal.title })
                          : t('hub.goals.collapse', { title: goal.title })
                      }
                      aria-expanded={!collapsed.has(goal.id)}
                      onClick={() => toggle(goal.id)}
                      className="w-4 text-zinc-400 hover:text-zinc-700"
                    >
                      {collapsed.has(goal.id) ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className="w-4" />
                  )}
                  <HubLink to={{ view: 'goal', id: goal.id }} className="truncate">
                    {goal.title}
                  </HubLink>
                </span>
                <span className="truncate text-zinc-500">
                  {goal.ownerTeamId
                    ? (teamsById.get(goal.ownerTeamId)?.name ?? t('hub.unknownTeam'))
                    : t('hub.goals.noOwner')}
                </span>
                <span>
                  <GoalStatusBadge status={goal.status} />
                </span>
                <ProgressBar value={goal.progress} />
                <span className="text-zinc-500 tabular-nums">
                  {goal.targetDate ? calendarDate(goal.targetDate) : '—'}
                </span>
              </div>
            )}
          />
        </>
      )}
    </div>
  );
}

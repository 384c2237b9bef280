import { useCallback, useMemo, useState } from 'react';
import { may, type Team } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { useListKeys } from '../keyboard.ts';
import { navigate } from '../routing.ts';
import { useAttribution } from '../use-attribution.ts';
import { VirtualList } from '../VirtualList.tsx';
import { TeamForm } from './TeamForm.tsx';

/** The list and its keyboard selection follow a team by id. */
const teamKey = (team: Team) => team.id;

export function TeamsView() {
  const { teams, goals, role, teamsById } = useHubData();
  const attribution = useAttribution();
  const [creating, setCreating] = useState(false);
  const sorted = useMemo(() => [...(teams ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [teams]);
  const goalCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const goal of goals ?? []) {
      if (goal.ownerTeamId) counts.set(goal.ownerTeamId, (counts.get(goal.ownerTeamId) ?? 0) + 1);
    }
    return counts;
  }, [goals]);
  const open = useCallback(
    (index: number) => {
      const team = sorted[index];
      if (team) navigate({ view: 'team', id: team.id });
    },
    [sorted],
  );
  const [selected] = useListKeys(sorted, teamKey, open);

  if (!teams) return <Loading what={t('hub.teams.loading')} />;
  return (
    <div data-view="teams" data-ready className="flex min-h-0 flex-1 flex-col">
      <PageHeader
        title={t('hub.nav.teams')}
        subtitle={t('hub.teams.subtitle', teams.length, [formatNumber(teams.length)])}
        actions={
          may(role, 'team.write') && !creating ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              {t('hub.teams.new')}
            </Button>
          ) : null
        }
      />
      {creating ? (
        <div className="border-b border-zinc-200 px-6 py-4 dark:border-zinc-800">
          <TeamForm
            team={null}
            onDone={(id) => {
              setCreating(false);
              if (id) navigate({ view: 'team', id });
            }}
          />
        </div>
      ) : null}
      {teams.length === 0 ? (
        <div className="p-6">
          <EmptyState title={t('hub.teams.none')}>
            {may(role, 'team.write') ? t('hub.teams.noneWrite') : t('hub.teams.noneRead')}
          </EmptyState>
        </div>
      ) : (
        <>
          <div className="grid grid-cols-[1fr_160px_80px_80px_90px] gap-3 border-b border-zinc-200 px-6 py-1.5 text-[11px] font-medium text-zinc-500 uppercase dark:border-zinc-800">
            <span>{t('common.team')}</span>
            <span>{t('hub.teams.parent')}</span>
            <span className="text-right">{t('hub.teams.members')}</span>
            <span className="text-right">{t('hub.nav.goals')}</span>
            <span className="text-right">{t('hub.teams.ownedItems')}</span>
          </div>
          <VirtualList<Team>
            label={t('hub.nav.teams')}
            rows={sorted}
            rowHeight={40}
            rowKey={teamKey}
            selectedIndex={selected}
            renderRow={(team, _index, isSelected) => (
              <div
                className={`grid h-full grid-cols-[1fr_160px_80px_80px_90px] items-center gap-3 border-b border-zinc-100 px-6 dark:border-zinc-900 ${isSelected ? 'bg-brand-50 dark:bg-brand-500/10' : ''}`}
              >
                <HubLink to={{ view: 'team', id: team.id }} className="truncate font-medium">
                  {team.name}
                </HubLink>
                <span className="truncate text-zinc-500">
                  {team.parentTeamId ? (teamsById.get(team.parentTeamId)?.name ?? '—') : '—'}
                </span>
                <span className="text-right tabular-nums">{formatNumber(team.members.length)}</span>
                <span className="text-right tabular-nums">{formatNumber(goalCounts.get(team.id) ?? 0)}</span>
                <span className="text-right tabular-nums">
                  {attribution ? formatNumber(attribution.itemKeysByTeam.get(team.id)?.length ?? 0) : '…'}
                </span>
              </div>
            )}
          />
        </>
      )}
    </div>
  );
}

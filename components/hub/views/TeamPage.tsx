import { useMemo, useState } from 'react';
import { may } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { writeLocal } from '../../shared/item.ts';
import { orThrow } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { Section } from '../../ui/Section.tsx';
import { GoalStatusBadge } from '../../ui/StatusBadge.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { teamReferences } from '../logic/references.ts';
import { FIELD_LABEL } from '../logic/rules.ts';
import { navigate } from '../routing.ts';
import { useAttribution } from '../use-attribution.ts';
import { DeleteAction } from './DeleteAction.tsx';
import { LinkedWork } from './LinkedWork.tsx';
import { TeamForm } from './TeamForm.tsx';

export function TeamPage({ teamId }: { teamId: string }) {
  const { teams, goals, rules, links, decisions, role, teamsById, itemsByKey } = useHubData();
  const attribution = useAttribution();
  const [editing, setEditing] = useState(false);
  const team = teamsById.get(teamId);
  const owned = useMemo(() => (goals ?? []).filter((goal) => goal.ownerTeamId === teamId), [goals, teamId]);
  const teamRules = useMemo(() => (rules ?? []).filter((rule) => rule.teamId === teamId), [rules, teamId]);
  const subTeams = useMemo(() => (teams ?? []).filter((row) => row.parentTeamId === teamId), [teams, teamId]);

  if (!teams) return <Loading what={t('hub.teams.theTeam')} />;
  if (!team) {
    return (
      <div data-view="team" data-ready className="p-6">
        <EmptyState
          title={t('hub.teams.missing')}
          action={<HubLink to={{ view: 'teams' }}>{t('hub.teams.all')}</HubLink>}
        >
          {t('hub.missingHint')}
        </EmptyState>
      </div>
    );
  }
  const parent = team.parentTeamId ? teamsById.get(team.parentTeamId) : undefined;
  return (
    <div data-view="team" data-ready className="flex flex-col">
      <PageHeader
        title={team.name}
        subtitle={
          <>
            {team.description || t('hub.noDescription')}
            {parent ? (
              <>
                {' '}
                {t('hub.teams.partOf')} <HubLink to={{ view: 'team', id: parent.id }}>{parent.name}</HubLink>.
              </>
            ) : null}
          </>
        }
        actions={
          may(role, 'team.write') && !editing ? (
            <>
              <Button onClick={() => setEditing(true)}>{t('hub.teams.edit')}</Button>
              <DeleteAction
                what={t('hub.teams.what')}
                references={teamReferences(team.id, {
                  teams,
                  goals: goals ?? [],
                  rules: rules ?? [],
                  links: links ?? [],
                  decisions: decisions ?? [],
                })}
                onDelete={async () => {
                  orThrow(await writeLocal({ kind: 'team.delete', id: team.id }));
                  navigate({ view: 'teams' });
                }}
              />
            </>
          ) : null
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        {editing ? <TeamForm team={team} onDone={() => setEditing(false)} /> : null}
        <div className="grid gap-6 md:grid-cols-2">
          <Section title={t('hub.teams.members')} count={team.members.length}>
            {team.members.length === 0 ? (
              <p className="text-xs text-zinc-500">{t('hub.teams.noMembers')}</p>
            ) : (
              <ul className="flex flex-col gap-1">
                {team.members.map((member) => (
                  <li key={`${member.name}-${member.email ?? ''}`}>
                    {member.name}
                    {member.email ? <span className="ml-2 text-xs text-zinc-500">{member.email}</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {subTeams.length > 0 ? (
              <p className="text-xs text-zinc-500">
                {t('hub.teams.subTeams')}{' '}
                {subTeams.map((sub, index) => (
                  <span key={sub.id}>
                    {index > 0 ? ', ' : ''}
                    <HubLink to={{ view: 'team', id: sub.id }}>{sub.name}</HubLink>
                  </span>
                ))}
              </p>
            ) : null}
          </Section>
          <Section title={t('hub.teams.ownedGoals')} count={owned.length}>
            {owned.length === 0 ? (
              <p className="text-xs text-zinc-500">{t('hub.teams.noGoals')}</p>
            ) : (
              <ul className="flex flex-col gap-1.5">
                {owned.map((goal) => (
                  <li key={goal.id} className="flex items-center gap-2">
                    <HubLink to={{ view: 'goal', id: goal.id }} className="min-w-0 flex-1 truncate">
                      {goal.title}
                    </HubLink>
                    <GoalStatusBadge status={goal.status} />
                    <ProgressBar value={goal.progress} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
        <Section title={t('hub.nav.rules')} count={teamRules.length}>
          {teamRules.length === 0 ? (
            <p className="text-xs text-zinc-500">
              {t('hub.teams.noRules')} <HubLink to={{ view: 'rules' }}>{t('hub.teams.addRule')}</HubLink>.
            </p>
          ) : (
            <ul className="flex flex-col gap-1">
              {teamRules.map((rule) => (
                <li key={rule.id} className="text-[13px]">
                  {FIELD_LABEL[rule.field]}{' '}
                  <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{rule.pattern}</code>{' '}
                  <span className="text-xs text-zinc-500">
                    {t('hub.teams.priority', { n: formatNumber(rule.priority) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        {attribution ? (
          <LinkedWork
            itemKeys={attribution.itemKeysByTeam.get(team.id) ?? []}
            itemsByKey={itemsByKey}
            empty={t('hub.teams.noWork')}
            removeLabel={t('hub.teams.removeOwner')}
            removableLink={
              may(role, 'link.write') ? (key) => attribution.byItemKey.get(key)?.ownerLink ?? null : undefined
            }
          />
        ) : (
          <Loading what={t('hub.linked.loading')} />
        )}
      </div>
    </div>
  );
}

import { useMemo, useState } from 'react';
import { may } from '../../../utils/contract.ts';
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
import { useAttribution, useHubData } from '../data.tsx';
import { teamReferences } from '../logic/references.ts';
import { FIELD_LABEL } from '../logic/rules.ts';
import { navigate } from '../routing.ts';
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

  if (!teams) return <Loading what="the team" />;
  if (!team) {
    return (
      <div data-view="team" data-ready className="p-6">
        <EmptyState title="This team is not in the mirror" action={<HubLink to={{ view: 'teams' }}>All teams</HubLink>}>
          It may have been deleted, or not synced to this browser yet.
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
            {team.description || 'No description.'}
            {parent ? (
              <>
                {' '}
                Part of <HubLink to={{ view: 'team', id: parent.id }}>{parent.name}</HubLink>.
              </>
            ) : null}
          </>
        }
        actions={
          may(role, 'team.write') && !editing ? (
            <>
              <Button onClick={() => setEditing(true)}>Edit team</Button>
              <DeleteAction
                what="team"
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
          <Section title="Members" count={team.members.length}>
            {team.members.length === 0 ? (
              <p className="text-xs text-zinc-500">No members listed.</p>
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
                Sub-teams:{' '}
                {subTeams.map((sub, index) => (
                  <span key={sub.id}>
                    {index > 0 ? ', ' : ''}
                    <HubLink to={{ view: 'team', id: sub.id }}>{sub.name}</HubLink>
                  </span>
                ))}
              </p>
            ) : null}
          </Section>
          <Section title="Owned goals" count={owned.length}>
            {owned.length === 0 ? (
              <p className="text-xs text-zinc-500">No goals owned by this team.</p>
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
        <Section title="Ownership rules" count={teamRules.length}>
          {teamRules.length === 0 ? (
            <p className="text-xs text-zinc-500">
              No rule assigns work to this team. <HubLink to={{ view: 'rules' }}>Add one</HubLink>.
            </p>
          ) : (
            <ul className="flex flex-col gap-1">
              {teamRules.map((rule) => (
                <li key={rule.id} className="text-[13px]">
                  {FIELD_LABEL[rule.field]}{' '}
                  <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{rule.pattern}</code>{' '}
                  <span className="text-xs text-zinc-500">priority {rule.priority}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        {attribution ? (
          <LinkedWork
            itemKeys={attribution.itemKeysByTeam.get(team.id) ?? []}
            itemsByKey={itemsByKey}
            empty="No work item is owned by this team yet: link one from the sidebar, or add a rule."
            removeLabel="Remove owner"
            removableLink={
              may(role, 'link.write') ? (key) => attribution.byItemKey.get(key)?.ownerLink ?? null : undefined
            }
          />
        ) : (
          <Loading what="linked work" />
        )}
      </div>
    </div>
  );
}

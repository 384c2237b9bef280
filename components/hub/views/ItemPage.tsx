import { useMemo, useState } from 'react';
import { type Link, may } from '../../../utils/contract.ts';
import { t } from '../../../utils/i18n.ts';
import { shortDate } from '../../../utils/time.ts';
import { itemKeyName, itemName, TOOL_NAMES } from '../../../utils/tools.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt, orThrow } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { DecisionStatusBadge } from '../../ui/StatusBadge.tsx';
import { HubLink, ItemLine, ToolBadge } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { useAttribution } from '../use-attribution.ts';

/**
 * One work item in the hub: the owner, goal and decisions the sidebar shows for it (the one resolution, through the
 * hub's attribution), and its related items; explicit links can be removed here.
 */
export function ItemPage({ itemKey }: { itemKey: string }) {
  const { items, links, role, itemsByKey, teamsById, goalsById, decisionsById } = useHubData();
  const attribution = useAttribution();
  const [error, setError] = useState<string | null>(null);
  const related = useMemo(() => {
    const byKey = new Map<string, Link[]>();
    for (const link of links ?? []) {
      if (link.kind !== 'related') continue;
      const other =
        link.itemKey === itemKey ? link.relatedItemKey : link.relatedItemKey === itemKey ? link.itemKey : null;
      if (other && other !== itemKey) byKey.set(other, [...(byKey.get(other) ?? []), link]);
    }
    return [...byKey].sort(([a], [b]) => a.localeCompare(b));
  }, [links, itemKey]);

  if (!items || !attribution) return <Loading what={t('hub.itemPage.theItem')} />;
  const item = itemsByKey.get(itemKey);
  const answer = attribution.byItemKey.get(itemKey);
  if (!item || !answer) {
    return (
      <div data-view="item" data-ready className="p-6">
        <EmptyState
          title={t('hub.itemPage.missing')}
          action={<HubLink to={{ view: 'home' }}>{t('hub.nav.home')}</HubLink>}
        >
          {t('hub.itemPage.missingHint')}
        </EmptyState>
      </div>
    );
  }
  const editable = may(role, 'link.write');
  const unlink = (linkIds: readonly string[]) =>
    attempt(async () => {
      for (const linkId of linkIds) orThrow(await writeLocal({ kind: 'link.delete', id: linkId }));
    }, setError);
  const team = answer.teamId ? teamsById.get(answer.teamId) : undefined;
  const goal = answer.goalId ? goalsById.get(answer.goalId) : undefined;
  const decisions = answer.decisionIds.flatMap((id) => decisionsById.get(id) ?? []);
  const title = itemName(item);
  const nameOf = (key: string) => {
    const found = itemsByKey.get(key);
    return found ? itemName(found) : itemKeyName(key);
  };

  return (
    <div data-view="item" data-ready className="flex flex-col">
      <PageHeader
        title={title}
        subtitle={
          <span className="flex items-center gap-2">
            <ToolBadge tool={item.ref.tool} />
            <ExternalLink href={item.ref.url}>
              {t('hub.itemPage.openIn', { tool: TOOL_NAMES[item.ref.tool] })}
            </ExternalLink>
          </span>
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        <ErrorText>{error}</ErrorText>
        <div className="grid gap-6 md:grid-cols-2">
          <Section title={t('sidebar.owner.title')}>
            <p className="flex items-center gap-2">
              {team ? <HubLink to={{ view: 'team', id: team.id }}>{team.name}</HubLink> : t('launcher.unowned')}
              <span className="text-xs text-zinc-500">
                {answer.ownerVia === 'link'
                  ? t('hub.itemPage.linked')
                  : answer.ownerVia === 'rule'
                    ? t('hub.linked.byRule')
                    : ''}
              </span>
              {editable && answer.ownerLink ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t('sidebar.owner.removeLabel', { name: team?.name ?? t('hub.teams.theTeam') })}
                  onClick={() => unlink([answer.ownerLink?.id ?? ''])}
                >
                  {t('common.remove')}
                </Button>
              ) : null}
            </p>
          </Section>
          <Section title={t('common.goal')}>
            <p className="flex items-center gap-2">
              {goal ? <HubLink to={{ view: 'goal', id: goal.id }}>{goal.title}</HubLink> : t('launcher.noGoal')}
              <span className="text-xs text-zinc-500">
                {answer.goalVia === 'link'
                  ? t('hub.itemPage.linked')
                  : answer.goalVia === 'rule'
                    ? t('hub.linked.byRule')
                    : ''}
              </span>
              {editable && answer.goalLink ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t('sidebar.goal.removeLabel', { title: goal?.title ?? '' })}
                  onClick={() => unlink([answer.goalLink?.id ?? ''])}
                >
                  {t('common.remove')}
                </Button>
              ) : null}
            </p>
          </Section>
        </div>
        <Section title={t('hub.nav.decisions')} count={decisions.length}>
          {decisions.length === 0 ? (
            <p className="text-xs text-zinc-500">{t('sidebar.decisions.none')}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {decisions.map((decision) => (
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
        <Section title={t('sidebar.related.title')} count={related.length}>
          {related.length === 0 ? <p className="text-xs text-zinc-500">{t('hub.itemPage.noRelated')}</p> : null}
          <ul aria-label={t('sidebar.related.title')}>
            {related.map(([key, relatedLinks]) => (
              <ItemLine key={key} itemKey={key} item={itemsByKey.get(key)}>
                {editable ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('sidebar.related.removeLabel', { name: nameOf(key) })}
                    onClick={() => unlink(relatedLinks.map((link) => link.id))}
                  >
                    {t('common.remove')}
                  </Button>
                ) : null}
              </ItemLine>
            ))}
          </ul>
        </Section>
      </div>
    </div>
  );
}

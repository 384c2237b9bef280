import { useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { may } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { addDismissal, loadDismissals } from '../../../utils/snapshot/dismissals.ts';
import {
  computeSnapshot,
  dismissalKey,
  type SnapshotScope,
  snapshotToCsv,
  snapshotToMarkdown,
  teamsOfUser,
  type WorkSnapshot,
  weekOf,
} from '../../../utils/snapshot/index.ts';
import { GOAL_STATUSES } from '../../../utils/snapshot/model.ts';
import { calendarDate, shortDate } from '../../../utils/time.ts';
import { itemName, TOOLS } from '../../../utils/tools.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { TextInput } from '../../ui/Field.tsx';
import { LazySelect } from '../../ui/LazySelect.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { DecisionStatusBadge } from '../../ui/StatusBadge.tsx';
import { goalStatusDisplay } from '../../ui/status.ts';
import { BarChart } from '../BarChart.tsx';
import { HubLink, TOOL_DISPLAY, ToolBadge } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { useAttribution } from '../use-attribution.ts';

const STATUS_FILL = {
  on_track: 'fill-emerald-500',
  at_risk: 'fill-amber-500',
  off_track: 'fill-red-500',
  done: 'fill-sky-500',
  cancelled: 'fill-zinc-400',
} as const;

/**
 * The last snapshot shown, and the dismissals it was computed with: coming back to the view with nothing changed
 * shows it at once, without waiting for storage or recomputing. The view reads the dismissals again on each visit
 * and keeps this set where they are still the same, so the inputs compare by identity.
 */
let lastSnapshot: { inputs: unknown[]; value: WorkSnapshot } | null = null;
let lastDismissed: ReadonlySet<string> | null = null;

/** The dismissals as read: the set kept from before while they are the same keys. */
function rememberDismissed(keys: readonly string[]): ReadonlySet<string> {
  const read = new Set(keys);
  const same = lastDismissed?.size === read.size && keys.every((key) => lastDismissed?.has(key));
  if (!same) lastDismissed = read;
  return lastDismissed ?? read;
}

/** `mine`, `workspace`, `team:<id>` or `goal:<id>`: the value of the scope picker. */
function scopeOf(key: string, myTeamIds: readonly string[]): SnapshotScope | null {
  if (key === 'workspace') return { kind: 'workspace' };
  if (key === 'mine') return myTeamIds.length > 0 ? { kind: 'teams', teamIds: myTeamIds } : null;
  if (key.startsWith('team:')) return { kind: 'team', teamId: key.slice(5) };
  if (key.startsWith('goal:')) return { kind: 'goal', goalId: key.slice(5) };
  return null;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = Object.assign(document.createElement('a'), { href: url, download: name });
  anchor.click();
  URL.revokeObjectURL(url);
}

export function SnapshotView() {
  const { teams, goals, decisions, items, links, rules, me, role } = useHubData();
  const attribution = useAttribution();
  const [scopeKey, setScopeKey] = useState('');
  const [day, setDay] = useState(() => new Date().toISOString().slice(0, 10));
  const [dismissed, setDismissed] = useState<ReadonlySet<string> | null>(lastDismissed);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void loadDismissals().then((keys) => setDismissed(rememberDismissed(keys)));
  }, []);
  const week = weekOf(`${day}T12:00:00Z`);
  const myTeams = useMemo(() => (teams && me ? teamsOfUser(teams, me.user.name) : []), [teams, me]);
  const myTeamIds = useMemo(() => myTeams.map((team) => team.id), [myTeams]);
  // It opens on the user's own teams; someone in no team sees the whole workspace.
  const effectiveKey = scopeKey || (myTeamIds.length > 0 ? 'mine' : 'workspace');
  const scopeChoices = useMemo(
    () => [
      ...(myTeams.length > 0
        ? [
            {
              value: 'mine',
              label: t('hub.snapshot.myTeams', { names: myTeams.map((team) => team.name).join(', ') }),
              group: t('hub.nav.home'),
            },
          ]
        : []),
      { value: 'workspace', label: t('hub.snapshot.workspace'), group: t('hub.nav.home') },
      ...(teams ?? []).map((team) => ({ value: `team:${team.id}`, label: team.name, group: t('hub.nav.teams') })),
      ...(goals ?? []).map((goal) => ({ value: `goal:${goal.id}`, label: goal.title, group: t('hub.nav.goals') })),
    ],
    [teams, goals, myTeams],
  );
  const snapshot = useMemo(() => {
    const scope = scopeOf(effectiveKey, myTeamIds);
    if (!scope || !attribution || !dismissed || !teams || !goals || !decisions || !items || !links || !rules) {
      return null;
    }
    // The user's teams by their ids: each visit derives a new array of the same ids.
    const teamKey = myTeamIds.join(' ');
    const inputs = [effectiveKey, teamKey, day, attribution, dismissed, teams, goals, decisions, items, links, rules];
    if (lastSnapshot?.inputs.every((input, index) => input === inputs[index])) return lastSnapshot.value;
    const value = computeSnapshot(
      { teams, goals, decisions, items, links, rules },
      scope,
      weekOf(`${day}T12:00:00Z`),
      attribution,
      { dismissed },
    );
    lastSnapshot = { inputs, value };
    return value;
  }, [effectiveKey, myTeamIds, day, attribution, dismissed, teams, goals, decisions, items, links, rules]);
  const canRelink = may(role, 'decision.write');
  const relink = (decisionId: string, itemKey: string) =>
    attempt(() => writeLocal({ kind: 'decision.linkItems', id: decisionId, itemKeys: [itemKey] }), setError);
  const dismiss = (decisionId: string, itemKey: string) =>
    attempt(
      async () => setDismissed(rememberDismissed(await addDismissal(dismissalKey(decisionId, itemKey)))),
      setError,
    );

  if (!teams || !goals) return <Loading what={t('hub.snapshot.theSnapshot')} />;
  const fileBase = snapshot
    ? `snapshot-${snapshot.scopeLabel.replace(/[^\w-]+/g, '-').toLowerCase()}-${week.start}`
    : '';
  const hubPageUrl = browser.runtime.getURL('/hub.html');
  return (
    <div
      data-view="snapshot"
      data-ready={snapshot !== null || teams.length === 0 || undefined}
      className="flex flex-col"
    >
      <PageHeader
        title={t('hub.nav.snapshot')}
        subtitle={t('hub.snapshot.subtitle')}
        actions={
          snapshot ? (
            <>
              <Button
                onClick={() =>
                  download(`${fileBase}.md`, 'text/markdown', snapshotToMarkdown(snapshot, { hubPageUrl }))
                }
              >
                {t('hub.snapshot.exportMarkdown')}
              </Button>
              <Button onClick={() => download(`${fileBase}.csv`, 'text/csv', snapshotToCsv(snapshot, { hubPageUrl }))}>
                {t('hub.snapshot.exportCsv')}
              </Button>
            </>
          ) : null
        }
      />
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-6 py-2 dark:border-zinc-800">
        <LazySelect
          aria-label={t('hub.snapshot.of')}
          className="max-w-72"
          value={effectiveKey}
          onChange={setScopeKey}
          choices={scopeChoices}
        />
        <span className="flex items-center gap-1 text-xs whitespace-nowrap text-zinc-500">
          {t('hub.snapshot.weekOf')}
          <TextInput
            type="date"
            aria-label={t('hub.snapshot.week')}
            value={day}
            onChange={(e) => e.target.value && setDay(e.target.value)}
            className="w-36"
          />
        </span>
        <span className="text-xs text-zinc-500">
          {t('hub.snapshot.range', { start: calendarDate(week.start), end: calendarDate(week.end) })}
        </span>
      </div>
      {teams.length === 0 && goals.length === 0 ? (
        <div className="p-6">
          <EmptyState title={t('hub.snapshot.nothing')}>{t('hub.snapshot.nothingHint')}</EmptyState>
        </div>
      ) : !snapshot ? (
        <Loading what={t('hub.snapshot.theSnapshot')} />
      ) : (
        <div className="flex flex-col gap-6 px-6 py-5">
          <div className="grid gap-6 lg:grid-cols-2">
            <BarChart
              title={t('hub.digest.byTool')}
              bars={TOOLS.map((tool) => ({
                label: TOOL_DISPLAY[tool].label,
                value: snapshot.itemsByTool[tool].items.length,
              }))}
            />
            <BarChart
              title={t('hub.digest.goalsByStatus')}
              bars={GOAL_STATUSES.map((status) => ({
                label: goalStatusDisplay[status].label,
                value: snapshot.goalsByStatus[status].length,
                fill: STATUS_FILL[status],
              }))}
            />
          </div>
          <table className="w-full max-w-xl text-left" aria-label={t('hub.digest.byTool')}>
            <thead className="border-b border-zinc-200 text-[11px] text-zinc-500 uppercase dark:border-zinc-800">
              <tr>
                <th className="py-1.5 font-medium">{t('hub.rules.tool')}</th>
                <th className="text-right font-medium">{t('hub.snapshot.linked')}</th>
                <th className="text-right font-medium">{t('hub.snapshot.newThisWeek')}</th>
              </tr>
            </thead>
            <tbody>
              {TOOLS.map((tool) => (
                <tr key={tool} className="border-b border-zinc-100 dark:border-zinc-900">
                  <td className="py-1.5">
                    <ToolBadge tool={tool} />
                  </td>
                  <td className="text-right tabular-nums">{formatNumber(snapshot.itemsByTool[tool].items.length)}</td>
                  <td className="text-right tabular-nums">{formatNumber(snapshot.itemsByTool[tool].newThisWeek)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Section title={t('hub.digest.made')} count={snapshot.decisionsMade.length}>
            {snapshot.decisionsMade.length === 0 ? (
              <p className="text-xs text-zinc-500">{t('hub.snapshot.noDecision')}</p>
            ) : (
              <ul className="flex flex-col gap-1">
                {snapshot.decisionsMade.map((decision) => (
                  <li key={decision.id} className="flex items-center gap-2">
                    <span className="w-24 text-xs text-zinc-500">{shortDate(decision.decidedAt)}</span>
                    <HubLink to={{ view: 'decision', id: decision.id }}>{decision.title}</HubLink>
                    <DecisionStatusBadge status={decision.status} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <div className="grid gap-6 lg:grid-cols-3">
            <Section title={t('hub.snapshot.goalsWithoutWork')} count={snapshot.goalsWithoutWork.length}>
              <ul className="flex flex-col gap-1">
                {snapshot.goalsWithoutWork.map((goal) => (
                  <li key={goal.id}>
                    <HubLink to={{ view: 'goal', id: goal.id }}>{goal.title}</HubLink>
                  </li>
                ))}
              </ul>
              {snapshot.goalsWithoutWork.length === 0 ? (
                <p className="text-xs text-zinc-500">{t('hub.snapshot.everyGoal')}</p>
              ) : null}
            </Section>
            <Section title={t('hub.digest.unowned')} count={snapshot.unownedItemsSeen.length}>
              <ul className="flex flex-col gap-1">
                {snapshot.unownedItemsSeen.slice(0, 100).map((item) => (
                  <li key={item.id} className="flex items-center gap-2">
                    <ToolBadge tool={item.ref.tool} />
                    <ExternalLink href={item.ref.url} className="truncate">
                      {itemName(item)}
                    </ExternalLink>
                  </li>
                ))}
              </ul>
              {snapshot.unownedItemsSeen.length === 0 ? (
                <p className="text-xs text-zinc-500">{t('hub.snapshot.noneThisWeek')}</p>
              ) : null}
            </Section>
            <Section title={t('hub.snapshot.stillLinked')} count={snapshot.supersededStillLinked.length}>
              <ErrorText>{error}</ErrorText>
              <ul className="flex flex-col gap-2" aria-label={t('hub.snapshot.stillLinked')}>
                {snapshot.supersededStillLinked.slice(0, 100).map(({ decision, item, current }) => (
                  <li key={`${decision.id}|${item.id}`} className="flex flex-col gap-1">
                    <span className="flex min-w-0 items-center gap-2">
                      <ToolBadge tool={item.ref.tool} />
                      <ExternalLink href={item.ref.url} className="truncate">
                        {itemName(item)}
                      </ExternalLink>
                    </span>
                    <span className="text-xs text-zinc-500">
                      {t('hub.snapshot.follows')}{' '}
                      <HubLink to={{ view: 'decision', id: decision.id }}>{decision.title}</HubLink>
                      {t('hub.snapshot.supersededBy')}{' '}
                      <HubLink to={{ view: 'decision', id: current.id }}>{current.title}</HubLink>
                    </span>
                    <span className="flex gap-1">
                      {canRelink ? (
                        <Button
                          size="sm"
                          aria-label={t('hub.snapshot.relinkLabel', { item: itemName(item), title: current.title })}
                          onClick={() => relink(current.id, item.ref.key)}
                        >
                          {t('hub.snapshot.relink')}
                        </Button>
                      ) : null}
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={t('hub.snapshot.dismissLabel', { item: itemName(item) })}
                        onClick={() => dismiss(decision.id, item.ref.key)}
                      >
                        {t('sidebar.refusal.dismiss')}
                      </Button>
                    </span>
                  </li>
                ))}
              </ul>
              {snapshot.supersededStillLinked.length === 0 ? (
                <p className="text-xs text-zinc-500">{t('hub.snapshot.allFollow')}</p>
              ) : null}
            </Section>
          </div>
        </div>
      )}
    </div>
  );
}

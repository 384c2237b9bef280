import { useEffect, useState } from 'react';
import type { Digest, DigestAnswer, Tool } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { sendMessage } from '../../../utils/messaging/client.ts';
import { DECISION_STATUS_LABELS, GOAL_STATUS_LABELS } from '../../../utils/statuses.ts';
import { calendarDate, shortDate, weekdayShort } from '../../../utils/time.ts';
import { TOOL_NAMES } from '../../../utils/tools.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { Select } from '../../ui/Select.tsx';
import { BarChart } from '../BarChart.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { navigate } from '../routing.ts';

const DAY_MS = 24 * 3600_000;
const STATUS = GOAL_STATUS_LABELS;
const LINK_KINDS = { owner: t('hub.digest.linkOwner'), goal: t('hub.digest.linkGoal') } as const;
const toolName = (tool: string) => TOOL_NAMES[tool as Tool] ?? tool;

/** The Monday (UTC) of the week before the one containing `now`: the week the latest digest is about. */
export function lastWeekStart(now: number): string {
  const day = new Date(now).getUTCDay();
  const monday = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return new Date(monday - (((day + 6) % 7) + 7) * DAY_MS).toISOString().slice(0, 10);
}
const shiftWeek = (week: string, weeks: number) =>
  new Date(Date.parse(`${week}T00:00:00Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);

/**
 * The weekly digest as the server sends it (by e-mail and webhook), for my teams or one team and any week: the
 * sections, the snapshot's charts, and its Markdown to copy.
 */
export function DigestView({ teams: scope, week: requested }: { teams: string; week: string | null }) {
  const { teams } = useHubData();
  const week = requested ?? lastWeekStart(Date.now());
  const [answer, setAnswer] = useState<DigestAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    setAnswer(null);
    setError(null);
    void sendMessage('digest.get', { teams: scope, week }).then((result) => {
      if (!live) return;
      if (result.ok) setAnswer(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [scope, week]);
  const go = (next: { teams?: string; week?: string }) =>
    navigate({ view: 'digest', teams: next.teams ?? scope, week: next.week ?? week });
  return (
    <div className="flex flex-col gap-6" data-view="digest" data-ready={answer || error ? '' : undefined}>
      <PageHeader
        title={t('hub.nav.digest')}
        subtitle={t('hub.digest.subtitle', {
          week: `${calendarDate(week)}${answer ? ` (${answer.digest.week.timeZone})` : ''}`,
        })}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Select
              aria-label={t('hub.nav.teams')}
              value={scope}
              onChange={(event) => go({ teams: event.target.value })}
            >
              <option value="mine">{t('hub.digest.myTeams')}</option>
              {(teams ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Select>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('hub.digest.before')}
              onClick={() => go({ week: shiftWeek(week, -1) })}
            >
              ←
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('hub.digest.after')}
              onClick={() => go({ week: shiftWeek(week, 1) })}
            >
              →
            </Button>
            {answer ? (
              <Button
                size="sm"
                onClick={() =>
                  void navigator.clipboard.writeText(answer.markdown).then(() => {
                    setCopied(true);
                    setTimeout(() => setCopied(false), 1500);
                  })
                }
              >
                {copied ? t('hub.digest.copied') : t('hub.digest.copy')}
              </Button>
            ) : null}
          </div>
        }
      />
      <ErrorText>{error}</ErrorText>
      {!answer && !error ? <Loading what={t('hub.digest.theDigest')} /> : null}
      {answer ? <DigestBody digest={answer.digest} /> : null}
    </div>
  );
}

function More({ list }: { list: { total: number; shown: unknown[] } }) {
  const rest = list.total - list.shown.length;
  return rest > 0 ? (
    <li className="text-xs text-zinc-500">…{t('hub.andMore', { count: formatNumber(rest) })}</li>
  ) : null;
}

function DigestBody({ digest }: { digest: Digest }) {
  const list = 'flex flex-col gap-1 text-sm';
  return (
    <div className="flex flex-col gap-6" data-digest={digest.week.start}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{digest.label}</p>
      <div className="grid gap-6 md:grid-cols-3">
        <BarChart
          title={t('hub.digest.perDay')}
          bars={digest.charts.decisionsByDay.map((day) => ({ label: weekdayShort(day.date), value: day.count }))}
          width={300}
        />
        <BarChart
          title={t('hub.digest.goalsByStatus')}
          bars={Object.entries(digest.charts.goalsByStatus).map(([status, value]) => ({
            label: STATUS[status as keyof typeof STATUS],
            value,
          }))}
          width={300}
        />
        <BarChart
          title={t('hub.digest.byTool')}
          bars={Object.entries(digest.charts.linkedByTool).map(([tool, value]) => ({ label: toolName(tool), value }))}
          width={300}
        />
      </div>
      <Section title={t('hub.digest.made')} count={digest.decisionsMade.total}>
        <ul className={list}>
          {digest.decisionsMade.shown.map((d) => (
            <li key={d.id}>
              <HubLink to={{ view: 'decision', id: d.id }}>{d.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">
                {shortDate(d.decidedAt)} · {d.decidedBy} · {DECISION_STATUS_LABELS[d.status]}
              </span>
            </li>
          ))}
          <More list={digest.decisionsMade} />
        </ul>
      </Section>
      <Section title={t('hub.digest.superseded')} count={digest.decisionsSuperseded.total}>
        <ul className={list}>
          {digest.decisionsSuperseded.shown.map((s) => (
            <li key={s.by.id}>
              <HubLink to={{ view: 'decision', id: s.replaced.id }}>{s.replaced.title}</HubLink> →{' '}
              <HubLink to={{ view: 'decision', id: s.by.id }}>{s.by.title}</HubLink>
            </li>
          ))}
          <More list={digest.decisionsSuperseded} />
        </ul>
      </Section>
      <Section title={t('hub.digest.goalChanges')} count={digest.goalStatusChanges.total}>
        <ul className={list}>
          {digest.goalStatusChanges.shown.map((g) => (
            <li key={`${g.goalId}:${g.at}`}>
              <HubLink to={{ view: 'goal', id: g.goalId }}>{g.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">
                {g.from ? STATUS[g.from] : t('hub.digest.new')} → {STATUS[g.to]} · {g.by}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('hub.digest.newlyLinked')} count={digest.itemsNewlyLinked.total}>
        <ul className={list}>
          {digest.itemsNewlyLinked.shown.map((i) => (
            <li key={`${i.key}:${i.kind}`}>
              <HubLink to={{ view: 'item', key: i.key }}>{i.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">
                {toolName(i.tool)} · {LINK_KINDS[i.kind]} · {i.by}
              </span>
            </li>
          ))}
          <More list={digest.itemsNewlyLinked} />
        </ul>
      </Section>
      <Section title={t('hub.digest.unowned')} count={digest.unownedItemsSeen.total}>
        <ul className={list}>
          {digest.unownedItemsSeen.shown.map((i) => (
            <li key={i.key}>
              <HubLink to={{ view: 'item', key: i.key }}>{i.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">{toolName(i.tool)}</span>
            </li>
          ))}
          <More list={digest.unownedItemsSeen} />
        </ul>
      </Section>
      <Section title={t('popup.reviews.label')} count={digest.reviewsDue.total}>
        <ul className={list}>
          {digest.reviewsDue.shown.map((r) => (
            <li key={`${r.entity}:${r.id}`}>
              <HubLink to={r.entity === 'rule' ? { view: 'reviews' } : { view: r.entity, id: r.id }}>{r.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">{t('hub.digest.due', { date: calendarDate(r.dueOn) })}</span>
            </li>
          ))}
          <More list={digest.reviewsDue} />
        </ul>
      </Section>
    </div>
  );
}
